"""Every NetSuite fault against every state of the cache: the status and error code each cell must give.

                 cache miss              fresh snapshot    stale snapshot (1 h)     store down
    timeout      503 NETSUITE_UNAVAILABLE  200 from cache    200 from cache           503 NETSUITE_UNAVAILABLE
    5xx          503 NETSUITE_UNAVAILABLE  200 from cache    200 from cache           503 NETSUITE_UNAVAILABLE
    429          503 NETSUITE_UNAVAILABLE  200 from cache    200 from cache           503 NETSUITE_UNAVAILABLE
    401          502 NETSUITE_ERROR        200 from cache    502 NETSUITE_ERROR       502 NETSUITE_ERROR
    malformed    502 NETSUITE_ERROR        200 from cache    502 NETSUITE_ERROR       502 NETSUITE_ERROR

A stale snapshot stands in only while NetSuite is unavailable: a refused login or a broken answer is our
problem to fix, not something to hide behind day-old data.
"""

import pytest

from tests.stack import UNREACHABLE_DSN, function_env, proxy_event, respond, running_function

CUSTOMER = {"order_number": "SO100001", "email": "purchasing@acme-industrial.com"}


def inject(sandbox, fault: str) -> None:
    faults = sandbox.faults
    if fault == "timeout":
        faults.latency_ms = 3_000  # past NETSUITE_TIMEOUT_SECONDS=0.5 below
    elif fault == "5xx":
        faults.fail_next(10, status=500)
    elif fault == "429":
        faults.fail_next(10, status=429)  # NetSuite's account concurrency limit
    elif fault == "401":
        faults.unauthorized_next(10)
    elif fault == "malformed":
        faults.malformed_next(10)


UNAVAILABLE = ("timeout", "5xx", "429")
BROKEN = ("401", "malformed")
EXPECTED = {
    **{(fault, "miss"): (503, "NETSUITE_UNAVAILABLE") for fault in UNAVAILABLE},
    **{(fault, "miss"): (502, "NETSUITE_ERROR") for fault in BROKEN},
    **{(fault, "fresh"): (200, None) for fault in UNAVAILABLE + BROKEN},
    **{(fault, "stale"): (200, None) for fault in UNAVAILABLE},
    **{(fault, "stale"): (502, "NETSUITE_ERROR") for fault in BROKEN},
    **{(fault, "store down"): (503, "NETSUITE_UNAVAILABLE") for fault in UNAVAILABLE},
    **{(fault, "store down"): (502, "NETSUITE_ERROR") for fault in BROKEN},
}


@pytest.mark.parametrize(("fault", "cache"), sorted(EXPECTED))
def test_fault_matrix(netsuite_sandbox, database, fault, cache):
    # given the function with a short NetSuite timeout, and the cache in the state this cell names
    dsn = UNREACHABLE_DSN if cache == "store down" else database.dsn
    env = function_env(netsuite_sandbox.url, dsn=dsn, NETSUITE_TIMEOUT_SECONDS="0.5", TIME_BUDGET_SECONDS="8")
    with running_function(env) as function:
        if cache in {"fresh", "stale"}:
            assert respond(function, proxy_event(CUSTOMER))[0] == 200
        if cache == "stale":
            database.run("update private.order_snapshots set fetched_at = now() - interval '1 hour'")
        calls_before = netsuite_sandbox.stats.suiteql_requests
        # when NetSuite fails this way
        inject(netsuite_sandbox, fault)
        status, headers, body = respond(function, proxy_event(CUSTOMER))
        netsuite_sandbox.reset()
    # then the caller gets exactly this cell's answer
    expected_status, expected_code = EXPECTED[(fault, cache)]
    assert status == expected_status, body
    if expected_code is None:
        assert body["order"]["from_cache"] is True
        assert body["order"]["email_match"] is True
    else:
        assert body["error_code"] == expected_code
        assert int(headers["Retry-After"]) > 0
    if cache == "fresh":
        assert calls_before == 1  # and the fault was never reached: the snapshot answered
