"""The function's answer (proxy output format 1.0) turned into the HTTP response API Gateway sends.

"Output format of a Lambda function for proxy integration",
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html:
a JSON object with statusCode, headers, multiValueHeaders, body (a string) and isBase64Encoded, nothing else.
Any other shape is a "Malformed Lambda proxy response", which API Gateway answers with 502. When a name is in both
header maps, only the multiValueHeaders values are used.
"""

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from pickup_dev.gateway.replies import Reply

_ALLOWED_KEYS = frozenset({"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"})
# Framing belongs to this server's connection, not to the function.
_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive"})


class MalformedResult(Exception):
    """The function answered, but not in the proxy output format."""


def to_reply(result: object) -> Reply:
    if not isinstance(result, Mapping):
        raise MalformedResult("the result is not a JSON object")
    unknown = set(result) - _ALLOWED_KEYS
    if unknown:
        raise MalformedResult(f"unexpected fields: {sorted(unknown)}")
    status = _status(result.get("statusCode"))
    headers = _headers(result.get("headers"), result.get("multiValueHeaders"))
    body = _body(result.get("body"), result.get("isBase64Encoded", False))
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.insert(0, ("Content-Type", "application/json"))
    return Reply(status, headers, body)


def _status(raw: object) -> int:
    if isinstance(raw, str) and raw.isdigit():
        raw = int(raw)
    if not isinstance(raw, int) or isinstance(raw, bool) or not 100 <= raw <= 599:
        raise MalformedResult("statusCode must be an HTTP status number")
    return raw


def _headers(single: object, multi: object) -> list[tuple[str, str]]:
    single_map = _mapping(single, "headers")
    multi_map = _mapping(multi, "multiValueHeaders")
    in_multi = {str(name).lower() for name in multi_map}
    pairs: list[tuple[str, str]] = []
    for name, value in single_map.items():
        if str(name).lower() not in in_multi:
            pairs.append((str(name), _scalar(value)))
    for name, values in multi_map.items():
        if not isinstance(values, list):
            raise MalformedResult("multiValueHeaders values must be lists")
        pairs.extend((str(name), _scalar(value)) for value in values)
    return [(name, value) for name, value in pairs if name.lower() not in _FRAMING_HEADERS]


def _mapping(raw: object, field: str) -> Mapping[Any, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise MalformedResult(f"{field} must be an object")
    return raw


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise MalformedResult("header values must be strings, numbers or booleans")


def _body(raw: object, is_base64: object) -> bytes:
    if raw is None:
        return b""
    if not isinstance(raw, str):
        raise MalformedResult("body must be a string")
    if is_base64 is True:
        try:
            return base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise MalformedResult("body is marked base64 but does not decode") from exc
    if is_base64 is not False:
        raise MalformedResult("isBase64Encoded must be a boolean")
    return raw.encode("utf-8", "replace")
