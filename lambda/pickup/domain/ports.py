"""The two collaborators the use case needs, as small interfaces that adapters implement."""

from dataclasses import dataclass
from typing import Protocol

from pickup.domain.deadline import Deadline
from pickup.domain.orders import OrderSnapshot, SalesOrder, StoredSnapshot


@dataclass(slots=True)
class Trace:
    """What one validation did, for its single log line. Adapters add to it; it holds no personal data."""

    cache: str = "none"  # none | hit | miss | expired | stale | error
    netsuite_attempts: int = 0
    store_error: str | None = None
    upstream_error: str | None = None


class OrderSource(Protocol):
    """Where sales orders come from (NetSuite)."""

    def fetch_sales_order(self, order_number: str, *, deadline: Deadline, trace: Trace) -> SalesOrder | None:
        """The order with this document number, or None when there is none.

        Raises pickup.domain.errors.UpstreamUnavailable (transient), UpstreamError (permanent)
        or DeadlineExceeded. Adds each HTTP attempt to `trace.netsuite_attempts`.
        """
        ...


class SnapshotStore(Protocol):
    """The cache of order snapshots (Supabase)."""

    def read(self, order_number: str, *, timeout: float) -> StoredSnapshot | None:
        """The stored snapshot and its age, or None. Raises StoreUnavailable."""
        ...

    def write(self, snapshot: OrderSnapshot, *, timeout: float) -> None:
        """Insert or replace the snapshot for its order number. Raises StoreUnavailable."""
        ...
