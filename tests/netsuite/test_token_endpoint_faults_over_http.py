"""OAuth 2.0 mode against a failing token endpoint: what is retried, how often, and what surfaces.

A 5xx or a dropped connection is an outage (Unavailable, answered 503 with Retry-After) and is retried like a
failed query, within the same attempt budget; each retry signs a new client assertion. A token answer that is
not JSON is MalformedResponse (answered 502) and is never retried. A refused assertion is AuthenticationFailed
and is not retried either.
"""

from collections.abc import Iterator
from urllib.parse import parse_qsl

import httpx
import jwt
import pytest
from tests.netsuite.keys import rsa_private_pem

from pickup.api.responses import answer_for
from pickup.domain.deadline import Deadline
from pickup.domain.errors import UpstreamError, UpstreamUnavailable
from pickup.domain.ports import Trace
from pickup.netsuite import AuthenticationFailed, MalformedResponse, Unavailable
from pickup_dev.sandbox import DEMO_M2M

TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"


class SentAssertions(list[str]):
    """The client assertions the client put on the wire, in the order it sent them."""

    def record(self, request: httpx.Request) -> None:
        if request.url.path == TOKEN_PATH:
            self.append(dict(parse_qsl(request.read().decode()))["client_assertion"])


@pytest.fixture
def sent_assertions() -> SentAssertions:
    return SentAssertions()


@pytest.fixture
def http(sent_assertions: SentAssertions) -> Iterator[httpx.Client]:
    """The pooled client the Lambda uses, watching what goes to the token endpoint (overrides conftest's)."""
    with httpx.Client(trust_env=False, event_hooks={"request": [sent_assertions.record]}) as client:
        yield client


def fetch(client, number="SO100001"):
    trace = Trace()
    try:
        return client.fetch_sales_order(number, deadline=Deadline.after(10), trace=trace), trace
    except Exception as error:
        error.trace = trace
        raise


def assert_each_is_a_new_valid_assertion(sandbox, assertions: list[str]) -> None:
    assert len(set(assertions)) == len(assertions), "an assertion was sent twice"
    for sent in assertions:
        claims = jwt.decode(
            sent, DEMO_M2M.public_key_pem, algorithms=["ES256"], audience=sandbox.url + TOKEN_PATH, leeway=60
        )
        assert claims["iss"] == DEMO_M2M.client_id


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_token_endpoint_5xx_is_retried_with_a_new_assertion_each_time(
    netsuite_sandbox, client_for, sleep, sent_assertions, status
):
    # given the token endpoint failing twice
    netsuite_sandbox.faults.fail_next_token(2, status=status)
    client = client_for(netsuite_sandbox.client_env("m2m"))
    # when an order is fetched
    order, trace = fetch(client)
    # then the third token request succeeds and the query is sent once, after two backoff pauses
    assert order is not None
    assert netsuite_sandbox.stats.token_requests == 3
    assert netsuite_sandbox.stats.token_faults == {f"fail:{status}": 2}
    assert netsuite_sandbox.stats.suiteql_requests == 1
    assert len(sleep.pauses) == 2
    assert trace.netsuite_attempts == 4
    assert trace.upstream_error is None
    # and each token request carried a freshly signed assertion that the sandbox would accept
    assert len(sent_assertions) == 3
    assert_each_is_a_new_valid_assertion(netsuite_sandbox, sent_assertions)
    assert netsuite_sandbox.audit_trail == []


def test_a_token_endpoint_outage_stops_at_max_attempts_as_unavailable(netsuite_sandbox, client_for, sleep):
    # given a token endpoint failing more often than NETSUITE_MAX_ATTEMPTS=3 allows
    netsuite_sandbox.faults.fail_next_token(5, status=503)
    client = client_for(netsuite_sandbox.client_env("m2m"))
    # when an order is fetched
    with pytest.raises(Unavailable) as raised:
        fetch(client)
    # then three token requests were made, SuiteQL was never asked, and the outage surfaces
    assert netsuite_sandbox.stats.token_requests == 3
    assert netsuite_sandbox.stats.suiteql_requests == 0
    assert len(sleep.pauses) == 2
    error = raised.value
    assert (error.stage, error.status, error.code) == ("token", 503, "UNEXPECTED_ERROR")
    assert error.trace.upstream_error == "Unavailable"
    assert error.trace.netsuite_attempts == 3
    # and it is the retry-later kind: 503 with a Retry-After of 2-5 s
    assert isinstance(error, UpstreamUnavailable)
    assert 2 <= error.retry_after <= 5
    assert answer_for(error).status == 503


def test_a_dropped_token_connection_is_retried_with_a_new_assertion(
    netsuite_sandbox, client_for, sleep, sent_assertions
):
    # given the token endpoint closing the connection twice without answering
    netsuite_sandbox.faults.drop_next_token(2)
    client = client_for(netsuite_sandbox.client_env("m2m"))
    # when an order is fetched
    order, trace = fetch(client)
    # then the third token request succeeds and the order is read
    assert order is not None
    assert netsuite_sandbox.stats.token_requests == 3
    assert netsuite_sandbox.stats.dropped == 2
    assert netsuite_sandbox.stats.suiteql_requests == 1
    assert len(sleep.pauses) == 2
    assert trace.netsuite_attempts == 4
    assert len(sent_assertions) == 3
    assert_each_is_a_new_valid_assertion(netsuite_sandbox, sent_assertions)


def test_token_connections_dropped_every_time_surface_as_unavailable(netsuite_sandbox, client_for):
    # given a token endpoint that never answers
    netsuite_sandbox.faults.drop_next_token(5)
    client = client_for(netsuite_sandbox.client_env("m2m"))
    # when an order is fetched
    with pytest.raises(Unavailable) as raised:
        fetch(client)
    # then three attempts were made and no answer is reported with no status
    assert netsuite_sandbox.stats.token_requests == 3
    assert netsuite_sandbox.stats.dropped == 3
    assert (raised.value.stage, raised.value.status) == ("token", None)
    assert answer_for(raised.value).status == 503


def test_a_malformed_token_answer_is_not_retried(netsuite_sandbox, client_for, sleep):
    # given a token endpoint that would answer with a broken body again and again
    netsuite_sandbox.faults.malformed_next_token(5)
    client = client_for(netsuite_sandbox.client_env("m2m"))
    # when an order is fetched
    with pytest.raises(MalformedResponse) as raised:
        fetch(client)
    # then the token endpoint was asked once, without a pause, and SuiteQL never
    assert netsuite_sandbox.stats.token_requests == 1
    assert netsuite_sandbox.stats.suiteql_requests == 0
    assert sleep.pauses == []
    error = raised.value
    assert (error.stage, error.status) == ("token", 200)
    assert error.trace.upstream_error == "MalformedResponse"
    assert error.trace.netsuite_attempts == 1
    # and it is the permanent kind: 502
    assert isinstance(error, UpstreamError)
    assert answer_for(error).status == 502


def test_after_a_malformed_token_answer_the_next_validation_asks_for_a_token_again(netsuite_sandbox, client_for):
    # given one broken token answer that failed a validation
    netsuite_sandbox.faults.malformed_next_token(1)
    client = client_for(netsuite_sandbox.client_env("m2m"))
    with pytest.raises(MalformedResponse):
        fetch(client)
    # when the next validation runs
    order, trace = fetch(client)
    # then nothing of the broken answer was kept: a new token is asked for and used
    assert order is not None
    assert netsuite_sandbox.stats.token_requests == 2
    assert trace.netsuite_attempts == 2
    assert netsuite_sandbox.audit_trail == []


def test_a_token_outage_while_renewing_a_refused_token_is_retried(netsuite_sandbox, client_for, sleep):
    # given a cached token that SuiteQL stops accepting, and a token endpoint that fails once when asked again
    client = client_for(netsuite_sandbox.client_env("m2m"))
    fetch(client)
    netsuite_sandbox.reset()
    netsuite_sandbox.faults.unauthorized_next(1)
    netsuite_sandbox.faults.fail_next_token(1, status=503)
    # when the next order is fetched
    order, trace = fetch(client)
    # then: refused query, failed renewal, pause, renewed token, answered query
    assert order is not None
    assert netsuite_sandbox.stats.suiteql_requests == 2
    assert netsuite_sandbox.stats.token_requests == 2
    assert len(sleep.pauses) == 1
    assert trace.netsuite_attempts == 4


def test_an_rsa_pss_assertion_against_the_ec_certificate_fails_authentication_once(netsuite_sandbox, client_for, sleep):
    # given a client holding an RSA key (so it signs PS256) while NetSuite maps the EC demo certificate
    client = client_for(netsuite_sandbox.client_env("m2m") | {"NETSUITE_PRIVATE_KEY": rsa_private_pem()})
    # when an order is fetched
    with pytest.raises(AuthenticationFailed) as raised:
        fetch(client)
    # then the refusal surfaces from the token endpoint after one request: not retried, SuiteQL never asked
    assert (raised.value.stage, raised.value.status, raised.value.code) == ("token", 400, "invalid_client")
    assert netsuite_sandbox.stats.token_requests == 1
    assert netsuite_sandbox.stats.suiteql_requests == 0
    assert sleep.pauses == []
    assert netsuite_sandbox.audit_trail == ["InvalidSignature"]
    assert answer_for(raised.value).status == 502
