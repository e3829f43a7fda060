"""The validate-order request: two fields, checked before anything is asked of NetSuite."""

import re
from dataclasses import dataclass

from pickup.domain.errors import InvalidRequest
from pickup.domain.orders import normalize_order_number

MAX_EMAIL_LENGTH = 254
_EMAIL_PATTERN = re.compile(r"[^@\s]{1,64}@[^@\s.]+(?:\.[^@\s.]+)+")


@dataclass(frozen=True, slots=True)
class ValidationRequest:
    order_number: str
    email: str


def parse_request(body: object) -> ValidationRequest:
    """Check a decoded JSON body; raise InvalidRequest naming the first bad field."""
    if not isinstance(body, dict):
        raise InvalidRequest("body", "the request body must be a JSON object")
    order_number = body.get("order_number")
    if not isinstance(order_number, str):
        raise InvalidRequest("order_number", "order_number is required and must be a string")
    email = body.get("email")
    if not isinstance(email, str):
        raise InvalidRequest("email", "email is required and must be a string")
    return ValidationRequest(normalize_order_number(order_number), _normalize_email(email))


def _normalize_email(raw: str) -> str:
    email = raw.strip()
    if not email:
        raise InvalidRequest("email", "email must not be empty")
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL_PATTERN.fullmatch(email) or not email.isprintable():
        raise InvalidRequest("email", "email must be an address such as name@example.com")
    return email.lower()
