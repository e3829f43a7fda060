"""A time budget that every slow step checks, so a validation ends inside API Gateway's 29 s."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pickup.domain.errors import DeadlineExceeded


@dataclass(frozen=True, slots=True)
class Deadline:
    """An absolute point on a monotonic clock."""

    expires_at: float
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float] = time.monotonic) -> "Deadline":
        return cls(clock() + seconds, clock)

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.expires_at - self.clock())

    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def check(self) -> None:
        """Raise DeadlineExceeded once the budget is spent."""
        if self.expired():
            raise DeadlineExceeded("the time budget for this validation ran out")

    def cap(self, seconds: float) -> float:
        """`seconds`, or less when the budget has less left: a timeout for one step."""
        return min(seconds, self.remaining())
