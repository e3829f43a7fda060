"""How the function's answer, failure or slowness reaches the client, as API Gateway maps it."""

import threading

import httpx
import pytest

from pickup_dev.gateway import FunctionConfig
from tests.gateway import handlers
from tests.gateway.support import KEY

INTERNAL_ERROR = {"message": "Internal server error"}


def test_the_function_answer_becomes_the_http_response(gateway):
    # given a function that answers with a status, single and multi-value headers and a body
    def handler(event, context):
        return {
            "statusCode": 201,
            "headers": {"X-Reference": "abc", "Cache-Control": "no-store"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"], "Cache-Control": ["private"]},
            "body": '{"created":true}',
            "isBase64Encoded": False,
        }

    gw = gateway(handler)

    # when a client posts
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})

    # then status, headers and body come through; multiValueHeaders win for a name in both maps
    assert response.status_code == 201
    assert response.json() == {"created": True}
    assert response.headers["X-Reference"] == "abc"
    assert response.headers.get_list("Set-Cookie") == ["a=1", "b=2"]
    assert response.headers.get_list("Cache-Control") == ["private"]
    assert response.headers["Content-Type"] == "application/json"  # API Gateway's default
    assert response.headers["Content-Length"] == str(len(response.content))
    assert response.headers["x-amzn-RequestId"]


def test_a_function_that_raises_gets_502_without_its_message(gateway, caplog):
    # given a function that raises with personal data in the message
    gw = gateway(handlers.raise_error, allowed_origin="https://pickup.example.com")

    # when a client posts
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})

    # then API Gateway's generic 502 comes back with CORS headers, and no log line repeats the message
    assert response.status_code == 502
    assert response.json() == INTERNAL_ERROR
    assert response.headers["Access-Control-Allow-Origin"] == "https://pickup.example.com"
    assert "RuntimeError" in caplog.text
    assert "jane.doe@example.com" not in caplog.text


@pytest.mark.parametrize(
    "result",
    [
        None,
        "OK",
        [200],
        {"statusCode": 200, "body": {"not": "a string"}},
        {"statusCode": 200, "body": "x", "cookies": ["a=1"]},
        {"body": "no status"},
        {"statusCode": "two hundred", "body": ""},
        {"statusCode": 700, "body": ""},
        {"statusCode": 200, "headers": ["X-A"]},
        {"statusCode": 200, "headers": {"X-A": {"nested": 1}}},
        {"statusCode": 200, "multiValueHeaders": {"X-A": "not-a-list"}},
        {"statusCode": 200, "body": "%%%", "isBase64Encoded": True},
        {"statusCode": 200, "body": "x", "isBase64Encoded": "yes"},
        {"statusCode": 200, "body": "x", "extra": object()},
    ],
    ids=[
        "null",
        "string",
        "list",
        "object-body",
        "unknown-field",
        "no-status",
        "text-status",
        "status-out-of-range",
        "headers-list",
        "header-object",
        "multi-value-not-list",
        "bad-base64",
        "base64-flag-not-bool",
        "not-json-serializable",
    ],
)
def test_a_malformed_proxy_result_gets_502(gateway, result):
    # given a function that answers in the wrong shape
    gw = gateway(lambda event, context: result)

    # when a client posts
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})

    # then API Gateway answers 502 Internal server error
    assert response.status_code == 502
    assert response.json() == INTERNAL_ERROR


def test_a_string_status_code_of_digits_is_accepted(gateway):
    # given a function that writes its status as a string
    gw = gateway(lambda event, context: {"statusCode": "202", "body": ""})

    # when a client posts, then the status is used as is
    assert httpx.post(f"{gw.url}/validate-order", headers=KEY, json={}).status_code == 202


def test_a_function_slower_than_the_integration_timeout_gets_504(gateway):
    # given a function that waits until the test lets it go, and a short integration timeout
    release = threading.Event()

    def slow(event, context):
        release.wait(10)
        return {"statusCode": 200, "body": "late"}

    gw = gateway(slow, integration_timeout=0.2)

    # when a client posts
    try:
        response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})
    finally:
        release.set()

    # then API Gateway stops waiting and answers 504, with CORS headers
    assert response.status_code == 504
    assert response.json() == {"message": "Endpoint request timed out"}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_function_past_its_own_timeout_is_a_function_error(gateway):
    # given a function whose Lambda timeout is shorter than the integration timeout
    release = threading.Event()

    def slow(event, context):
        release.wait(10)
        return {"statusCode": 200, "body": "late"}

    gw = gateway(slow, function=FunctionConfig(timeout=0.2), integration_timeout=29.0)

    # when a client posts
    try:
        response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})
    finally:
        release.set()

    # then Lambda reports "Task timed out", which API Gateway answers with 502
    assert response.status_code == 502
    assert response.json() == INTERNAL_ERROR


def test_an_event_over_lambdas_6_mb_limit_is_rejected_with_500(gateway):
    # given a function behind the gateway
    calls = []
    gw = gateway(lambda event, context: calls.append(1))

    # when a client posts 7 MB, which API Gateway accepts (10 MB) but Lambda refuses (6 MB)
    response = httpx.post(
        f"{gw.url}/validate-order",
        headers={**KEY, "Content-Type": "text/plain"},
        content=b"a" * (7 * 1024 * 1024),
    )

    # then the invocation is rejected and API Gateway answers 500, without calling the function
    assert response.status_code == 500
    assert response.json() == INTERNAL_ERROR
    assert calls == []


def test_a_response_over_lambdas_6_mb_limit_is_a_function_error(gateway):
    # given a function that answers with 7 MB
    gw = gateway(lambda event, context: {"statusCode": 200, "body": "a" * (7 * 1024 * 1024)})

    # when a client posts, then API Gateway answers 502
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})
    assert response.status_code == 502
