"""The SuiteQL we send, and the one safe way to put a value into it.

The REST SuiteQL endpoint has no bind parameters, so values become literals. Order numbers are first held
to the domain's strict pattern (letters, digits, inner hyphens) and then escaped anyway, by Oracle's rules:
the literal is wrapped in single quotes, a quote inside is doubled, backslash means nothing special, and
NUL characters are dropped.
"""

from pickup.domain.orders import normalize_order_number
from pickup.netsuite.normalize import Column


def string_literal(value: str) -> str:
    """`value` as a SuiteQL string literal: 'O''Brien' for O'Brien."""
    return "'" + value.replace("\x00", "").replace("'", "''") + "'"


# Item types that are not goods to hand over: discounts, subtotals, text, shipping, tax, markups,
# payments and the end marker of an item group.
NON_ITEM_LINE_TYPES = ("Discount", "Subtotal", "Description", "ShipItem", "TaxItem", "Markup", "Payment", "EndGroup")

_SALES_ORDER_SELECT = """\
SELECT
  t.id AS id,
  t.tranid AS tranid,
  t.status AS status,
  BUILTIN.DF(t.status) AS status_label,
  c.companyname AS companyname,
  BUILTIN.DF(t.entity) AS entity_name,
  c.email AS customer_email,
  t.email AS order_email,
  t.otherrefnum AS po_number,
  tl.linesequencenumber AS line_number,
  BUILTIN.DF(tl.item) AS item_name,
  tl.memo AS line_memo,
  i.description AS item_description,
  ABS(tl.quantity) AS quantity,
  ABS(tl.quantityshiprecv) AS quantity_fulfilled
FROM transaction t
JOIN customer c ON c.id = t.entity
LEFT JOIN transactionline tl ON tl.transaction = t.id
  AND NVL(tl.mainline, 'F') = 'F'
  AND NVL(tl.taxline, 'F') = 'F'
  AND NVL(tl.isclosed, 'F') = 'F'
  AND tl.item IS NOT NULL
  AND tl.itemtype NOT IN ({non_item_types})
LEFT JOIN item i ON i.id = tl.item
WHERE t.type = 'SalesOrd' AND t.tranid = {tranid}
ORDER BY t.id, tl.linesequencenumber"""

SALES_ORDER_COLUMNS: dict[str, Column] = {
    "id": Column.INTEGER,
    "line_number": Column.INTEGER,
    "quantity": Column.NUMBER,
    "quantity_fulfilled": Column.NUMBER,
}

# The cheapest question that proves authentication, permissions and the endpoint: one transaction id.
CHECK_QUERY = "SELECT t.id AS id FROM transaction t"
CHECK_COLUMNS: dict[str, Column] = {"id": Column.INTEGER}


def sales_order_query(order_number: str) -> str:
    """One query for the order's header and its real item lines: one row per line, header columns repeated,
    or a single row without line columns when the order has no item lines. Raises InvalidRequest for a
    number the domain would refuse."""
    return sales_order_query_for_literal(normalize_order_number(order_number))


def sales_order_query_for_literal(tranid: str) -> str:
    """The query for any document number, escaped but not validated; `sales_order_query` validates first."""
    non_item_types = ", ".join(string_literal(kind) for kind in NON_ITEM_LINE_TYPES)
    return _SALES_ORDER_SELECT.format(non_item_types=non_item_types, tranid=string_literal(tranid))
