"""Email verification: who may see an order's details."""

import pytest

from pickup.domain.orders import OrderLine, OrderSnapshot, SalesOrder
from pickup.domain.verification import email_matches


def snapshot_for(customer_email: str | None, order_email: str | None = None) -> OrderSnapshot:
    order = SalesOrder(
        order_number="SO100001",
        status="B",
        status_name="Pending Fulfillment",
        company_name="Acme Industrial",
        po_number="PO-1",
        customer_email=customer_email,
        order_email=order_email,
        lines=(OrderLine("WIDGET", None, 2.0, 0.0),),
    )
    return OrderSnapshot.from_sales_order(order)


@pytest.mark.parametrize("submitted", ["buyer@acme-industrial.com", "  Buyer@ACME-Industrial.com  "])
def test_the_customers_own_address_matches_ignoring_case_and_spaces(submitted):
    # given an order whose customer email is buyer@acme-industrial.com
    snapshot = snapshot_for("buyer@acme-industrial.com")
    # when the same address is submitted, in any case, with spaces around it
    # then it matches
    assert email_matches(submitted, snapshot)


def test_the_orders_own_email_matches_too():
    # given an order whose own email differs from the customer's
    snapshot = snapshot_for("ap@acme-industrial.com", order_email="jane.doe@gmail.com")
    # when the order's email is submitted
    # then it matches
    assert email_matches("jane.doe@gmail.com", snapshot)


def test_a_colleague_at_the_same_corporate_domain_matches():
    # given a corporate customer
    snapshot = snapshot_for("buyer@acme-industrial.com")
    # when a colleague at the same domain asks
    # then it matches
    assert email_matches("warehouse.runner@acme-industrial.com", snapshot)


@pytest.mark.parametrize("domain", ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"])
def test_a_shared_free_mail_domain_proves_nothing(domain):
    # given a customer on a free-mail provider
    snapshot = snapshot_for(f"jane@{domain}")
    # when someone else at that provider asks
    # then it does not match, though the exact address does
    assert not email_matches(f"someone.else@{domain}", snapshot)
    assert email_matches(f"jane@{domain}", snapshot)


def test_a_different_domain_does_not_match():
    snapshot = snapshot_for("buyer@acme-industrial.com")
    assert not email_matches("buyer@acme-industrial.co", snapshot)


def test_an_order_without_any_email_matches_nobody():
    snapshot = snapshot_for(None, None)
    assert not email_matches("buyer@acme-industrial.com", snapshot)


def test_the_snapshot_keeps_no_address():
    # given a snapshot built from an order with two addresses
    snapshot = snapshot_for("buyer@acme-industrial.com", "jane.doe@gmail.com")
    # when it is turned into the record the cache stores
    record = repr(snapshot.to_record())
    # then neither address nor domain appears in it
    for text in ("buyer", "acme-industrial", "jane.doe", "gmail"):
        assert text not in record


def test_a_snapshot_survives_the_round_trip_through_its_record():
    snapshot = snapshot_for("buyer@acme-industrial.com", "jane.doe@gmail.com")
    assert OrderSnapshot.from_record(snapshot.to_record()) == snapshot


@pytest.mark.parametrize(
    "record", [{}, {"order_number": 1}, {"lines": "x", "email_digests": [], "domain_digests": []}, {"lines": [{}]}]
)
def test_a_damaged_record_is_refused(record):
    with pytest.raises(ValueError, match="not an order snapshot record"):
        OrderSnapshot.from_record(record)
