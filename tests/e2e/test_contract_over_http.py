"""POST /validate-order end to end over HTTP: local API gateway → handler → NetSuite sandbox and PostgreSQL.

One test per case of the contract in docs/openapi.json.
"""

import json
from pathlib import Path

import httpx
import pytest

from tests.fixtures.gateway import TEST_API_KEY
from tests.stack import function_env, running_function

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
CUSTOMER = {"order_number": "SO100001", "email": "purchasing@acme-industrial.com"}
ERROR_KEYS = {"success", "error", "error_code", "reference_id"}


@pytest.fixture
def stack(netsuite_sandbox, database, gateway):
    """Start the whole stack; returns a function that builds an httpx client for it, env overrides optional."""
    with running_function(function_env(netsuite_sandbox.url, dsn=database.dsn, TIME_BUDGET_SECONDS="3")) as api:
        running = gateway(api.handle, openapi_path=OPENAPI)
        with httpx.Client(base_url=running.url, headers={"X-Api-Key": TEST_API_KEY}, timeout=20) as client:
            yield client


def post(client: httpx.Client, body: object, **kwargs) -> httpx.Response:
    content = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/validate-order", content=content, headers={"Content-Type": "application/json"}, **kwargs)


def assert_error(response: httpx.Response, status: int, code: str) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert set(body) >= ERROR_KEYS
    assert body["success"] is False
    assert body["error_code"] == code
    assert body["reference_id"] == response.headers["x-amzn-RequestId"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return body


def test_200_the_customer_sees_the_order(stack, netsuite_sandbox):
    response = post(stack, CUSTOMER)
    order = response.json()["order"]
    assert response.status_code == 200
    assert set(order) == {
        "order_number", "company_name", "item_count", "po_number", "status", "status_name",
        "email_match", "valid_for_pickup", "from_cache", "lines",
    }  # fmt: skip
    assert (order["email_match"], order["valid_for_pickup"], order["from_cache"]) == (True, True, False)
    assert order["lines"][0] == {
        "item": "WGT-1001",
        "description": "Industrial Widget, Steel",
        "quantity_ordered": 10,
        "quantity_fulfilled": 0,
    }
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_200_from_the_cache_on_the_second_request(stack, netsuite_sandbox):
    post(stack, CUSTOMER)
    response = post(stack, CUSTOMER)
    assert response.json()["order"]["from_cache"] is True
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_200_a_stranger_learns_nothing_but_the_status(stack):
    order = post(stack, {"order_number": "SO100004", "email": "guess@gmail.com"}).json()["order"]
    assert order["email_match"] is False
    assert (order["company_name"], order["item_count"], order["po_number"]) == (None, None, None)
    assert "lines" not in order


def test_200_partially_fulfilled_lines_with_fractional_quantities(stack):
    order = post(stack, {"order_number": "SO100004", "email": "orders@northwind-builders.com"}).json()["order"]
    assert order["status"] == "D"
    assert order["valid_for_pickup"] is True
    quantities = {line["item"]: (line["quantity_ordered"], line["quantity_fulfilled"]) for line in order["lines"]}
    assert 12.5 in {ordered for ordered, _ in quantities.values()}
    assert any(0 < fulfilled < ordered for ordered, fulfilled in quantities.values())


def test_400_invalid_json(stack):
    assert_error(post(stack, '{"order_number": '), 400, "INVALID_JSON")


def test_400_validation_error_names_the_field(stack):
    body = assert_error(post(stack, {"order_number": "SO100001", "email": 42}), 400, "VALIDATION_ERROR")
    assert body["field"] == "email"


def test_403_without_the_api_key(stack):
    response = stack.post("/validate-order", json=CUSTOMER, headers={"X-Api-Key": "wrong"})
    assert response.status_code == 403
    assert response.json() == {"message": "Forbidden"}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_404_order_not_found(stack):
    assert_error(post(stack, {"order_number": "SO404404", "email": "a@b.co"}), 404, "ORDER_NOT_FOUND")


def test_413_body_too_large(stack):
    assert_error(post(stack, json.dumps({"order_number": "SO1", "email": "x" * 17_000})), 413, "PAYLOAD_TOO_LARGE")


def test_502_when_netsuite_refuses_our_login(stack, netsuite_sandbox):
    netsuite_sandbox.faults.unauthorized_next(5)
    response = post(stack, CUSTOMER)
    assert_error(response, 502, "NETSUITE_ERROR")
    assert int(response.headers["Retry-After"]) > 0


def test_502_when_netsuite_answers_garbage(stack, netsuite_sandbox):
    netsuite_sandbox.faults.malformed_next(5)
    assert_error(post(stack, CUSTOMER), 502, "NETSUITE_ERROR")


def test_503_with_retry_after_when_netsuite_is_down(stack, netsuite_sandbox):
    netsuite_sandbox.faults.fail_next(5, status=503)
    response = post(stack, CUSTOMER)
    assert_error(response, 503, "NETSUITE_UNAVAILABLE")
    assert int(response.headers["Retry-After"]) > 0
    assert "Retry-After" in response.headers["Access-Control-Expose-Headers"]


def test_504_when_the_time_budget_runs_out(stack, netsuite_sandbox):
    # given NetSuite answers slower than the function's 3 s budget
    netsuite_sandbox.faults.latency_ms = 5_000
    # then the caller gets our 504 before the gateway gives up
    response = post(stack, CUSTOMER)
    assert_error(response, 504, "UPSTREAM_TIMEOUT")
    assert int(response.headers["Retry-After"]) > 0


def test_options_preflight_needs_no_key(stack):
    response = stack.options("/validate-order", headers={"X-Api-Key": "", "Origin": "https://pickup.example.com"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Methods"] == "OPTIONS,POST"


def test_the_openapi_document_is_served(stack):
    spec = stack.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/validate-order" in spec["paths"]


def test_429_when_the_usage_plan_burst_is_spent(netsuite_sandbox, database, gateway, gateway_clock):
    # given a gateway whose clock stands still, so the bucket never refills
    with running_function(function_env(netsuite_sandbox.url, dsn=database.dsn)) as api:
        running = gateway(api.handle, clock=gateway_clock.monotonic, utc_now=gateway_clock.utc_now, burst=3)
        with httpx.Client(base_url=running.url, headers={"X-Api-Key": TEST_API_KEY}) as client:
            statuses = [post(client, CUSTOMER).status_code for _ in range(4)]
            refused = post(client, CUSTOMER)
    # then the burst passes and the next request is refused by the usage plan, CORS headers included
    assert statuses == [200, 200, 200, 429]
    assert refused.json() == {"message": "Too Many Requests"}
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
