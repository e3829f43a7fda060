"""What the local HTTP servers share: a threaded HTTP/1.1 server whose kept-alive connections stop() can end.

A server subclasses LoopbackHTTPServer and LoopbackRequestHandler, sets its own server_version (and idle timeout,
if not the default) and writes `_serve`, which answers every method it lists in `served_methods`.
"""

import contextlib
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, override


class LoopbackHTTPServer(ThreadingHTTPServer):
    """A thread per connection (daemon threads), and a record of the open connections for close_connections()."""

    daemon_threads = True
    # socketserver listens with a backlog of 5: a burst of a few hundred new connections overflows it, and the
    # refused clients wait for SYN retransmits (1 s, 3 s, 7 s later). API Gateway and NetSuite show no such effect.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    @override
    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    @override
    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> list[socket.socket]:
        """Shut down every open connection, idle keep-alive ones included, so their threads finish; returns them."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already gone
                connection.shutdown(socket.SHUT_RDWR)
        return connections


class LoopbackRequestHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive; each method in `served_methods` goes to `_serve`, any other is answered 501."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes; Nagle would hold the body back 40 ms
    timeout = 30.0  # an idle kept-alive connection is closed after this many seconds
    served_methods: ClassVar[frozenset[str]] = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

    def do_GET(self) -> None:
        self._serve_if_listed()

    def do_HEAD(self) -> None:
        self._serve_if_listed()

    def do_POST(self) -> None:
        self._serve_if_listed()

    def do_PUT(self) -> None:
        self._serve_if_listed()

    def do_PATCH(self) -> None:
        self._serve_if_listed()

    def do_DELETE(self) -> None:
        self._serve_if_listed()

    def do_OPTIONS(self) -> None:
        self._serve_if_listed()

    def _serve(self) -> None:
        """Read the request (self.command, self.path, self.headers, self.rfile) and write the answer."""
        raise NotImplementedError

    def _serve_if_listed(self) -> None:
        if self.command in self.served_methods:
            self._serve()
        else:  # the answer BaseHTTPRequestHandler gives a method it has no do_ method for
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
