"""The REST proxy event (payload format 1.0) API Gateway sends to Lambda for one HTTP request.

Shape: "Input format of a Lambda function for proxy integration",
https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
`headers` and `queryStringParameters` hold the last value of a repeated name; the multi-value maps hold all of them.
"""

import base64
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FORWARDED = frozenset({"x-forwarded-for", "x-forwarded-port", "x-forwarded-proto"})
_TEXT_MEDIA_TYPES = frozenset(
    {"application/json", "application/xml", "application/javascript", "application/x-www-form-urlencoded"}
)


@dataclass(frozen=True, slots=True)
class IncomingRequest:
    method: str
    path: str  # without the query string
    query: str  # raw, as sent
    headers: Sequence[tuple[str, str]]  # as received: in order, original case, repeats kept
    body: bytes
    source_ip: str
    server_port: int
    received_at: datetime  # UTC

    def header(self, name: str) -> str | None:
        """The last value of a header, by case-insensitive name."""
        wanted = name.lower()
        found = [value for key, value in self.headers if key.lower() == wanted]
        return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class Stage:
    """Where the API is deployed, as the request context names it."""

    name: str = "local"
    account_id: str = "123456789012"
    api_id: str = "localapi01"
    resource_id: str = "vo1rsc"


@dataclass(frozen=True, slots=True)
class KeyUse:
    """The API key a request used. The proxy event carries both (identity.apiKey and identity.apiKeyId)."""

    key: str
    key_id: str


def new_extended_request_id() -> str:
    return base64.b64encode(secrets.token_bytes(11)).decode("ascii")


def new_trace_id() -> str:
    return f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)}"


def build_event(
    request: IncomingRequest,
    *,
    resource: str,
    stage: Stage,
    request_id: str,
    extended_request_id: str,
    trace_id: str,
    key: KeyUse | None,
) -> dict[str, Any]:
    headers = _integration_headers(request, trace_id)
    query = parse_qsl(request.query, keep_blank_values=True)
    body, is_base64 = encode_body(request.body, request.header("Content-Type"))
    return {
        "resource": resource,
        "path": request.path,
        "httpMethod": request.method,
        "headers": _last_values(headers),
        "multiValueHeaders": _all_values(headers),
        "queryStringParameters": _last_values(query),
        "multiValueQueryStringParameters": _all_values(query),
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": _request_context(
            request,
            resource=resource,
            stage=stage,
            request_id=request_id,
            extended_request_id=extended_request_id,
            key=key,
        ),
        "body": body,
        "isBase64Encoded": is_base64,
    }


def encode_body(body: bytes, content_type: str | None) -> tuple[str | None, bool]:
    """Text bodies travel as strings; anything else base64-encoded with isBase64Encoded set. No body is null."""
    if not body:
        return None, False
    if is_text(content_type):
        try:
            return body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(body).decode("ascii"), True


def is_text(content_type: str | None) -> bool:
    if not content_type:
        return True
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith("text/") or media_type in _TEXT_MEDIA_TYPES or media_type.endswith(("+json", "+xml"))


def request_time(moment: datetime) -> str:
    """API Gateway's $context.requestTime, e.g. 04/Mar/2020:19:15:17 +0000 (English months, whatever the locale)."""
    moment = moment.astimezone(UTC)
    return f"{moment:%d}/{_MONTHS[moment.month - 1]}/{moment:%Y:%H:%M:%S} +0000"


def _integration_headers(request: IncomingRequest, trace_id: str) -> list[tuple[str, str]]:
    """The client's headers plus those API Gateway sets on its way to the integration (X-Forwarded-For extended)."""
    forwarded_for = request.header("X-Forwarded-For")
    kept = [(name, value) for name, value in request.headers if name.lower() not in _FORWARDED]
    added = [
        ("X-Forwarded-For", f"{forwarded_for}, {request.source_ip}" if forwarded_for else request.source_ip),
        ("X-Forwarded-Port", str(request.server_port)),
        ("X-Forwarded-Proto", "http"),
    ]
    if request.header("X-Amzn-Trace-Id") is None:
        added.append(("X-Amzn-Trace-Id", trace_id))
    return kept + added


def _last_values(pairs: Sequence[tuple[str, str]]) -> dict[str, str] | None:
    grouped = _all_values(pairs)
    return None if grouped is None else {name: values[-1] for name, values in grouped.items()}


def _all_values(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]] | None:
    """Values grouped by case-insensitive name under the first spelling seen; None when there are none."""
    if not pairs:
        return None
    spelling: dict[str, str] = {}
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        key = spelling.setdefault(name.lower(), name)
        grouped.setdefault(key, []).append(value)
    return grouped


def _request_context(
    request: IncomingRequest,
    *,
    resource: str,
    stage: Stage,
    request_id: str,
    extended_request_id: str,
    key: KeyUse | None,
) -> dict[str, Any]:
    domain_name = (request.header("Host") or f"127.0.0.1:{request.server_port}").rsplit(":", 1)[0]
    return {
        "accountId": stage.account_id,
        "apiId": stage.api_id,
        "domainName": domain_name,
        "domainPrefix": domain_name.split(".", 1)[0],
        "extendedRequestId": extended_request_id,
        "httpMethod": request.method,
        "identity": _identity(request, key),
        "path": f"/{stage.name}{request.path}",
        "protocol": "HTTP/1.1",
        "requestId": request_id,
        "requestTime": request_time(request.received_at),
        "requestTimeEpoch": int(request.received_at.timestamp() * 1000),
        "resourceId": stage.resource_id,
        "resourcePath": resource,
        "stage": stage.name,
    }


def _identity(request: IncomingRequest, key: KeyUse | None) -> dict[str, Any]:
    identity: dict[str, Any] = {
        "accessKey": None,
        "accountId": None,
        "caller": None,
        "cognitoAuthenticationProvider": None,
        "cognitoAuthenticationType": None,
        "cognitoIdentityId": None,
        "cognitoIdentityPoolId": None,
        "principalOrgId": None,
        "sourceIp": request.source_ip,
        "user": None,
        "userAgent": request.header("User-Agent"),
        "userArn": None,
    }
    if key is not None:
        identity["apiKey"] = key.key
        identity["apiKeyId"] = key.key_id
    return identity
