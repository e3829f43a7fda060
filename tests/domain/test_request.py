"""The validate-order request body."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickup.domain.errors import InvalidRequest
from pickup.domain.orders import ORDER_NUMBER_PATTERN
from pickup.domain.request import parse_request


def test_a_well_formed_request_is_normalised():
    # given an order number in lower case and an email with spaces and capitals
    request = parse_request({"order_number": " so100001 ", "email": "  Buyer@Acme-Industrial.com "})
    # then both come out trimmed, the number upper-cased and the email lower-cased
    assert request.order_number == "SO100001"
    assert request.email == "buyer@acme-industrial.com"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], "body"),
        ("SO1", "body"),
        ({}, "order_number"),
        ({"order_number": 100001, "email": "a@b.co"}, "order_number"),
        ({"order_number": "", "email": "a@b.co"}, "order_number"),
        ({"order_number": "SO1' OR '1'='1", "email": "a@b.co"}, "order_number"),
        ({"order_number": "S" * 41, "email": "a@b.co"}, "order_number"),
        ({"order_number": "SO1"}, "email"),
        ({"order_number": "SO1", "email": None}, "email"),
        ({"order_number": "SO1", "email": "not-an-address"}, "email"),
        ({"order_number": "SO1", "email": "a@localhost"}, "email"),
        ({"order_number": "SO1", "email": "a b@c.co"}, "email"),
        ({"order_number": "SO1", "email": "x" * 250 + "@b.co"}, "email"),
    ],
)
def test_a_bad_field_is_named(body, field):
    with pytest.raises(InvalidRequest) as caught:
        parse_request(body)
    assert caught.value.field == field


@given(st.text(max_size=60))
def test_any_accepted_order_number_fits_the_strict_pattern(raw):
    # given any text at all as the order number
    try:
        request = parse_request({"order_number": raw, "email": "a@example.com"})
    except InvalidRequest:
        return
    # then whatever is accepted is letters, digits and inner hyphens only: no quote can reach SuiteQL
    assert ORDER_NUMBER_PATTERN.fullmatch(request.order_number)
    assert "'" not in request.order_number
