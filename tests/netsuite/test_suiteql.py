"""SuiteQL literals and the sales-order query: no input can leave its string literal."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pickup.domain.errors import InvalidRequest
from pickup.netsuite.suiteql import (
    NON_ITEM_LINE_TYPES,
    sales_order_query,
    sales_order_query_for_literal,
    string_literal,
)


def tokenize(query: str) -> tuple[list[str], str]:
    """The decoded string literals of `query` by Oracle's rules, and the query with each literal as `?`.
    Raises ValueError on a literal that never ends."""
    literals: list[str] = []
    skeleton: list[str] = []
    i = 0
    while i < len(query):
        if query[i] != "'":
            skeleton.append(query[i])
            i += 1
            continue
        value: list[str] = []
        i += 1
        while True:
            if i >= len(query):
                raise ValueError("unterminated literal")
            if query[i] == "'":
                if query[i + 1 : i + 2] == "'":
                    value.append("'")
                    i += 2
                    continue
                i += 1
                break
            value.append(query[i])
            i += 1
        literals.append("".join(value))
        skeleton.append("?")
    return literals, "".join(skeleton)


BENIGN_LITERALS, BENIGN_SKELETON = tokenize(sales_order_query_for_literal("SO1001"))


@pytest.mark.parametrize(
    ("value", "literal"),
    [("SO1001", "'SO1001'"), ("O'Brien", "'O''Brien'"), ("''", "''''''"), ("a\x00b", "'ab'"), ("back\\", "'back\\'")],
)
def test_literals_follow_oracles_rules(value, literal):
    # quotes doubled, NUL dropped, backslash left alone
    assert string_literal(value) == literal


@given(st.text())
@example("' OR '1'='1")
@example("SO1' UNION SELECT email FROM customer --")
@example("x'||chr(39)||'")
@example("\x00'\x00")
@example("'")
def test_no_input_string_can_leave_its_literal(value):
    # given any text at all as the document number, unvalidated
    query = sales_order_query_for_literal(value)
    # when the query is read the way SuiteQL reads string literals
    literals, skeleton = tokenize(query)
    # then everything outside literals is exactly the query for a harmless number,
    assert skeleton == BENIGN_SKELETON
    # the fixed literals are untouched, and the document number literal decodes to the input (minus NULs)
    assert literals[:-1] == BENIGN_LITERALS[:-1]
    assert literals[-1] == value.replace("\x00", "")
    assert literals.count(value.replace("\x00", "")) >= 1


@given(st.text())
def test_the_validated_query_accepts_only_the_domains_order_numbers(value):
    # given any text offered as an order number
    try:
        query, refused_field = sales_order_query(value), None
    except InvalidRequest as refused:
        query, refused_field = "", refused.field
    # then either it is refused, naming the field,
    if not query:
        assert refused_field == "order_number"
        return
    # or it is letters, digits and hyphens, and appears as the last literal
    literals, _ = tokenize(query)
    assert literals[-1] == value.strip().upper()
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in literals[-1])


@pytest.mark.parametrize("number", ["SO1' OR '1'='1", "SO1;--", "SO 1", "SO1%", "", "-SO1"])
def test_injection_attempts_are_refused_before_any_query_is_built(number):
    with pytest.raises(InvalidRequest):
        sales_order_query(number)


def test_the_sales_order_query_asks_for_everything_in_one_statement():
    query = sales_order_query(" so1001 ")
    # one statement, the number upper-cased, sales orders only, first transaction by id
    assert query.count("SELECT") == 1
    assert "t.tranid = 'SO1001'" in query
    assert "t.type = 'SalesOrd'" in query
    assert query.rstrip().endswith("ORDER BY t.id, tl.linesequencenumber")
    # positive quantities, display names, both emails, PO number
    for fragment in (
        "ABS(tl.quantity)",
        "ABS(tl.quantityshiprecv)",
        "BUILTIN.DF(t.status)",
        "BUILTIN.DF(tl.item)",
        "BUILTIN.DF(t.entity)",
        "c.email",
        "t.email",
        "t.otherrefnum",
    ):
        assert fragment in query
    # only real item lines are joined
    for fragment in ("NVL(tl.mainline, 'F') = 'F'", "NVL(tl.taxline, 'F') = 'F'", "NVL(tl.isclosed, 'F') = 'F'"):
        assert fragment in query
    assert "tl.item IS NOT NULL" in query
    for kind in NON_ITEM_LINE_TYPES:
        assert f"'{kind}'" in query
    assert set(NON_ITEM_LINE_TYPES) == {
        "Discount",
        "Subtotal",
        "Description",
        "ShipItem",
        "TaxItem",
        "Markup",
        "Payment",
        "EndGroup",
    }
