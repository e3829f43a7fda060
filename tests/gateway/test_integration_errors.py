"""How the function's answer, failure or slowness reaches the client, as the deployed API maps it.

API Gateway's own 5XX answers follow the gateway responses in infra/api_gateway.tf: a function error, a malformed
result or a refused invocation is 503 with Retry-After (AWS's default would be 502 or 500), an integration timeout
stays 504 with Retry-After; the body keeps API Gateway's message.
"""

import threading

import httpx
import pytest

from pickup_dev.gateway import FunctionConfig, GatewayResponses
from tests.gateway import handlers
from tests.gateway.support import KEY

INTERNAL_ERROR = {"message": "Internal server error"}


def assert_retry_later(response: httpx.Response, status: int = 503, retry_after: str = "2") -> None:
    assert response.status_code == status
    assert response.headers["Retry-After"] == retry_after
    assert response.headers["Access-Control-Expose-Headers"] == "Retry-After"


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


def test_a_function_that_raises_gets_503_with_retry_after_without_its_message(gateway, caplog):
    # given a function that raises with personal data in the message
    gw = gateway(handlers.raise_error, allowed_origin="https://pickup.example.com")

    # when a client posts
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})

    # then the customised DEFAULT_5XX comes back: 503, Retry-After, CORS headers, API Gateway's generic message
    assert_retry_later(response)
    assert response.json() == INTERNAL_ERROR
    assert response.headers["Access-Control-Allow-Origin"] == "https://pickup.example.com"
    # and no log line repeats the function's message
    assert "RuntimeError" in caplog.text
    assert "jane.doe@example.com" not in caplog.text


def test_with_gateway_responses_uncustomised_a_function_error_is_the_aws_default_502(gateway):
    # given a gateway whose gateway responses are AWS's defaults, and a function that raises
    gw = gateway(handlers.raise_error, gateway_responses=GatewayResponses.uncustomised())

    # when a client posts
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})

    # then API Gateway's default answer comes back: 502, no Retry-After, no CORS headers
    assert response.status_code == 502
    assert response.json() == INTERNAL_ERROR
    assert "Retry-After" not in response.headers
    assert "Access-Control-Allow-Origin" not in response.headers


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
def test_a_malformed_proxy_result_gets_503_with_retry_after(gateway, result):
    # given a function that answers in the wrong shape
    gw = gateway(lambda event, context: result)

    # when a client posts
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})

    # then API Gateway's 502 Internal server error reaches the client as the customised 503
    assert_retry_later(response)
    assert response.json() == INTERNAL_ERROR


def test_a_string_status_code_of_digits_is_accepted(gateway):
    # given a function that writes its status as a string
    gw = gateway(lambda event, context: {"statusCode": "202", "body": ""})

    # when a client posts, then the status is used as is
    assert httpx.post(f"{gw.url}/validate-order", headers=KEY, json={}).status_code == 202


def test_a_function_slower_than_the_integration_timeout_gets_504_with_retry_after(gateway):
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

    # then API Gateway stops waiting and answers 504 (INTEGRATION_TIMEOUT keeps it), with Retry-After and CORS
    assert_retry_later(response, status=504, retry_after="5")
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

    # then Lambda reports "Task timed out", a function error: the customised 503
    assert_retry_later(response)
    assert response.json() == INTERNAL_ERROR


def test_an_event_over_lambdas_6_mb_limit_is_rejected_with_503(gateway):
    # given a function behind the gateway
    calls = []
    gw = gateway(lambda event, context: calls.append(1))

    # when a client posts 7 MB, which API Gateway accepts (10 MB) but Lambda refuses (6 MB)
    response = httpx.post(
        f"{gw.url}/validate-order",
        headers={**KEY, "Content-Type": "text/plain"},
        content=b"a" * (7 * 1024 * 1024),
    )

    # then the invocation is rejected without calling the function: API Gateway's 500, customised to 503
    assert_retry_later(response)
    assert response.json() == INTERNAL_ERROR
    assert calls == []


def test_a_response_over_lambdas_6_mb_limit_is_a_function_error(gateway):
    # given a function that answers with 7 MB
    gw = gateway(lambda event, context: {"statusCode": 200, "body": "a" * (7 * 1024 * 1024)})

    # when a client posts
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})

    # then API Gateway's 502, customised to 503
    assert_retry_later(response)
