"""The system on 127.0.0.1 for the request benchmarks: embedded PostgreSQL (cache), NetSuite sandbox, gateway.

The sandbox serves the demo orders plus `extra_orders` generated ones (BENCH000001, ...), each a pending
fulfillment sales order of the demo customer, so a benchmark can ask for many distinct orders: each first request
for one is a true cache miss.
"""

import contextlib
import copy
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.stacks import ROOT

MIGRATIONS = ROOT / "supabase" / "migrations"
DEMO_ORDER = "SO100001"
DEMO_EMAIL = "buyer@acme-industrial.com"
FIRST_BENCH_ID = 700_000


def bench_order(index: int) -> str:
    return f"BENCH{index:06d}"


def fixture_tables(extra_orders: int) -> dict[str, list[dict[str, Any]]]:
    """The demo fixture with `extra_orders` more sales orders, each with one item line."""
    from pickup_dev.sandbox.records import DEMO_DATA_PATH  # noqa: PLC0415 - devtools load only when a stack runs

    tables: dict[str, list[dict[str, Any]]] = json.loads(DEMO_DATA_PATH.read_text())
    template = next(t for t in tables["transaction"] if t["tranid"] == DEMO_ORDER)
    line_template = next(
        line for line in tables["transactionline"] if line["transaction"] == template["id"] and line["mainline"] == "F"
    )
    next_line_id = max(line["id"] for line in tables["transactionline"]) + 1
    for index in range(1, extra_orders + 1):
        order = copy.deepcopy(template)
        order.update(id=FIRST_BENCH_ID + index, tranid=bench_order(index), status="B")
        order.pop("memo", None)
        tables["transaction"].append(order)
        mainline = {"transaction": order["id"], "linesequencenumber": 0, "mainline": "T", "taxline": "F"}
        item_line = {**copy.deepcopy(line_template), "transaction": order["id"], "linesequencenumber": 1}
        for line in (mainline, item_line):
            line.update(id=next_line_id, isclosed="F")
            next_line_id += 1
            tables["transactionline"].append(line)
    return tables


def validation_body(order_number: str = DEMO_ORDER, email: str = DEMO_EMAIL) -> str:
    return json.dumps({"order_number": order_number, "email": email})


@dataclass
class Stack:
    sandbox: Any  # pickup_dev.sandbox.NetSuiteSandbox
    database_url: str
    workdir: Path

    def function_env(self, auth: str = "tba", **overrides: str) -> dict[str, str]:
        """What the Lambda's environment would hold, pointed at these local servers."""
        from pickup_dev.sandbox.demo import client_env  # noqa: PLC0415

        return {
            **client_env(self.sandbox.url, auth),  # type: ignore[arg-type]
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "INFO",
            **overrides,
        }


@contextlib.contextmanager
def local_stack(extra_orders: int = 0, *, with_database: bool = True) -> Iterator[Stack]:
    from pickup_dev.postgres import EmbeddedPostgres, apply_migrations  # noqa: PLC0415
    from pickup_dev.sandbox import NetSuiteSandbox  # noqa: PLC0415

    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pickup-bench-")))
        database_url = ""
        if with_database:
            postgres = stack.enter_context(EmbeddedPostgres())
            apply_migrations(postgres.dsn, MIGRATIONS)
            database_url = postgres.dsn
        sandbox = stack.enter_context(NetSuiteSandbox(fixture_tables(extra_orders)))
        yield Stack(sandbox=sandbox, database_url=database_url, workdir=workdir)


def build_handler(env: Mapping[str, str]) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """Our API built in this process, its one JSON log line per request written to /dev/null.

    The log line is still formatted and written (its cost is part of a warm request), just not to the terminal.
    """
    from pickup.api.logs import configure_logger  # noqa: PLC0415
    from pickup.bootstrap import build_api  # noqa: PLC0415

    configure_logger("INFO", stream=_devnull())
    api = build_api(env)
    if type(api).__name__ != "ValidateOrderApi":
        raise RuntimeError("the API did not build; check the environment the benchmark gives it")
    return api.handle


def trivial_handler(_event: dict[str, Any], _context: Any) -> dict[str, Any]:
    """A function that does nothing: the gateway's own cost, for comparison."""
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": '{"success":true}'}


_DEVNULL: list[Any] = []


def _devnull() -> Any:
    if not _DEVNULL:
        _DEVNULL.append(Path(os.devnull).open("w"))  # noqa: SIM115 - lives as long as the process's logger
    return _DEVNULL[0]
