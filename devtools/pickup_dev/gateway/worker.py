"""One execution environment: a process that imports the handler once, then runs one event at a time.

Started by WorkerPool as `python -m pickup_dev.gateway.worker package.module.function`. It reads one JSON line per
invocation on stdin and writes one JSON line per answer on its original stdout; the handler's own prints go to stderr,
as a function's output goes to its log stream. Answers: {"ready": pid}, {"initError": "..."}, {"result": "<json>"},
{"error": "<exception type>"}.
"""

import json
import os
import sys
from typing import IO, Any

from pickup_dev.gateway.invocation import log_handler_error
from pickup_dev.gateway.lambda_function import Handler, LambdaContext, load_handler


def main(argv: list[str]) -> int:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        handler = load_handler(argv[0])
    except Exception as exc:  # noqa: BLE001 - an init failure is reported to the pool, whatever it is
        _answer(replies, {"initError": f"{type(exc).__name__}: {exc}"})
        return 1
    _answer(replies, {"ready": os.getpid()})
    for line in sys.stdin.buffer:
        _answer(replies, _invoke(handler, json.loads(line)))
    return 0


def _invoke(handler: Handler, message: dict[str, Any]) -> dict[str, str]:
    context = LambdaContext(
        aws_request_id=message["awsRequestId"],
        invoked_function_arn=message["functionArn"],
        deadline_ms=message["deadlineMs"],
        environment=os.environ,
    )
    try:
        return {"result": json.dumps(handler(message["event"], context))}
    except Exception as exc:  # noqa: BLE001 - any failure of the function is a function error (502)
        log_handler_error(exc)
        return {"error": type(exc).__name__}


def _answer(replies: IO[str], message: dict[str, Any]) -> None:
    replies.write(json.dumps(message) + "\n")
    replies.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
