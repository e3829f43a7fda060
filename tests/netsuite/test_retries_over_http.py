"""What the client retries, how often and how long it waits, against the sandbox's injected faults."""

import threading

import httpx
import pytest

from pickup.domain.deadline import Deadline
from pickup.domain.errors import DeadlineExceeded, UpstreamError, UpstreamUnavailable
from pickup.domain.ports import Trace
from pickup.netsuite import (
    AuthenticationFailed,
    BadQuery,
    MalformedResponse,
    RateLimited,
    RetryPolicy,
    Unavailable,
)
from pickup.netsuite.normalize import Column

MODES = ["tba", "m2m"]


def fetch(client, number="SO100001", deadline=None):
    trace = Trace()
    try:
        return client.fetch_sales_order(number, deadline=deadline or Deadline.after(10), trace=trace), trace
    except Exception as error:
        error.trace = trace
        raise


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_until_an_answer_arrives(netsuite_sandbox, client_for, sleep, mode, status):
    # given NetSuite failing twice with a 5xx
    netsuite_sandbox.faults.fail_next(2, status=status)
    client = client_for(netsuite_sandbox.client_env(mode))
    # when an order is fetched
    order, trace = fetch(client)
    # then the third attempt answers, after two backoff pauses within the policy's ceilings
    assert order is not None
    assert netsuite_sandbox.stats.suiteql_requests == 3
    assert len(sleep.pauses) == 2
    assert 0 <= sleep.pauses[0] <= 0.25
    assert 0 <= sleep.pauses[1] <= 0.5
    # and each attempt was signed afresh: the sandbox refuses a replayed nonce or token, and refused nothing
    assert netsuite_sandbox.audit_trail == []
    assert trace.netsuite_attempts == 3 + (1 if mode == "m2m" else 0)
    assert trace.upstream_error is None


def test_retrying_stops_at_max_attempts_and_tells_the_caller_when_to_come_back(netsuite_sandbox, client_for, sleep):
    # given NetSuite failing more often than NETSUITE_MAX_ATTEMPTS=3 allows
    netsuite_sandbox.faults.fail_next(5, status=503)
    client = client_for(netsuite_sandbox.client_env())
    # when an order is fetched
    with pytest.raises(Unavailable) as raised:
        fetch(client)
    # then exactly three attempts were made and the transient failure surfaces with a Retry-After of 2-5 s
    assert netsuite_sandbox.stats.suiteql_requests == 3
    assert len(sleep.pauses) == 2
    assert isinstance(raised.value, UpstreamUnavailable)
    assert 2 <= raised.value.retry_after <= 5
    assert (raised.value.status, raised.value.code) == (503, "UNEXPECTED_ERROR")
    assert raised.value.trace.upstream_error == "Unavailable"
    assert raised.value.trace.netsuite_attempts == 3


def test_max_attempts_comes_from_the_environment(netsuite_sandbox, client_for):
    netsuite_sandbox.faults.fail_next(5, status=500)
    client = client_for(netsuite_sandbox.client_env() | {"NETSUITE_MAX_ATTEMPTS": "1"})
    with pytest.raises(Unavailable):
        fetch(client)
    assert netsuite_sandbox.stats.suiteql_requests == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_dropped_connection_is_retried(netsuite_sandbox, client_for, mode):
    netsuite_sandbox.faults.drop_next(2)
    order, _ = fetch(client_for(netsuite_sandbox.client_env(mode)))
    assert order is not None
    assert netsuite_sandbox.stats.dropped == 2
    assert netsuite_sandbox.stats.suiteql_requests == 3


def test_a_malformed_answer_is_not_retried(netsuite_sandbox, client_for):
    netsuite_sandbox.faults.malformed_next(1)
    with pytest.raises(MalformedResponse) as raised:
        fetch(client_for(netsuite_sandbox.client_env()))
    assert isinstance(raised.value, UpstreamError)
    assert netsuite_sandbox.stats.suiteql_requests == 1
    assert raised.value.trace.upstream_error == "MalformedResponse"


def test_a_query_netsuite_refuses_is_our_bug_and_is_not_retried(netsuite_sandbox, client_for):
    client = client_for(netsuite_sandbox.client_env())
    with pytest.raises(BadQuery) as raised:
        client.suiteql("SELECT t.nosuchcolumn FROM transaction t", {}, deadline=Deadline.after(5), trace=Trace())
    assert (raised.value.status, raised.value.code) == (400, "INVALID_PARAMETER")
    assert "Unknown identifier" in (raised.value.detail or "")
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_invalid_login_with_tba_is_not_retried(netsuite_sandbox, client_for):
    netsuite_sandbox.faults.unauthorized_next(1)
    with pytest.raises(AuthenticationFailed) as raised:
        fetch(client_for(netsuite_sandbox.client_env()))
    assert (raised.value.status, raised.value.code, raised.value.stage) == (401, "INVALID_LOGIN", "query")
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_a_concurrency_limit_429_is_retried_once_the_slot_frees(netsuite_sandbox, client_for, sleep):
    # given the account's only concurrent slot taken by another integration's slow request
    netsuite_sandbox.faults.concurrency_limit = 1
    netsuite_sandbox.faults.latency_ms = 1500
    other = threading.Thread(target=_other_integration_request, args=(netsuite_sandbox.url,))
    other.start()
    _wait_until(lambda: netsuite_sandbox.stats.in_flight == 1)
    # and a pause that lasts until that request is done (instead of a real sleep)
    netsuite_sandbox.faults.latency_ms = 0
    sleep.on_sleep = lambda: other.join(timeout=30)
    # when an order is fetched
    order, trace = fetch(client_for(netsuite_sandbox.client_env()))
    # then the first attempt got 429 and the second, after one pause, the order
    assert order is not None
    assert netsuite_sandbox.stats.status_counts[429] == 1
    assert len(sleep.pauses) == 1
    assert trace.netsuite_attempts == 2


def test_a_lasting_concurrency_limit_surfaces_as_rate_limited(netsuite_sandbox, client_for, sleep):
    # given the only slot held for the whole call
    netsuite_sandbox.faults.concurrency_limit = 1
    netsuite_sandbox.faults.latency_ms = 1500
    other = threading.Thread(target=_other_integration_request, args=(netsuite_sandbox.url,))
    other.start()
    _wait_until(lambda: netsuite_sandbox.stats.in_flight == 1)
    try:
        # when an order is fetched
        with pytest.raises(RateLimited) as raised:
            fetch(client_for(netsuite_sandbox.client_env()))
    finally:
        other.join(timeout=30)
    # then every attempt met the limit and the caller is told to come back in 1-3 s
    assert netsuite_sandbox.stats.status_counts[429] == 3
    assert (raised.value.status, raised.value.code) == (429, "CONCURRENCY_LIMIT_EXCEEDED")
    assert 1 <= raised.value.retry_after <= 3
    assert raised.value.trace.upstream_error == "RateLimited"


def test_no_attempt_starts_when_the_budget_cannot_hold_one(netsuite_sandbox, client_for):
    client = client_for(netsuite_sandbox.client_env())
    with pytest.raises(DeadlineExceeded) as raised:
        fetch(client, deadline=Deadline.after(0.1))
    assert netsuite_sandbox.stats.suiteql_requests == 0
    assert raised.value.trace.upstream_error == "DeadlineExceeded"


def test_an_attempt_is_cut_short_by_the_budget(netsuite_sandbox, client_for):
    # given NetSuite taking 3 s to answer, a per-attempt timeout of 8 s, and a budget of 1 s
    netsuite_sandbox.faults.latency_ms = 3000
    client = client_for(netsuite_sandbox.client_env())
    # when an order is fetched
    with pytest.raises(DeadlineExceeded):
        fetch(client, deadline=Deadline.after(1.0))
    # then the single attempt timed out with the budget and no other one was started
    assert netsuite_sandbox.stats.suiteql_requests == 1


class SteppingClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_no_retry_when_the_pause_would_leave_too_little_budget(netsuite_sandbox, client_for, sleep):
    # given a budget of 0.6 s on a clock that does not move, a pause of 0.25 s and a 0.5 s minimum per attempt
    netsuite_sandbox.faults.fail_next(1, status=503)
    clock = SteppingClock()
    client = client_for(netsuite_sandbox.client_env(), random=lambda: 0.999)
    # when the first attempt fails
    with pytest.raises(Unavailable):
        fetch(client, deadline=Deadline(0.6, clock))
    # then the transient failure is reported instead of a retry that could not finish
    assert netsuite_sandbox.stats.suiteql_requests == 1
    assert sleep.pauses == []


def test_backoff_grows_exponentially_with_full_jitter():
    policy = RetryPolicy(max_attempts=6, base_delay_seconds=0.25, max_delay_seconds=2.0)
    assert [policy.backoff(n, lambda: 1.0) for n in range(1, 6)] == [0.25, 0.5, 1.0, 2.0, 2.0]
    assert {policy.backoff(n, lambda: 0.0) for n in range(1, 6)} == {0.0}


def test_a_timeout_shorter_than_netsuites_latency_is_retried_then_reported(netsuite_sandbox, client_for, sleep):
    # given a per-attempt timeout of 0.5 s and NetSuite answering after 2 s
    netsuite_sandbox.faults.latency_ms = 2000
    env = netsuite_sandbox.client_env() | {"NETSUITE_TIMEOUT_SECONDS": "0.5", "NETSUITE_MAX_ATTEMPTS": "2"}
    client = client_for(env, retry=RetryPolicy(max_attempts=2, min_attempt_seconds=0.1))
    # when an order is fetched with plenty of budget
    with pytest.raises(Unavailable) as raised:
        fetch(client, deadline=Deadline.after(20))
    # then both attempts timed out and the outage is reported as transient
    assert "did not answer within 0.5 s" in str(raised.value)
    assert netsuite_sandbox.stats.suiteql_requests == 2
    assert len(sleep.pauses) == 1


def test_the_check_query_is_trivial_and_reports_the_servers_clock(netsuite_sandbox, client_for):
    client = client_for(netsuite_sandbox.client_env())
    result = client.check(Deadline.after(5))
    assert (result.mode, result.realm, result.base_url) == ("tba", "1234567_SB1", netsuite_sandbox.url)
    assert result.rows == 1
    assert result.server_date is not None
    assert result.clock_skew_seconds is not None
    assert abs(result.clock_skew_seconds) < 5


def test_columns_can_be_typed_for_any_query(netsuite_sandbox, client_for):
    client = client_for(netsuite_sandbox.client_env())
    rows = client.suiteql(
        "SELECT id, isperson FROM customer WHERE id = 104",
        {"id": Column.INTEGER, "isperson": Column.FLAG},
        deadline=Deadline.after(5),
        trace=Trace(),
    )
    assert rows == [{"id": 104, "isperson": True}]


def _other_integration_request(url: str) -> None:
    with httpx.Client() as other:
        other.post(f"{url}/services/rest/query/v1/suiteql", json={"q": "SELECT id FROM item"}, timeout=30)


def _wait_until(condition, attempts: int = 500) -> None:
    for _ in range(attempts):
        if condition():
            return
        threading.Event().wait(0.01)
    raise AssertionError("condition not reached within 5 s")
