"""SuiteQL rows as Python values.

NetSuite sends every value as a JSON string (ids and quantities too), booleans as "T"/"F", leaves NULL
columns out of the item, adds an empty `links` list to each, and does not promise the case of column
names. Each query therefore declares the type of the columns it selects; undeclared columns stay text.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from pickup.netsuite.errors import MalformedResponse

Value = str | float | int | bool


class Column(Enum):
    TEXT = "text"
    NUMBER = "number"  # a float; quantities may be fractional
    INTEGER = "integer"  # internal ids
    FLAG = "flag"  # "T" / "F"


def normalize_row(item: Mapping[str, Any], columns: Mapping[str, Column]) -> dict[str, Value]:
    """Lower-case keys, `links` dropped, NULL columns absent, values parsed by their declared type."""
    row: dict[str, Value] = {}
    for raw_key, raw_value in item.items():
        key = raw_key.lower()
        if key == "links" or raw_value is None:
            continue
        row[key] = _parse(key, raw_value, columns.get(key, Column.TEXT))
    return row


def _parse(key: str, value: Any, column: Column) -> Value:
    if column is Column.FLAG:
        if value in ("T", True):
            return True
        if value in ("F", False):
            return False
        raise MalformedResponse(f"column {key} should be T or F")
    if column is Column.TEXT:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise MalformedResponse(f"column {key} should be text")
        return value if isinstance(value, str) else _number_text(value)
    number = _decimal(key, value)
    if column is Column.INTEGER:
        if number != number.to_integral_value():
            raise MalformedResponse(f"column {key} should be a whole number")
        return int(number)
    return float(number)


def _decimal(key: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise MalformedResponse(f"column {key} should be a number")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise MalformedResponse(f"column {key} should be a number") from None
    if not number.is_finite():
        raise MalformedResponse(f"column {key} should be a finite number")
    return number


def _number_text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, int) or value.is_integer() else repr(value)
