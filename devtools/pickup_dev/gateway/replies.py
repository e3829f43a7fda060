"""An HTTP answer, and the answers the gateway gives by itself (with the CORS headers its gateway responses carry)."""

import json
from dataclasses import dataclass, field

from pickup_dev.gateway.aws_facts import GatewayError

ALLOWED_METHODS = "OPTIONS,POST"
ALLOWED_HEADERS = "Content-Type,X-Api-Key"


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The last value of a header, by case-insensitive name."""
        wanted = name.lower()
        found = [value for key, value in self.headers if key.lower() == wanted]
        return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class Cors:
    allowed_origin: str = "*"
    max_age: int = 600

    def headers(self) -> list[tuple[str, str]]:
        """What the DEFAULT_4XX / DEFAULT_5XX gateway responses add to every error the gateway itself returns."""
        return [
            ("Access-Control-Allow-Origin", self.allowed_origin),
            ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
            ("Access-Control-Allow-Methods", ALLOWED_METHODS),
        ]

    def preflight(self) -> Reply:
        """The OPTIONS method's MOCK integration: 200, empty body, no key needed."""
        return Reply(
            200,
            [("Content-Type", "application/json"), *self.headers(), ("Access-Control-Max-Age", str(self.max_age))],
        )


def gateway_error(error: GatewayError, cors: Cors) -> Reply:
    body = json.dumps({"message": error.message}, separators=(",", ":")).encode()
    return Reply(error.status, [("Content-Type", "application/json"), *cors.headers()], body)
