"""public.get_order_snapshot / public.put_order_snapshot over private.order_snapshots."""

import pytest
from psycopg import errors
from psycopg.types.json import Jsonb

from tests.db.helpers import snapshot_record
from tests.fixtures.postgres import Database

pytestmark = pytest.mark.postgres

GET = "select snapshot, age_seconds from public.get_order_snapshot(%s)"
PUT = "select public.put_order_snapshot(%s, %s)"


def test_an_order_never_cached_gives_no_row(database: Database) -> None:
    # given / when
    rows = database.run(GET, ("SO404",))

    # then
    assert rows == []


def test_a_snapshot_put_is_read_back_unchanged_with_a_small_age(database: Database) -> None:
    # given
    record = snapshot_record("SO1001")

    # when
    database.run(PUT, ("SO1001", Jsonb(record)))
    [(snapshot, age_seconds)] = database.run(GET, ("SO1001",))

    # then
    assert snapshot == record
    assert isinstance(age_seconds, float)
    assert 0.0 <= age_seconds < 60.0


def test_the_age_is_measured_by_the_database_clock_from_fetched_at(database: Database) -> None:
    # given: a snapshot NetSuite gave 90 seconds ago
    database.run(PUT, ("SO1001", Jsonb(snapshot_record("SO1001"))))
    database.run("update private.order_snapshots set fetched_at = now() - interval '90 seconds'")

    # when
    [(_, age_seconds)] = database.run(GET, ("SO1001",))

    # then
    assert 90.0 <= age_seconds < 150.0


def test_putting_again_replaces_the_snapshot_and_restarts_its_age(database: Database) -> None:
    # given: an old snapshot
    database.run(PUT, ("SO1001", Jsonb(snapshot_record("SO1001", status="B"))))
    database.run("update private.order_snapshots set fetched_at = now() - interval '1 hour'")

    # when: the same call twice with NetSuite's newer answer
    newer = snapshot_record("SO1001", status="E")
    database.run(PUT, ("SO1001", Jsonb(newer)))
    database.run(PUT, ("SO1001", Jsonb(newer)))

    # then: one row, the newer snapshot, young again
    assert database.run("select count(*) from private.order_snapshots") == [(1,)]
    [(snapshot, age_seconds)] = database.run(GET, ("SO1001",))
    assert snapshot == newer
    assert age_seconds < 60.0


def test_updated_at_follows_every_replacement(database: Database) -> None:
    # given
    database.run(PUT, ("SO1001", Jsonb(snapshot_record("SO1001"))))
    database.run("update private.order_snapshots set updated_at = '2026-01-01T00:00:00Z'")

    # when
    database.run(PUT, ("SO1001", Jsonb(snapshot_record("SO1001", status="E"))))

    # then
    assert database.run("select updated_at > '2026-01-01T00:00:00Z' from private.order_snapshots") == [(True,)]


def test_caching_a_snapshot_never_creates_a_pickup_request(database: Database) -> None:
    # given / when
    database.run(PUT, ("SO1001", Jsonb(snapshot_record("SO1001"))))

    # then
    assert database.run("select count(*) from public.pickup_requests") == [(0,)]


@pytest.mark.parametrize(
    ("order_number", "snapshot", "error"),
    [
        ("SO1001", snapshot_record("SO9999"), errors.InvalidParameterValue),
        ("SO1001", ["not", "an", "object"], errors.InvalidParameterValue),
        ("SO1001", None, errors.InvalidParameterValue),
        ("so1001", snapshot_record("so1001"), errors.CheckViolation),
        ("SO1001", {**snapshot_record("SO1001"), "customer_email": "pat@example.com"}, errors.CheckViolation),
    ],
    ids=["other-order", "array", "null", "lower-case-number", "email-field"],
)
def test_a_snapshot_that_does_not_fit_the_cache_is_refused(
    database: Database, order_number: str, snapshot: object, error: type[Exception]
) -> None:
    # given / when / then
    with pytest.raises(error):
        database.run(PUT, (order_number, Jsonb(snapshot) if snapshot is not None else None))
    assert database.run("select count(*) from private.order_snapshots") == [(0,)]
