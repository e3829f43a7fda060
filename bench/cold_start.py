"""Cold start: a new Python process that imports the handler and builds its clients, against the planned stack.

Every run is a fresh process, timed from spawn to exit (interpreter start included), the variants interleaved
so drift on the machine hits them alike. A first, untimed run of each variant checks that the script worked and
that start-up opened no socket (an audit hook exits the process on any connect or DNS lookup).
"""

import subprocess
import time
from dataclasses import dataclass

from bench import importtime
from bench.environments import UNUSED_ADDRESS, oauth2_env, tba_env
from bench.options import Options
from bench.report import Report
from bench.stacks import Runtime, StackUnavailable, base_python, prepare_ours, prepare_planned
from bench.stats import median, ms, percentile
from bench.tables import Table

TARGET_RATIO = 0.35
RUN_TIMEOUT_SECONDS = 60

OURS_SCRIPT = """\
import pickup.handler as handler
if type(handler._api).__name__ != "ValidateOrderApi":
    raise SystemExit("the API did not build: " + type(handler._api).__name__)
"""

PLANNED_SCRIPT = f"""\
import httpx, pydantic, supabase
from netsuite import Config, NetSuite, TokenAuth
netsuite = NetSuite(Config(account="1234567_SB1", auth=TokenAuth(
    consumer_key="c" * 64, consumer_secret="d" * 64, token_id="e" * 64, token_secret="f" * 64)))
rest_api = netsuite.rest_api  # built on first use; the planned handler's first request would build it
store = supabase.create_client("{UNUSED_ADDRESS}", "sb_secret_" + "b" * 32)
"""

# The NetSuite client alone, as the NetSuite issue asks: our adapter against the netsuite package's stack.
OURS_CLIENT_SCRIPT = """\
import os, certifi, httpx
from pickup.netsuite import NetSuiteClient, load_netsuite_config
from pickup.tls import server_verification
http = httpx.Client(verify=server_verification(certifi.where()), trust_env=False)  # as pickup/bootstrap.py
client = NetSuiteClient(load_netsuite_config(os.environ), http=http)
"""

PLANNED_CLIENT_SCRIPT = """\
import httpx, pydantic
from netsuite import Config, NetSuite, TokenAuth
netsuite = NetSuite(Config(account="1234567_SB1", auth=TokenAuth(
    consumer_key="c" * 64, consumer_secret="d" * 64, token_id="e" * 64, token_secret="f" * 64)))
rest_api = netsuite.rest_api
"""

NO_NETWORK_GUARD = """\
import os, sys
def _no_network(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto"):
        sys.stderr.write("network I/O during start-up: " + event + "\\n")
        os._exit(97)
sys.addaudithook(_no_network)
"""


@dataclass(frozen=True)
class Variant:
    label: str
    runtime: Runtime
    script: str
    env: dict[str, str]

    def argv(self, *flags: str, guard: bool = False) -> list[str]:
        return [str(self.runtime.python), *flags, "-c", (NO_NETWORK_GUARD if guard else "") + self.script]

    def run(self, *flags: str, guard: bool = False) -> "subprocess.CompletedProcess[str]":
        return subprocess.run(
            self.argv(*flags, guard=guard),
            env=self.runtime.env(self.env),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECONDS,
            check=False,
        )


def run(options: Options) -> Report:
    ours, ours_source = prepare_ours()
    variants = [
        Variant("bare interpreter (python -c pass)", Runtime("bare", base_python()), "pass", {}),
        Variant("ours, TBA", ours, OURS_SCRIPT, tba_env()),
        Variant("ours, OAuth 2.0 M2M, RSA key (PS256)", ours, OURS_SCRIPT, oauth2_env("rsa")),
        Variant("ours, OAuth 2.0 M2M, EC key (ES256)", ours, OURS_SCRIPT, oauth2_env("ec")),
    ]
    no_pyc = [
        Variant("ours, TBA", ours, OURS_SCRIPT, tba_env()),
        Variant("ours, TBA, no .pyc", ours_source, OURS_SCRIPT, tba_env()),
    ]
    planned_problem = None
    try:
        planned, planned_source = prepare_planned()
    except StackUnavailable as problem:
        planned_problem = str(problem)
    else:
        variants.insert(1, Variant("planned: netsuite 0.12 + pydantic + httpx + supabase", planned, PLANNED_SCRIPT, {}))
        no_pyc += [
            Variant("planned", planned, PLANNED_SCRIPT, {}),
            Variant("planned, no .pyc", planned_source, PLANNED_SCRIPT, {}),
        ]

    clients = [
        Variant("bare interpreter (python -c pass)", Runtime("bare", base_python()), "pass", {}),
        Variant("ours: pickup.netsuite client, TBA", ours, OURS_CLIENT_SCRIPT, tba_env()),
    ]
    if planned_problem is None:
        clients.insert(1, Variant("planned: netsuite 0.12 + pydantic + httpx", planned, PLANNED_CLIENT_SCRIPT, {}))

    runs = 2 if options.quick else 30
    timings = measure(variants, runs)
    client_runs = 2 if options.quick else 20
    client_timings = measure(clients, client_runs)
    no_pyc_timings = measure(no_pyc, 2 if options.quick else 20)
    report = Report("cold_start")
    report.tables.append(_main_table(variants, timings, runs, planned_problem, report))
    report.tables.append(_client_table(clients, client_timings, client_runs))
    report.tables.append(_no_pyc_table(no_pyc_timings))
    samples = 1 if options.quick else 5
    report.tables.append(_importtime_table("ours, TBA", no_pyc[0], samples))
    if planned_problem is None and not options.quick:
        report.tables.append(_importtime_table("planned", no_pyc[2], samples))
    report.data["timings_ms"] = {**timings, **{f"{label} (second series)": v for label, v in no_pyc_timings.items()}}
    return report


def measure(variants: list[Variant], runs: int) -> dict[str, list[float]]:
    """Milliseconds per run for each variant, after one checked, untimed run of each."""
    for variant in variants:
        result = variant.run(guard=True)
        if result.returncode != 0:
            raise RuntimeError(f"cold start '{variant.label}' failed ({result.returncode}): {result.stderr[-2000:]}")
    timings: dict[str, list[float]] = {variant.label: [] for variant in variants}
    for _ in range(runs):
        for variant in variants:
            argv, env = variant.argv(), variant.runtime.env(variant.env)
            started = time.perf_counter()
            result = subprocess.run(argv, env=env, capture_output=True, timeout=RUN_TIMEOUT_SECONDS, check=False)
            timings[variant.label].append(ms(time.perf_counter() - started))
            if result.returncode != 0:
                problem = result.stderr[-2000:]
                raise RuntimeError(f"cold start '{variant.label}' failed ({result.returncode}): {problem}")
    return timings


def _client_table(variants: list[Variant], timings: dict[str, list[float]], runs: int) -> Table:
    table = Table(
        f"NetSuite client alone: new process imports it and builds one client ({runs} runs each)",
        ["client", "median ms", "p90 ms", "above bare ms", "ours/planned"],
    )
    bare = median(timings[variants[0].label])
    planned = next((median(timings[v.label]) for v in variants if v.label.startswith("planned")), None)
    for variant in variants:
        mid = median(timings[variant.label])
        ratio = mid / planned if planned and variant.label.startswith("ours") else None
        table.add(variant.label, mid, percentile(timings[variant.label], 90), mid - bare, ratio)
    table.notes.append(
        "ours: lambda/pickup/netsuite with httpx and oauthlib (TBA); planned: the netsuite package's own stack"
    )
    return table


def _main_table(
    variants: list[Variant], timings: dict[str, list[float]], runs: int, planned_problem: str | None, report: Report
) -> Table:
    table = Table(
        f"Cold start: new process imports the handler and builds its clients ({runs} runs each)",
        ["stack", "median ms", "p90 ms", "min ms", "above bare ms", "ours/planned"],
    )
    bare = median(timings[variants[0].label])
    planned_label = next((v.label for v in variants if v.label.startswith("planned")), None)
    planned = median(timings[planned_label]) if planned_label else None
    for variant in variants:
        values = timings[variant.label]
        mid = median(values)
        ratio = mid / planned if planned and variant.label.startswith("ours") else None
        table.add(variant.label, mid, percentile(values, 90), min(values), mid - bare, ratio)
    ours_tba = median(timings["ours, TBA"])
    if planned is not None:
        ratio = ours_tba / planned
        above = (ours_tba - bare) / (planned - bare) if planned > bare else None
        verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
        table.notes.append(f"ours (TBA) / planned = {ratio:.2f} (target at most {TARGET_RATIO}: {verdict})")
        if above is not None:
            table.notes.append(
                f"above the bare interpreter: ours {ours_tba - bare:.0f} ms vs planned "
                f"{planned - bare:.0f} ms, ratio {above:.2f}"
            )
        report.data["ratio_ours_planned"] = ratio
        report.data["target_met"] = ratio <= TARGET_RATIO
    else:
        table.notes.append(f"planned stack skipped: {planned_problem}")
    table.notes.append(
        "ours runs from a copy of lambda/pickup + the packages of requirements/lambda.txt and lambda-oauth2.txt"
        " in an empty venv;"
        " planned from build/bench/planned-venv; both with .pyc files"
    )
    return table


def _no_pyc_table(timings: dict[str, list[float]]) -> Table:
    table = Table(
        "Cold start without .pyc files (sources compiled on import, as from a zip that ships none)",
        ["stack", "with .pyc ms", "without .pyc ms", "added ms", "factor"],
    )
    for label in [label for label in timings if not label.endswith("no .pyc")]:
        with_pyc = median(timings[label])
        without = median(timings[f"{label}, no .pyc"])
        table.add(label, with_pyc, without, without - with_pyc, without / with_pyc)
    table.notes.append(
        "no .pyc: PYTHONDONTWRITEBYTECODE=1 and a copy of the packages without __pycache__;"
        " the standard library keeps its .pyc, as in the Lambda runtime"
    )
    return table


def _importtime_table(label: str, variant: Variant, samples: int, top: int = 12) -> Table:
    parsed = [importtime.parse(variant.run("-X", "importtime").stderr) for _ in range(samples)]
    runs = [{cost.package: cost for cost in importtime.by_package(lines)} for lines in parsed]
    packages = set().union(*runs)
    handler_self_ms = median([_self_ms(lines, "pickup.handler") for lines in parsed])

    def mid(package: str, attribute: str) -> float:
        return median([getattr(r[package], attribute) if package in r else 0.0 for r in runs])

    ranked = sorted(packages, key=lambda p: -mid(p, "self_ms"))
    total = sum(mid(p, "self_ms") for p in packages)
    table = Table(
        f"Import time by package, {label} (python -X importtime, median of {samples})",
        ["package", "kind", "modules", "self ms", "share %", "entered ms"],
    )
    for package in ranked[:top]:
        cost = next(r[package] for r in runs if package in r)
        self_ms = mid(package, "self_ms")
        table.add(package, cost.kind, cost.modules, self_ms, 100 * self_ms / total, mid(package, "cumulative_ms"))
    rest = ranked[top:]
    table.add(
        f"({len(rest)} others)",
        "",
        sum(next(r[p] for r in runs if p in r).modules for p in rest),
        sum(mid(p, "self_ms") for p in rest),
        100 * sum(mid(p, "self_ms") for p in rest) / total,
        None,
    )
    table.notes.append(
        f"total import self time {total:.0f} ms; 'entered ms' is the cumulative time of the imports"
        " that entered the package from outside it, with everything they pulled in"
    )
    if handler_self_ms:
        table.notes.append(
            f"pickup's self time includes {handler_self_ms:.0f} ms of pickup.handler's own body:"
            " build_api(), which builds the clients (CA certificates are read at the first handshake, pickup/tls.py)"
        )
    return table


def _self_ms(lines: list[importtime.ImportLine], module: str) -> float:
    return sum(line.self_us for line in lines if line.module == module) / 1000
