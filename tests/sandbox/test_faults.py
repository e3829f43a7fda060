"""Fault injection and counters: what tests and benchmarks use to see how a client copes and what it cost."""

import threading
import time
from http.client import HTTPConnection
from urllib.parse import urlsplit

import httpx
import pytest

from pickup_dev.sandbox import NetSuiteSandbox
from tests.sandbox.clients import assertion, http, request_token, suiteql, tba_header

QUERY = "SELECT tranid FROM transaction WHERE tranid = 'SO100001'"


def _wait_until(condition, *, attempts: int = 400, pause: float = 0.025) -> bool:
    for _ in range(attempts):
        if condition():
            return True
        time.sleep(pause)
    return condition()


def test_fail_next_answers_the_next_requests_with_a_netsuite_shaped_5xx(netsuite_sandbox):
    # given two injected 503s
    netsuite_sandbox.faults.fail_next(2, status=503)
    # when three queries are sent
    statuses = [suiteql(netsuite_sandbox, QUERY) for _ in range(3)]
    # then the first two fail like NetSuite and the third is answered
    assert [r.status_code for r in statuses] == [503, 503, 200]
    body = statuses[0].json()
    assert body["title"] == "Service Unavailable"
    assert body["o:errorDetails"][0]["o:errorCode"] == "UNEXPECTED_ERROR"
    assert netsuite_sandbox.stats.status_counts == {503: 2, 200: 1}


def test_fail_next_429_answers_like_the_concurrency_limit(netsuite_sandbox):
    # given one injected 429
    netsuite_sandbox.faults.fail_next(status=429)
    # when a query is sent
    response = suiteql(netsuite_sandbox, QUERY)
    # then it is NetSuite's concurrency refusal
    assert response.status_code == 429
    assert response.json()["o:errorDetails"][0]["o:errorCode"] == "CONCURRENCY_LIMIT_EXCEEDED"


def test_fail_next_refuses_a_status_that_is_not_a_failure(netsuite_sandbox):
    # given a status that is not a server failure nor 429
    # when it is injected
    # then the sandbox refuses the setting
    with pytest.raises(ValueError, match="5xx"):
        netsuite_sandbox.faults.fail_next(status=404)


def test_drop_next_closes_the_connection_without_a_response(netsuite_sandbox):
    # given one dropped request
    netsuite_sandbox.faults.drop_next()
    # when two queries are sent
    with pytest.raises(httpx.RemoteProtocolError):
        suiteql(netsuite_sandbox, QUERY)
    after = suiteql(netsuite_sandbox, QUERY)
    # then the first got no answer at all and the second is served
    assert after.status_code == 200
    assert netsuite_sandbox.stats.dropped == 1
    assert netsuite_sandbox.stats.suiteql_requests == 2


def test_malformed_next_answers_200_with_a_body_that_is_not_json(netsuite_sandbox):
    # given one malformed answer
    netsuite_sandbox.faults.malformed_next()
    # when a query is sent
    response = suiteql(netsuite_sandbox, QUERY)
    # then the status looks fine but the body does not parse
    assert response.status_code == 200
    with pytest.raises(ValueError, match=r"Expecting|Unterminated"):
        response.json()


def test_unauthorized_next_refuses_even_good_credentials(netsuite_sandbox):
    # given one injected 401
    netsuite_sandbox.faults.unauthorized_next()
    # when two correctly signed queries are sent
    first, second = suiteql(netsuite_sandbox, QUERY), suiteql(netsuite_sandbox, QUERY)
    # then the first is an invalid login and the second is answered
    assert (first.status_code, second.status_code) == (401, 200)
    assert first.json()["o:errorDetails"][0]["o:errorCode"] == "INVALID_LOGIN"


def test_queued_faults_are_used_up_in_the_order_they_were_set(netsuite_sandbox):
    # given a 500, then an invalid login
    netsuite_sandbox.faults.fail_next(status=500)
    netsuite_sandbox.faults.unauthorized_next()
    # when three queries are sent
    statuses = [suiteql(netsuite_sandbox, QUERY).status_code for _ in range(3)]
    # then the faults come in that order
    assert statuses == [500, 401, 200]


def test_the_concurrency_limit_answers_429_beyond_the_requests_in_flight(netsuite_sandbox):
    # given an account limit of 2 and a latency that holds requests until released
    netsuite_sandbox.faults.concurrency_limit = 2
    netsuite_sandbox.faults.latency_ms = 60_000
    held: list[httpx.Response] = []
    threads = [threading.Thread(target=lambda: held.append(suiteql(netsuite_sandbox, QUERY))) for _ in range(2)]
    for thread in threads:
        thread.start()
    assert _wait_until(lambda: netsuite_sandbox.stats.in_flight == 2)
    # when a third request arrives while two are in flight
    blocked = suiteql(netsuite_sandbox, QUERY)
    netsuite_sandbox.faults.release_waiting()
    for thread in threads:
        thread.join(timeout=10)
    # then it is refused the way NetSuite refuses it, and the two held ones complete
    assert blocked.status_code == 429
    assert "retry-after" not in blocked.headers
    assert blocked.json() == {
        "type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
        "title": "Bad Request",
        "status": 429,
        "o:errorDetails": [
            {
                "detail": "Concurrent request limit exceeded. Request blocked.",
                "o:errorCode": "CONCURRENCY_LIMIT_EXCEEDED",
            }
        ],
    }
    assert sorted(r.status_code for r in held) == [200, 200]
    assert netsuite_sandbox.stats.max_in_flight == 2
    assert netsuite_sandbox.stats.in_flight == 0


def test_counts_suiteql_and_token_requests_and_statuses(netsuite_sandbox):
    # given a token request, two queries and one bad query
    request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    suiteql(netsuite_sandbox, QUERY)
    suiteql(netsuite_sandbox, QUERY)
    suiteql(netsuite_sandbox, "SELECT nothing FROM transaction")
    # when the counters are read
    stats = netsuite_sandbox.stats
    # then they show what was served
    assert (stats.suiteql_requests, stats.token_requests, stats.max_in_flight) == (3, 1, 1)
    assert stats.status_counts == {200: 3, 400: 1}


def test_reset_clears_counters_faults_and_the_audit_trail(netsuite_sandbox):
    # given some traffic, a refused login and pending faults
    suiteql(netsuite_sandbox, QUERY, authorization="Bearer unknown")
    netsuite_sandbox.faults.fail_next(3)
    netsuite_sandbox.faults.latency_ms = 10
    # when reset
    netsuite_sandbox.reset()
    # then everything is back to the start
    assert netsuite_sandbox.stats.snapshot()["suiteql_requests"] == 0
    assert netsuite_sandbox.stats.status_counts == {}
    assert netsuite_sandbox.faults.snapshot() == {"latency_ms": 0, "concurrency_limit": None, "queued": {}}
    assert netsuite_sandbox.audit_trail == []
    assert suiteql(netsuite_sandbox, QUERY).status_code == 200


def test_the_admin_api_sets_faults_and_reports_counters_and_the_audit_trail(netsuite_sandbox):
    # given faults set over HTTP
    admin = netsuite_sandbox.url + "/__sandbox"
    configured = http.post(admin + "/faults", json={"fail_next": {"count": 1, "status": 502}, "drop_next": 1})
    assert configured.json()["queued"] == {"fail:502": 1, "drop": 1}
    # when queries are sent
    first = suiteql(netsuite_sandbox, QUERY)
    with pytest.raises(httpx.RemoteProtocolError):
        suiteql(netsuite_sandbox, QUERY)
    suiteql(netsuite_sandbox, QUERY, authorization="Bearer unknown")
    # then the admin API reports what happened
    assert first.status_code == 502
    stats = http.get(admin + "/stats").json()
    assert stats["suiteql_requests"] == 3
    assert stats["dropped"] == 1
    assert stats["status_counts"] == {"401": 1, "502": 1}
    assert http.get(admin + "/audit-trail").json() == {"entries": ["InvalidToken"]}
    # and reset over HTTP clears it
    assert http.post(admin + "/reset").status_code == 200
    assert http.get(admin + "/stats").json()["suiteql_requests"] == 0


def test_the_admin_api_sets_latency_limit_and_token_lifetime_and_refuses_unknown_settings(netsuite_sandbox):
    # given settings posted over HTTP
    admin = netsuite_sandbox.url + "/__sandbox"
    # when applied
    ok = http.post(admin + "/faults", json={"latency_ms": 5, "concurrency_limit": 5, "token_lifetime": 2})
    unknown = http.post(admin + "/faults", json={"explode": True})
    wrong_type = http.post(admin + "/faults", json={"latency_ms": "slow"})
    # then the good ones take effect and the others are refused
    assert ok.status_code == 200
    assert (netsuite_sandbox.faults.latency_ms, netsuite_sandbox.faults.concurrency_limit) == (5, 5)
    assert request_token(netsuite_sandbox, assertion(netsuite_sandbox)).json()["expires_in"] == 2
    assert (unknown.status_code, wrong_type.status_code) == (400, 400)


def test_constructor_flags_set_latency_and_concurrency_limit():
    # given a sandbox built with faults
    with NetSuiteSandbox(latency_ms=1, concurrency_limit=5) as sandbox:
        # then they are in place and a query still works
        assert (sandbox.faults.latency_ms, sandbox.faults.concurrency_limit) == (1, 5)
        assert suiteql(sandbox, QUERY).status_code == 200


def test_serves_http_1_1_keep_alive_with_a_content_length_on_every_response(netsuite_sandbox):
    # given one raw HTTP/1.1 connection
    address = urlsplit(netsuite_sandbox.url)
    connection = HTTPConnection(address.hostname, address.port, timeout=10)
    url = netsuite_sandbox.url + "/services/rest/query/v1/suiteql"
    try:
        # when two requests (one refused, one answered) go over it
        answers = []
        for authorization in ("Bearer unknown", tba_header(url)):
            connection.request(
                "POST", "/services/rest/query/v1/suiteql", body=b'{"q": "SELECT id FROM item"}',
                headers={"Authorization": authorization, "Prefer": "transient", "Host": address.netloc},
            )  # fmt: skip
            socket_used = connection.sock
            response = connection.getresponse()
            answers.append((response.status, response.version, response.getheader("Content-Length"), socket_used))
            response.read()
        # then both were answered on the same socket, each with its length
        assert [(status, version) for status, version, _, _ in answers] == [(401, 11), (200, 11)]
        assert all(length is not None and int(length) > 0 for _, _, length, _ in answers)
        assert answers[0][3] is answers[1][3]
    finally:
        connection.close()


def test_unknown_paths_and_methods_get_netsuite_shaped_errors(netsuite_sandbox):
    # given a path NetSuite does not serve, and a GET on the SuiteQL resource
    # when requested
    missing = http.get(netsuite_sandbox.url + "/services/rest/record/v1/nothing")
    wrong_method = http.get(netsuite_sandbox.url + "/services/rest/query/v1/suiteql")
    # then both are NetSuite errors
    assert (missing.status_code, wrong_method.status_code) == (404, 405)
    assert missing.headers["content-type"] == "application/vnd.oracle.resource+json; type=error"
    assert wrong_method.json()["status"] == 405
