"""Whatever arrives, the handler answers with JSON and a deliberate status: never a 500, never an exception."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stack import FakeLambdaContext, function_env, load_event, proxy_event, running_function

INJECTIONS = [
    "SO1' OR '1'='1",
    "SO1'--",
    "'; DROP TABLE transaction; --",
    "SO1\x00",
    "SO100001' UNION SELECT email FROM customer --",
    "${jndi:ldap://x}",
    "<script>alert(1)</script>",
    "SO\uff11\uff10\uff10\uff10\uff10\uff11",  # full-width digits
    "\uff33\uff2f100001",  # full-width letters
    "SO100001\u202e",
    "\ud800",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
field_values = st.one_of(json_values, st.sampled_from(INJECTIONS), st.text(min_size=1, max_size=5000))
bodies = st.one_of(
    st.fixed_dictionaries({"order_number": field_values, "email": field_values}),
    json_values.map(json.dumps),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    st.text(max_size=300),
)


@pytest.fixture(scope="module")
def fuzz_function(netsuite_sandbox_server):
    with running_function(function_env(netsuite_sandbox_server.url, dsn=None)) as api:
        yield api


def assert_deliberate(result: dict) -> None:
    assert result["statusCode"] in {200, 400, 404, 405, 413}, result
    body = json.loads(result["body"])
    assert isinstance(body, dict)
    assert body["success"] is (result["statusCode"] == 200)
    assert "Traceback" not in result["body"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_any_body_gets_a_deliberate_answer(fuzz_function, body):
    event = proxy_event(body if isinstance(body, str) else json.dumps(body))
    assert_deliberate(fuzz_function.handle(event, FakeLambdaContext()))


event_parts = st.dictionaries(
    st.sampled_from(["httpMethod", "headers", "body", "isBase64Encoded", "requestContext", "path", "resource"]),
    json_values,
    max_size=7,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=event_parts)
def test_any_mangled_event_gets_a_deliberate_answer(fuzz_function, changes):
    # given the sample event with any of its parts replaced by arbitrary JSON
    event = {**load_event("apiGatewayProxyEvent"), **changes}
    # then the handler still answers deliberately (OPTIONS aside, which has no body)
    result = fuzz_function.handle(event, FakeLambdaContext())
    if result["statusCode"] == 200 and result["body"] == "":
        return
    assert_deliberate(result)


@pytest.mark.parametrize("event", [None, [], "", 42, {"httpMethod": "POST"}])
def test_an_event_that_is_not_an_event_is_refused_cleanly(fuzz_function, event):
    result = fuzz_function.handle(event, None)
    assert result["statusCode"] in {400, 405}
