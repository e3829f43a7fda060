"""Reading an API Gateway REST proxy event (payload format 1.0) without trusting its shape."""

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pickup.api.errors import BodyTooLarge, InvalidJson


@dataclass(frozen=True, slots=True)
class HttpRequest:
    method: str
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    request_id: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def read_event(event: object, fallback_request_id: str) -> HttpRequest:
    """The parts of a proxy event the API uses; anything missing or mistyped reads as empty."""
    source: Mapping[str, Any] = event if isinstance(event, Mapping) else {}
    context = source.get("requestContext")
    request_id = context.get("requestId") if isinstance(context, Mapping) else None
    method = source.get("httpMethod")
    return HttpRequest(
        method=method.upper() if isinstance(method, str) else "",
        headers=_headers(source.get("headers")),
        body=_body(source.get("body"), source.get("isBase64Encoded") is True),
        request_id=request_id if isinstance(request_id, str) and request_id else fallback_request_id,
    )


def decode_json(body: bytes, limit: int) -> object:
    """The JSON document in `body`; raises BodyTooLarge or InvalidJson."""
    if len(body) > limit:
        raise BodyTooLarge(limit)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidJson("the request body is not valid JSON") from exc


def _headers(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {str(k).lower(): v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}


def _body(raw: object, is_base64: bool) -> bytes:
    if not isinstance(raw, str):
        return b""
    if is_base64:
        try:
            return base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            return raw.encode("utf-8", "surrogatepass")
    return raw.encode("utf-8", "surrogatepass")
