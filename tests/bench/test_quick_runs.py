"""`bench/run_all.py --quick` runs each benchmark end to end and prints the expected tables.

These prove the scripts work; they assert no timing. Each run is bounded by a subprocess timeout.
"""

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_SECONDS = 300


def run_quick(tmp_path: Path, *names: str) -> tuple[str, dict[str, dict]]:
    out = tmp_path / "results.json"
    only = [arg for name in names for arg in ("--only", name)]
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--quick", *only, "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    document = json.loads(out.read_text())
    return result.stdout, {bench["name"]: bench for bench in document["benchmarks"]}


def columns(bench: dict, title_start: str) -> list[str]:
    table = next(t for t in bench["tables"] if t["title"].startswith(title_start))
    return table["columns"]


def pypi_unreachable() -> str | None:
    try:
        httpx.head("https://pypi.org/simple/netsuite/", timeout=5, follow_redirects=True).raise_for_status()
    except httpx.HTTPError as error:
        return f"PyPI is not reachable ({error.__class__.__name__}): the planned-stack venv cannot be built"
    return None


@pytest.mark.slow
@pytest.mark.postgres
def test_request_benchmarks_print_their_tables(tmp_path):
    # when the benchmarks that run against local servers run in their quick form
    stdout, benches = run_quick(tmp_path, "warm_latency", "netsuite_calls", "load")
    # then each printed its table with the expected columns
    assert columns(benches["warm_latency"], "Warm latency") == [
        "scenario", "requests", "p50 ms", "p95 ms", "p99 ms", "mean ms", "NetSuite calls",
    ]  # fmt: skip
    calls = next(iter(benches["netsuite_calls"]["tables"]))
    assert calls["columns"][-1] == "as expected"
    assert all(row[-1] is True for row in calls["rows"]), calls["rows"]
    assert columns(benches["load"], "Load through the local gateway")[-1] == "as planned"
    assert columns(benches["load"], "50 concurrent cache misses") == ["answer", "count", "with Retry-After"]
    assert "Warm latency through the local gateway" in stdout
    assert "p99 ms" in stdout


@pytest.mark.slow
def test_cold_start_and_size_benchmarks_print_their_tables(tmp_path):
    # given PyPI, where the planned stack comes from
    reason = pypi_unreachable()
    if reason:
        pytest.skip(reason)
    # when cold start and artifact size run in their quick form
    stdout, benches = run_quick(tmp_path, "cold_start", "artifact_size")
    # then cold start compares ours with the planned stack and the bare interpreter
    cold = benches["cold_start"]
    assert columns(cold, "Cold start: new process") == [
        "stack", "median ms", "p90 ms", "min ms", "above bare ms", "ours/planned",
    ]  # fmt: skip
    assert columns(cold, "Cold start without .pyc")[1:3] == ["with .pyc ms", "without .pyc ms"]
    assert columns(cold, "Import time by package, ours")[0] == "package"
    assert "ratio_ours_planned" in cold["data"]
    # and artifact size lists our zips next to the planned layer
    sizes = benches["artifact_size"]
    assert columns(sizes, "Artifact size") == ["artifact", "zipped MiB", "unzipped MiB", "files"]
    assert "planned_layer_zipped_bytes" in sizes["data"]
    assert "ours/planned" in stdout
