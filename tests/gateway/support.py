"""Helpers shared by the gateway tests: recording handlers and a gate a worker-process handler waits on."""

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.fixtures.gateway import TEST_API_KEY

KEY = {"X-Api-Key": TEST_API_KEY}
EVENTS = Path(__file__).parent / "events"


def documented_event() -> dict[str, Any]:
    """AWS's example REST proxy event ("Input format of a Lambda function for proxy integration",
    https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html)."""
    return json.loads((EVENTS / "restApiProxyEventDocumented.json").read_text())


class Recorder:
    """A handler that keeps every event it sees and answers 200 with a small JSON body."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.contexts: list[Any] = []
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        with self._lock:
            self.events.append(event)
            self.contexts.append(context)
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": '{"ok":true}'}

    @property
    def calls(self) -> int:
        with self._lock:
            return len(self.events)


class Gate:
    """A loopback port that a handler in another process connects to; it answers once the test opens the gate."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(30)
        self.port: int = self._listener.getsockname()[1]
        self._held: list[socket.socket] = []

    def wait_for_handler(self) -> None:
        """Returns once one more handler is running and holding its execution environment."""
        connection, _ = self._listener.accept()
        self._held.append(connection)

    def release_all(self) -> None:
        for connection in self._held:
            connection.sendall(b"!")
            connection.close()
        self._held.clear()

    def close(self) -> None:
        self.release_all()
        self._listener.close()


@contextmanager
def open_gate() -> Iterator[Gate]:
    gate = Gate()
    try:
        yield gate
    finally:
        gate.close()
