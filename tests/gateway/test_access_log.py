"""One structured access log line per request, with nothing secret or personal in it."""

import json
import logging

import httpx

from tests.fixtures.gateway import TEST_API_KEY
from tests.gateway.support import KEY, Recorder


def _access_lines(caplog) -> list[dict]:
    return [json.loads(record.getMessage()) for record in caplog.records if record.name == "pickup_dev.gateway.access"]


def test_each_request_logs_one_json_line(gateway, caplog):
    # given a gateway with access logging captured
    caplog.set_level(logging.INFO, logger="pickup_dev.gateway.access")
    gw = gateway(Recorder())

    # when an allowed request and a forbidden one arrive
    allowed = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})
    httpx.post(f"{gw.url}/validate-order", json={})

    # then each has one line with its id, method, path, status, latency and key id
    first, second = _access_lines(caplog)
    assert first["requestId"] == allowed.headers["x-amzn-RequestId"]
    assert (first["method"], first["path"], first["status"], first["apiKeyId"]) == (
        "POST",
        "/validate-order",
        200,
        gw.api_key_id,
    )
    assert isinstance(first["latencyMs"], float)
    assert (second["status"], second["apiKeyId"]) == (403, None)


def test_the_log_never_holds_the_key_the_body_or_the_query(gateway, caplog):
    # given a gateway with every log line of its own captured
    caplog.set_level(logging.DEBUG, logger="pickup_dev")
    gw = gateway(Recorder())

    # when a request carries an email in its body and query string
    httpx.post(
        f"{gw.url}/validate-order?email=jane.doe%40example.com",
        headers=KEY,
        json={"email": "jane.doe@example.com", "order_number": "SO-1"},
    )

    # then no log line repeats the key or the personal data
    assert _access_lines(caplog)[0]["path"] == "/validate-order"
    own_lines = "\n".join(record.getMessage() for record in caplog.records if record.name.startswith("pickup_dev"))
    assert TEST_API_KEY not in own_lines
    assert "jane.doe" not in own_lines
