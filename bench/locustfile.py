"""Locust users for bench/load.py. Configured through the environment, so one file serves every phase:

BENCH_API_KEY      the gateway's API key
BENCH_MODE         paced: each user sends BENCH_RATE requests per second until --run-time ends
                   once:  each user sends one request, then stops; the run ends when all have answered
BENCH_RATE         requests per second per user in paced mode (default 1)
BENCH_ORDERS       comma-separated order numbers; paced users all ask for the first, once users take one each
BENCH_EMAIL        the email sent with every request
BENCH_RETRIES      once mode: after a 429 or 503 with Retry-After, wait that long and ask again, up to this many
                   times (default 0); every attempt is counted, and each user's last answer separately
BENCH_JITTER       1: wait Retry-After plus a random part of it again (between 1x and 2x); 0 (default): exactly it
BENCH_OUT          where to write what every response said (status counts, messages, Retry-After by status and
                   by status and message; in once mode each user's last answer, attempts and seconds taken)
"""

import itertools
import json
import os
import random
import threading
import time
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
RETRIES = int(os.environ.get("BENCH_RETRIES", "0"))
JITTER = os.environ.get("BENCH_JITTER", "0") == "1"
RETRIED_STATUSES = {429, 503}

_lock = threading.Lock()
_next_order = itertools.count()
_statuses: Counter[str] = Counter()
_messages: Counter[str] = Counter()
_retry_after: Counter[str] = Counter()
_retry_after_by_message: Counter[str] = Counter()
_clients: list[dict[str, Any]] = []  # once mode: each user's requests, last answer and seconds taken
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
            answer = f"{status} {_message(response)}"
            _messages[answer] += 1
            if response.headers.get("Retry-After"):
                _retry_after[str(status)] += 1
                _retry_after_by_message[answer] += 1


@events.quitting.add_listener
def _write(**_: Any) -> None:
    if OUT:
        summary = {
            "statuses": dict(_statuses),
            "messages": dict(_messages),
            "retry_after": dict(_retry_after),
            "retry_after_by_message": dict(_retry_after_by_message),
            "clients": _clients,
        }
        Path(OUT).write_text(json.dumps(summary))


def _retry_wait(response: Any) -> float | None:
    """Seconds to wait before asking again, when the answer says to retry; None otherwise."""
    if getattr(response, "status_code", 0) not in RETRIED_STATUSES:
        return None
    try:
        seconds = float(response.headers.get("Retry-After") or "")
    except ValueError:
        return None
    return seconds * (1 + random.random()) if JITTER else seconds


def _answer(response: Any) -> str:
    status = getattr(response, "status_code", 0)
    if not status:
        return "connection error"
    return str(status) if status < 400 else f"{status} {_message(response)}"


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
        if MODE == "paced":
            self._post(ORDERS[0])
            return
        order = ORDERS[next(_next_order) % len(ORDERS)]
        started = time.monotonic()
        for attempt in range(1, RETRIES + 2):
            response = self._post(order)
            wait = _retry_wait(response)
            if wait is None or attempt > RETRIES:
                break
            gevent.sleep(wait)
        with _lock:
            _clients.append({"requests": attempt, "answer": _answer(response), "seconds": time.monotonic() - started})
        self._finish()

    def _post(self, order: str) -> Any:
        return self.client.post(
            "/validate-order",
            data=json.dumps({"order_number": order, "email": EMAIL}),
            headers={"X-Api-Key": API_KEY, "Content-Type": "application/json"},
            name="POST /validate-order",
        )

    def _finish(self) -> None:
        global _finished  # noqa: PLW0603 - one counter shared by every user of this process
        with _lock:
            _finished += 1
            everyone = _finished >= self.environment.parsed_options.num_users
        if everyone and self.environment.runner is not None:
            gevent.spawn_later(0.2, self.environment.runner.quit)
        raise StopUser
