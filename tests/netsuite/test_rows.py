"""SuiteQL rows to Python values, and the sales-order rows to the domain's SalesOrder."""

import pytest

from pickup.domain.orders import OrderLine
from pickup.netsuite.errors import MalformedResponse
from pickup.netsuite.normalize import Column, normalize_row
from pickup.netsuite.sales_orders import sales_order_from_rows
from pickup.netsuite.suiteql import SALES_ORDER_COLUMNS


def test_keys_are_lower_cased_links_dropped_and_values_parsed_by_type():
    # given an item as NetSuite sends it: strings everywhere, T/F flags, odd key case, a links list
    item = {"ID": "42", "Qty": "-3.5", "IsClosed": "F", "Memo": "T", "links": []}
    columns = {"id": Column.INTEGER, "qty": Column.NUMBER, "isclosed": Column.FLAG}
    # then
    assert normalize_row(item, columns) == {"id": 42, "qty": -3.5, "isclosed": False, "memo": "T"}


def test_null_columns_are_absent():
    assert normalize_row({"id": "1", "memo": None}, {"id": Column.INTEGER}) == {"id": 1}


@pytest.mark.parametrize(
    ("value", "column"),
    [("abc", Column.NUMBER), ("1.5", Column.INTEGER), ("Y", Column.FLAG), ("NaN", Column.NUMBER), ({}, Column.TEXT)],
)
def test_a_value_of_the_wrong_shape_is_a_malformed_response(value, column):
    with pytest.raises(MalformedResponse):
        normalize_row({"c": value}, {"c": column})


def rows(*items):
    return [normalize_row(item, SALES_ORDER_COLUMNS) for item in items]


HEADER = {
    "id": "7",
    "tranid": "SO1001",
    "status": "B",
    "status_label": "Sales Order : Pending Fulfillment",
    "entity_name": "Acme Industrial",
    "companyname": "Acme Industrial Ltd",
    "customer_email": "buyer@acme.example",
    "order_email": "orders@acme.example",
    "po_number": "PO-77",
}


def test_header_and_lines_become_a_sales_order():
    # given two line rows with the header repeated
    order = sales_order_from_rows(
        "SO1001",
        rows(
            HEADER
            | {
                "line_number": "1",
                "item_name": "BOLT-10",
                "line_memo": "Bolts",
                "quantity": "10",
                "quantity_fulfilled": "4",
            },
            HEADER | {"line_number": "2", "item_name": "NUT-10", "item_description": "Nuts", "quantity": "2.5"},
        ),
    )
    # then
    assert order is not None
    assert order.order_number == "SO1001"
    assert (order.status, order.status_name) == ("B", "Pending Fulfillment")
    assert order.company_name == "Acme Industrial Ltd"
    assert order.po_number == "PO-77"
    assert (order.customer_email, order.order_email) == ("buyer@acme.example", "orders@acme.example")
    assert order.lines == (OrderLine("BOLT-10", "Bolts", 10.0, 4.0), OrderLine("NUT-10", "Nuts", 2.5, 0.0))


def test_no_rows_means_no_order():
    assert sales_order_from_rows("SO1", []) is None


def test_an_order_without_item_lines_has_no_lines():
    order = sales_order_from_rows("SO1001", rows(HEADER))
    assert order is not None
    assert order.lines == ()


def test_without_a_company_name_the_entity_display_name_is_used():
    header = {k: v for k, v in HEADER.items() if k != "companyname"}
    order = sales_order_from_rows("SO1001", rows(header))
    assert order is not None
    assert order.company_name == "Acme Industrial"


def test_quantities_are_positive_even_if_negative_ones_slip_through():
    negative = {"item_name": "X", "quantity": "-3", "quantity_fulfilled": "-1"}
    order = sales_order_from_rows("SO1001", rows(HEADER | negative))
    assert order is not None
    assert order.lines == (OrderLine("X", None, 3.0, 1.0),)


def test_when_several_transactions_share_the_number_the_first_by_id_is_used():
    order = sales_order_from_rows(
        "SO1001",
        rows(
            HEADER | {"item_name": "FIRST", "quantity": "1"},
            HEADER | {"id": "9", "status": "H", "item_name": "SECOND", "quantity": "1"},
        ),
    )
    assert order is not None
    assert order.status == "B"
    assert [line.item for line in order.lines] == ["FIRST"]


def test_a_status_label_without_separator_is_kept_and_a_missing_one_is_looked_up():
    labelled = sales_order_from_rows("SO1", rows(HEADER | {"status_label": "Pending Fulfillment"}))
    unlabelled = sales_order_from_rows("SO1", rows({k: v for k, v in HEADER.items() if k != "status_label"}))
    assert labelled is not None
    assert unlabelled is not None
    assert labelled.status_name == unlabelled.status_name == "Pending Fulfillment"


def test_an_order_without_status_is_malformed():
    with pytest.raises(MalformedResponse):
        sales_order_from_rows("SO1", rows({k: v for k, v in HEADER.items() if k != "status"}))
