"""Errors the validate-order use case can raise, each mapped to one HTTP answer at the edge.

    PickupError
    ├── InvalidRequest        the caller sent something we cannot use (400 VALIDATION_ERROR)
    ├── OrderNotFound         no sales order with that number (404 ORDER_NOT_FOUND)
    ├── DeadlineExceeded      the time budget ran out before an answer (504)
    ├── UpstreamError         NetSuite answered, but not usefully: auth, query or reply broken (502)
    ├── UpstreamUnavailable   NetSuite is down, slow or rate limiting us: try again later (503 + Retry-After)
    └── StoreUnavailable      the snapshot cache failed; never reaches a client, validation goes on without it

Adapters subclass these (netsuite.errors, store.errors) so the domain and the edge need not know them.
Messages never contain a secret or an email address.
"""


class PickupError(Exception):
    """Base class of every error the use case raises on purpose."""


class InvalidRequest(PickupError):
    """A request field is missing or malformed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class OrderNotFound(PickupError):
    """NetSuite has no sales order with this number."""


class DeadlineExceeded(PickupError):
    """The handler's time budget ran out."""


class UpstreamError(PickupError):
    """NetSuite answered but the answer cannot be used; retrying will not help soon."""


class UpstreamUnavailable(PickupError):
    """NetSuite could not answer now; the caller may retry after `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StoreUnavailable(PickupError):
    """The snapshot store failed or was too slow."""
