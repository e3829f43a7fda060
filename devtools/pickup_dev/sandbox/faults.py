"""What the sandbox is told to do wrong, what it counted, and why it refused logins."""

import threading
from collections import Counter, deque
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["fail", "drop", "malformed", "unauthorized"]


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    status: int = 0


class Faults:
    """Faults for SuiteQL requests. Queued faults (`fail_next`, ...) are used up one per request, in order."""

    def __init__(self, *, latency_ms: int = 0, concurrency_limit: int | None = None) -> None:
        self._lock = threading.Lock()
        self._released = threading.Condition()
        self._generation = 0
        self._queue: deque[Fault] = deque()
        self._defaults = (latency_ms, concurrency_limit)
        self.latency_ms = latency_ms
        self.concurrency_limit = concurrency_limit

    @property
    def latency_ms(self) -> int:
        return self._latency_ms

    @latency_ms.setter
    def latency_ms(self, value: int) -> None:
        if value < 0:
            raise ValueError("latency_ms must not be negative")
        self._latency_ms = int(value)

    @property
    def concurrency_limit(self) -> int | None:
        """At most this many SuiteQL requests in flight; the next one gets 429 (NetSuite's smallest is 5)."""
        return self._concurrency_limit

    @concurrency_limit.setter
    def concurrency_limit(self, value: int | None) -> None:
        if value is not None and value < 1:
            raise ValueError("concurrency_limit must be at least 1, or None for no limit")
        self._concurrency_limit = value

    def fail_next(self, count: int = 1, *, status: int = 503) -> None:
        """The next `count` requests answer `status` (5xx, or 429 for the concurrency limit) like NetSuite."""
        if not (500 <= status <= 599 or status == 429):
            raise ValueError("fail_next needs a 5xx status or 429")
        self._add(Fault("fail", status), count)

    def drop_next(self, count: int = 1) -> None:
        """The next `count` requests get their connection closed without any response."""
        self._add(Fault("drop"), count)

    def malformed_next(self, count: int = 1) -> None:
        """The next `count` requests answer 200 with a body that is not valid JSON."""
        self._add(Fault("malformed"), count)

    def unauthorized_next(self, count: int = 1) -> None:
        """The next `count` requests answer 401 INVALID_LOGIN whatever their credentials."""
        self._add(Fault("unauthorized"), count)

    def wait_latency(self) -> None:
        """Sleeps `latency_ms`, or less when `release_waiting` (or `clear`) is called meanwhile."""
        if not self.latency_ms:
            return
        with self._released:
            generation = self._generation
            self._released.wait_for(lambda: self._generation != generation, timeout=self.latency_ms / 1000)

    def release_waiting(self) -> None:
        """Ends the latency of every request sleeping in it now."""
        with self._released:
            self._generation += 1
            self._released.notify_all()

    def take(self) -> Fault | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._queue)

    def clear(self) -> None:
        """Back to the constructor's latency and concurrency limit, nothing queued."""
        with self._lock:
            self._queue.clear()
        self.latency_ms, self.concurrency_limit = self._defaults
        self.release_waiting()

    def snapshot(self) -> dict[str, object]:
        queued = Counter(f.kind if f.kind != "fail" else f"fail:{f.status}" for f in self.pending())
        return {"latency_ms": self.latency_ms, "concurrency_limit": self.concurrency_limit, "queued": dict(queued)}

    def _add(self, fault: Fault, count: int) -> None:
        if count < 0:
            raise ValueError("count must not be negative")
        with self._lock:
            self._queue.extend([fault] * count)


class Stats:
    """Counts of what the sandbox served, so tests and benchmarks can see what a validation cost."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.in_flight = 0
        self.reset()

    def reset(self) -> None:
        """Zero every counter; requests still in flight stay counted as such."""
        with self._lock:
            self.suiteql_requests = 0
            self.token_requests = 0
            self.max_in_flight = self.in_flight
            self.dropped = 0
            self.status_counts: Counter[int] = Counter()

    def count_suiteql(self) -> None:
        with self._lock:
            self.suiteql_requests += 1

    def count_token(self) -> None:
        with self._lock:
            self.token_requests += 1

    def count_status(self, status: int) -> None:
        with self._lock:
            self.status_counts[status] += 1

    def count_drop(self) -> None:
        with self._lock:
            self.dropped += 1

    def enter(self, limit: int | None) -> bool:
        """Admits one more SuiteQL request unless `limit` are already in flight."""
        with self._lock:
            if limit is not None and self.in_flight >= limit:
                return False
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return True

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def snapshot(self) -> dict[str, object]:
        with self._lock:
            return {
                "suiteql_requests": self.suiteql_requests,
                "token_requests": self.token_requests,
                "in_flight": self.in_flight,
                "max_in_flight": self.max_in_flight,
                "dropped": self.dropped,
                "status_counts": {str(k): v for k, v in sorted(self.status_counts.items())},
            }


class AuditTrail:
    """The server's Login Audit Trail: why each refused login was refused. Never part of an HTTP error body."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reasons: list[str] = []

    def record(self, reason: str) -> None:
        with self._lock:
            self._reasons.append(reason)
            del self._reasons[:-1000]

    def entries(self) -> list[str]:
        with self._lock:
            return list(self._reasons)

    def clear(self) -> None:
        with self._lock:
            self._reasons.clear()
