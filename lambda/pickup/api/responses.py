"""Every answer the API gives: one success shape, one error shape, CORS headers on all of them."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pickup.api.errors import BodyTooLarge, InvalidJson, MethodNotAllowed
from pickup.domain import errors as domain
from pickup.domain.orders import OrderLine
from pickup.domain.service import Validation

ALLOWED_METHODS = "OPTIONS,POST"
ALLOWED_HEADERS = "Content-Type,X-Api-Key"
PREFLIGHT_MAX_AGE = "600"


@dataclass(frozen=True, slots=True)
class ErrorAnswer:
    status: int
    code: str
    message: str
    retry_after: int | None = None
    field: str | None = None


def answer_for(error: Exception) -> ErrorAnswer:  # noqa: PLR0911 - one case per error is the point
    """The one place an exception becomes an HTTP status and a message for a person."""
    match error:
        case InvalidJson():
            return ErrorAnswer(400, "INVALID_JSON", "The request body must be a JSON object.")
        case MethodNotAllowed():
            return ErrorAnswer(405, "METHOD_NOT_ALLOWED", "Use POST with a JSON body.")
        case BodyTooLarge(limit=limit):
            return ErrorAnswer(413, "PAYLOAD_TOO_LARGE", f"The request body must be at most {limit} bytes.")
        case domain.InvalidRequest(field=field, message=message):
            return ErrorAnswer(400, "VALIDATION_ERROR", _sentence(message), field=field)
        case domain.OrderNotFound():
            return ErrorAnswer(
                404,
                "ORDER_NOT_FOUND",
                "We could not find an order with that number. Check the number on your order confirmation.",
            )
        case domain.UpstreamUnavailable(retry_after=retry_after):
            return ErrorAnswer(
                503,
                "NETSUITE_UNAVAILABLE",
                "The order system is busy right now. Please try again in a few seconds.",
                retry_after=retry_after,
            )
        case domain.DeadlineExceeded():
            return ErrorAnswer(
                504,
                "UPSTREAM_TIMEOUT",
                "The order system took too long to answer. Please try again in a few seconds.",
                retry_after=5,
            )
        case domain.UpstreamError():
            return ErrorAnswer(
                502,
                "NETSUITE_ERROR",
                "The order system gave an answer we could not use. Please try again later or ask staff for help.",
                retry_after=30,
            )
        case _:
            return ErrorAnswer(500, "INTERNAL_ERROR", "Something went wrong on our side. Please try again later.")


def error_body(answer: ErrorAnswer, reference_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "success": False,
        "error": answer.message,
        "error_code": answer.code,
        "reference_id": reference_id,
    }
    if answer.field is not None:
        body["field"] = answer.field
    return body


def success_body(order_number: str, validation: Validation) -> dict[str, Any]:
    snapshot = validation.snapshot
    disclosed = validation.email_match
    order: dict[str, Any] = {
        "order_number": order_number,
        "company_name": snapshot.company_name if disclosed else None,
        "item_count": snapshot.item_count if disclosed else None,
        "po_number": snapshot.po_number if disclosed else None,
        "status": snapshot.status,
        "status_name": snapshot.status_name,
        "email_match": validation.email_match,
        "valid_for_pickup": validation.valid_for_pickup,
        "from_cache": validation.from_cache,
    }
    if disclosed:
        order["lines"] = [_line(line) for line in snapshot.lines]
    return {"success": True, "order": order}


def proxy_result(status: int, body: Mapping[str, Any] | None, headers: Mapping[str, str]) -> dict[str, Any]:
    """An API Gateway Lambda proxy result."""
    all_headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", **headers}
    if body is not None:
        all_headers["Content-Type"] = "application/json; charset=utf-8"
    return {
        "statusCode": status,
        "headers": all_headers,
        "body": "" if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        "isBase64Encoded": False,
    }


@dataclass(frozen=True, slots=True)
class CorsPolicy:
    """Origins a browser page may call from; `*` allows any."""

    allowed_origins: tuple[str, ...] = ("*",)

    def headers(self, request_origin: str | None) -> dict[str, str]:
        common = {
            "Access-Control-Allow-Methods": ALLOWED_METHODS,
            "Access-Control-Allow-Headers": ALLOWED_HEADERS,
            "Access-Control-Expose-Headers": "Retry-After",
        }
        if "*" in self.allowed_origins:
            return {"Access-Control-Allow-Origin": "*", **common}
        if request_origin is not None and request_origin in self.allowed_origins:
            return {"Access-Control-Allow-Origin": request_origin, "Vary": "Origin", **common}
        return {"Vary": "Origin", **common}

    def preflight_headers(self, request_origin: str | None) -> dict[str, str]:
        return {**self.headers(request_origin), "Access-Control-Max-Age": PREFLIGHT_MAX_AGE}


def _line(line: OrderLine) -> dict[str, Any]:
    return {
        "item": line.item,
        "description": line.description,
        "quantity_ordered": _number(line.quantity_ordered),
        "quantity_fulfilled": _number(line.quantity_fulfilled),
    }


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _sentence(message: str) -> str:
    return message if message.endswith(".") else message + "."
