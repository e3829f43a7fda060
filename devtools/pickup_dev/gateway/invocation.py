"""Calling the function: the outcomes other than a result, and the in-process way of calling it.

Every invoker takes the event as the JSON text Lambda would receive and returns the function's result as Lambda
would hand it back (decoded JSON), or raises one of the errors below. Lambda stops a function at its own timeout
(a function error); API Gateway stops waiting at the integration timeout (504), whichever comes first.
"""

import json
import logging
import queue
import threading
import traceback
import uuid
from typing import Protocol

from pickup_dev.gateway.aws_facts import LAMBDA_PAYLOAD_LIMIT
from pickup_dev.gateway.lambda_function import FunctionConfig, Handler, LambdaContext, deadline_ms_after

log = logging.getLogger("pickup_dev.gateway")


class InvocationRejected(Exception):
    """Lambda refused to run the function: throttled (no free execution environment) or the event is too large."""


class FunctionFailed(Exception):
    """The function ran and raised, timed out, crashed, or returned something Lambda cannot send back."""


class IntegrationTimedOut(Exception):
    """API Gateway stopped waiting before the function answered."""


class Invoker(Protocol):
    def start(self) -> None: ...

    def invoke(self, event_json: str, *, integration_timeout: float) -> object: ...

    def close(self) -> None: ...


def check_event_size(event_json: str) -> None:
    if len(event_json.encode()) > LAMBDA_PAYLOAD_LIMIT:
        raise InvocationRejected("the event exceeds Lambda's synchronous payload limit")


def decode_result(result_json: str) -> object:
    if len(result_json.encode()) > LAMBDA_PAYLOAD_LIMIT:
        raise FunctionFailed("the response exceeds Lambda's synchronous payload limit")
    return json.loads(result_json)


def waiting_time(function: FunctionConfig, integration_timeout: float) -> tuple[float, Exception]:
    """How long to wait for the function, and what it means when that time runs out."""
    if function.timeout <= integration_timeout:
        return function.timeout, FunctionFailed(f"Task timed out after {function.timeout:.2f} seconds")
    return integration_timeout, IntegrationTimedOut()


def log_handler_error(exc: BaseException) -> None:
    """The exception type and where it was raised. Its message and the source lines may carry request data."""
    frames = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(exc.__traceback__)
    )
    log.error("handler raised %s\n%s", type(exc).__name__, frames)


class InProcessInvoker:
    """Calls the handler on a thread of this process, one thread per invocation, with no concurrency limit."""

    def __init__(self, handler: Handler, *, function: FunctionConfig, handler_path: str) -> None:
        self._handler = handler
        self._function = function
        self._environment = function.runtime_environment(handler_path)

    def start(self) -> None:
        return None

    def close(self) -> None:
        return None

    def invoke(self, event_json: str, *, integration_timeout: float) -> object:
        check_event_size(event_json)
        wait, on_expiry = waiting_time(self._function, integration_timeout)
        outcome: queue.Queue[tuple[bool, str]] = queue.Queue(maxsize=1)
        context = LambdaContext(
            aws_request_id=str(uuid.uuid4()),
            invoked_function_arn=self._function.arn,
            deadline_ms=deadline_ms_after(self._function.timeout),
            environment=self._environment,
        )

        def run() -> None:
            try:
                result_json = json.dumps(self._handler(json.loads(event_json), context))
            except Exception as exc:  # noqa: BLE001 - any failure of the function is a function error (502)
                log_handler_error(exc)
                outcome.put((False, type(exc).__name__))
            else:
                outcome.put((True, result_json))

        threading.Thread(target=run, name=f"invoke-{context.aws_request_id[:8]}", daemon=True).start()
        try:
            succeeded, payload = outcome.get(timeout=wait)
        except queue.Empty:
            raise on_expiry from None
        if not succeeded:
            raise FunctionFailed(payload)
        return decode_result(payload)
