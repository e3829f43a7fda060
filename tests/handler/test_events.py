"""The Lambda handler, given AWS-shaped proxy events, against the NetSuite sandbox and a real PostgreSQL."""

import base64
import json

import pytest

from tests.stack import function_env, load_event, proxy_event, respond, running_function

ORDER = {"order_number": "SO100001", "email": "purchasing@acme-industrial.com"}


@pytest.fixture
def function(netsuite_sandbox, database):
    with running_function(function_env(netsuite_sandbox.url, dsn=database.dsn)) as api:
        yield api


@pytest.mark.parametrize("auth", ["tba", "m2m"])
def test_the_sample_event_validates_an_order_for_its_customer(netsuite_sandbox, database, auth):
    # given the function configured for either NetSuite login, and the sample event for SO100001
    with running_function(function_env(netsuite_sandbox.url, dsn=database.dsn, auth=auth)) as function:
        # when it handles the event
        status, headers, body = respond(function, load_event("apiGatewayProxyEvent"))
    # then the customer sees the whole order, fresh from NetSuite
    assert status == 200
    order = body["order"]
    assert body["success"] is True
    assert order["order_number"] == "SO100001"
    assert order["status"] == "B"
    assert order["status_name"] == "Pending Fulfillment"
    assert order["email_match"] is True
    assert order["valid_for_pickup"] is True
    assert order["from_cache"] is False
    assert order["company_name"] == "Acme Industrial Supply"
    assert order["po_number"] == "PO-44817"
    assert order["item_count"] == len(order["lines"]) == 2
    assert all(line["quantity_ordered"] > 0 for line in order["lines"])
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert headers["Content-Type"].startswith("application/json")
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_a_second_request_is_answered_from_the_cache_without_netsuite(function, netsuite_sandbox):
    # given an order validated once
    respond(function, proxy_event(ORDER))
    # when it is validated again
    status, _, body = respond(function, proxy_event(ORDER))
    # then the snapshot answers and NetSuite was asked only the first time
    assert status == 200
    assert body["order"]["from_cache"] is True
    assert body["order"]["email_match"] is True
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_a_base64_encoded_body_is_read_like_a_plain_one(function):
    status, _, body = respond(function, load_event("apiGatewayProxyEventBase64"))
    assert status == 200
    assert body["order"]["order_number"] == "SO100001"


def test_a_preflight_gets_cors_headers_and_no_body(function, netsuite_sandbox):
    # given an OPTIONS event routed to the function
    result = function.handle(load_event("apiGatewayProxyEventOptions"), None)
    # then it answers 200 with the CORS headers, without asking NetSuite
    assert result["statusCode"] == 200
    assert result["body"] == ""
    assert result["headers"]["Access-Control-Allow-Methods"] == "OPTIONS,POST"
    assert "X-Api-Key" in result["headers"]["Access-Control-Allow-Headers"]
    assert netsuite_sandbox.stats.suiteql_requests == 0


def test_invalid_json_is_a_400_that_quotes_the_gateway_request_id(function, netsuite_sandbox):
    event = load_event("apiGatewayProxyEventInvalidJson")
    status, headers, body = respond(function, event)
    assert status == 400
    assert body == {
        "success": False,
        "error": "The request body must be a JSON object.",
        "error_code": "INVALID_JSON",
        "reference_id": event["requestContext"]["requestId"],
    }
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert netsuite_sandbox.stats.suiteql_requests == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "purchasing@acme-industrial.com"}, "order_number"),
        ({"order_number": "SO100001"}, "email"),
        ({"order_number": "SO1' OR '1'='1", "email": "a@b.co"}, "order_number"),
        ({"order_number": "SO100001", "email": "nobody"}, "email"),
        (["SO100001"], "body"),
    ],
)
def test_a_bad_field_is_a_400_naming_it_and_netsuite_is_not_asked(function, netsuite_sandbox, payload, field):
    status, _, body = respond(function, proxy_event(payload))
    assert status == 400
    assert body["error_code"] == "VALIDATION_ERROR"
    assert body["field"] == field
    assert field in body["error"]
    assert netsuite_sandbox.stats.suiteql_requests == 0


def test_another_persons_email_sees_only_the_status(function):
    # given someone who is not the customer
    status, _, body = respond(function, proxy_event({"order_number": "SO100001", "email": "someone@else.example"}))
    # then the order's details stay hidden
    order = body["order"]
    assert status == 200
    assert order["email_match"] is False
    assert order["company_name"] is None
    assert order["item_count"] is None
    assert order["po_number"] is None
    assert "lines" not in order
    assert order["status"] == "B"


def test_a_colleague_at_the_same_company_matches(function):
    status, _, body = respond(
        function, proxy_event({"order_number": "so100001", "email": "Maria.Lopez@acme-industrial.com"})
    )
    assert status == 200
    assert body["order"]["email_match"] is True


def test_a_cancelled_order_is_not_valid_for_pickup(function):
    status, _, body = respond(
        function, proxy_event({"order_number": "SO100003", "email": "orders@northwind-builders.com"})
    )
    assert status == 200
    assert body["order"]["status"] == "C"
    assert body["order"]["valid_for_pickup"] is False


@pytest.mark.parametrize("number", ["SO999999", "INV200001", "EST300001"])
def test_an_unknown_order_and_a_non_sales_order_get_the_same_404(function, netsuite_sandbox, number):
    status, _, body = respond(function, proxy_event({"order_number": number, "email": "a@b.co"}))
    assert status == 404
    assert body["error_code"] == "ORDER_NOT_FOUND"
    assert body["error"] == "We could not find an order with that number. Check the number on your order confirmation."
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_a_body_over_16_kib_is_a_413(function, netsuite_sandbox):
    status, _, body = respond(function, proxy_event(json.dumps({"order_number": "SO1", "email": "a" * 20_000})))
    assert status == 413
    assert body["error_code"] == "PAYLOAD_TOO_LARGE"
    assert netsuite_sandbox.stats.suiteql_requests == 0


def test_a_method_other_than_post_is_a_405(function):
    status, _, body = respond(function, proxy_event(None, method="GET"))
    assert status == 405
    assert body["error_code"] == "METHOD_NOT_ALLOWED"


def test_a_listed_origin_is_echoed_and_another_is_not(netsuite_sandbox, database):
    # given the function allows exactly one origin
    env = function_env(netsuite_sandbox.url, dsn=database.dsn, ALLOWED_ORIGINS="https://pickup.example.com")
    event = proxy_event(ORDER)
    with running_function(env) as function:
        # when the page calls from that origin, then it is echoed
        event["headers"]["Origin"] = "https://pickup.example.com"
        _, allowed, _ = respond(function, event)
        # when another origin calls, then no origin is allowed
        event["headers"]["Origin"] = "https://evil.example"
        _, refused, _ = respond(function, event)
    assert allowed["Access-Control-Allow-Origin"] == "https://pickup.example.com"
    assert allowed["Vary"] == "Origin"
    assert "Access-Control-Allow-Origin" not in refused


def test_a_partial_netsuite_configuration_answers_500_and_logs_which_variable(netsuite_sandbox, capsys):
    # given the TBA token secret is missing
    env = function_env(netsuite_sandbox.url, dsn=None)
    secret = env.pop("NETSUITE_TOKEN_SECRET")
    # when the function starts and a request arrives
    with running_function(env) as function:
        status, _, body = respond(function, proxy_event(ORDER))
    # then the caller gets a plain 500 and the log names the variable, never a value
    assert status == 500
    assert body["error_code"] == "INTERNAL_ERROR"
    logged = capsys.readouterr().out
    assert "NETSUITE_TOKEN_SECRET" in logged
    assert env["NETSUITE_CONSUMER_SECRET"] not in logged
    assert secret not in logged


def test_without_a_store_validation_still_works(netsuite_sandbox):
    with running_function(function_env(netsuite_sandbox.url, dsn=None)) as function:
        answers = [respond(function, proxy_event(ORDER)) for _ in range(2)]
    for status, _, body in answers:
        assert status == 200
        assert body["order"]["from_cache"] is False
    assert netsuite_sandbox.stats.suiteql_requests == 2


def test_a_base64_body_that_is_not_base64_is_invalid_json(function):
    event = proxy_event("not base64 !!!")
    event["isBase64Encoded"] = True
    status, _, body = respond(function, event)
    assert status == 400
    assert body["error_code"] == "INVALID_JSON"
    assert base64  # imported for the sample above
