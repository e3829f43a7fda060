"""Fixture records: NetSuite tables loaded into an in-memory SQLite database, with display values precomputed.

The fixture is JSON mapping NetSuite table names to rows keyed by lower-case column names. Every column `c`
gets two hidden twins that `BUILTIN.DF(c)` and `BUILTIN.CF(c)` are rewritten to: `__df_c` (display value)
and `__cf_c` (combined value). For plain fields both twins hold the raw value, as NetSuite returns it; for
reference and list fields they hold what NetSuite shows (a customer's name for `entity`, the status label
for `status`, an item's `itemid` for `item`, ...).
"""

import json
import re
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

Row = dict[str, Any]
Tables = Mapping[str, Sequence[Mapping[str, Any]]]

DF_PREFIX = "__df_"
CF_PREFIX = "__cf_"
HIDDEN_PREFIX = "__"
DEMO_DATA_PATH = Path(__file__).with_name("demo_data.json")
_NAME = re.compile(r"[a-z][a-z0-9_]*")  # table and column names; also what makes the SQL below safe to build

# Columns every table has even when no fixture row sets them (NetSuite knows the field, the value is NULL).
SCHEMA: dict[str, tuple[str, ...]] = {
    "transaction": ("id", "tranid", "type", "status", "entity", "email", "otherrefnum", "trandate", "memo"),
    "transactionline": (
        "id",
        "transaction",
        "linesequencenumber",
        "mainline",
        "taxline",
        "item",
        "itemtype",
        "memo",
        "quantity",
        "quantityshiprecv",
        "isclosed",
    ),
    "customer": ("id", "entityid", "companyname", "firstname", "lastname", "isperson", "email"),
    "item": ("id", "itemid", "displayname", "description", "itemtype"),
}

TRANSACTION_TYPE_NAMES = {
    "SalesOrd": "Sales Order",
    "CustInvc": "Invoice",
    "Estimate": "Quote",
    "CashSale": "Cash Sale",
    "ItemShip": "Item Fulfillment",
}

STATUS_NAMES: dict[str, dict[str, str]] = {
    "SalesOrd": {
        "A": "Pending Approval",
        "B": "Pending Fulfillment",
        "C": "Cancelled",
        "D": "Partially Fulfilled",
        "E": "Pending Billing/Partially Fulfilled",
        "F": "Pending Billing",
        "G": "Billed",
        "H": "Closed",
    },
    "CustInvc": {"A": "Open", "B": "Paid In Full", "D": "Rejected", "E": "Pending Approval", "V": "Voided"},
    "Estimate": {"A": "Open", "B": "Processed", "C": "Closed", "V": "Voided", "X": "Expired"},
    "CashSale": {"A": "Unapproved Payment", "B": "Not Deposited", "C": "Deposited"},
    "ItemShip": {"A": "Picked", "B": "Packed", "C": "Shipped"},
}

ITEM_TYPE_NAMES = {
    "InvtPart": "Inventory Item",
    "NonInvtPart": "Non-inventory Item",
    "Service": "Service",
    "Kit": "Kit/Package",
    "Assembly": "Assembly",
    "Discount": "Discount",
    "Subtotal": "Subtotal",
    "Description": "Description",
    "ShipItem": "Shipping Cost Item",
    "TaxItem": "Tax Item",
    "Markup": "Markup",
    "OthCharge": "Other Charge",
    "Payment": "Payment",
    "EndGroup": "End of Item Group",
}


def load_tables(data: Path | str | Tables | None) -> Tables:
    """The fixture tables from a JSON file path, an already parsed mapping, or the demo set when None."""
    if data is None:
        data = DEMO_DATA_PATH
    if isinstance(data, str | Path):
        parsed = json.loads(Path(data).read_text(encoding="utf-8"))
        if not isinstance(parsed, dict):
            raise TypeError("sandbox data must be a JSON object mapping table names to lists of rows")
        data = parsed
    for table, rows in data.items():
        if not _NAME.fullmatch(table) or not isinstance(rows, list | tuple):
            raise ValueError(f"sandbox table {table!r} must be a lower-case name holding a list of rows")
        for row in rows:
            if not isinstance(row, Mapping) or not all(_NAME.fullmatch(str(column).lower()) for column in row):
                raise ValueError(f"sandbox table {table!r} has a row that is not an object of column names")
    return data


def build_database(tables: Tables) -> sqlite3.Connection:
    """An in-memory database holding `tables` plus the display twins of every column."""
    lookups = _Lookups(tables)
    connection = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    for name in sorted(set(SCHEMA) | set(tables)):
        table = name.lower()
        rows = [{key.lower(): value for key, value in row.items()} for row in tables.get(name, ())]
        columns = list(SCHEMA.get(table, ()))
        columns += sorted({key for row in rows for key in row} - set(columns))
        _create_table(connection, table, columns, rows, lookups)
    return connection


class _Lookups:
    """Display values of reference fields, resolved against the other fixture tables."""

    def __init__(self, tables: Tables) -> None:
        rows = {name.lower(): [{k.lower(): v for k, v in row.items()} for row in t] for name, t in tables.items()}
        self.customers = {str(row.get("id")): row for row in rows.get("customer", [])}
        self.items = {str(row.get("id")): row for row in rows.get("item", [])}
        self.transactions = {str(row.get("id")): row for row in rows.get("transaction", [])}

    def customer_name(self, customer_id: object) -> object:
        customer = self.customers.get(str(customer_id))
        if customer is None:
            return None
        if customer.get("companyname"):
            return customer["companyname"]
        person = " ".join(str(customer[k]) for k in ("firstname", "lastname") if customer.get(k))
        return person or customer.get("entityid")

    def item_name(self, item_id: object) -> object:
        item = self.items.get(str(item_id))
        return None if item is None else item.get("itemid")

    def transaction_name(self, transaction_id: object) -> object:
        transaction = self.transactions.get(str(transaction_id))
        if transaction is None:
            return None
        type_name = TRANSACTION_TYPE_NAMES.get(str(transaction.get("type")), str(transaction.get("type")))
        return f"{type_name} #{transaction.get('tranid')}"


Display = Callable[[Row, "_Lookups"], object]

# Reference and list fields: how NetSuite displays them. CF of these is the raw value, except for status.
DISPLAYED: dict[tuple[str, str], Display] = {
    ("transaction", "status"): lambda row, _: _status(row)[0],
    ("transaction", "type"): lambda row, _: TRANSACTION_TYPE_NAMES.get(str(row["type"]), row["type"]),
    ("transaction", "entity"): lambda row, lookups: lookups.customer_name(row["entity"]),
    ("transactionline", "item"): lambda row, lookups: lookups.item_name(row["item"]),
    ("transactionline", "transaction"): lambda row, lookups: lookups.transaction_name(row["transaction"]),
    ("transactionline", "itemtype"): lambda row, _: ITEM_TYPE_NAMES.get(str(row["itemtype"]), row["itemtype"]),
    ("item", "itemtype"): lambda row, _: ITEM_TYPE_NAMES.get(str(row["itemtype"]), row["itemtype"]),
}


def _display_and_combined(table: str, column: str, row: Row, lookups: _Lookups) -> tuple[object, object]:
    value = row.get(column)
    if value is None:
        return None, None
    display = DISPLAYED.get((table, column))
    if display is None:
        return value, value
    combined = _status(row)[1] if (table, column) == ("transaction", "status") else value
    return display(row, lookups), combined


def _status(row: Row) -> tuple[object, object]:
    kind, letter = str(row.get("type")), str(row.get("status"))
    type_name = TRANSACTION_TYPE_NAMES.get(kind, kind)
    label = STATUS_NAMES.get(kind, {}).get(letter, letter)
    return f"{type_name} : {label}", f"{kind}:{letter}"


def _create_table(
    connection: sqlite3.Connection, table: str, columns: list[str], rows: list[Row], lookups: _Lookups
) -> None:
    declared = ", ".join(
        [f'"{c}" {_affinity(c, rows)}' for c in columns]
        + [f'"{prefix}{c}" {_twin_affinity(table, c, rows)}' for prefix in (DF_PREFIX, CF_PREFIX) for c in columns]
    )
    all_columns = [*columns, *(DF_PREFIX + c for c in columns), *(CF_PREFIX + c for c in columns)]
    connection.execute(f'CREATE TABLE "{table}" ({declared})')
    placeholders = ", ".join("?" for _ in all_columns)
    for row in rows:
        twins = [_display_and_combined(table, c, row, lookups) for c in columns]
        values = [row.get(c) for c in columns] + [d for d, _ in twins] + [c for _, c in twins]
        connection.execute(f'INSERT INTO "{table}" VALUES ({placeholders})', values)  # noqa: S608 - names checked


def _affinity(column: str, rows: list[Row]) -> str:
    """NUMERIC for columns that hold only numbers, so `id = '42'` compares as NetSuite's Oracle would."""
    values = [row.get(column) for row in rows if row.get(column) is not None]
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "NUMERIC"
    return "TEXT"


def _twin_affinity(table: str, column: str, rows: list[Row]) -> str:
    return "TEXT" if (table, column) in DISPLAYED else _affinity(column, rows)
