"""Faults of the OAuth 2.0 token endpoint: a 5xx, a dropped connection, a body that is not JSON.

They have their own queue, apart from the SuiteQL faults, are counted in the stats and cleared by reset.
"""

import httpx
import pytest

from tests.sandbox.clients import assertion, http, request_token, suiteql

QUERY = "SELECT tranid FROM transaction WHERE tranid = 'SO100001'"


def test_fail_next_token_answers_the_next_token_requests_with_a_netsuite_shaped_5xx(netsuite_sandbox):
    # given two injected 503s on the token endpoint
    netsuite_sandbox.faults.fail_next_token(2, status=503)
    # when three well-signed token requests are sent
    responses = [request_token(netsuite_sandbox, assertion(netsuite_sandbox)) for _ in range(3)]
    # then the first two fail on NetSuite's side and the third gets a token
    assert [r.status_code for r in responses] == [503, 503, 200]
    assert responses[0].json()["o:errorDetails"][0]["o:errorCode"] == "UNEXPECTED_ERROR"
    assert "access_token" in responses[2].json()
    # and the stats count every request and the faults served, with nothing in the audit trail
    assert netsuite_sandbox.stats.token_requests == 3
    assert netsuite_sandbox.stats.token_faults == {"fail:503": 2}
    assert netsuite_sandbox.stats.status_counts == {503: 2, 200: 1}
    assert netsuite_sandbox.audit_trail == []


@pytest.mark.parametrize("status", [200, 400, 401, 429])
def test_fail_next_token_refuses_a_status_that_is_not_a_server_failure(netsuite_sandbox, status):
    # given a status that is not a 5xx
    # when it is injected on the token endpoint
    # then the sandbox refuses the setting
    with pytest.raises(ValueError, match="5xx"):
        netsuite_sandbox.faults.fail_next_token(status=status)


def test_drop_next_token_closes_the_connection_without_a_response(netsuite_sandbox):
    # given one dropped token request
    netsuite_sandbox.faults.drop_next_token()
    # when two token requests are sent
    with pytest.raises(httpx.RemoteProtocolError):
        request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    after = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    # then the first got no answer at all and the second is served
    assert after.status_code == 200
    assert netsuite_sandbox.stats.dropped == 1
    assert netsuite_sandbox.stats.token_requests == 2
    assert netsuite_sandbox.stats.token_faults == {"drop": 1}


def test_malformed_next_token_answers_200_with_a_body_that_is_not_json(netsuite_sandbox):
    # given one malformed token answer
    netsuite_sandbox.faults.malformed_next_token()
    # when a token is requested
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    # then the status looks fine but the body does not parse
    assert response.status_code == 200
    with pytest.raises(ValueError, match=r"Expecting|Unterminated"):
        response.json()
    assert netsuite_sandbox.stats.token_faults == {"malformed": 1}


def test_token_faults_and_suiteql_faults_are_used_up_by_their_own_endpoint(netsuite_sandbox):
    # given a 502 queued for SuiteQL and a 500 queued for the token endpoint
    netsuite_sandbox.faults.fail_next(1, status=502)
    netsuite_sandbox.faults.fail_next_token(1, status=500)
    # when a token is requested, then a query sent, twice
    token_statuses = [request_token(netsuite_sandbox, assertion(netsuite_sandbox)).status_code for _ in range(2)]
    query_statuses = [suiteql(netsuite_sandbox, QUERY).status_code for _ in range(2)]
    # then each endpoint met its own fault once
    assert token_statuses == [500, 200]
    assert query_statuses == [502, 200]
    assert netsuite_sandbox.stats.token_faults == {"fail:500": 1}


def test_a_token_fault_comes_before_the_assertion_is_checked(netsuite_sandbox):
    # given a queued 503 and an assertion for another client
    netsuite_sandbox.faults.fail_next_token(1)
    # when it is sent
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox, iss="another-client"))
    # then the outage answers, and the login was never judged
    assert response.status_code == 503
    assert netsuite_sandbox.audit_trail == []


def test_reset_clears_queued_token_faults_and_their_counts(netsuite_sandbox):
    # given token faults served and still queued
    netsuite_sandbox.faults.fail_next_token(1)
    request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    netsuite_sandbox.faults.drop_next_token(2)
    netsuite_sandbox.faults.malformed_next_token(1)
    assert netsuite_sandbox.faults.snapshot()["queued"] == {"token:drop": 2, "token:malformed": 1}
    # when reset
    netsuite_sandbox.reset()
    # then nothing is queued or counted, and a token is issued
    assert netsuite_sandbox.faults.snapshot() == {"latency_ms": 0, "concurrency_limit": None, "queued": {}}
    assert netsuite_sandbox.stats.token_faults == {}
    assert request_token(netsuite_sandbox, assertion(netsuite_sandbox)).status_code == 200


def test_the_admin_api_sets_token_faults_and_reports_them(netsuite_sandbox):
    # given token faults set over HTTP
    admin = netsuite_sandbox.url + "/__sandbox"
    settings = {"fail_next_token": {"count": 1, "status": 502}, "drop_next_token": 1, "malformed_next_token": 1}
    configured = http.post(admin + "/faults", json=settings)
    assert configured.status_code == 200
    assert configured.json()["queued"] == {"token:fail:502": 1, "token:drop": 1, "token:malformed": 1}
    # when four token requests are sent
    first = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    with pytest.raises(httpx.RemoteProtocolError):
        request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    third = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    fourth = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    # then the faults came in the order set, and the stats say so
    assert (first.status_code, third.status_code, fourth.status_code) == (502, 200, 200)
    assert "access_token" in fourth.json()
    stats = http.get(admin + "/stats").json()
    assert stats["token_requests"] == 4
    assert stats["dropped"] == 1
    assert stats["token_faults"] == {"fail:502": 1, "drop": 1, "malformed": 1}
    assert stats["suiteql_requests"] == 0
    # and reset over HTTP clears them
    http.post(admin + "/faults", json={"fail_next_token": 3})
    assert http.post(admin + "/reset").status_code == 200
    assert http.get(admin + "/faults").json()["queued"] == {}
    assert http.get(admin + "/stats").json()["token_faults"] == {}


@pytest.mark.parametrize(
    "settings",
    [{"fail_next_token": {"status": 404}}, {"drop_next_token": "one"}, {"malformed_next_token": -1}],
)
def test_the_admin_api_refuses_bad_token_fault_settings(netsuite_sandbox, settings):
    # given a token fault setting with a wrong status, type or count
    # when posted
    response = http.post(netsuite_sandbox.url + "/__sandbox/faults", json=settings)
    # then it is refused and nothing is queued
    assert response.status_code == 400
    assert netsuite_sandbox.faults.snapshot()["queued"] == {}
