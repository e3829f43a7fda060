"""Which sales order statuses allow a pickup."""

import pytest

from pickup.domain.eligibility import EligibilityPolicy


@pytest.mark.parametrize("status", ["B", "D", "E", "F"])
def test_fulfillable_orders_are_eligible_by_default(status):
    assert EligibilityPolicy().allows(status)


@pytest.mark.parametrize("status", ["A", "C", "G", "H"])
def test_pending_approval_cancelled_billed_and_closed_orders_are_not(status):
    # C is Cancelled: the system this replaced counted it as eligible
    assert not EligibilityPolicy().allows(status)


def test_the_set_can_be_configured():
    # given ELIGIBLE_STATUSES="b, f"
    policy = EligibilityPolicy.parse("b, f")
    # then only those letters are eligible
    assert policy.allows("B")
    assert policy.allows("F")
    assert not policy.allows("D")


@pytest.mark.parametrize("letters", ["", " , ", "B,Z", "X"])
def test_an_unknown_or_empty_set_is_refused(letters):
    with pytest.raises(ValueError, match="letters A to H"):
        EligibilityPolicy.parse(letters)
