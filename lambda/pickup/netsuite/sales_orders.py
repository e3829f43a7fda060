"""Rows of the sales-order query (see suiteql.py) turned into the domain's SalesOrder."""

from collections.abc import Sequence

from pickup.domain.eligibility import SALES_ORDER_STATUSES
from pickup.domain.orders import OrderLine, SalesOrder
from pickup.netsuite.errors import MalformedResponse
from pickup.netsuite.normalize import Value

STATUS_LABEL_SEPARATOR = " : "  # BUILTIN.DF(status) reads "Sales Order : Pending Fulfillment"


def sales_order_from_rows(order_number: str, rows: Sequence[dict[str, Value]]) -> SalesOrder | None:
    """The order in normalized rows, or None when there are none. When several transactions share the
    document number, the one with the lowest internal id is used (rows arrive ordered by id)."""
    if not rows:
        return None
    first_id = rows[0].get("id")
    own_rows = [row for row in rows if row.get("id") == first_id]
    header = own_rows[0]
    status = _text(header, "status")
    if status is None:
        raise MalformedResponse("the sales order came back without a status")
    return SalesOrder(
        order_number=_text(header, "tranid") or order_number,
        status=status,
        status_name=_status_name(status, _text(header, "status_label")),
        company_name=_text(header, "companyname") or _text(header, "entity_name"),
        po_number=_text(header, "po_number"),
        customer_email=_text(header, "customer_email"),
        order_email=_text(header, "order_email"),
        lines=tuple(_line(item, row) for row in own_rows if (item := _text(row, "item_name")) is not None),
    )


def _line(item: str, row: dict[str, Value]) -> OrderLine:
    return OrderLine(
        item=item,
        description=_text(row, "line_memo") or _text(row, "item_description"),
        quantity_ordered=_quantity(row, "quantity"),
        quantity_fulfilled=_quantity(row, "quantity_fulfilled"),
    )


def _status_name(letter: str, label: str | None) -> str:
    if label is None:
        return SALES_ORDER_STATUSES.get(letter, letter)
    _, separator, name = label.partition(STATUS_LABEL_SEPARATOR)
    return name.strip() if separator else label.strip()


def _quantity(row: dict[str, Value], key: str) -> float:
    """Positive: NetSuite stores sales order line quantities negative; the query applies ABS, so do we."""
    value = row.get(key, 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedResponse(f"column {key} should be a number")
    return abs(float(value))


def _text(row: dict[str, Value], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedResponse(f"column {key} should be text")
    stripped = value.strip()
    return stripped or None
