"""Only the configured routes exist; anything else is answered the way API Gateway answers unknown paths."""

import json
import socket

import httpx
import pytest

from tests.gateway.support import KEY, Recorder

MISSING_TOKEN = {"message": "Missing Authentication Token"}


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/orders"), ("GET", "/validate-order"), ("DELETE", "/validate-order"), ("GET", "/"), ("PUT", "/x")],
)
def test_an_unknown_route_gets_missing_authentication_token(gateway, method, path):
    # given a gateway in front of a handler
    handler = Recorder()
    gw = gateway(handler)

    # when a client calls a path or method the API does not have, even with a valid key
    response = httpx.request(method, f"{gw.url}{path}", headers=KEY)

    # then API Gateway's 403 comes back with CORS headers, and the function is not called
    assert response.status_code == 403
    assert response.json() == MISSING_TOKEN
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert handler.calls == 0


def test_the_openapi_document_is_served_without_a_key_when_configured(gateway, tmp_path):
    # given a spec file
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", "paths": {"/validate-order": {}}}))
    gw = gateway(Recorder(), openapi_path=spec)

    # when a client fetches it without a key
    response = httpx.get(f"{gw.url}/openapi.json")

    # then it gets the file as JSON
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["openapi"] == "3.1.0"


def test_without_a_spec_file_the_openapi_path_is_unknown(gateway):
    # given a gateway with no spec configured
    gw = gateway(Recorder())

    # when a client asks for the spec, then it is an unknown route
    response = httpx.get(f"{gw.url}/openapi.json")
    assert response.status_code == 403
    assert response.json() == MISSING_TOKEN


def test_a_body_over_10_mb_is_refused_with_413(gateway):
    # given a gateway with API Gateway's 10 MB payload limit
    handler = Recorder()
    gw = gateway(handler)

    # when a client posts one byte more than 10 MB
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, content=b"a" * (10 * 1024 * 1024 + 1))

    # then API Gateway's 413 comes back with CORS headers, the connection is closed, the function never runs
    assert response.status_code == 413
    assert response.json() == {"message": "Request Too Long"}
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Connection"] == "close"
    assert handler.calls == 0


def test_a_body_announced_too_large_is_refused_before_it_is_sent(gateway):
    # given a gateway with a 1 kB limit
    gw = gateway(Recorder(), max_body_bytes=1024)
    host, port = gw.url.removeprefix("http://").split(":")

    # when a client announces 1 MB and waits for 100-continue
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            b"POST /validate-order HTTP/1.1\r\nHost: local\r\nX-Api-Key: k\r\n"
            b"Content-Length: 1048576\r\nExpect: 100-continue\r\n\r\n"
        )
        answer = connection.makefile("rb").read()

    # then it gets 413 instead of 100 Continue
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert answer.endswith(b'{"message":"Request Too Long"}')


def test_a_chunked_body_within_the_limit_reaches_the_function(gateway):
    # given a gateway in front of a recording handler
    handler = Recorder()
    gw = gateway(handler)

    # when a client streams its body in chunks
    def chunks():
        yield b'{"order_number":'
        yield b'"SO-1"}'

    response = httpx.post(
        f"{gw.url}/validate-order", headers={**KEY, "Content-Type": "application/json"}, content=chunks()
    )

    # then the function sees the whole body
    assert response.status_code == 200
    assert handler.events[0]["body"] == '{"order_number":"SO-1"}'


def test_a_chunked_body_over_the_limit_is_refused(gateway):
    # given a gateway with a 1 kB limit
    handler = Recorder()
    gw = gateway(handler, max_body_bytes=1024)

    # when a client streams 2 kB
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, content=iter([b"a" * 1000, b"b" * 1000]))

    # then it gets 413
    assert response.status_code == 413
    assert handler.calls == 0


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("POST", "/validate-order", KEY),
        ("POST", "/validate-order", {}),
        ("OPTIONS", "/validate-order", {}),
        ("GET", "/nowhere", {}),
    ],
    ids=["function", "forbidden", "preflight", "unknown"],
)
def test_every_answer_has_a_content_length_and_keeps_the_connection_open(gateway, method, path, headers):
    # given one client connection to the gateway
    gw = gateway(Recorder())
    with httpx.Client(base_url=gw.url) as client:
        # when the same kind of request is sent twice on it
        first = client.request(method, path, headers=headers, json={} if method == "POST" else None)
        second = client.request(method, path, headers=headers, json={} if method == "POST" else None)

    # then both answers are framed by Content-Length on a kept-alive connection
    for response in (first, second):
        assert response.headers["Content-Length"] == str(len(response.content))
        assert response.headers.get("Connection", "keep-alive").lower() != "close"
    assert first.status_code == second.status_code
