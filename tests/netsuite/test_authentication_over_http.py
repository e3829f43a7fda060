"""Logging in to the sandbox: OAuth 2.0 token caching and renewal, refused credentials, realm case, clock skew."""

import time

import pytest
from tests.netsuite.keys import ec_p256_private_pem

from pickup.domain.deadline import Deadline
from pickup.domain.ports import Trace
from pickup.netsuite import AuthenticationFailed


def fetch(client, number="SO100001"):
    trace = Trace()
    return client.fetch_sales_order(number, deadline=Deadline.after(10), trace=trace), trace


def test_one_access_token_serves_many_queries(netsuite_sandbox, client_for):
    client = client_for(netsuite_sandbox.client_env("m2m"))
    traces = [fetch(client)[1] for _ in range(20)]
    assert netsuite_sandbox.stats.token_requests == 1
    assert netsuite_sandbox.stats.suiteql_requests == 20
    # only the first validation paid for the token request
    assert [t.netsuite_attempts for t in traces] == [2] + [1] * 19


def test_the_token_is_renewed_five_minutes_before_it_expires(netsuite_sandbox, client_for, monotonic):
    # given tokens that NetSuite says last 3600 s
    client = client_for(netsuite_sandbox.client_env("m2m"))
    fetch(client)
    # when 54 minutes pass, the token is still used
    monotonic.advance(54 * 60)
    fetch(client)
    assert netsuite_sandbox.stats.token_requests == 1
    # and once 55 minutes have passed, a new one is asked for before the query
    monotonic.advance(60)
    _, trace = fetch(client)
    assert netsuite_sandbox.stats.token_requests == 2
    assert trace.netsuite_attempts == 2
    assert netsuite_sandbox.audit_trail == []


def test_the_renewal_follows_the_expires_in_netsuite_sends(netsuite_sandbox, client_for, monotonic):
    # given tokens that last 600 s
    netsuite_sandbox.token_lifetime = 600
    client = client_for(netsuite_sandbox.client_env("m2m"))
    fetch(client)
    # when 5 minutes and a second pass, the token is renewed
    monotonic.advance(301)
    fetch(client)
    assert netsuite_sandbox.stats.token_requests == 2


def test_a_401_from_suiteql_renews_the_token_and_retries_exactly_once(netsuite_sandbox, client_for, sleep):
    # given a cached token that NetSuite stops accepting
    client = client_for(netsuite_sandbox.client_env("m2m"))
    fetch(client)
    netsuite_sandbox.stats.reset()
    netsuite_sandbox.faults.unauthorized_next(1)
    # when the next order is fetched
    order, trace = fetch(client)
    # then a new token was asked for and the query answered on the second try, without a pause
    assert order is not None
    assert netsuite_sandbox.stats.token_requests == 1
    assert netsuite_sandbox.stats.suiteql_requests == 2
    assert trace.netsuite_attempts == 3
    assert sleep.pauses == []


def test_a_second_401_is_reported_not_retried_again(netsuite_sandbox, client_for):
    netsuite_sandbox.faults.unauthorized_next(3)
    client = client_for(netsuite_sandbox.client_env("m2m"))
    with pytest.raises(AuthenticationFailed) as raised:
        fetch(client)
    assert raised.value.stage == "query"
    assert netsuite_sandbox.stats.suiteql_requests == 2
    assert netsuite_sandbox.stats.token_requests == 2


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"NETSUITE_PRIVATE_KEY": ec_p256_private_pem()}, "InvalidSignature"),  # not the certificate's key
        ({"NETSUITE_CERTIFICATE_ID": "some-other-certificate"}, "UnknownCertificate"),
        ({"NETSUITE_CLIENT_ID": "some-other-client"}, "InvalidIntegration"),
    ],
)
def test_a_refused_client_assertion_is_invalid_client_and_not_retried(netsuite_sandbox, client_for, override, reason):
    # given OAuth 2.0 credentials that do not match the certificate mapping
    client = client_for(netsuite_sandbox.client_env("m2m") | override)
    # when an order is fetched
    with pytest.raises(AuthenticationFailed) as raised:
        fetch(client)
    # then the token endpoint's refusal surfaces once, and SuiteQL was never asked
    assert (raised.value.stage, raised.value.code) == ("token", "invalid_client")
    assert netsuite_sandbox.stats.token_requests == 1
    assert netsuite_sandbox.stats.suiteql_requests == 0
    assert netsuite_sandbox.audit_trail == [reason]


@pytest.mark.parametrize("variable", ["NETSUITE_CONSUMER_SECRET", "NETSUITE_TOKEN_SECRET"])
def test_a_wrong_tba_secret_is_a_bad_signature_and_not_retried(netsuite_sandbox, client_for, variable):
    client = client_for(netsuite_sandbox.client_env("tba") | {variable: "not-the-secret"})
    with pytest.raises(AuthenticationFailed) as raised:
        fetch(client)
    assert (raised.value.status, raised.value.code) == (401, "INVALID_LOGIN")
    assert netsuite_sandbox.stats.suiteql_requests == 1
    assert netsuite_sandbox.audit_trail == ["InvalidSignature"]


@pytest.mark.parametrize("account_id", ["1234567_sb1", "1234567-SB1", "1234567_SB1"])
def test_the_realm_is_sent_upper_case_whatever_the_case_of_the_account_id(netsuite_sandbox, client_for, account_id):
    # given the sandbox account 1234567_SB1, which refuses any other realm (as NetSuite refuses 1234567_sb1)
    client = client_for(netsuite_sandbox.client_env("tba") | {"NETSUITE_ACCOUNT_ID": account_id})
    # when an order is fetched
    order, _ = fetch(client)
    # then the login is accepted
    assert order is not None
    assert netsuite_sandbox.audit_trail == []


@pytest.mark.parametrize(("mode", "offset"), [("tba", 600), ("tba", -600), ("m2m", -600)])
def test_a_clock_ten_minutes_off_is_refused_and_the_servers_date_shows_it(netsuite_sandbox, client_for, mode, offset):
    # given a machine whose clock is 600 s off NetSuite's (an assertion from the past has already expired)
    client = client_for(netsuite_sandbox.client_env(mode), wall_clock=lambda: time.time() + offset)
    # when an order is fetched
    with pytest.raises(AuthenticationFailed) as raised:
        fetch(client)
    # then the login is refused, and the answer's Date header lets the skew be measured
    assert raised.value.server_date is not None
    skew = time.time() + offset - raised.value.server_date.timestamp()
    assert abs(skew - offset) < 60
    assert netsuite_sandbox.audit_trail == ["InvalidTimestamp" if mode == "tba" else "AssertionExpired"]
