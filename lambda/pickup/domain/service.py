"""The validate-order use case: cache first, NetSuite on a miss, a stale snapshot when NetSuite is down."""

from dataclasses import dataclass

from pickup.domain.deadline import Deadline
from pickup.domain.eligibility import EligibilityPolicy
from pickup.domain.errors import DeadlineExceeded, OrderNotFound, StoreUnavailable, UpstreamUnavailable
from pickup.domain.orders import OrderSnapshot, StoredSnapshot
from pickup.domain.ports import OrderSource, SnapshotStore, Trace
from pickup.domain.request import ValidationRequest
from pickup.domain.verification import email_matches


@dataclass(frozen=True, slots=True)
class CachePolicy:
    fresh_seconds: float = 15 * 60  # a snapshot this young answers without asking NetSuite
    stale_seconds: float = 24 * 3600  # one this young still answers while NetSuite is unavailable
    timeout_seconds: float = 1.0  # the most a cache read or write may hold a response


@dataclass(frozen=True, slots=True)
class Validation:
    """The answer to one request."""

    snapshot: OrderSnapshot
    email_match: bool
    valid_for_pickup: bool
    from_cache: bool


class ValidateOrder:
    """Validates one order. Built once per cold start; holds no per-request state."""

    def __init__(
        self,
        source: OrderSource,
        store: SnapshotStore | None,
        eligibility: EligibilityPolicy,
        cache: CachePolicy,
    ) -> None:
        self._source = source
        self._store = store
        self._eligibility = eligibility
        self._cache = cache

    def __call__(self, request: ValidationRequest, *, deadline: Deadline, trace: Trace) -> Validation:
        cached = self._read_cache(request.order_number, deadline, trace)
        if cached is not None and cached.age_seconds <= self._cache.fresh_seconds:
            trace.cache = "hit"
            return self._answer(request, cached.snapshot, from_cache=True)
        try:
            order = self._source.fetch_sales_order(request.order_number, deadline=deadline, trace=trace)
        except (UpstreamUnavailable, DeadlineExceeded):
            if cached is not None and cached.age_seconds <= self._cache.stale_seconds:
                trace.cache = "stale"
                return self._answer(request, cached.snapshot, from_cache=True)
            raise
        if order is None:
            raise OrderNotFound(request.order_number)
        snapshot = OrderSnapshot.from_sales_order(order)
        self._write_cache(snapshot, deadline, trace)
        return self._answer(request, snapshot, from_cache=False)

    def _answer(self, request: ValidationRequest, snapshot: OrderSnapshot, *, from_cache: bool) -> Validation:
        return Validation(
            snapshot=snapshot,
            email_match=email_matches(request.email, snapshot),
            valid_for_pickup=self._eligibility.allows(snapshot.status),
            from_cache=from_cache,
        )

    def _read_cache(self, order_number: str, deadline: Deadline, trace: Trace) -> StoredSnapshot | None:
        if self._store is None:
            return None
        try:
            cached = self._store.read(order_number, timeout=deadline.cap(self._cache.timeout_seconds))
        except StoreUnavailable as exc:
            trace.cache = "error"
            trace.store_error = str(exc)
            return None
        trace.cache = "miss" if cached is None else "expired"
        return cached

    def _write_cache(self, snapshot: OrderSnapshot, deadline: Deadline, trace: Trace) -> None:
        if self._store is None:
            return
        try:
            self._store.write(snapshot, timeout=deadline.cap(self._cache.timeout_seconds))
        except StoreUnavailable as exc:
            trace.store_error = str(exc)
