"""When to try NetSuite again: transient failures only, with exponential backoff and full jitter,
bounded by a number of attempts and by the request's time budget."""

from collections.abc import Callable
from dataclasses import dataclass

from pickup.netsuite.errors import TRANSIENT_ERRORS, NetSuiteError, RateLimited


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 3
    base_delay_seconds: float = 0.25
    max_delay_seconds: float = 2.0
    # An attempt is only started when at least this much of the budget is left for it.
    min_attempt_seconds: float = 0.5

    def should_retry(self, error: NetSuiteError, attempts_made: int) -> bool:
        return isinstance(error, TRANSIENT_ERRORS) and attempts_made < self.max_attempts

    def backoff(self, attempts_made: int, random: Callable[[], float]) -> float:
        """Full jitter: a uniform pick between 0 and the exponential ceiling for this retry."""
        ceiling = min(self.max_delay_seconds, self.base_delay_seconds * 2.0 ** (attempts_made - 1))
        return random() * ceiling

    def has_time_for(self, delay: float, remaining: float) -> bool:
        """Whether waiting `delay` still leaves a whole minimum attempt inside `remaining`."""
        return remaining - delay >= self.min_attempt_seconds


def retry_after_seconds(error: NetSuiteError, random: Callable[[], float]) -> int:
    """What to tell our caller: a concurrency limit clears fast (1-3 s), an outage takes longer (2-5 s)."""
    if isinstance(error, RateLimited):
        return 1 + int(random() * 3)
    return 2 + int(random() * 4)
