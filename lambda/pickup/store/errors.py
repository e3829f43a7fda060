"""What can go wrong with the snapshot store. Every error is a StoreUnavailable: validation goes on without the cache.

    StoreUnavailable (domain)
    └── StoreError            base of this package: `code` (PostgREST or SQLSTATE code) and `status` (HTTP)
        ├── StoreTimeout      no answer within the timeout (client timeout, statement_timeout, 504)
        ├── StoreUnreachable  no connection: refused, reset, DNS or TLS failure, a broken database connection
        ├── StoreRefused      the key or role was refused: 401/403, PGRST301, SQLSTATE 42501 and 28xxx
        ├── StoreMisconfigured the functions are missing or not callable by our role: 404 PGRST202, 42883
        └── StoreBadAnswer    any other error answer, or one that is not what the functions return

Messages hold the operation, the HTTP status and the code; never a key, a password or an email address.
"""

from pickup.domain.errors import StoreUnavailable


class StoreError(StoreUnavailable):
    """A snapshot store failure, with the facts a log line needs."""

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class StoreTimeout(StoreError):
    """The store did not answer within the time allowed."""


class StoreUnreachable(StoreError):
    """No usable connection to the store."""


class StoreRefused(StoreError):
    """The store refused our credentials or our role lacks a privilege."""


class StoreMisconfigured(StoreError):
    """The database functions are absent, or not executable by our role (migrations not applied?)."""


class StoreBadAnswer(StoreError):
    """The store answered with an error, or with something the functions never return."""
