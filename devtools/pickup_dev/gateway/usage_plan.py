"""The usage plan attached to the API key: a token bucket for rate and burst, and a daily quota.

API Gateway throttles with a token bucket (https://docs.aws.amazon.com/apigateway/latest/developerguide/
api-gateway-request-throttling.html): the bucket holds `burst` tokens, refills at `rate` per second, and every
request takes one. A DAY quota resets at midnight UTC. Clocks are injected so tests move time by hand.
"""

import enum
import threading
from collections.abc import Callable
from datetime import date, datetime

_ROUNDING = 1e-9  # elapsed time times rate lands a hair under a whole token (0.01 s x 100/s = 0.99999...)


class Verdict(enum.Enum):
    ALLOWED = "allowed"
    THROTTLED = "throttled"
    QUOTA_EXCEEDED = "quota_exceeded"


class TokenBucket:
    def __init__(self, *, rate: float, burst: int, clock: Callable[[], float]) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self._rate = rate
        self._burst = float(burst)
        self._clock = clock
        self._tokens = float(burst)
        self._updated = clock()

    def take(self) -> bool:
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self._burst, self._tokens + elapsed * self._rate)
        self._updated = now
        if self._tokens >= 1.0 - _ROUNDING:
            self._tokens = max(0.0, self._tokens - 1.0)
            return True
        return False


class DailyQuota:
    def __init__(self, *, limit: int, utc_now: Callable[[], datetime]) -> None:
        if limit < 0:
            raise ValueError("the daily quota cannot be negative")
        self._limit = limit
        self._utc_now = utc_now
        self._day: date | None = None
        self._used = 0

    def take(self) -> bool:
        today = self._utc_now().date()
        if today != self._day:
            self._day, self._used = today, 0
        if self._used >= self._limit:
            return False
        self._used += 1
        return True


class UsagePlan:
    """Per API key (by its id): rate first, then quota; a throttled request does not use quota."""

    def __init__(
        self,
        *,
        rate: float,
        burst: int,
        daily_quota: int,
        clock: Callable[[], float],
        utc_now: Callable[[], datetime],
    ) -> None:
        self._new_bucket = lambda: TokenBucket(rate=rate, burst=burst, clock=clock)
        self._new_quota = lambda: DailyQuota(limit=daily_quota, utc_now=utc_now)
        self._lock = threading.Lock()
        self._buckets: dict[str, TokenBucket] = {}
        self._quotas: dict[str, DailyQuota] = {}

    def admit(self, api_key_id: str) -> Verdict:
        with self._lock:
            if api_key_id not in self._buckets:
                self._buckets[api_key_id] = self._new_bucket()
                self._quotas[api_key_id] = self._new_quota()
            if not self._buckets[api_key_id].take():
                return Verdict.THROTTLED
            if not self._quotas[api_key_id].take():
                return Verdict.QUOTA_EXCEEDED
            return Verdict.ALLOWED
