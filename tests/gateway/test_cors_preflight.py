"""OPTIONS /validate-order is answered by the MOCK integration: no key, no function call."""

import httpx

from tests.gateway.support import Recorder


def test_a_preflight_needs_no_key_and_never_reaches_the_function(gateway):
    # given a gateway that allows the kiosk's origin
    handler = Recorder()
    gw = gateway(handler, allowed_origin="https://pickup.example.com")

    # when a browser sends a preflight without a key
    response = httpx.options(
        f"{gw.url}/validate-order",
        headers={
            "Origin": "https://pickup.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-api-key",
        },
    )

    # then it gets 200, an empty body and the CORS headers, and the function is not called
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["Content-Length"] == "0"
    assert response.headers["Access-Control-Allow-Origin"] == "https://pickup.example.com"
    assert response.headers["Access-Control-Allow-Methods"] == "OPTIONS,POST"
    assert response.headers["Access-Control-Allow-Headers"] == "Content-Type,X-Api-Key"
    assert response.headers["Access-Control-Max-Age"] == "600"
    assert handler.calls == 0


def test_preflights_do_not_use_the_usage_plan(gateway, gateway_clock):
    # given a gateway whose bucket holds a single request
    handler = Recorder()
    gw = gateway(handler, burst=1, rate=1.0, clock=gateway_clock.monotonic, utc_now=gateway_clock.utc_now)

    # when many preflights come before a POST
    with httpx.Client(base_url=gw.url) as client:
        preflights = [client.options("/validate-order").status_code for _ in range(5)]
        post = client.post("/validate-order", headers={"X-Api-Key": "local-test-key-0000000000"}, json={})

    # then every preflight and the POST succeed
    assert preflights == [200] * 5
    assert post.status_code == 200
