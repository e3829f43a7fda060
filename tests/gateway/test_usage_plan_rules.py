"""The token bucket and the daily quota on their own, with the deployed plan's numbers."""

from datetime import UTC, datetime, timedelta

import pytest

from pickup_dev.gateway.usage_plan import DailyQuota, TokenBucket, UsagePlan, Verdict
from tests.fixtures.gateway import FakeClock


def test_a_full_day_quota_of_10000_is_enforced_per_key():
    # given the deployed plan (100/s, burst 200, 10,000 a day) and requests spread over the day
    clock = FakeClock()
    plan = UsagePlan(rate=100.0, burst=200, daily_quota=10_000, clock=clock.monotonic, utc_now=clock.utc_now)
    verdicts = []
    # when one key sends 10,001 requests, 1 s apart (always inside the rate)
    for _ in range(10_001):
        verdicts.append(plan.admit("key-a"))
        clock.advance(1.0)

    # then the 10,001st is over quota, while another key still has its own
    assert verdicts[:10_000] == [Verdict.ALLOWED] * 10_000
    assert verdicts[10_000] is Verdict.QUOTA_EXCEEDED
    assert plan.admit("key-b") is Verdict.ALLOWED


def test_throttled_requests_do_not_use_the_quota():
    # given a bucket of one and a quota of two
    clock = FakeClock()
    plan = UsagePlan(rate=1.0, burst=1, daily_quota=2, clock=clock.monotonic, utc_now=clock.utc_now)

    # when requests are throttled in between allowed ones
    first = plan.admit("k")
    throttled = [plan.admit("k") for _ in range(5)]
    clock.advance(1.0)
    second = plan.admit("k")
    clock.advance(1.0)
    third = plan.admit("k")

    # then only the allowed ones counted against the quota
    assert (first, second) == (Verdict.ALLOWED, Verdict.ALLOWED)
    assert throttled == [Verdict.THROTTLED] * 5
    assert third is Verdict.QUOTA_EXCEEDED


def test_the_bucket_never_holds_more_than_the_burst():
    # given a bucket that has been idle for an hour
    clock = FakeClock()
    bucket = TokenBucket(rate=100.0, burst=200, clock=clock.monotonic)
    clock.advance(3600)

    # when requests arrive at once
    taken = [bucket.take() for _ in range(201)]

    # then only the burst passes
    assert taken.count(True) == 200
    assert taken[-1] is False


def test_the_quota_resets_exactly_at_utc_midnight():
    # given a used-up quota one second before midnight UTC
    clock = FakeClock(datetime(2026, 3, 2, 23, 59, 59, tzinfo=UTC))
    quota = DailyQuota(limit=1, utc_now=clock.utc_now)
    assert quota.take() is True
    assert quota.take() is False

    # when the clock reaches midnight
    clock.advance(1.0)

    # then the quota is fresh
    assert clock.utc_now() == datetime(2026, 3, 3, tzinfo=UTC)
    assert quota.take() is True
    assert quota.take() is False
    assert clock.utc_now() - timedelta(days=1) == datetime(2026, 3, 2, tzinfo=UTC)


@pytest.mark.parametrize(("rate", "burst"), [(0.0, 10), (-1.0, 10), (1.0, 0)])
def test_a_bucket_needs_a_positive_rate_and_burst(rate, burst):
    with pytest.raises(ValueError, match="rate must be positive"):
        TokenBucket(rate=rate, burst=burst, clock=FakeClock().monotonic)
