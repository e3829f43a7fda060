"""Bodies: text travels as a string, anything else base64-encoded, both ways."""

import base64

import httpx
import pytest

from tests.gateway import handlers
from tests.gateway.support import KEY, Recorder

PNG_START = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF])


def test_a_binary_request_body_arrives_base64_encoded(gateway):
    # given a gateway in front of a recording handler
    handler = Recorder()
    gw = gateway(handler)

    # when a client posts bytes as application/octet-stream
    httpx.post(
        f"{gw.url}/validate-order", headers={**KEY, "Content-Type": "application/octet-stream"}, content=PNG_START
    )

    # then the event carries them base64-encoded and says so
    event = handler.events[0]
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == PNG_START


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "text/plain", "application/problem+json"]
)
def test_a_text_request_body_arrives_as_a_string(gateway, content_type):
    # given a gateway in front of a recording handler
    handler = Recorder()
    gw = gateway(handler)

    # when a client posts text
    httpx.post(f"{gw.url}/validate-order", headers={**KEY, "Content-Type": content_type}, content='{"é":1}'.encode())

    # then the event carries it as a string
    event = handler.events[0]
    assert (event["body"], event["isBase64Encoded"]) == ('{"é":1}', False)


def test_bytes_that_are_not_utf8_arrive_base64_encoded_even_when_labelled_text(gateway):
    # given a gateway in front of a recording handler
    handler = Recorder()
    gw = gateway(handler)

    # when a client posts invalid UTF-8 labelled as JSON
    httpx.post(f"{gw.url}/validate-order", headers={**KEY, "Content-Type": "application/json"}, content=b"\xff\xfe")

    # then nothing is lost
    event = handler.events[0]
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\xff\xfe"


def test_no_body_is_null(gateway):
    # given a gateway in front of a recording handler
    handler = Recorder()
    gw = gateway(handler)

    # when a client posts nothing
    httpx.post(f"{gw.url}/validate-order", headers=KEY)

    # then the body is null and not base64
    event = handler.events[0]
    assert (event["body"], event["isBase64Encoded"]) == (None, False)


def test_a_base64_response_reaches_the_client_as_bytes(gateway):
    # given a function that echoes the request bytes as a base64 response
    gw = gateway(handlers.echo_bytes)

    # when a client posts bytes
    response = httpx.post(
        f"{gw.url}/validate-order", headers={**KEY, "Content-Type": "application/octet-stream"}, content=PNG_START
    )

    # then the client receives the decoded bytes
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.content == PNG_START
