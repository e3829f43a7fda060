"""Small Lambda handlers the gateway tests run, in-process or by path in worker processes.

Importing this module in a worker appends the worker's pid to the file named by GATEWAY_TEST_COLD_START_LOG,
so a test can count cold starts.
"""

import base64
import contextlib
import json
import os
import socket
import uuid
from pathlib import Path
from typing import Any

_COLD_START_ID = str(uuid.uuid4())
_invocations = 0

if log_path := os.environ.get("GATEWAY_TEST_COLD_START_LOG"):
    with Path(log_path).open("a", encoding="utf-8") as cold_start_log:
        cold_start_log.write(f"{os.getpid()}\n")


def answer(body: object, status: int = 200) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


def echo_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The event and the context's attributes, as JSON."""
    return answer(
        {
            "event": event,
            "context": {
                "aws_request_id": context.aws_request_id,
                "function_name": context.function_name,
                "memory_limit_in_mb": context.memory_limit_in_mb,
                "invoked_function_arn": context.invoked_function_arn,
                "remaining_ms": context.get_remaining_time_in_millis(),
            },
        }
    )


def whoami(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Which execution environment answered, and how many events it has handled."""
    global _invocations  # noqa: PLW0603 - per-process state is what this handler reports
    _invocations += 1
    return answer({"pid": os.getpid(), "cold_start_id": _COLD_START_ID, "invocation": _invocations})


def environment(event: dict[str, Any], context: Any) -> dict[str, Any]:
    names = ("GATEWAY_TEST_VALUE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER")
    return answer({name: os.environ.get(name) for name in names})


def hold_until_released(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """With {"port": p} in the body: connects to the test's port and answers once the test sends one byte (or after
    10 s). Without a port it answers at once."""
    port = json.loads(event["body"] or "{}").get("port")
    if port is not None:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as gate, contextlib.suppress(TimeoutError):
            gate.recv(1)
    return whoami(event, context)


def raise_error(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise RuntimeError("customer jane.doe@example.com caused this")


def exit_process(event: dict[str, Any], context: Any) -> dict[str, Any]:
    os._exit(3)


def echo_bytes(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answers with the request body's bytes, base64-encoded, as a binary response."""
    raw = base64.b64decode(event["body"]) if event["isBase64Encoded"] else (event["body"] or "").encode()
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/octet-stream"},
        "body": base64.b64encode(raw).decode(),
        "isBase64Encoded": True,
    }
