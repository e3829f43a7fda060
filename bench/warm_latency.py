"""Warm latency through the local gateway, handler in process: cache hit, cache miss, and a trivial handler.

Requests go one at a time over one keep-alive connection from this process to the gateway on 127.0.0.1, so
each figure is a full round trip: HTTP parsing, API key, usage plan, proxy event, handler, proxy result.
"""

import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from bench.local_stack import (
    DEMO_ORDER,
    Stack,
    bench_order,
    build_handler,
    local_stack,
    trivial_handler,
    validation_body,
)
from bench.options import Options
from bench.report import Report
from bench.stacks import ROOT
from bench.stats import median, ms, percentile
from bench.tables import Table

API_KEY = "bench-local-key-0123456789abcdef"
NETSUITE_LATENCY_MS = 300
REQUEST_TIMEOUT_SECONDS = 30
MISS_LABEL = f"ours, cache miss, NetSuite {NETSUITE_LATENCY_MS} ms"


class _Context:
    aws_request_id = "bench-0000"
    function_name = "pickup-validate-order"

    def get_remaining_time_in_millis(self) -> int:
        return 28_000


def run(options: Options) -> Report:
    hits, misses = (20, 3) if options.quick else (1000, 60)
    report = Report("warm_latency")
    table = Table(
        "Warm latency through the local gateway (handler in process; one request at a time)",
        ["scenario", "requests", "p50 ms", "p95 ms", "p99 ms", "mean ms", "NetSuite calls"],
    )
    with local_stack(extra_orders=misses + 5) as stack:
        from pickup_dev.gateway import LocalGateway  # noqa: PLC0415 - devtools load only when a stack runs

        handler = build_handler(stack.function_env())
        with (
            LocalGateway(handler=trivial_handler, api_key=API_KEY, rate=10_000, burst=10_000) as trivial,
            LocalGateway(handler=handler, api_key=API_KEY, rate=10_000, burst=10_000, daily_quota=1_000_000) as ours,
        ):
            rows: list[tuple[str, list[float], int]] = []
            with _client() as client:
                _series(stack, client, ours.url, [DEMO_ORDER] * 5)  # warm: the first request fills the cache
                rows.append(("trivial handler (fixed 200)", *_series(stack, client, trivial.url, [DEMO_ORDER] * hits)))
                rows.append(("ours, cache hit", *_series(stack, client, ours.url, [DEMO_ORDER] * hits)))
                invalid = _series(stack, client, ours.url, [DEMO_ORDER] * hits, email="not-an-email", expect=400)
                rows.append(("ours, invalid input (400)", *invalid))
                stack.sandbox.faults.latency_ms = NETSUITE_LATENCY_MS
                miss_orders = [bench_order(i) for i in range(1, misses + 1)]
                rows.append((MISS_LABEL, *_series(stack, client, ours.url, miss_orders)))
                stack.sandbox.faults.latency_ms = 0
        rows.append(("ours, cache hit, handler called directly", _direct(handler, hits), 0))
    for label, values, calls in rows:
        table.add(
            label,
            len(values),
            median(values),
            percentile(values, 95),
            percentile(values, 99),
            sum(values) / len(values),
            calls,
        )
    by_label = {label: values for label, values, _ in rows}
    trivial_p50 = median(by_label["trivial handler (fixed 200)"])
    hit_p50 = median(by_label["ours, cache hit"])
    miss_p50 = median(by_label[MISS_LABEL])
    table.notes.append(
        f"our handler's overhead on a cache hit: {hit_p50 - trivial_p50:.1f} ms at p50 over the"
        " trivial handler behind the same gateway (one PostgreSQL read included)"
    )
    table.notes.append(
        f"a cache miss costs {miss_p50 - NETSUITE_LATENCY_MS:.1f} ms at p50 beyond the"
        f" {NETSUITE_LATENCY_MS} ms the sandbox waits (SuiteQL, signing, parsing, cache write)"
    )
    table.notes.append(
        "cache: embedded PostgreSQL via DATABASE_URL (as `make dev`); log lines formatted, sent to /dev/null;"
        " local servers answer with TCP_NODELAY (see pickup_dev/loopback_http.py)"
    )
    report.tables.append(table)
    report.data["latency_ms"] = by_label
    return report


def _client() -> httpx.Client:
    return httpx.Client(timeout=REQUEST_TIMEOUT_SECONDS, trust_env=False)


def _series(
    stack: Stack, client: httpx.Client, url: str, orders: list[str], *, email: str | None = None, expect: int = 200
) -> tuple[list[float], int]:
    """Milliseconds per request, and how many SuiteQL requests the sandbox saw meanwhile."""
    before = stack.sandbox.stats.suiteql_requests
    timings = []
    headers = {"X-Api-Key": API_KEY, "Content-Type": "application/json"}
    for order in orders:
        body = validation_body(order) if email is None else validation_body(order, email)
        started = time.perf_counter()
        response = client.post(f"{url}/validate-order", content=body, headers=headers)
        timings.append(ms(time.perf_counter() - started))
        if response.status_code != expect:
            raise RuntimeError(f"expected {expect}, got {response.status_code}: {response.text[:300]}")
    return timings, stack.sandbox.stats.suiteql_requests - before


def _direct(handler: Callable[[dict[str, Any], Any], dict[str, Any]], count: int) -> list[float]:
    event = json.loads((ROOT / "tests" / "events" / "apiGatewayProxyEvent.json").read_text())
    context = _Context()
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        result = handler(event, context)
        timings.append(ms(time.perf_counter() - started))
        if result["statusCode"] != 200:
            raise RuntimeError(f"direct call answered {result['statusCode']}: {result['body'][:300]}")
    return timings
