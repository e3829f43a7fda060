"""What the sandbox answers: SuiteQL, the OAuth 2.0 token endpoint and the `/__sandbox/` admin API.

Everything here works on plain Request/Reply values; server.py moves them over HTTP.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import parse_qsl

from pickup_dev.sandbox import responses
from pickup_dev.sandbox.faults import AuditTrail, Fault, Faults, Stats
from pickup_dev.sandbox.m2m import TOKEN_PATH, AssertionRefused, ClientCredentialsIssuer
from pickup_dev.sandbox.paging import Page, envelope
from pickup_dev.sandbox.responses import NetSuiteError
from pickup_dev.sandbox.suiteql import SuiteQLEngine, SuiteQLError
from pickup_dev.sandbox.tba import LoginFailed, TokenVerifier

SUITEQL_PATH = "/services/rest/query/v1/suiteql"
ADMIN_PREFIX = "/__sandbox/"
MALFORMED_BODY = b'{"links": [], "count": 1, "hasMore": false, "items": [{"links": [], "tranid": "SO1'
MALFORMED_TOKEN_BODY = b'{"token_type": "Bearer", "expires_in": 3600, "access_token": "cut-off-mid-va'


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: Message
    body: bytes
    base_url: str  # scheme://host[:port] as the client addressed it

    @property
    def url(self) -> str:
        return self.base_url + self.path


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes = b""
    content_type: str = responses.JSON_CONTENT_TYPE
    drop: bool = False  # close the connection without answering
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Endpoints:
    engine: SuiteQLEngine
    tba: TokenVerifier | None
    m2m: ClientCredentialsIssuer | None
    faults: Faults
    stats: Stats
    audit_trail: AuditTrail
    reset: Callable[[], None]

    def handle(self, request: Request) -> Reply:
        if request.path.startswith(ADMIN_PREFIX):
            return self._admin(request)
        if request.path == SUITEQL_PATH:
            reply = self._suiteql(request) if request.method == "POST" else _error(_method_not_allowed())
        elif request.path == TOKEN_PATH:
            reply = self._token(request) if request.method == "POST" else _error(_method_not_allowed())
        else:
            reply = _error(responses.not_found(request.path))
        if not reply.drop:
            self.stats.count_status(reply.status)
        return reply

    def _suiteql(self, request: Request) -> Reply:
        self.stats.count_suiteql()
        fault = self.faults.take()
        if fault is not None and fault.kind == "drop":
            self.stats.count_drop()
            return Reply(0, drop=True)
        if not self.stats.enter(self.faults.concurrency_limit):
            return _error(responses.concurrency_limit_exceeded())
        try:
            self.faults.wait_latency()
            if fault is not None:
                return _injected(fault)
            self._authenticate(request)
            return self._run_query(request)
        except NetSuiteError as error:
            return _error(error)
        finally:
            self.stats.leave()

    def _authenticate(self, request: Request) -> None:
        header = request.headers.get("Authorization", "")
        try:
            scheme = header.split(" ", 1)[0].lower()
            if scheme == "oauth" and self.tba is not None:
                self.tba.verify(request.method, request.url, request.query, header)
            elif scheme == "bearer" and self.m2m is not None:
                self.m2m.check_bearer(header.split(" ", 1)[1].strip() if " " in header else "")
            elif scheme in {"oauth", "bearer"}:
                raise LoginFailed("FeatureDisabled")
            else:
                raise LoginFailed("MissingAuthorization")
        except LoginFailed as failure:
            self.audit_trail.record(failure.reason)
            raise responses.invalid_login() from None

    def _run_query(self, request: Request) -> Reply:
        prefer = [part.strip().lower() for part in request.headers.get("Prefer", "").split(",")]
        if "transient" not in prefer:
            raise responses.invalid_header("Prefer", "The header 'Prefer: transient' is required for this request.")
        page = Page.from_query(request.query)
        try:
            document = json.loads(request.body or b"null")
        except ValueError:
            raise responses.invalid_content("The request body is not valid JSON.") from None
        if not isinstance(document, dict) or not isinstance(document.get("q"), str):
            raise responses.invalid_content("The request body must be a JSON object with the query in 'q'.")
        try:
            items = self.engine.run(document["q"])
        except SuiteQLError as error:
            raise responses.invalid_query(error.detail) from None
        body = envelope(items, page, request.url)
        return Reply(200, json.dumps(body).encode(), responses.COLLECTION_CONTENT_TYPE)

    def _token(self, request: Request) -> Reply:
        self.stats.count_token()
        fault = self.faults.take_token()
        if fault is not None:
            self.stats.count_token_fault(fault)
            return self._injected_token(fault)
        if self.m2m is None:
            self.audit_trail.record("FeatureDisabled")
            return _oauth_error(400, "unauthorized_client")
        if request.headers.get_content_type() != "application/x-www-form-urlencoded":
            self.audit_trail.record("InvalidRequest")
            return _oauth_error(400, "invalid_request")
        form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
        try:
            token = self.m2m.issue(form, request.url)
        except AssertionRefused as refusal:
            self.audit_trail.record(refusal.reason)
            return _oauth_error(refusal.status, refusal.error)
        return Reply(200, json.dumps(token).encode(), headers={"Cache-Control": "no-store"})

    def _injected_token(self, fault: Fault) -> Reply:
        if fault.kind == "drop":
            self.stats.count_drop()
            return Reply(0, drop=True)
        if fault.kind == "malformed":
            return Reply(200, MALFORMED_TOKEN_BODY, headers={"Cache-Control": "no-store"})
        return _error(responses.server_error(fault.status))

    def _admin(self, request: Request) -> Reply:
        """GET stats | GET audit-trail | GET faults | POST faults (JSON settings) | POST reset."""
        routes: dict[tuple[str, str], Callable[[], object]] = {
            ("GET", "stats"): self.stats.snapshot,
            ("GET", "audit-trail"): lambda: {"entries": self.audit_trail.entries()},
            ("GET", "faults"): self.faults.snapshot,
            ("POST", "faults"): lambda: self._configure_faults(json.loads(request.body or b"{}")),
            ("POST", "reset"): self._reset,
        }
        route = routes.get((request.method, request.path.removeprefix(ADMIN_PREFIX)))
        if route is None:
            return _json({"error": f"no admin endpoint {request.method} {request.path}"}, status=404)
        try:
            return _json(route())
        except (ValueError, TypeError, AttributeError) as exc:
            return _json({"error": str(exc)}, status=400)

    def _reset(self) -> dict[str, object]:
        self.reset()
        return {"reset": True}

    def _configure_faults(self, settings: dict[str, object]) -> dict[str, object]:
        """Applies {"latency_ms", "concurrency_limit", "fail_next": n | {"count", "status"}, "drop_next",
        "malformed_next", "unauthorized_next", "fail_next_token": n | {"count", "status"}, "drop_next_token",
        "malformed_next_token", "token_lifetime"}; unknown keys are refused."""
        known = {"latency_ms", "concurrency_limit", "fail_next", "drop_next", "malformed_next", "unauthorized_next"}
        known |= {"fail_next_token", "drop_next_token", "malformed_next_token"}
        unknown = set(settings) - known - {"token_lifetime"}
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        if "latency_ms" in settings:
            self.faults.latency_ms = _int(settings["latency_ms"])
        if "concurrency_limit" in settings:
            limit = settings["concurrency_limit"]
            self.faults.concurrency_limit = None if limit is None else _int(limit)
        if "fail_next" in settings:
            count, status = _count_and_status(settings["fail_next"])
            self.faults.fail_next(count, status=status)
        if "drop_next" in settings:
            self.faults.drop_next(_int(settings["drop_next"]))
        if "malformed_next" in settings:
            self.faults.malformed_next(_int(settings["malformed_next"]))
        if "unauthorized_next" in settings:
            self.faults.unauthorized_next(_int(settings["unauthorized_next"]))
        if "fail_next_token" in settings:
            count, status = _count_and_status(settings["fail_next_token"])
            self.faults.fail_next_token(count, status=status)
        if "drop_next_token" in settings:
            self.faults.drop_next_token(_int(settings["drop_next_token"]))
        if "malformed_next_token" in settings:
            self.faults.malformed_next_token(_int(settings["malformed_next_token"]))
        if "token_lifetime" in settings:
            if self.m2m is None:
                raise ValueError("this sandbox does not serve OAuth 2.0")
            self.m2m.token_lifetime = float(_int(settings["token_lifetime"]))
        return self.faults.snapshot()


def _injected(fault: Fault) -> Reply:
    if fault.kind == "fail" and fault.status == 429:
        return _error(responses.concurrency_limit_exceeded())
    if fault.kind == "fail":
        return _error(responses.server_error(fault.status))
    if fault.kind == "malformed":
        return Reply(200, MALFORMED_BODY, responses.COLLECTION_CONTENT_TYPE)
    return _error(responses.invalid_login())


def _count_and_status(setting: object) -> tuple[int, int]:
    """`n` or {"count": n, "status": s} (both optional), as (count, status) with 1 and 503 by default."""
    if isinstance(setting, dict):
        return _int(setting.get("count", 1)), _int(setting.get("status", 503))
    return _int(setting), 503


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}")
    return value


def _method_not_allowed() -> NetSuiteError:
    return NetSuiteError(405, "INVALID_REQUEST", "The HTTP method is not allowed for this resource.")


def _error(error: NetSuiteError) -> Reply:
    return Reply(error.status, error.body(), responses.ERROR_CONTENT_TYPE)


def _oauth_error(status: int, error: str) -> Reply:
    return Reply(status, json.dumps({"error": error}).encode(), headers={"Cache-Control": "no-store"})


def _json(document: object, status: int = 200) -> Reply:
    return Reply(status, json.dumps(document).encode())
