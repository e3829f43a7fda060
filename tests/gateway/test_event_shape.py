"""The handler receives what API Gateway REST sends a Lambda proxy integration (payload format 1.0)."""

import re
import uuid

import httpx

from pickup_dev.gateway import FunctionConfig
from tests.fixtures.gateway import TEST_API_KEY
from tests.gateway.support import KEY, Recorder, documented_event


def test_the_event_has_every_field_of_aws_documented_sample(gateway):
    # given a gateway in front of a handler that records its events
    handler = Recorder()
    gw = gateway(handler)
    sample = documented_event()

    # when a client posts an order
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={"order_number": "SO-1"})

    # then the event has the sample's fields at every level, except the parts this API does not use
    # (no authorizer, no mutual TLS)
    assert response.status_code == 200
    event = handler.events[0]
    assert set(event) == set(sample)
    assert set(event["requestContext"]) == set(sample["requestContext"]) - {"authorizer"}
    assert set(event["requestContext"]["identity"]) >= set(sample["requestContext"]["identity"]) - {"clientCert"}


def test_the_event_describes_the_request_as_received(gateway):
    # given a gateway on stage "local"
    handler = Recorder()
    gw = gateway(handler)

    # when a client posts JSON with a header written in its own case
    response = httpx.post(
        f"{gw.url}/validate-order",
        headers={"x-api-key": TEST_API_KEY, "X-Custom-Thing": "Value", "User-Agent": "pickup-kiosk/1.0"},
        content=b'{"order_number":"SO-1"}',
    )

    # then the event names the resource, method, body and stage as API Gateway would
    event = handler.events[0]
    context = event["requestContext"]
    assert (event["resource"], event["path"], event["httpMethod"]) == ("/validate-order", "/validate-order", "POST")
    assert event["headers"]["X-Custom-Thing"] == "Value"
    assert event["multiValueHeaders"]["X-Custom-Thing"] == ["Value"]
    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["pathParameters"] is None
    assert event["stageVariables"] is None
    assert (event["body"], event["isBase64Encoded"]) == ('{"order_number":"SO-1"}', False)
    assert context["stage"] == "local"
    assert context["path"] == "/local/validate-order"
    assert context["resourcePath"] == "/validate-order"
    assert context["httpMethod"] == "POST"
    assert context["protocol"] == "HTTP/1.1"
    assert context["accountId"] == "123456789012"
    assert re.fullmatch(r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000", context["requestTime"])
    assert isinstance(context["requestTimeEpoch"], int)
    # and the request id is a fresh UUID, also returned to the client
    assert uuid.UUID(context["requestId"])
    assert response.headers["x-amzn-RequestId"] == context["requestId"]
    # and the identity carries the caller and the API key used
    identity = context["identity"]
    assert identity["sourceIp"] == "127.0.0.1"
    assert identity["userAgent"] == "pickup-kiosk/1.0"
    assert identity["apiKey"] == TEST_API_KEY
    assert identity["apiKeyId"] == gw.api_key_id


def test_headers_keep_the_last_value_and_multi_value_headers_keep_all(gateway):
    # given a gateway in front of a recording handler
    handler = Recorder()
    gw = gateway(handler)

    # when a header is repeated
    httpx.post(
        f"{gw.url}/validate-order",
        headers=[("X-Api-Key", TEST_API_KEY), ("X-Tag", "first"), ("X-Tag", "second")],
        json={},
    )

    # then `headers` has the last value and `multiValueHeaders` both, in order
    event = handler.events[0]
    assert event["headers"]["X-Tag"] == "second"
    assert event["multiValueHeaders"]["X-Tag"] == ["first", "second"]


def test_query_parameters_are_decoded_with_repeats_in_the_multi_value_map(gateway):
    # given a gateway in front of a recording handler
    handler = Recorder()
    gw = gateway(handler)

    # when the URL has a repeated parameter, an encoded one and an empty one
    httpx.post(f"{gw.url}/validate-order?source=kiosk&source=web&note=a%20b&flag=", headers=KEY, json={})

    # then both maps are filled as API Gateway fills them
    event = handler.events[0]
    assert event["queryStringParameters"] == {"source": "web", "note": "a b", "flag": ""}
    assert event["multiValueQueryStringParameters"] == {"source": ["kiosk", "web"], "note": ["a b"], "flag": [""]}


def test_api_gateway_adds_forwarding_headers(gateway):
    # given a gateway in front of a recording handler
    handler = Recorder()
    gw = gateway(handler)

    # when a client behind a proxy posts
    httpx.post(f"{gw.url}/validate-order", headers={**KEY, "X-Forwarded-For": "198.51.100.7"}, json={})

    # then the client's address is appended to X-Forwarded-For and a trace id is set
    headers = handler.events[0]["headers"]
    assert headers["X-Forwarded-For"] == "198.51.100.7, 127.0.0.1"
    assert headers["X-Forwarded-Proto"] == "http"
    assert headers["X-Amzn-Trace-Id"].startswith("Root=1-")


def test_the_stage_prefixed_url_reaches_the_same_resource(gateway):
    # given a gateway on stage "local"
    handler = Recorder()
    gw = gateway(handler)

    # when a client uses the invoke URL with the stage, as the deployed API has it
    response = httpx.post(f"{gw.stage_url}/validate-order", headers=KEY, json={})

    # then the handler sees the path relative to the stage
    assert response.status_code == 200
    assert handler.events[0]["path"] == "/validate-order"
    assert handler.events[0]["requestContext"]["path"] == "/local/validate-order"


def test_the_context_object_is_the_lambda_runtime_one(gateway):
    # given a function configured with its name, memory and a 28 s timeout
    handler = Recorder()
    function = FunctionConfig(name="pickup-validate-order", memory_mb=512, timeout=28.0)
    gw = gateway(handler, function=function)

    # when the handler is invoked
    httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})

    # then the context has the runtime's attributes and counts down from the function timeout
    context = handler.contexts[0]
    assert uuid.UUID(context.aws_request_id)
    assert context.aws_request_id != handler.events[0]["requestContext"]["requestId"]
    assert context.function_name == "pickup-validate-order"
    assert context.memory_limit_in_mb == "512"  # a string, as the Python runtime reads it from the environment
    assert context.invoked_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:pickup-validate-order"
    assert 0 < context.get_remaining_time_in_millis() <= 28_000
