"""Response bodies shaped the way NetSuite writes them."""

import json
from dataclasses import dataclass, field

ERROR_CONTENT_TYPE = "application/vnd.oracle.resource+json; type=error"
COLLECTION_CONTENT_TYPE = "application/vnd.oracle.resource+json; type=collection"
JSON_CONTENT_TYPE = "application/json;charset=utf-8"

ERROR_TYPE = "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1"
INVALID_LOGIN_DETAIL = (
    "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at "
    "Setup > Users/Roles > User Management > View Login Audit Trail."
)
CONCURRENCY_DETAIL = "Concurrent request limit exceeded. Request blocked."

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Bad Request",  # NetSuite reports its concurrency 429 with this title
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass(eq=False)
class NetSuiteError(Exception):
    """An error NetSuite answers with: status, code, human detail and optional `o:error*` fields."""

    status: int
    code: str
    detail: str
    extra: dict[str, str] = field(default_factory=dict)

    def body(self) -> bytes:
        detail: dict[str, str] = {"detail": self.detail, "o:errorCode": self.code, **self.extra}
        document = {
            "type": ERROR_TYPE,
            "title": _TITLES.get(self.status, "Error"),
            "status": self.status,
            "o:errorDetails": [detail],
        }
        return json.dumps(document).encode()


def invalid_login() -> NetSuiteError:
    return NetSuiteError(401, "INVALID_LOGIN", INVALID_LOGIN_DETAIL)


def concurrency_limit_exceeded() -> NetSuiteError:
    return NetSuiteError(429, "CONCURRENCY_LIMIT_EXCEEDED", CONCURRENCY_DETAIL)


def server_error(status: int) -> NetSuiteError:
    return NetSuiteError(
        status,
        "UNEXPECTED_ERROR",
        "An unexpected error occurred. Error ID: sandbox-injected-fault",
    )


def invalid_query(detail: str) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_PARAMETER", detail, {"o:errorQueryParam": "q"})


def invalid_query_parameter(name: str, detail: str) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_PARAMETER", detail, {"o:errorQueryParam": name})


def invalid_header(name: str, detail: str) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_HEADER", detail, {"o:errorHeader": name})


def invalid_content(detail: str) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_CONTENT", detail)


def not_found(path: str) -> NetSuiteError:
    return NetSuiteError(404, "NONEXISTENT_ID", f"The requested URL {path} was not found on this server.")
