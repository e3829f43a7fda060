"""The HTTP/1.1 side: read one request with a bounded body, hand it to the dispatcher, write the reply.

Every response carries Content-Length, so connections stay open between requests (keep-alive); a connection whose
body was not read (too large, unreadable) is closed after the answer.
"""

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, override

from pickup_dev.gateway import aws_facts
from pickup_dev.gateway.access_log import log_request
from pickup_dev.gateway.dispatcher import Dispatcher, Handled
from pickup_dev.gateway.invocation import log
from pickup_dev.gateway.proxy_event import IncomingRequest
from pickup_dev.gateway.replies import Reply
from pickup_dev.loopback_http import LoopbackHTTPServer, LoopbackRequestHandler

_MAX_CHUNK_LINE = 1024
_MAX_TRAILER_LINES = 100
_IDLE_CONNECTION_TIMEOUT = 60.0


class _Unreadable(Exception):
    def __init__(self, error: aws_facts.GatewayError) -> None:
        super().__init__(error.message)
        self.error = error


class GatewayHTTPServer(LoopbackHTTPServer):
    def __init__(
        self,
        address: tuple[str, int],
        *,
        dispatcher: Dispatcher,
        max_body_bytes: int,
        on_reply: Callable[[int], None],
    ) -> None:
        self.dispatcher = dispatcher
        self.max_body_bytes = max_body_bytes
        self.on_reply = on_reply
        super().__init__(address, GatewayRequestHandler)


class GatewayRequestHandler(LoopbackRequestHandler):
    server_version = "pickup-local-gateway"
    sys_version = ""
    timeout = _IDLE_CONNECTION_TIMEOUT
    server: GatewayHTTPServer

    @override
    def handle_expect_100(self) -> bool:
        """Refuse a body announced as too large before the client sends it."""
        try:
            length = self._declared_length()
        except _Unreadable:
            length = None  # the request is answered 400 once it reaches _serve
        if length is not None and length > self.server.max_body_bytes:
            self._answer(self.server.dispatcher.error(aws_facts.REQUEST_TOO_LARGE), time.perf_counter(), close=True)
            return False
        return super().handle_expect_100()

    @override
    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the access log replaces the default line, which would print the query string."""

    @override
    def log_error(self, format: str, *args: Any) -> None:
        """Only that it happened: the base class's message can quote the request line."""
        log.warning("unreadable HTTP request from a client")

    @override
    def _serve(self) -> None:
        started = time.perf_counter()
        try:
            body = self._read_body()
        except _Unreadable as exc:
            self._answer(self.server.dispatcher.error(exc.error), started, close=True)
            return
        path, _, query = self.path.partition("?")
        request = IncomingRequest(
            method=self.command,
            path=path,
            query=query,
            headers=list(self.headers.items()),
            body=body,
            source_ip=self.client_address[0],
            server_port=self.server.server_address[1],
            received_at=datetime.now(UTC),
        )
        self._answer(self.server.dispatcher.handle(request), started, close=False)

    def _answer(self, handled: Handled, started: float, *, close: bool) -> None:
        """Count and log the answer, then send it: a client that has its answer finds it in stats and the log."""
        reply = handled.reply
        self.server.on_reply(reply.status)
        log_request(
            request_id=handled.request_id,
            method=self.command,
            path=self.path.partition("?")[0],
            status=reply.status,
            latency_ms=(time.perf_counter() - started) * 1000,
            api_key_id=handled.api_key_id,
        )
        try:
            self._write(reply, close=close)
        except OSError:
            self.close_connection = True

    def _write(self, reply: Reply, *, close: bool) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
        self.wfile.flush()

    def _declared_length(self) -> int | None:
        raw = self.headers.get("Content-Length")
        if raw is None:
            return None
        try:
            length = int(raw)
        except ValueError:
            raise _Unreadable(aws_facts.BAD_REQUEST) from None
        if length < 0:
            raise _Unreadable(aws_facts.BAD_REQUEST)
        return length

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length = self._declared_length()
        if not length:
            return b""
        if length > self.server.max_body_bytes:
            raise _Unreadable(aws_facts.REQUEST_TOO_LARGE)
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes:
        limit = self.server.max_body_bytes
        chunks: list[bytes] = []
        total = 0
        for _ in range(limit + 1):  # every chunk but the last holds at least one byte
            size_line = self.rfile.readline(_MAX_CHUNK_LINE)
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _Unreadable(aws_facts.BAD_REQUEST) from None
            if size == 0:
                break
            total += size
            if total > limit:
                raise _Unreadable(aws_facts.REQUEST_TOO_LARGE)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(_MAX_CHUNK_LINE)
        for _ in range(_MAX_TRAILER_LINES):
            if self.rfile.readline(_MAX_CHUNK_LINE) in {b"\r\n", b"\n", b""}:
                break
        return b"".join(chunks)
