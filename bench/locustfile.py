"""Locust users for bench/load.py. Configured through the environment, so one file serves every phase:

BENCH_API_KEY      the gateway's API key
BENCH_MODE         paced: each user sends BENCH_RATE requests per second until --run-time ends
                   once:  each user sends one request, then stops; the run ends when all have answered
BENCH_RATE         requests per second per user in paced mode (default 1)
BENCH_ORDERS       comma-separated order numbers; paced users all ask for the first, once users take one each
BENCH_EMAIL        the email sent with every request
BENCH_OUT          where to write what every response said (status counts, gateway messages, Retry-After)
"""

import itertools
import json
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import gevent
from locust import constant_throughput, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

API_KEY = os.environ.get("BENCH_API_KEY", "")
MODE = os.environ.get("BENCH_MODE", "paced")
RATE = float(os.environ.get("BENCH_RATE", "1"))
ORDERS = [o for o in os.environ.get("BENCH_ORDERS", "SO100001").split(",") if o]
EMAIL = os.environ.get("BENCH_EMAIL", "buyer@acme-industrial.com")
OUT = os.environ.get("BENCH_OUT")

_lock = threading.Lock()
_next_order = itertools.count()
_statuses: Counter[str] = Counter()
_messages: Counter[str] = Counter()
_retry_after: Counter[str] = Counter()
_finished = 0


@events.request.add_listener
def _record(response: Any = None, exception: BaseException | None = None, **_: Any) -> None:
    with _lock:
        if exception is not None and (response is None or not getattr(response, "status_code", 0)):
            _statuses["connection error"] += 1
            return
        status = response.status_code
        _statuses[str(status)] += 1
        if status >= 400:
            _messages[f"{status} {_message(response)}"] += 1
            if response.headers.get("Retry-After"):
                _retry_after[str(status)] += 1


@events.quitting.add_listener
def _write(**_: Any) -> None:
    if OUT:
        summary = {"statuses": dict(_statuses), "messages": dict(_messages), "retry_after": dict(_retry_after)}
        Path(OUT).write_text(json.dumps(summary))


def _message(response: Any) -> str:
    try:
        body = json.loads(response.text or "{}")
    except ValueError:
        return "(not JSON)"
    if not isinstance(body, dict):
        return "(not an object)"
    return str(body.get("error_code") or body.get("message") or "")


class ValidateOrderUser(FastHttpUser):
    wait_time = constant_throughput(RATE)

    @task
    def validate(self) -> None:
        order = ORDERS[0] if MODE == "paced" else ORDERS[next(_next_order) % len(ORDERS)]
        self.client.post(
            "/validate-order",
            data=json.dumps({"order_number": order, "email": EMAIL}),
            headers={"X-Api-Key": API_KEY, "Content-Type": "application/json"},
            name="POST /validate-order",
        )
        if MODE == "once":
            self._finish()

    def _finish(self) -> None:
        global _finished  # noqa: PLW0603 - one counter shared by every user of this process
        with _lock:
            _finished += 1
            everyone = _finished >= self.environment.parsed_options.num_users
        if everyone and self.environment.runner is not None:
            gevent.spawn_later(0.2, self.environment.runner.quit)
        raise StopUser
