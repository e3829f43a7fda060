"""PostgresSnapshotStore against the real PostgreSQL: the same functions the Data API calls."""

import logging
import socket
import threading
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.types.json import Jsonb

from pickup.domain.errors import StoreUnavailable
from pickup.store import (
    PostgresSnapshotStore,
    StoreMisconfigured,
    StoreRefused,
    StoreTimeout,
    StoreUnreachable,
)
from pickup_dev.postgres import EmbeddedPostgres
from tests.fixtures.postgres import Database
from tests.store.snapshots import an_order_snapshot

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(database: Database) -> Iterator[PostgresSnapshotStore]:
    store = PostgresSnapshotStore(database.dsn)
    yield store
    store.close()


def test_an_order_never_written_reads_as_none(store: PostgresSnapshotStore) -> None:
    # given / when / then
    assert store.read("SO404", timeout=5) is None


def test_a_written_snapshot_reads_back_equal_and_young(store: PostgresSnapshotStore) -> None:
    # given
    snapshot = an_order_snapshot("SO1001")

    # when
    store.write(snapshot, timeout=5)
    stored = store.read("SO1001", timeout=5)

    # then
    assert stored is not None
    assert stored.snapshot == snapshot
    assert 0.0 <= stored.age_seconds < 60.0


def test_writing_again_replaces_the_snapshot(store: PostgresSnapshotStore, database: Database) -> None:
    # given
    store.write(an_order_snapshot("SO1001", status="B"), timeout=5)

    # when
    store.write(an_order_snapshot("SO1001", status="G"), timeout=5)

    # then
    stored = store.read("SO1001", timeout=5)
    assert stored is not None
    assert stored.snapshot.status == "G"
    assert database.run("select count(*) from private.order_snapshots") == [(1,)]


def test_the_age_comes_from_the_database(store: PostgresSnapshotStore, database: Database) -> None:
    # given: a snapshot fetched ten minutes ago by the database's clock
    store.write(an_order_snapshot("SO1001"), timeout=5)
    database.run("update private.order_snapshots set fetched_at = now() - interval '10 minutes'")

    # when
    stored = store.read("SO1001", timeout=5)

    # then
    assert stored is not None
    assert 600.0 <= stored.age_seconds < 660.0


def test_an_unreadable_record_is_a_miss_reported_as_a_warning(
    store: PostgresSnapshotStore, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # given: a record of another shape, as an older version might have written
    database.run(
        "insert into private.order_snapshots (order_number, snapshot, fetched_at) values (%s, %s, now())",
        ("SO1001", Jsonb({"order_number": "SO1001", "state": "B"})),
    )

    # when
    with caplog.at_level(logging.WARNING, logger="pickup.store"):
        stored = store.read("SO1001", timeout=5)

    # then
    assert stored is None
    assert "unreadable order snapshot treated as a miss: order SO1001" in caplog.text


def test_no_time_left_fails_at_once(store: PostgresSnapshotStore) -> None:
    # given / when / then
    with pytest.raises(StoreTimeout, match="no time left"):
        store.read("SO1001", timeout=0)


def test_a_statement_slower_than_the_timeout_is_cancelled(store: PostgresSnapshotStore, database: Database) -> None:
    # given: another session holds the cache table locked
    store.write(an_order_snapshot("SO1001"), timeout=5)
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        with database.connect() as conn, conn.transaction():
            conn.execute("lock table private.order_snapshots in access exclusive mode")
            locked.set()
            release.wait(30)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(30)

        # when / then: statement_timeout ends the wait
        with pytest.raises(StoreTimeout) as caught:
            store.read("SO1001", timeout=0.2)
    finally:
        release.set()
        holder.join(30)

    assert caught.value.code == "57014"
    # and the connection is still usable afterwards
    assert store.read("SO1001", timeout=5) is not None


def test_a_connection_killed_while_idle_is_replaced(store: PostgresSnapshotStore, database: Database) -> None:
    # given: a store whose connection the server has since terminated
    store.write(an_order_snapshot("SO1001"), timeout=5)
    terminated = database.run(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pickup-validation'"
    )
    assert terminated == [(True,)]

    # when
    stored = store.read("SO1001", timeout=5)

    # then
    assert stored is not None


def test_an_unreachable_server_is_store_unavailable() -> None:
    # given: a loopback port nothing listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = PostgresSnapshotStore(f"postgresql://postgres:pw@127.0.0.1:{port}/postgres")

    # when / then
    with pytest.raises(StoreUnreachable) as caught:
        store.read("SO1001", timeout=2)
    assert isinstance(caught.value, StoreUnavailable)


def test_a_wrong_password_is_refused_without_echoing_it(postgres: EmbeddedPostgres) -> None:
    # given
    store = PostgresSnapshotStore(postgres.dsn_for("postgres", password="wrong-password-1234"))

    # when / then
    with pytest.raises(StoreRefused) as caught:
        store.read("SO1001", timeout=5)
    assert "wrong-password-1234" not in str(caught.value)


def test_a_database_without_the_migrations_is_misconfigured(postgres: EmbeddedPostgres, database: Database) -> None:
    # given: an empty database on the same server
    with psycopg.connect(postgres.dsn, autocommit=True) as conn:
        conn.execute("drop database if exists unmigrated")
        conn.execute("create database unmigrated")
    store = PostgresSnapshotStore(postgres.dsn.rsplit("/", 1)[0] + "/unmigrated")

    # when / then
    try:
        with pytest.raises(StoreMisconfigured) as caught:
            store.read("SO1001", timeout=5)
        assert caught.value.code == "42883"
    finally:
        store.close()
