"""The NetSuite sandbox server: a ThreadingHTTPServer on 127.0.0.1 speaking HTTP/1.1 with keep-alive."""

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self, override
from urllib.parse import parse_qsl, urlsplit

from pickup_dev.loopback_http import LoopbackHTTPServer, LoopbackRequestHandler
from pickup_dev.sandbox import responses
from pickup_dev.sandbox.demo import (
    DEMO_ACCOUNT_ID,
    DEMO_M2M,
    DEMO_TBA,
    AuthKind,
    M2MCredentials,
    TbaCredentials,
    client_env,
)
from pickup_dev.sandbox.endpoints import Endpoints, Reply, Request
from pickup_dev.sandbox.faults import AuditTrail, Faults, Stats
from pickup_dev.sandbox.m2m import ClientCredentialsIssuer
from pickup_dev.sandbox.records import Tables, load_tables
from pickup_dev.sandbox.suiteql import SuiteQLEngine
from pickup_dev.sandbox.tba import TokenVerifier

MAX_BODY_BYTES = 1_000_000
IDLE_CONNECTION_SECONDS = 30


class NetSuiteSandbox:
    """A local stand-in for one NetSuite account's REST endpoints, for development and tests.

    Use it as a context manager (or call start/stop). `tba` and `m2m` take True for the demo credentials,
    False to switch that kind of login off, or credentials of your own.
    """

    def __init__(
        self,
        data: Path | str | Tables | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        account_id: str = DEMO_ACCOUNT_ID,
        tba: bool | TbaCredentials = True,
        m2m: bool | M2MCredentials = True,
        token_lifetime: float = 3600,
        latency_ms: int = 0,
        concurrency_limit: int | None = None,
        clock: Callable[[], float] = time.time,
        access_log: bool = False,
    ) -> None:
        self.account_id = account_id
        self.tba_credentials = DEMO_TBA if tba is True else (tba or None)
        self.m2m_credentials = DEMO_M2M if m2m is True else (m2m or None)
        self.faults = Faults(latency_ms=latency_ms, concurrency_limit=concurrency_limit)
        self.stats = Stats()
        self._audit = AuditTrail()
        self._tba = TokenVerifier(account_id, self.tba_credentials, clock=clock) if self.tba_credentials else None
        self._m2m = (
            ClientCredentialsIssuer(self.m2m_credentials, token_lifetime=token_lifetime, clock=clock)
            if self.m2m_credentials
            else None
        )
        self._token_lifetime = token_lifetime
        self._engine = SuiteQLEngine(load_tables(data))
        self._endpoints = Endpoints(
            self._engine, self._tba, self._m2m, self.faults, self.stats, self._audit, self.reset
        )
        self._address = (host, port)
        self._access_log = access_log
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT, the value for NETSUITE_REST_URL."""
        if self._server is None:
            raise RuntimeError("the sandbox is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def audit_trail(self) -> list[str]:
        """Why each refused login was refused (InvalidSignature, NonceUsed, ...), oldest first."""
        return self._audit.entries()

    @property
    def token_lifetime(self) -> float:
        return self._m2m.token_lifetime if self._m2m is not None else self._token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        if self._m2m is None:
            raise RuntimeError("this sandbox does not serve OAuth 2.0")
        self._m2m.token_lifetime = seconds

    def client_env(self, kind: AuthKind = "tba") -> dict[str, str]:
        """The NETSUITE_* environment variables for a client of this sandbox."""
        credentials = self.tba_credentials if kind == "tba" else self.m2m_credentials
        if credentials is None:
            raise ValueError(f"this sandbox does not accept {kind} logins")
        return client_env(
            self.url,
            kind,
            account_id=self.account_id,
            tba=self.tba_credentials or DEMO_TBA,
            m2m=self.m2m_credentials or DEMO_M2M,
        )

    def reset(self) -> None:
        """Zero the counters, forget the faults and the audit trail, restore the token lifetime."""
        self.stats.reset()
        self.faults.clear()
        self._audit.clear()
        if self._m2m is not None:
            self._m2m.token_lifetime = self._token_lifetime

    def start(self) -> Self:
        if self._server is not None:
            return self
        server = _Server(self._address, _Handler)
        server.endpoints = self._endpoints
        server.access_log = self._access_log
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="netsuite-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        self.faults.release_waiting()
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def close(self) -> None:
        """Stop serving and release the database."""
        self.stop()
        self._engine.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class _Server(LoopbackHTTPServer):
    endpoints: Endpoints
    access_log: bool


class _Handler(LoopbackRequestHandler):
    server_version = "NetSuiteSandbox/1"
    timeout = IDLE_CONNECTION_SECONDS
    served_methods = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
    server: _Server

    @override
    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            self._send(Reply(413, b"", responses.JSON_CONTENT_TYPE))
            self.close_connection = True
            return
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        request = Request(
            method=self.command,
            path=parts.path,
            query=parse_qsl(parts.query, keep_blank_values=True),
            headers=self.headers,
            body=body,
            base_url=f"http://{host}",
        )
        try:
            reply = self.server.endpoints.handle(request)
        except Exception as exc:  # noqa: BLE001 - an unexpected bug must still answer like NetSuite would
            print(f"netsuite sandbox: {exc.__class__.__name__} serving {parts.path}", file=sys.stderr)
            reply = Reply(500, responses.server_error(500).body(), responses.ERROR_CONTENT_TYPE)
        if reply.drop:
            self.close_connection = True
            return
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.access_log:
            sys.stderr.write(f"netsuite sandbox: {format % args}\n")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        del size  # not worth a column
        if self.server.access_log:
            path = urlsplit(self.path).path  # never the query string
            sys.stderr.write(f"netsuite sandbox: {self.command} {path} {code}\n")
