"""POST /validate-order requires the API key in X-Api-Key (name in any case), as api_key_required does."""

import httpx
import pytest

from tests.fixtures.gateway import TEST_API_KEY
from tests.gateway.support import Recorder

CORS = {
    "access-control-allow-origin": "https://pickup.example.com",
    "access-control-allow-headers": "Content-Type,X-Api-Key",
    "access-control-allow-methods": "OPTIONS,POST",
}


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Api-Key": "not-the-key"}, {"X-Api-Key": ""}, {"X-Api-Key": TEST_API_KEY[:-1]}],
    ids=["missing", "wrong", "empty", "prefix"],
)
def test_a_missing_or_wrong_key_is_forbidden_with_cors_headers(gateway, headers):
    # given a gateway that allows one origin
    handler = Recorder()
    gw = gateway(handler, allowed_origin="https://pickup.example.com")

    # when a client posts without the right key
    response = httpx.post(f"{gw.url}/validate-order", headers=headers, json={"order_number": "SO-1"})

    # then API Gateway's answer comes back, with CORS headers, and the function is never called
    assert response.status_code == 403
    assert response.json() == {"message": "Forbidden"}
    assert CORS.items() <= dict(response.headers).items()
    assert handler.calls == 0


@pytest.mark.parametrize("name", ["X-Api-Key", "x-api-key", "X-API-KEY"])
def test_the_key_header_name_is_case_insensitive(gateway, name):
    # given a gateway in front of a handler
    handler = Recorder()
    gw = gateway(handler)

    # when the key is sent under any spelling of the header name
    response = httpx.post(f"{gw.url}/validate-order", headers={name: TEST_API_KEY}, json={})

    # then the request reaches the function
    assert response.status_code == 200
    assert handler.calls == 1
