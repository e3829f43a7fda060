"""Fetching demo sales orders from the sandbox over real HTTP, in both authentication modes."""

import pytest

from pickup.domain.deadline import Deadline
from pickup.domain.errors import InvalidRequest
from pickup.domain.orders import OrderLine, SalesOrder
from pickup.domain.ports import Trace

MODES = ["tba", "m2m"]


def fetch(client, number):
    trace = Trace()
    return client.fetch_sales_order(number, deadline=Deadline.after(10), trace=trace), trace


@pytest.mark.parametrize("mode", MODES)
def test_a_demo_order_arrives_complete_in_one_suiteql_request(netsuite_sandbox, client_for, mode):
    # given a client of the sandbox in either mode
    client = client_for(netsuite_sandbox.client_env(mode))
    # when order SO100001 is fetched
    order, trace = fetch(client, "so100001")
    # then every field is mapped, with the real item lines only (shipping and tax lines left out)
    assert order == SalesOrder(
        order_number="SO100001",
        status="B",
        status_name="Pending Fulfillment",
        company_name="Acme Industrial Supply",
        po_number="PO-44817",
        customer_email="purchasing@acme-industrial.com",
        order_email="purchasing@acme-industrial.com",
        lines=(
            OrderLine("WGT-1001", "Industrial Widget, Steel", 10.0, 0.0),
            OrderLine("BRK-2040", "Mounting Bracket", 20.0, 0.0),
        ),
    )
    # and it cost exactly one SuiteQL request (plus the token request in OAuth 2.0 mode)
    assert netsuite_sandbox.stats.suiteql_requests == 1
    assert netsuite_sandbox.stats.token_requests == (1 if mode == "m2m" else 0)
    assert trace.netsuite_attempts == (2 if mode == "m2m" else 1)
    assert trace.upstream_error is None
    assert netsuite_sandbox.audit_trail == []


def test_quantities_are_positive_including_fractions_and_partial_fulfilment(netsuite_sandbox, client_for):
    order, _ = fetch(client_for(netsuite_sandbox.client_env()), "SO100004")
    assert order is not None
    assert (order.status, order.status_name) == ("D", "Partially Fulfilled")
    assert order.lines == (
        OrderLine("WGT-1001", "Industrial Widget, Steel", 50.0, 20.0),
        OrderLine("CBL-0050", "Cat6 Cable (per meter)", 12.5, 0.0),
        OrderLine("KIT-STARTER", "Starter Kit", 2.0, 2.0),
    )


@pytest.mark.parametrize(
    ("number", "items"),
    [
        ("SO100005", ["KIT-STARTER", "NI-WARRANTY-2Y"]),  # subtotal, discount and tax lines left out
        ("SO100010", ["SVC-INSTALL", "NI-WARRANTY-2Y", "CBL-0050"]),  # a description line left out
        ("SO100011", ["ASM-PUMP-3", "FEE-HANDLING"]),  # closed line, markup, shipping, tax left out
        ("SO100013", ["BRK-2040"]),  # a payment line left out
        ("SO100003", []),  # cancelled: every line closed
    ],
)
def test_only_real_open_item_lines_are_counted(netsuite_sandbox, client_for, number, items):
    order, _ = fetch(client_for(netsuite_sandbox.client_env()), number)
    assert order is not None
    assert [line.item for line in order.lines] == items
    assert all(line.quantity_ordered > 0 and line.quantity_fulfilled >= 0 for line in order.lines)


def test_a_person_customer_is_named_by_the_entitys_display_name(netsuite_sandbox, client_for):
    order, _ = fetch(client_for(netsuite_sandbox.client_env()), "SO100005")
    assert order is not None
    assert order.company_name == "Emily Carter"
    assert order.po_number is None


def test_missing_emails_are_none_and_quotes_in_names_survive(netsuite_sandbox, client_for):
    client = client_for(netsuite_sandbox.client_env())
    no_customer_email, _ = fetch(client, "SO100010")
    no_order_email, _ = fetch(client, "SO100011")
    quoted, _ = fetch(client, "SO100013")
    assert no_customer_email is not None
    assert (no_customer_email.customer_email, no_customer_email.order_email) == (None, "frontdesk@redwooddental.com")
    assert no_order_email is not None
    assert (no_order_email.customer_email, no_order_email.order_email) == ("purchasing@acme-industrial.com", None)
    assert quoted is not None
    assert quoted.company_name == "O'Brien & Sons Hardware"


@pytest.mark.parametrize("number", ["SO999999", "INV200001", "EST300001"])
def test_an_unknown_number_or_another_transaction_type_is_no_order(netsuite_sandbox, client_for, number):
    order, trace = fetch(client_for(netsuite_sandbox.client_env()), number)
    assert order is None
    assert trace.upstream_error is None
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_a_malformed_number_is_refused_before_netsuite_is_asked(netsuite_sandbox, client_for):
    client = client_for(netsuite_sandbox.client_env())
    with pytest.raises(InvalidRequest):
        fetch(client, "SO1' OR '1'='1")
    assert netsuite_sandbox.stats.suiteql_requests == 0


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "invocations"), [("tba", 300), ("m2m", 2000)])
def test_one_client_serves_thousands_of_warm_invocations(netsuite_sandbox, client_for, mode, invocations):
    # given one client, as one Lambda execution environment keeps it
    client = client_for(netsuite_sandbox.client_env(mode))
    numbers = ["SO100001", "SO100004", "SO100006", "SO100009"]
    # when it serves validation after validation
    found = sum(fetch(client, numbers[i % len(numbers)])[0] is not None for i in range(invocations))
    # then each succeeds with one SuiteQL request, no login is refused, and one token serves them all
    assert found == invocations
    assert netsuite_sandbox.stats.suiteql_requests == invocations
    assert netsuite_sandbox.stats.token_requests == (1 if mode == "m2m" else 0)
    assert netsuite_sandbox.audit_trail == []
