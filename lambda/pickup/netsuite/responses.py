"""Reading NetSuite's answers: the SuiteQL page envelope, and error bodies turned into our errors.

A NetSuite REST error body looks like
    {"type": "https://...", "title": "Unauthorized", "status": 401,
     "o:errorDetails": [{"detail": "Invalid login attempt. ...", "o:errorCode": "INVALID_LOGIN"}]}
The OAuth 2.0 token endpoint answers the OAuth way instead: {"error": "invalid_client", "error_description": ...}.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from pickup.netsuite.errors import (
    AuthenticationFailed,
    BadQuery,
    MalformedResponse,
    NetSuiteError,
    RateLimited,
    Unavailable,
)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of SuiteQL results, items as NetSuite sent them."""

    items: tuple[dict[str, Any], ...]
    has_more: bool
    total_results: int | None
    server_date: datetime | None = None


def read_page(response: httpx.Response) -> Page:
    """The envelope of a 200 answer from the SuiteQL endpoint; MalformedResponse when it is not one."""
    body = _json(response)
    if not isinstance(body, dict):
        raise _malformed(response, "the SuiteQL answer is not a JSON object")
    items = body.get("items")
    has_more = body.get("hasMore", False)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise _malformed(response, "the SuiteQL answer has no list of items")
    if not isinstance(has_more, bool):
        raise _malformed(response, "the SuiteQL answer's hasMore is not a boolean")
    total = body.get("totalResults")
    total_results = total if isinstance(total, int) and not isinstance(total, bool) else None
    return Page(tuple(items), has_more, total_results, server_date(response))


def read_json_object(response: httpx.Response, *, stage: str) -> dict[str, Any]:
    body = _json(response, stage=stage)
    if not isinstance(body, dict):
        raise _malformed(response, "the answer is not a JSON object", stage=stage)
    return body


def error_for(response: httpx.Response, *, stage: str = "query") -> NetSuiteError:
    """The error a non-2xx answer means. `stage` is "token" for the OAuth 2.0 token endpoint."""
    status = response.status_code
    code, detail = _error_code_and_detail(response)
    what = f"NetSuite answered {status}" + (f" {code}" if code else "")
    where = "the token endpoint" if stage == "token" else "SuiteQL"
    error: NetSuiteError
    if status == 429:
        error = RateLimited(f"{what}: too many concurrent requests to {where}")
    elif status >= 500:
        error = Unavailable(f"{what}: {where} failed on NetSuite's side")
    elif status in {401, 403} or (stage == "token" and status == 400):
        error = AuthenticationFailed(f"{what}: {where} did not accept our credentials")
    elif 400 <= status < 500:
        error = BadQuery(f"{what}: {where} refused the request")
    else:
        error = MalformedResponse(f"{what}: an answer {where} does not document")
    return error.describe(status=status, code=code, detail=detail, server_date=server_date(response), stage=stage)


def server_date(response: httpx.Response) -> datetime | None:
    """The answer's `Date` header as an aware datetime, if it has a readable one."""
    raw = response.headers.get("date")
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None


def _error_code_and_detail(response: httpx.Response) -> tuple[str | None, str | None]:
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None, None
    if not isinstance(body, dict):
        return None, None
    details = body.get("o:errorDetails")
    if isinstance(details, list) and details and isinstance(details[0], dict):
        first = details[0]
        return _text(first.get("o:errorCode")) or _text(body.get("o:errorCode")), _text(first.get("detail"))
    if "error" in body:  # OAuth 2.0 token endpoint
        return _text(body.get("error")), _text(body.get("error_description"))
    return _text(body.get("o:errorCode")), _text(body.get("title"))


def _json(response: httpx.Response, *, stage: str = "query") -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise _malformed(response, "the answer is not JSON", stage=stage) from None


def _malformed(response: httpx.Response, message: str, *, stage: str = "query") -> NetSuiteError:
    return MalformedResponse(message).describe(
        status=response.status_code, server_date=server_date(response), stage=stage
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
