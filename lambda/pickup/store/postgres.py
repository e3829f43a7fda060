"""The snapshot store over a direct PostgreSQL connection (local development and tests; Supavisor works too).

It runs the same SQL the Data API runs for the REST store: `public.get_order_snapshot` and
`public.put_order_snapshot`. psycopg is imported lazily: it is a development dependency, not in the Lambda layer.

Timeouts: `timeout` becomes the statement_timeout of the call's transaction (set with set_config(..., true), so it
works through Supavisor's transaction mode) and, when a connection must be opened, its connect_timeout (libpq
waits at least 2 s). Prepared statements are off (`prepare_threshold=None`), as Supavisor's transaction mode needs.
A connection found broken is dropped and the call retried once on a new one; both functions are idempotent.
"""

import math
import threading
from typing import TYPE_CHECKING

from pickup.domain.orders import OrderSnapshot, StoredSnapshot
from pickup.store.errors import (
    StoreBadAnswer,
    StoreError,
    StoreMisconfigured,
    StoreRefused,
    StoreTimeout,
    StoreUnreachable,
)
from pickup.store.records import stored_snapshot

if TYPE_CHECKING:
    import psycopg

READ_SQL = "select snapshot, age_seconds from public.get_order_snapshot(%s)"
WRITE_SQL = "select public.put_order_snapshot(%s, %s)"
_SET_TIMEOUT_SQL = "select pg_catalog.set_config('statement_timeout', %s, true)"


class PostgresSnapshotStore:
    """SnapshotStore over one psycopg connection, opened on first use and reused; safe to share between threads."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "PostgresSnapshotStore(<dsn hidden>)"

    def read(self, order_number: str, *, timeout: float) -> StoredSnapshot | None:
        rows = self._run("read", READ_SQL, (order_number,), timeout)
        if not rows:
            return None
        if len(rows) > 1:
            raise StoreBadAnswer(f"snapshot store read returned {len(rows)} rows")
        record, age_seconds = rows[0]
        return stored_snapshot(order_number, record, age_seconds)

    def write(self, snapshot: OrderSnapshot, *, timeout: float) -> None:
        from psycopg.types.json import Jsonb  # noqa: PLC0415 - psycopg is not in the Lambda layer

        self._run("write", WRITE_SQL, (snapshot.order_number, Jsonb(snapshot.to_record())), timeout)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # -- internals

    def _run(self, operation: str, query: str, params: tuple[object, ...], timeout: float) -> list[tuple[object, ...]]:
        import psycopg  # noqa: PLC0415 - psycopg is not in the Lambda layer

        if timeout <= 0:
            raise StoreTimeout(f"snapshot store {operation}: no time left")
        with self._lock:
            for attempt in (1, 2):
                reused = self._connection is not None
                try:
                    connection = self._connect(timeout)
                    with connection.transaction():
                        connection.execute(_SET_TIMEOUT_SQL, (f"{max(1, math.ceil(timeout * 1000))}ms",))
                        return connection.execute(query, params).fetchall()
                except psycopg.Error as exc:
                    if self._connection is not None and (self._connection.closed or self._connection.broken):
                        self._connection.close()
                        self._connection = None
                    if (
                        reused
                        and attempt == 1
                        and isinstance(exc, psycopg.OperationalError)
                        and self._connection is None
                    ):
                        continue  # the idle connection had died (server restart, pooler recycle): one fresh try
                    raise _translate(operation, exc) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _connect(self, timeout: float) -> "psycopg.Connection[tuple[object, ...]]":
        import psycopg  # noqa: PLC0415 - psycopg is not in the Lambda layer

        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(
                self._dsn,
                connect_timeout=max(2, math.ceil(timeout)),
                prepare_threshold=None,
                application_name="pickup-validation",
            )
        return self._connection


def _translate(operation: str, exc: "psycopg.Error") -> StoreError:
    """A store error with the SQLSTATE and class of `exc`, not its text (which may name users and hosts)."""
    from psycopg import errors  # noqa: PLC0415 - psycopg is not in the Lambda layer

    code = exc.sqlstate
    what = f"snapshot store {operation} failed: {type(exc).__name__}" + (f" ({code})" if code else "")
    if isinstance(exc, errors.QueryCanceled) or (code is None and "timeout" in str(exc).lower()):
        return StoreTimeout(what, code=code)
    # Failures while connecting carry no SQLSTATE; libpq's text is the only sign of refused credentials.
    refused_login = code is None and "authentication failed" in str(exc).lower()
    if isinstance(exc, errors.InsufficientPrivilege) or (code or "").startswith("28") or refused_login:
        return StoreRefused(what, code=code)
    if isinstance(exc, errors.UndefinedFunction | errors.InvalidSchemaName | errors.UndefinedTable):
        return StoreMisconfigured(what, code=code)
    if isinstance(exc, errors.OperationalError) and (code is None or code.startswith("08")):
        return StoreUnreachable(what, code=code)
    return StoreBadAnswer(what, code=code)
