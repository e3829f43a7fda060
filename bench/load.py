"""Load through the local gateway with locust: the usage plan's rate, burst and quota, then the function's
concurrency against NetSuite's request limit.

Phases (each against a fresh gateway, so each starts with a full token bucket and an unused quota):
  sustained   100 users x 1 request/s (the plan's rate), cache hits          -> every answer 200
  burst       200 users, one request each, all spawned within ~0.2 s          -> every answer 200
  overload    300 users x 1 request/s, three times the rate                   -> 429 beyond the rate, no 5xx
  quota       a small daily quota, more requests than it allows               -> exactly the quota answered 200
  concurrency handler in as many worker processes as infra/variables.tf reserves by default (reserved_concurrency),
              sandbox limited to 5 requests in flight with latency, 50 users each validating a different
              uncached order at once -> 200, 429 or 503 with Retry-After; no 500
  retrying    the same with 50 other orders, each user asking again after Retry-After (up to 5 times), exactly
              or with jitter, with the default reservation and with 10 workers (twice NetSuite's limit)
              -> how many end with 200, how soon, how many SuiteQL requests NetSuite refuses
All traffic goes to 127.0.0.1; every locust run is bounded by --run-time and a subprocess timeout.
"""

import json
import logging
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.local_stack import (
    DEMO_ORDER,
    Stack,
    bench_order,
    build_handler,
    local_stack,
    validation_body,
)
from bench.options import Options
from bench.report import Report
from bench.stacks import BENCH_BUILD, ROOT
from bench.tables import Table

API_KEY = "bench-load-key-0123456789abcdef"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
CSV_DIR = BENCH_BUILD / "locust"
NETSUITE_CONCURRENCY_LIMIT = 5  # NetSuite's smallest account limit
OVER_PROVISIONED = 2 * NETSUITE_CONCURRENCY_LIMIT  # a reservation above NetSuite's limit, for comparison
NETSUITE_LATENCY_MS = 300
CONCURRENT_MISSES = 50
CLIENT_RETRIES = 5
LOCUST_GRACE_SECONDS = 90


def deployed_reserved_concurrency() -> int:
    """The default of `reserved_concurrency` in infra/variables.tf: the copies of the function Lambda runs at once."""
    variables = (ROOT / "infra" / "variables.tf").read_text()
    match = re.search(r'variable "reserved_concurrency" \{.*?\n  default\s*=\s*(\d+)', variables, re.DOTALL)
    if match is None:
        raise RuntimeError("infra/variables.tf: no whole-number default for reserved_concurrency")
    return int(match.group(1))


RESERVED_CONCURRENCY = deployed_reserved_concurrency()


@dataclass(frozen=True)
class Phase:
    name: str
    users: int
    spawn_rate: float
    seconds: int
    mode: str = "paced"
    orders: tuple[str, ...] = (DEMO_ORDER,)
    retries: int = 0
    jitter: int = 0


@dataclass
class Outcome:
    statuses: dict[str, int]
    messages: dict[str, int]
    retry_after: dict[str, int]
    retry_after_by_message: dict[str, int]
    seconds: int
    clients: list[dict[str, Any]] = field(default_factory=list)  # once mode: requests, answer, seconds per user

    def count(self, prefix: str) -> int:
        return sum(n for status, n in self.statuses.items() if status.startswith(prefix))

    def answers(self) -> dict[str, int]:
        """Counts by status, errors by status and message ('503 Internal server error', '503 NETSUITE_UNAVAILABLE')."""
        plain = {s: n for s, n in self.statuses.items() if not (s.isdigit() and int(s) >= 400)}
        return dict(sorted({**plain, **self.messages}.items()))

    @property
    def total(self) -> int:
        return sum(self.statuses.values())


def run(options: Options) -> Report:
    seconds = 2 if options.quick else 30
    quota = 20 if options.quick else 300
    report = Report("load")
    plan = Table(
        "Load through the local gateway: usage plan 100 req/s, burst 200 (locust, handler in process, cache hits)",
        ["phase", "users", "offered", "seconds", "requests", "200", "429", "5xx", "other", "200 per s", "as planned"],
    )
    with local_stack(extra_orders=5 * CONCURRENT_MISSES + 10) as stack, _quiet_gateway():
        from pickup_dev.gateway import LocalGateway  # noqa: PLC0415 - devtools load only when a stack runs

        handler = build_handler(stack.function_env())
        phases = [
            (Phase("sustained at the rate", 100, 100, seconds), "100 req/s", _all_ok),
            (Phase("burst", 200, 1000, 10, mode="once"), "200 at once", _all_ok),
            (Phase("overload, 3x the rate", 300, 300, seconds), "300 req/s", _throttled_not_failed),
        ]
        for phase, offered, check in phases:
            with LocalGateway(handler=handler, api_key=API_KEY) as gateway:
                _prime(gateway.url)
                outcome = _locust(phase, gateway.url)
            _add_row(plan, phase, offered, outcome, check(outcome))
            report.data[phase.name] = outcome.__dict__
        quota_phase = Phase(f"daily quota of {quota}", 20, 20, max(2, quota * 2 // 20 + 1))
        with LocalGateway(handler=handler, api_key=API_KEY, daily_quota=quota + 1) as gateway:
            _prime(gateway.url)  # the priming request uses one unit of the quota
            outcome = _locust(quota_phase, gateway.url)
        held = outcome.count("200") == quota and outcome.messages.get("429 Limit Exceeded", 0) == outcome.count("429")
        _add_row(plan, quota_phase, "20 req/s", outcome, held and outcome.count("5") == 0)
        report.data["quota"] = outcome.__dict__
        plan.notes.append(
            "offered: what locust's users ask for; 429s carry the gateway's 'Too Many Requests' (rate) or"
            " 'Limit Exceeded' (quota) message, as API Gateway's"
        )
        plan.notes.append(
            f"quota row: the plan allows {quota} more requests today; 'as planned' means exactly {quota} got 200"
            " and every other answer was 429 Limit Exceeded"
        )
        report.tables.append(plan)
        report.tables.append(_concurrency(stack, report))
        report.tables.append(_retrying(stack, report))
    return report


def _concurrency(stack: Stack, report: Report) -> Table:
    table = Table(
        f"{CONCURRENT_MISSES} concurrent cache misses: {RESERVED_CONCURRENCY} worker processes, NetSuite limited to"
        f" {NETSUITE_CONCURRENCY_LIMIT} in flight, {NETSUITE_LATENCY_MS} ms per call",
        ["answer", "count", "with Retry-After"],
    )
    orders = tuple(bench_order(i) for i in range(1, CONCURRENT_MISSES + 1))
    phase = Phase("concurrent misses", CONCURRENT_MISSES, 1000, 60, mode="once", orders=orders)
    run = _misses(stack, phase, RESERVED_CONCURRENCY)
    outcome = run.outcome
    for answer, count in outcome.answers().items():
        table.add(answer, count, outcome.retry_after_by_message.get(answer, 0))
    allowed = {"200", "429", "503"}
    unexpected = {s: n for s, n in outcome.statuses.items() if s not in allowed}
    retry_ok = all(outcome.retry_after.get(s, 0) == outcome.statuses[s] for s in ("503",) if s in outcome.statuses)
    table.notes.extend(run.notes())
    verdict = "as planned" if not unexpected and retry_ok else f"NOT as planned: {unexpected or 'Retry-After missing'}"
    table.notes.append(f"every client got 200, 429 or 503 with Retry-After, none 500: {verdict}")
    if "503 Internal server error" in outcome.messages:
        table.notes.append(
            "503 'Internal server error' is the gateway's answer when every worker is busy: Lambda throttles the"
            " invocation (reserved concurrency used up), API Gateway answers 500, and the DEFAULT_5XX gateway"
            " response of infra/api_gateway.tf makes it 503 with Retry-After"
        )
    if "503 NETSUITE_UNAVAILABLE" in outcome.messages:
        table.notes.append("503 NETSUITE_UNAVAILABLE is the function's answer once NetSuite's 429s outlast its retries")
    if "500" in outcome.statuses:
        table.notes.append(
            "500 'Internal server error' is API Gateway's uncustomised answer when every worker is busy: Lambda"
            " throttles the invocation (reserved concurrency used up) and API Gateway turns that rejection into 500"
        )
    report.data["concurrency"] = run.data()
    return table


def _retrying(stack: Stack, report: Report) -> Table:
    table = Table(
        f"Clients that retry: {CONCURRENT_MISSES} concurrent misses (other orders each run), each client asking again"
        f" after Retry-After, up to {CLIENT_RETRIES} times",
        ["workers", "client waits", "ended 200", "ended 503", "requests", "throttled", "NetSuite 429", "longest s"],
    )
    runs = [(workers, jitter) for workers in (RESERVED_CONCURRENCY, OVER_PROVISIONED) for jitter in (0, 1)]
    for run_index, (workers, jitter) in enumerate(runs):
        first = (run_index + 1) * CONCURRENT_MISSES + 1
        waits = "1-2x Retry-After" if jitter else "Retry-After"
        phase = Phase(
            f"retrying misses, {workers} workers, {'jitter' if jitter else 'no jitter'}",
            CONCURRENT_MISSES,
            spawn_rate=1000,
            seconds=60,
            mode="once",
            orders=tuple(bench_order(i) for i in range(first, first + CONCURRENT_MISSES)),
            retries=CLIENT_RETRIES,
            jitter=jitter,
        )
        run = _misses(stack, phase, workers)
        last = Counter(str(client["answer"]) for client in run.outcome.clients)
        longest = max((float(client["seconds"]) for client in run.outcome.clients), default=0.0)
        netsuite_429 = run.sandbox["status_counts"].get("429", 0)
        ended_503 = sum(n for answer, n in last.items() if answer.startswith("503"))
        table.add(workers, waits, last["200"], ended_503, run.outcome.total, run.throttled, netsuite_429, longest)
        report.data[phase.name] = run.data()
    table.notes.append(
        "client waits: exactly the Retry-After the answer gave, or that plus a random part of it again;"
        f" 'ended 503': still 503 after {CLIENT_RETRIES + 1} requests"
    )
    table.notes.append(
        f"throttled: invocations refused because every worker was busy (each answered 503 with Retry-After);"
        f" NetSuite 429: SuiteQL requests NetSuite refused over its limit of {NETSUITE_CONCURRENCY_LIMIT},"
        " retried inside the function"
    )
    return table


@dataclass
class MissesRun:
    outcome: Outcome
    workers: int
    peak_workers: int | None
    throttled: int | None
    sandbox: dict[str, Any]

    def notes(self) -> list[str]:
        return [
            f"NetSuite saw at most {self.sandbox['max_in_flight']} requests in flight (limit"
            f" {NETSUITE_CONCURRENCY_LIMIT}); {self.sandbox['suiteql_requests']} SuiteQL requests in all, answered"
            f" {self.sandbox['status_counts']}",
            f"worker processes busy at once: at most {self.peak_workers} of {self.workers};"
            f" invocations throttled (every worker busy): {self.throttled}",
        ]

    def data(self) -> dict[str, Any]:
        return {
            **self.outcome.__dict__,
            "sandbox": self.sandbox,
            "peak_workers": self.peak_workers,
            "throttled_invocations": self.throttled,
        }


def _misses(stack: Stack, phase: Phase, workers: int) -> MissesRun:
    """Run `phase` against the handler in `workers` processes, the sandbox limited and slowed as NetSuite would be."""
    from pickup_dev.gateway import LocalGateway  # noqa: PLC0415

    stack.sandbox.stats.reset()
    stack.sandbox.faults.latency_ms = NETSUITE_LATENCY_MS
    stack.sandbox.faults.concurrency_limit = NETSUITE_CONCURRENCY_LIMIT
    try:
        with (
            _stderr_to(CSV_DIR / "workers.log"),
            LocalGateway(
                handler_path="pickup.handler.lambda_handler",
                api_key=API_KEY,
                workers=workers,
                env=stack.function_env(LOG_LEVEL="WARNING"),
            ) as gateway,
        ):
            outcome = _locust(phase, gateway.url)
            peak_workers, throttled = gateway.peak_concurrency, gateway.throttled_invocations
    finally:
        stack.sandbox.faults.clear()
    return MissesRun(outcome, workers, peak_workers, throttled, stack.sandbox.stats.snapshot())


def _prime(url: str) -> None:
    """One request so the demo order is in the cache before the clock starts."""
    with httpx.Client(timeout=30, trust_env=False) as client:
        response = client.post(
            f"{url}/validate-order",
            content=validation_body(),
            headers={"X-Api-Key": API_KEY, "Content-Type": "application/json"},
        )
        response.raise_for_status()


def _locust(phase: Phase, url: str) -> Outcome:
    CSV_DIR.mkdir(parents=True, exist_ok=True)
    slug = phase.name.split(",")[0].replace(" ", "-")
    out = CSV_DIR / f"{slug}.json"
    out.unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "--users", str(phase.users), "--spawn-rate", str(phase.spawn_rate), "--run-time", f"{phase.seconds}s",
        "--host", url, "--csv", str(CSV_DIR / slug), "--only-summary", "--stop-timeout", "2",
        "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(BENCH_BUILD),
        "BENCH_API_KEY": API_KEY,
        "BENCH_MODE": phase.mode,
        "BENCH_ORDERS": ",".join(phase.orders),
        "BENCH_RETRIES": str(phase.retries),
        "BENCH_JITTER": str(phase.jitter),
        "BENCH_OUT": str(out),
    }
    with _bounded(phase) as timeout:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"locust ({phase.name}) failed with {result.returncode}: {result.stderr[-2000:]}")
    summary: dict[str, Any] = json.loads(out.read_text())
    return Outcome(
        statuses=summary["statuses"],
        messages=summary["messages"],
        retry_after=summary["retry_after"],
        retry_after_by_message=summary["retry_after_by_message"],
        seconds=phase.seconds,
        clients=summary["clients"],
    )


@contextmanager
def _bounded(phase: Phase) -> Iterator[float]:
    yield phase.seconds + LOCUST_GRACE_SECONDS


@contextmanager
def _quiet_gateway() -> Iterator[None]:
    """The gateway logs a warning per throttled invocation; the tables count them instead."""
    logger = logging.getLogger("pickup_dev.gateway")
    before = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(before)


@contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """Worker processes inherit file descriptor 2: their log lines (one per request) go to a file, not the table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with path.open("w") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _add_row(table: Table, phase: Phase, offered: str, outcome: Outcome, as_planned: bool) -> None:
    ok = outcome.count("200")
    other = outcome.total - ok - outcome.count("429") - outcome.count("5")
    rate = ok / phase.seconds if phase.mode == "paced" else None
    table.add(
        phase.name, phase.users, offered, phase.seconds if phase.mode == "paced" else None, outcome.total, ok,
        outcome.count("429"), outcome.count("5"), other, rate, as_planned,
    )  # fmt: skip


def _all_ok(outcome: Outcome) -> bool:
    return outcome.total > 0 and outcome.count("200") == outcome.total


def _throttled_not_failed(outcome: Outcome) -> bool:
    return outcome.count("429") > 0 and outcome.count("5") == 0 and outcome.statuses.get("connection error", 0) == 0
