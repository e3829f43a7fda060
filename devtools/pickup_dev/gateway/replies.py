"""An HTTP answer, and the CORS headers of the answers the gateway gives by itself (preflight, gateway responses)."""

from dataclasses import dataclass, field

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
        """What the preflight and the customised gateway responses carry (local.cors_headers in infra/)."""
        return [
            ("Access-Control-Allow-Origin", self.allowed_origin),
            ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
            ("Access-Control-Allow-Methods", ALLOWED_METHODS),
            ("Vary", "Origin"),
        ]

    def preflight(self) -> Reply:
        """The OPTIONS method's MOCK integration: 200, empty body, no key needed."""
        return Reply(
            200,
            [("Content-Type", "application/json"), *self.headers(), ("Access-Control-Max-Age", str(self.max_age))],
        )
