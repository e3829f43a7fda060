"""What can go wrong talking to NetSuite, sorted into "retry later" and "retrying will not help".

    NetSuiteError                  mixin carried by every error below: HTTP status, NetSuite error code, details
    UpstreamError (domain, 502)
    ├── AuthenticationFailed       401 INVALID_LOGIN, or the token endpoint refused us (invalid_client,
    │                              invalid_grant): signature, realm, clock, nonce, role or certificate
    ├── BadQuery                   400 INVALID_PARAMETER and other 4xx: our SuiteQL is wrong; never retried
    ├── MalformedResponse          not JSON, or not the SuiteQL envelope; never retried
    └── ResultTooLarge             more pages than we are willing to follow for one order
    UpstreamUnavailable (domain, 503 + Retry-After)
    ├── RateLimited                429 CONCURRENCY_LIMIT_EXCEEDED (NetSuite sends no Retry-After)
    └── Unavailable                5xx, timeouts, refused or dropped connections

Only RateLimited and Unavailable are retried. Messages hold the HTTP status and NetSuite's error code,
never a secret, a token or an email address; NetSuite's own detail text is kept apart in `detail`,
with anything shaped like an email address masked.
"""

import re
from datetime import datetime

from pickup.domain.errors import UpstreamError, UpstreamUnavailable

_EMAIL_LIKE = re.compile(r"[^\s@'\"<>(),;:]+@[^\s@'\"<>(),;:]+")
MAX_DETAIL_LENGTH = 300


def scrub(text: str) -> str:
    """NetSuite's text, shortened and with anything shaped like an email address masked."""
    masked = _EMAIL_LIKE.sub("<email>", text)
    return masked if len(masked) <= MAX_DETAIL_LENGTH else masked[: MAX_DETAIL_LENGTH - 1] + "…"


class NetSuiteError(Exception):
    """Facts about one failed exchange with NetSuite, for logs and for `pickup netsuite-check`.

    status       the HTTP status, or None when no answer arrived
    code         NetSuite's `o:errorCode` (INVALID_LOGIN, ...) or the OAuth `error` (invalid_client, ...)
    detail       NetSuite's human text, scrubbed (see `scrub`)
    server_date  the `Date` header of the answer, to tell clock skew apart from a bad signature
    stage        "token" for the OAuth 2.0 token endpoint, "query" for SuiteQL
    """

    status: int | None = None
    code: str | None = None
    detail: str | None = None
    server_date: datetime | None = None
    stage: str = "query"

    def describe(
        self,
        *,
        status: int | None = None,
        code: str | None = None,
        detail: str | None = None,
        server_date: datetime | None = None,
        stage: str = "query",
    ) -> "NetSuiteError":
        self.status = status
        self.code = code
        self.detail = scrub(detail) if detail else None
        self.server_date = server_date
        self.stage = stage
        return self


class AuthenticationFailed(NetSuiteError, UpstreamError):
    """NetSuite did not accept who we say we are."""


class BadQuery(NetSuiteError, UpstreamError):
    """NetSuite refused the request itself; a bug on our side, so it is never retried."""


class MalformedResponse(NetSuiteError, UpstreamError):
    """The answer is not what the SuiteQL or token endpoint documents."""


class ResultTooLarge(NetSuiteError, UpstreamError):
    """The query matched more rows than one validation may read."""


class RateLimited(NetSuiteError, UpstreamUnavailable):
    """The account's concurrency limit is used up for now."""


class Unavailable(NetSuiteError, UpstreamUnavailable):
    """NetSuite is down, slow or unreachable."""


TRANSIENT_ERRORS: tuple[type[NetSuiteError], ...] = (RateLimited, Unavailable)
