"""N worker processes, N being the function's reserved concurrency: each one an execution environment.

Each worker imports the handler once when it starts (its cold start) and handles one event at a time. A request that
finds every worker busy waits up to `acquire_timeout` for one, then is throttled: Lambda rejects the invocation and
API Gateway answers 500 (see aws_facts). A worker that crashes or runs past the function timeout is discarded and
a fresh one started in its place, as Lambda does with execution environments.
"""

import contextlib
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pickup_dev.gateway.invocation import (
    FunctionFailed,
    InvocationRejected,
    check_event_size,
    decode_result,
    waiting_time,
)
from pickup_dev.gateway.lambda_function import FunctionConfig, deadline_ms_after

log = logging.getLogger("pickup_dev.gateway")

_STOP_GRACE = 2.0
_KILL_WAIT = 5.0


class WorkerStartFailed(Exception):
    """A worker could not import the handler, or did not report ready in time."""


class _Worker:
    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._read_replies, name=f"worker-{process.pid}-replies", daemon=True).start()

    def _read_replies(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        try:
            for line in stdout:
                try:
                    self.replies.put(json.loads(line))
                except ValueError:
                    self.replies.put({"error": "Runtime.InvalidReply"})
        finally:
            stdout.close()
            self.replies.put(None)  # the process is gone

    def wait_ready(self, timeout: float) -> None:
        try:
            reply = self.replies.get(timeout=timeout)
        except queue.Empty:
            raise WorkerStartFailed(f"the worker did not import the handler within {timeout:.0f} s") from None
        if reply is None:
            raise WorkerStartFailed("the worker exited while importing the handler")
        if "initError" in reply:
            raise WorkerStartFailed(f"importing the handler failed: {reply['initError']}")

    def send(self, line: bytes) -> bool:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            stdin.write(line)
            stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    def stop(self, grace: float = _STOP_GRACE) -> None:
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(_KILL_WAIT)
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):
            self.process.stdin.close()


class WorkerPool:
    def __init__(
        self,
        handler_path: str,
        *,
        size: int,
        function: FunctionConfig,
        env: Mapping[str, str] | None = None,
        acquire_timeout: float = 0.1,
        start_timeout: float = 60.0,
    ) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self._handler_path = handler_path
        self._size = size
        self._function = function
        self._env = dict(env or {})
        self._acquire_timeout = acquire_timeout
        self._start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._busy = 0
        self._peak = 0
        self._cold_starts = 0
        self._throttled = 0
        self._closed = False

    @property
    def peak_concurrency(self) -> int:
        with self._lock:
            return self._peak

    @property
    def cold_starts(self) -> int:
        with self._lock:
            return self._cold_starts

    @property
    def throttled(self) -> int:
        """Invocations refused because every execution environment was busy."""
        with self._lock:
            return self._throttled

    def start(self) -> None:
        """Start every worker at once and wait until each has imported the handler."""
        workers = [self._spawn() for _ in range(self._size)]
        try:
            for worker in workers:
                worker.wait_ready(self._start_timeout)
        except WorkerStartFailed:
            self.close()
            raise
        with self._lock:
            self._cold_starts += len(workers)
        for worker in workers:
            self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()

    def invoke(self, event_json: str, *, integration_timeout: float) -> object:
        check_event_size(event_json)
        worker = self._acquire()
        wait, on_expiry = waiting_time(self._function, integration_timeout)
        if not worker.send(self._message(event_json)):
            self._replace(worker)
            raise FunctionFailed("the execution environment exited")
        try:
            reply = worker.replies.get(timeout=wait)
        except queue.Empty:
            if isinstance(on_expiry, FunctionFailed):
                self._replace(worker)  # Lambda stops a timed-out function and discards its environment
            else:
                self._finish_later(worker, self._function.timeout - integration_timeout)
            raise on_expiry from None
        if reply is None:
            self._replace(worker)
            raise FunctionFailed("the execution environment exited")
        self._release(worker)
        if "error" in reply:
            raise FunctionFailed(str(reply["error"]))
        return decode_result(str(reply["result"]))

    def _message(self, event_json: str) -> bytes:
        header = json.dumps(
            {
                "awsRequestId": str(uuid.uuid4()),
                "functionArn": self._function.arn,
                "deadlineMs": deadline_ms_after(self._function.timeout),
            }
        )
        return f'{header[:-1]}, "event": {event_json}}}\n'.encode()

    def _acquire(self) -> _Worker:
        try:
            worker = self._idle.get(timeout=self._acquire_timeout)
        except queue.Empty:
            with self._lock:
                self._throttled += 1
            raise InvocationRejected(f"throttled: all {self._size} execution environments are busy") from None
        with self._lock:
            self._busy += 1
            self._peak = max(self._peak, self._busy)
        return worker

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            self._busy -= 1
            closed = self._closed
        if closed:
            worker.stop()
        else:
            self._idle.put(worker)

    def _finish_later(self, worker: _Worker, remaining: float) -> None:
        """After a 504 the function keeps running until it answers or reaches its own timeout."""

        def wait_for_answer() -> None:
            try:
                reply = worker.replies.get(timeout=max(0.0, remaining))
            except queue.Empty:
                reply = None
            if reply is None:
                self._replace(worker)
            else:
                self._release(worker)

        threading.Thread(target=wait_for_answer, name=f"worker-{worker.process.pid}-late", daemon=True).start()

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._busy -= 1
            self._workers.discard(worker)
            if self._closed:
                return
        threading.Thread(target=self._start_replacement, name="worker-replacement", daemon=True).start()

    def _start_replacement(self) -> None:
        try:
            worker = self._spawn()
        except OSError as exc:
            log.error("a replacement worker did not start: %s", type(exc).__name__)  # noqa: TRY400 - no traceback
            return
        try:
            worker.wait_ready(self._start_timeout)
        except WorkerStartFailed as exc:
            log.error("a replacement worker did not start: %s", exc)  # noqa: TRY400 - no traceback
            worker.kill()
            with self._lock:
                self._workers.discard(worker)
            return
        with self._lock:
            self._cold_starts += 1
            closed = self._closed
        if closed:
            worker.stop()
        else:
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        process = subprocess.Popen(
            [sys.executable, "-m", "pickup_dev.gateway.worker", self._handler_path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=self._environment(),
        )
        worker = _Worker(process)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _environment(self) -> dict[str, str]:
        """This process's environment and import path, the runtime's variables, then the configured `env` on top."""
        import_path = os.pathsep.join(entry or str(Path.cwd()) for entry in sys.path)
        return (
            {"AWS_REGION": self._function.region}
            | dict(os.environ)
            | {"PYTHONPATH": import_path}
            | self._function.runtime_environment(self._handler_path)
            | self._env
        )
