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

    @property
    def label(self) -> str:
        return f"fail:{self.status}" if self.kind == "fail" else self.kind


class Faults:
    """Faults for SuiteQL requests (`fail_next`, ...) and for the OAuth 2.0 token endpoint (`fail_next_token`, ...).

    Each endpoint has its own queue, used up one fault per request to that endpoint, in order. Latency and the
    concurrency limit apply to SuiteQL only.
    """

    def __init__(self, *, latency_ms: int = 0, concurrency_limit: int | None = None) -> None:
        self._lock = threading.Lock()
        self._released = threading.Condition()
        self._generation = 0
        self._queue: deque[Fault] = deque()
        self._token_queue: deque[Fault] = deque()
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

    def fail_next_token(self, count: int = 1, *, status: int = 503) -> None:
        """The next `count` token requests answer `status` (5xx) with a NetSuite-shaped error body."""
        if not 500 <= status <= 599:
            raise ValueError("fail_next_token needs a 5xx status")
        self._add(Fault("fail", status), count, self._token_queue)

    def drop_next_token(self, count: int = 1) -> None:
        """The next `count` token requests get their connection closed without any response."""
        self._add(Fault("drop"), count, self._token_queue)

    def malformed_next_token(self, count: int = 1) -> None:
        """The next `count` token requests answer 200 with a body that is not valid JSON."""
        self._add(Fault("malformed"), count, self._token_queue)

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
        """The next SuiteQL fault, used up."""
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def take_token(self) -> Fault | None:
        """The next token endpoint fault, used up."""
        with self._lock:
            return self._token_queue.popleft() if self._token_queue else None

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._queue)

    def pending_token(self) -> list[Fault]:
        with self._lock:
            return list(self._token_queue)

    def clear(self) -> None:
        """Back to the constructor's latency and concurrency limit, nothing queued."""
        with self._lock:
            self._queue.clear()
            self._token_queue.clear()
        self.latency_ms, self.concurrency_limit = self._defaults
        self.release_waiting()

    def snapshot(self) -> dict[str, object]:
        """Settings and queued faults by kind: {"fail:503": 2, "drop": 1, "token:fail:503": 1, ...}."""
        queued = Counter(fault.label for fault in self.pending())
        queued.update(f"token:{fault.label}" for fault in self.pending_token())
        return {"latency_ms": self.latency_ms, "concurrency_limit": self.concurrency_limit, "queued": dict(queued)}

    def _add(self, fault: Fault, count: int, queue: deque[Fault] | None = None) -> None:
        if count < 0:
            raise ValueError("count must not be negative")
        with self._lock:
            (self._queue if queue is None else queue).extend([fault] * count)


class Stats:
    """Counts of what the sandbox served, so tests and benchmarks can see what a validation cost.

    `token_requests` counts every request to the token endpoint, injected faults included; `token_faults` says
    which injected faults it served; `dropped` counts dropped connections of either endpoint.
    """

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
            self.token_faults: Counter[str] = Counter()
            self.status_counts: Counter[int] = Counter()

    def count_suiteql(self) -> None:
        with self._lock:
            self.suiteql_requests += 1

    def count_token(self) -> None:
        with self._lock:
            self.token_requests += 1

    def count_token_fault(self, fault: Fault) -> None:
        """One injected fault served by the token endpoint (the request is also in `token_requests`)."""
        with self._lock:
            self.token_faults[fault.label] += 1

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
                "token_faults": dict(self.token_faults),
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
