"""A local stand-in for Supabase's Data API (PostgREST behind the API gateway), for tests and `pickup dev`.

It speaks the part of the wire protocol the snapshot store uses, against the real PostgreSQL:

    POST /rest/v1/rpc/<function>   JSON object of named arguments
        -> runs public.<function>(<name> => <value>, ...) after SET LOCAL ROLE to the caller's role, in a
           transaction; a set-returning function answers a JSON array of row objects, a scalar one its JSON
           value, a void one 204 No Content (the one answer without Content-Length, which RFC 9110 forbids there).

Keys, as Supabase checks them:
    no `apikey` header                              401, empty body
    apikey = the secret key (sb_secret_...)         service_role; the same value also sent as
                                                    `Authorization: Bearer` is refused: 401 PGRST301 (not a JWT)
    apikey = the anon/publishable key               anon
    apikey = a JWT signed with the JWT secret       the JWT's `role` claim (legacy anon/service_role keys)
    `Authorization: Bearer <JWT>` next to a valid apikey   the role in that JWT (checked with the JWT secret)
    anything else                                   401 {"message": "Invalid API key"}

Errors use PostgREST's shape {"code", "message", "details", "hint"} and its status mapping (42501 -> 401 for
anon, 403 otherwise; unknown function -> 404 PGRST202; ...). Each request's header NAMES (never values) are
recorded in `received`, and `delay_seconds` holds every answer back, to test clients' timeouts.

The server connects as a LOGIN role that may switch to the API roles, like PostgREST's `authenticator`:

    with SupabaseApi(pg.dsn_for("authenticator"), secret_key="sb_secret_...") as api:
        httpx.post(f"{api.url}/rest/v1/rpc/get_order_snapshot", ...)
"""

import json
import logging
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any, Self, override

import jwt
import psycopg
from psycopg import sql

from pickup_dev.loopback_http import LoopbackHTTPServer, LoopbackRequestHandler

logger = logging.getLogger(__name__)

API_ROLES = ("anon", "authenticated", "service_role")
_RPC_PATH = re.compile(r"/rest/v1/rpc/([A-Za-z_][A-Za-z0-9_]*)/?")
_JSON_TYPES = frozenset({"json", "jsonb"})
_MAX_BODY = 1_000_000
_FUNCTIONS_SQL = """
select p.proname,
       coalesce(p.proargnames, array[]::text[]) as arg_names,
       coalesce(p.proargmodes::text[], array[]::text[]) as arg_modes,
       array(select pg_catalog.format_type(t, null) from unnest(p.proargtypes) as t) as in_types,
       p.pronargdefaults,
       p.proretset,
       p.prorettype = 'pg_catalog.void'::pg_catalog.regtype as returns_void,
       p.prorettype = 'pg_catalog.record'::pg_catalog.regtype
         or exists (select from pg_catalog.pg_type t where t.oid = p.prorettype and t.typtype = 'c') as returns_rows
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
 where n.nspname = %s and p.proname = %s and p.prokind = 'f'
"""


@dataclass(frozen=True, slots=True)
class ReceivedRequest:
    """What the stand-in saw of one request: method, path and the lower-cased header names."""

    method: str
    path: str
    header_names: frozenset[str]


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"

    @classmethod
    def json(cls, status: int, value: object) -> "Answer":
        return cls(status, json.dumps(value, separators=(",", ":")).encode())

    @classmethod
    def error(
        cls, status: int, code: str | None, message: str, *, details: str | None = None, hint: str | None = None
    ) -> "Answer":
        return cls.json(status, {"code": code, "details": details, "hint": hint, "message": message})


@dataclass(frozen=True, slots=True)
class _Function:
    in_names: tuple[str, ...]
    in_types: tuple[str, ...]
    required: frozenset[str]
    returns_set: bool
    returns_void: bool
    returns_rows: bool


class _Refused(Exception):
    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


_INVALID_API_KEY = Answer.json(
    401, {"message": "Invalid API key", "hint": "Double check your Supabase `anon` or `service_role` API key."}
)


class SupabaseApi:
    """The stand-in server; a context manager. `url` is the project URL (http://127.0.0.1:<port>)."""

    def __init__(
        self,
        dsn: str,
        *,
        secret_key: str | None = None,
        anon_key: str | None = None,
        jwt_secret: str | None = None,
        schema: str = "public",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self._dsn = dsn
        self._secret_key = secret_key
        self._anon_key = anon_key
        self._jwt_secret = jwt_secret
        self._schema = schema
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.received: list[ReceivedRequest] = []
        self.delay_seconds = 0.0

    def __repr__(self) -> str:
        return f"SupabaseApi(url={self.url if self._server else None!r})"

    @property
    def url(self) -> str:
        assert self._server is not None, "the server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        self._stopping.clear()
        self._server = _Server(self._address, _Handler, api=self)
        self._thread = threading.Thread(target=self._server.serve_forever, name="supabase-api", daemon=True)
        self._thread.start()
        logger.info("Supabase Data API stand-in on %s", self.url)
        return self

    def stop(self) -> None:
        """Stop accepting, then cut every open connection (kept-alive ones included) so clients see it at once."""
        server, self._server = self._server, None
        self._stopping.set()
        if server is None:
            return
        server.shutdown()
        server.close_open_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- one request

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Answer:
        self.received.append(ReceivedRequest(method, path, frozenset(headers)))
        try:
            role, claims = self._authenticate(headers)
        except _Refused as refused:
            return refused.answer
        if self.delay_seconds > 0:
            self._stopping.wait(self.delay_seconds)
        match = _RPC_PATH.fullmatch(path.split("?", 1)[0])
        if method != "POST" or match is None:
            return Answer.error(404, "PGRST125", f"Invalid path specified in request URL: {method} {path}")
        try:
            arguments = json.loads(body or b"{}")
        except ValueError:
            arguments = None
        if not isinstance(arguments, dict):
            return Answer.error(400, "PGRST102", "Empty or invalid json")
        return self._call(match.group(1), arguments, role, claims)

    def _authenticate(self, headers: dict[str, str]) -> tuple[str, dict[str, Any]]:
        apikey = headers.get("apikey")
        if not apikey:
            raise _Refused(Answer(401))
        if self._secret_key is not None and apikey == self._secret_key:
            role, claims = "service_role", {"role": "service_role"}
        elif self._anon_key is not None and apikey == self._anon_key:
            role, claims = "anon", {"role": "anon"}
        elif self._jwt_secret is not None and apikey.count(".") == 2:
            try:
                claims = self._decode(apikey)
            except _Refused:
                raise _Refused(_INVALID_API_KEY) from None
            role = str(claims.get("role", "anon"))
        else:
            raise _Refused(_INVALID_API_KEY)
        authorization = headers.get("authorization")
        if authorization is None:
            return role, claims
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise _Refused(Answer.error(401, "PGRST301", "Authorization header must be a Bearer token"))
        claims = self._decode(token)
        return str(claims.get("role", "anon")), claims

    def _decode(self, token: str) -> dict[str, Any]:
        parts = token.count(".") + 1
        if parts != 3:
            raise _Refused(Answer.error(401, "PGRST301", f"Expected 3 parts in JWT; got {parts}"))
        if self._jwt_secret is None:
            raise _Refused(Answer.error(401, "PGRST300", "Server lacks JWT secret"))
        try:
            claims: dict[str, Any] = jwt.decode(
                token, self._jwt_secret, algorithms=["HS256"], options={"verify_aud": False}
            )
        except jwt.ExpiredSignatureError:
            raise _Refused(Answer.error(401, "PGRST303", "JWT expired")) from None
        except jwt.InvalidTokenError:
            raise _Refused(Answer.error(401, "PGRST301", "No suitable key or wrong key type")) from None
        return claims

    def _call(self, name: str, arguments: dict[str, Any], role: str, claims: dict[str, Any]) -> Answer:
        try:
            with psycopg.connect(self._dsn, autocommit=True) as conn:
                function = self._find(conn, name, frozenset(arguments))
                if function is None:
                    return _not_found(self._schema, name, arguments)
                with conn.transaction():
                    conn.execute(sql.SQL("set local role {}").format(sql.Identifier(role)))
                    conn.execute("select pg_catalog.set_config('request.jwt.claims', %s, true)", (json.dumps(claims),))
                    result = conn.execute(self._query(name, function), {"body": json.dumps(arguments)}).fetchone()
        except psycopg.OperationalError as exc:
            if exc.sqlstate is None:
                return Answer.error(503, "PGRST000", "Database connection error. Retrying the connection.")
            return _database_error(exc, role)
        except psycopg.Error as exc:
            return _database_error(exc, role)
        if function.returns_void:
            return Answer(204)
        value = result[0] if result else None
        return Answer.json(200, value)

    def _find(self, conn: psycopg.Connection[Any], name: str, given: frozenset[str]) -> _Function | None:
        for row in conn.execute(_FUNCTIONS_SQL, (self._schema, name)).fetchall():
            _, names, modes, in_types, defaults, returns_set, returns_void, returns_rows = row
            in_names = tuple(n for i, n in enumerate(names) if not modes or modes[i] in ("i", "b", "v"))
            if len(in_names) != len(in_types) or not all(in_names):
                continue  # unnamed arguments cannot be called with a JSON object
            required = frozenset(in_names[: len(in_names) - defaults])
            if required <= given <= set(in_names):
                return _Function(in_names, tuple(in_types), required, returns_set, returns_void, returns_rows)
        return None

    def _query(self, name: str, function: _Function) -> sql.Composed:
        arguments = sql.SQL(", ").join(
            sql.SQL("{} => ({} {} {})::{}").format(
                sql.Identifier(arg),
                sql.Placeholder("body") + sql.SQL("::jsonb"),
                sql.SQL("->" if arg_type in _JSON_TYPES else "->>"),
                sql.Literal(arg),
                sql.SQL(arg_type),  # a type name from pg_catalog.format_type
            )
            for arg, arg_type in zip(function.in_names, function.in_types, strict=True)
        )
        call = sql.SQL("{}.{}({})").format(sql.Identifier(self._schema), sql.Identifier(name), arguments)
        if function.returns_void:
            return sql.SQL("select {}").format(call)
        if function.returns_set or function.returns_rows:
            rows = sql.SQL("select coalesce(pg_catalog.json_agg(_r), '[]'::json) from {} as _r").format(call)
            if function.returns_set:
                return rows
            return sql.SQL("select pg_catalog.to_json(_r) from {} as _r").format(call)
        return sql.SQL("select pg_catalog.to_json({})").format(call)


def _not_found(schema: str, name: str, arguments: dict[str, Any]) -> Answer:
    names = ", ".join(sorted(arguments))
    return Answer.error(
        404,
        "PGRST202",
        f"Could not find the function {schema}.{name}({names}) in the schema cache",
        details=f"Searched for the function {schema}.{name} with parameters {names} or with a single unnamed "
        "json/jsonb parameter, but no matches were found in the schema cache.",
    )


def _status_for(sqlstate: str, role: str) -> int:
    """PostgREST's mapping from SQLSTATE to HTTP status (docs/references/errors.rst), for what we need."""
    exact = {
        "42501": 401 if role == "anon" else 403,
        "42883": 404,
        "42P01": 404,
        "23505": 409,
        "23503": 409,
        "23502": 400,
        "23514": 400,
        "P0001": 400,
        "57014": 500,
        "25006": 405,
    }
    if sqlstate in exact:
        return exact[sqlstate]
    prefixes = {"08": 503, "09": 500, "0L": 403, "0P": 403, "22": 400, "23": 409, "28": 403, "42": 400, "53": 503}
    return prefixes.get(sqlstate[:2], 500)


def _database_error(exc: psycopg.Error, role: str) -> Answer:
    code = exc.sqlstate or "XX000"
    diag = exc.diag
    return Answer.error(
        _status_for(code, role),
        code,
        diag.message_primary or type(exc).__name__,
        details=diag.message_detail,
        hint=diag.message_hint,
    )


# Section - HTTP plumbing


class _Server(LoopbackHTTPServer):
    block_on_close = False

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], *, api: SupabaseApi) -> None:
        self.api = api
        super().__init__(address, handler)

    def close_open_connections(self) -> None:
        """Shut down every open connection and release its socket at once, kept-alive ones included."""
        for sock in self.close_connections():
            sock.close()


class _Handler(LoopbackRequestHandler):
    server_version = "supabase-api-stand-in"
    sys_version = ""
    served_methods = frozenset({"GET", "POST"})
    server: _Server

    @override
    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send(Answer.error(413, "PGRST102", "Request body too large"))
            return
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            answer = self.server.api.handle(self.command, self.path, headers, body)
        except Exception:
            logger.exception("Data API stand-in failed on %s %s", self.command, self.path.split("?", 1)[0])
            answer = Answer.error(500, "XX000", "internal error in the Data API stand-in")
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        try:
            self.send_response(answer.status)
            if answer.status != HTTPStatus.NO_CONTENT:
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if answer.body:
                self.wfile.write(answer.body)
        except OSError:
            self.close_connection = True  # the client or stop() closed the connection

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)
