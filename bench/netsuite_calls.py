"""NetSuite requests per validation, as the sandbox counts them: 1 on a miss, 0 on a hit, 0 on invalid input."""

import httpx

from bench.local_stack import (
    DEMO_EMAIL,
    Stack,
    bench_order,
    build_handler,
    local_stack,
    validation_body,
)
from bench.options import Options
from bench.report import Report
from bench.tables import Table

API_KEY = "bench-local-key-0123456789abcdef"

# (scenario, order number, email, expected status, expected SuiteQL requests)
SCENARIOS: tuple[tuple[str, str, str, int, int], ...] = (
    ("cache miss (first request for an order)", bench_order(1), DEMO_EMAIL, 200, 1),
    ("cache hit (same order again)", bench_order(1), DEMO_EMAIL, 200, 0),
    ("cache hit, email of someone else", bench_order(1), "someone@example.org", 200, 0),
    ("second order, cache miss", bench_order(2), DEMO_EMAIL, 200, 1),
    ("order that does not exist", "SO999999", DEMO_EMAIL, 404, 1),
    ("invalid input: email", bench_order(3), "not-an-email", 400, 0),
    ("invalid input: order number", "DROP TABLE;", DEMO_EMAIL, 400, 0),
)


def run(_options: Options) -> Report:
    """Same size in quick and full runs: a dozen requests."""
    report = Report("netsuite_calls")
    table = Table(
        "NetSuite requests per validation (counted by the sandbox)",
        ["mode", "scenario", "status", "SuiteQL", "token", "expected SuiteQL", "as expected"],
    )
    wrong = 0
    with local_stack(extra_orders=5) as stack:
        from pickup_dev.gateway import LocalGateway  # noqa: PLC0415 - devtools load only when a stack runs

        for mode in ("tba", "m2m"):
            handler = build_handler(stack.function_env(mode))
            with (
                LocalGateway(handler=handler, api_key=API_KEY) as gateway,
                httpx.Client(timeout=30, trust_env=False) as client,
            ):
                _clear_cache(stack)
                for scenario, order, email, status, suiteql in _scenarios(mode):
                    before = (stack.sandbox.stats.suiteql_requests, stack.sandbox.stats.token_requests)
                    response = client.post(
                        f"{gateway.url}/validate-order",
                        content=validation_body(order, email),
                        headers={"X-Api-Key": API_KEY, "Content-Type": "application/json"},
                    )
                    calls = stack.sandbox.stats.suiteql_requests - before[0]
                    tokens = stack.sandbox.stats.token_requests - before[1]
                    ok = response.status_code == status and calls == suiteql
                    wrong += not ok
                    table.add(mode.upper(), scenario, response.status_code, calls, tokens, suiteql, ok)
    table.notes.append("token: OAuth 2.0 token requests; the access token is reused until shortly before it expires")
    report.data["unexpected"] = wrong
    report.tables.append(table)
    if wrong:
        table.notes.append(f"{wrong} scenario(s) did not behave as expected")
    return report


def _scenarios(mode: str) -> tuple[tuple[str, str, str, int, int], ...]:
    return SCENARIOS if mode == "tba" else tuple(s for s in SCENARIOS if "invalid" not in s[0])


def _clear_cache(stack: Stack) -> None:
    import psycopg  # noqa: PLC0415 - a development dependency

    with psycopg.connect(stack.database_url, autocommit=True) as connection:
        connection.execute("delete from private.order_snapshots")
