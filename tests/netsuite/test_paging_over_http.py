"""Orders larger than one SuiteQL page, and document numbers used twice, on a sandbox with its own data."""

import pytest

from pickup.domain.deadline import Deadline
from pickup.domain.ports import Trace
from pickup.netsuite import NetSuiteClient, ResultTooLarge, load_netsuite_config
from pickup_dev.sandbox import NetSuiteSandbox

LINES = 2345


def big_order_data() -> dict[str, list[dict[str, object]]]:
    lines: list[dict[str, object]] = [
        {"id": 1, "transaction": 1, "linesequencenumber": 0, "mainline": "T", "taxline": "F", "isclosed": "F"}
    ]
    for number in range(1, LINES + 1):
        lines.append(
            {
                "id": 1 + number,
                "transaction": 1,
                "linesequencenumber": number,
                "mainline": "F",
                "taxline": "F",
                "item": 1,
                "itemtype": "InvtPart",
                "memo": f"line {number}",
                "quantity": -number,
                "quantityshiprecv": 0,
                "isclosed": "F",
            }
        )
    lines += [
        {
            "id": 90001,
            "transaction": 2,
            "linesequencenumber": 1,
            "mainline": "F",
            "taxline": "F",
            "item": 1,
            "itemtype": "InvtPart",
            "quantity": -1,
            "isclosed": "F",
        },
        {
            "id": 90002,
            "transaction": 3,
            "linesequencenumber": 1,
            "mainline": "F",
            "taxline": "F",
            "item": 1,
            "itemtype": "InvtPart",
            "quantity": -2,
            "isclosed": "F",
        },
    ]
    return {
        "customer": [{"id": 1, "entityid": "Big Buyer", "companyname": "Big Buyer", "isperson": "F"}],
        "item": [{"id": 1, "itemid": "PART", "description": "A part", "itemtype": "InvtPart"}],
        "transaction": [
            {"id": 1, "tranid": "SO-BIG", "type": "SalesOrd", "status": "B", "entity": 1},
            # the same document number twice: the lower internal id wins, whatever the row order
            {"id": 3, "tranid": "SO-TWICE", "type": "SalesOrd", "status": "H", "entity": 1},
            {"id": 2, "tranid": "SO-TWICE", "type": "SalesOrd", "status": "B", "entity": 1},
        ],
        "transactionline": lines,
    }


@pytest.fixture(scope="module")
def big_sandbox():
    with NetSuiteSandbox(big_order_data(), m2m=False) as sandbox:
        yield sandbox


@pytest.fixture
def client(big_sandbox, http):
    big_sandbox.reset()
    return NetSuiteClient(load_netsuite_config(big_sandbox.client_env("tba")), http=http)


def test_an_order_of_more_than_1000_lines_is_read_page_by_page(big_sandbox, client):
    # given an order with 2,345 item lines
    trace = Trace()
    # when it is fetched
    order = client.fetch_sales_order("SO-BIG", deadline=Deadline.after(20), trace=trace)
    # then three pages were read, each signed with its own offset, and every line arrived in order
    assert order is not None
    assert big_sandbox.stats.suiteql_requests == 3
    assert trace.netsuite_attempts == 3
    assert big_sandbox.audit_trail == []
    assert len(order.lines) == LINES
    assert [line.quantity_ordered for line in order.lines] == [float(n) for n in range(1, LINES + 1)]


def test_paging_is_bounded(big_sandbox, http):
    big_sandbox.reset()
    client = NetSuiteClient(load_netsuite_config(big_sandbox.client_env("tba")), http=http, max_pages=2)
    with pytest.raises(ResultTooLarge):
        client.fetch_sales_order("SO-BIG", deadline=Deadline.after(20), trace=Trace())
    assert big_sandbox.stats.suiteql_requests == 2


def test_with_two_transactions_of_one_number_the_first_by_internal_id_is_used(big_sandbox, client):
    order = client.fetch_sales_order("SO-TWICE", deadline=Deadline.after(5), trace=Trace())
    assert order is not None
    assert order.status == "B"
    assert [line.quantity_ordered for line in order.lines] == [1.0]
