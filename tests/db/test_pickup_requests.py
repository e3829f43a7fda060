"""public.pickup_requests: the lifecycle rules the table enforces by itself."""

import pytest
from psycopg import errors

from tests.db.helpers import ACTIVE_STATUSES, insert_request
from tests.fixtures.postgres import Database

pytestmark = pytest.mark.postgres


def test_a_new_request_starts_pending_unflagged_and_not_priority(database: Database) -> None:
    # given / when
    request_id = insert_request(database)

    # then
    rows = database.run(
        "select status, email_flagged, is_priority, completed_at, created_at = updated_at"
        " from public.pickup_requests where id = %s",
        (request_id,),
    )
    assert rows == [("pending", False, False, None, True)]


@pytest.mark.parametrize("status", ["open", "PENDING", "done", ""])
def test_status_outside_the_lifecycle_is_rejected(database: Database, status: str) -> None:
    # given / when / then
    with pytest.raises(errors.CheckViolation, match="pickup_requests_status_known"):
        insert_request(database, status=status)


@pytest.mark.parametrize("status", [*ACTIVE_STATUSES, "cancelled"])
def test_every_lifecycle_status_but_completed_is_accepted_without_completed_at(database: Database, status: str) -> None:
    # given / when
    insert_request(database, status=status)

    # then
    assert database.run("select status from public.pickup_requests") == [(status,)]


def test_completed_at_is_required_exactly_when_completed(database: Database) -> None:
    # given / when / then: completed without a time, and a time without completion, both fail
    with pytest.raises(errors.CheckViolation, match="pickup_requests_completed_at_iff_completed"):
        insert_request(database, status="completed")
    with pytest.raises(errors.CheckViolation, match="pickup_requests_completed_at_iff_completed"):
        insert_request(database, status="cancelled", completed_at="2026-01-02T03:04:05Z")
    insert_request(database, status="completed", completed_at="2026-01-02T03:04:05Z")


@pytest.mark.parametrize(
    ("column", "value", "constraint"),
    [
        ("item_count", -1, "pickup_requests_item_count_not_negative"),
        ("netsuite_status", "AB", "pickup_requests_netsuite_status_letter"),
        ("netsuite_status", "b", "pickup_requests_netsuite_status_letter"),
        ("sales_order_number", "so1001", "pickup_requests_sales_order_number_format"),
        ("sales_order_number", "SO 1001", "pickup_requests_sales_order_number_format"),
        ("customer_email", "not-an-email", "pickup_requests_customer_email_format"),
        ("customer_phone", "", "pickup_requests_customer_phone_length"),
    ],
)
def test_malformed_facts_are_rejected(database: Database, column: str, value: object, constraint: str) -> None:
    # given
    columns = {column: value}
    order_number = columns.pop("sales_order_number", "SO1001")

    # when / then
    with pytest.raises(errors.CheckViolation, match=constraint):
        insert_request(database, str(order_number), **columns)


@pytest.mark.parametrize("first_status", ACTIVE_STATUSES)
def test_a_second_active_request_for_the_same_order_fails(database: Database, first_status: str) -> None:
    # given
    insert_request(database, "SO1001", status=first_status)

    # when / then
    with pytest.raises(errors.UniqueViolation, match="pickup_requests_one_active_per_order"):
        insert_request(database, "SO1001")


def test_other_orders_are_not_blocked_by_an_active_request(database: Database) -> None:
    # given
    insert_request(database, "SO1001")

    # when
    insert_request(database, "SO1002")

    # then
    assert database.run("select count(*) from public.pickup_requests") == [(2,)]


def test_a_new_request_may_follow_a_completed_or_cancelled_one(database: Database) -> None:
    # given: one request completed and one cancelled for the same order
    first = insert_request(database, "SO1001")
    database.run("update public.pickup_requests set status = 'completed', completed_at = now() where id = %s", (first,))
    second = insert_request(database, "SO1001")
    database.run("update public.pickup_requests set status = 'cancelled' where id = %s", (second,))

    # when
    insert_request(database, "SO1001")

    # then
    rows = database.run("select status from public.pickup_requests order by created_at, status")
    assert sorted(status for (status,) in rows) == ["cancelled", "completed", "pending"]


def test_reactivating_a_finished_request_while_another_is_active_fails(database: Database) -> None:
    # given
    cancelled = insert_request(database, "SO1001", status="cancelled")
    insert_request(database, "SO1001")

    # when / then
    with pytest.raises(errors.UniqueViolation):
        database.run("update public.pickup_requests set status = 'pending' where id = %s", (cancelled,))


def test_updated_at_is_set_by_the_database_on_every_update(database: Database) -> None:
    # given: a request whose timestamps lie in the past
    request_id = insert_request(
        database, created_at="2026-01-01T00:00:00Z", updated_at="2026-01-01T00:00:00Z", is_priority=False
    )

    # when: an update that even tries to choose updated_at itself
    rows = database.run(
        "update public.pickup_requests set is_priority = true, updated_at = '2000-01-01T00:00:00Z'"
        " where id = %s returning updated_at = now(), created_at = '2026-01-01T00:00:00Z'",
        (request_id,),
    )

    # then: updated_at is the time of that transaction, created_at is untouched
    assert rows == [(True, True)]


def test_the_table_keeps_personal_data_only_in_the_two_documented_columns(database: Database) -> None:
    # given / when
    rows = database.run(
        "select column_name from information_schema.columns"
        " where table_schema = 'public' and table_name = 'pickup_requests' and column_name ~ 'email|phone'"
        " order by column_name"
    )

    # then
    assert rows == [("customer_email",), ("customer_phone",), ("email_flagged",)]
