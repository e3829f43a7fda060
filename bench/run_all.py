"""Runs every benchmark in bench/ and prints a table per benchmark.

python bench/run_all.py                 # full run (about ten minutes on two cores)
python bench/run_all.py --quick         # small, bounded versions: a few runs each, a few seconds of load
python bench/run_all.py --only cold_start --json build/bench/results.json
"""

import argparse
import importlib
import json
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.options import Options
from bench.report import Report
from bench.tables import render

BENCHMARKS = {
    "cold_start": "bench.cold_start",
    "artifact_size": "bench.artifact_size",
    "warm_latency": "bench.warm_latency",
    "netsuite_calls": "bench.netsuite_calls",
    "load": "bench.load",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run the benchmarks and print their tables.")
    parser.add_argument("--quick", action="store_true", help="small bounded versions (CI smoke runs)")
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        metavar="NAME",
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save every table and raw figure here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = Options(quick=args.quick)
    names = args.only or list(BENCHMARKS)
    results: list[dict[str, object]] = []
    failed = []
    print(f"benchmarks: {', '.join(names)}{' (quick)' if args.quick else ''}", flush=True)
    for name in names:
        started = time.monotonic()
        try:
            report: Report = importlib.import_module(BENCHMARKS[name]).run(options)
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the tables of the others
            failed.append(name)
            print(f"\n{name}: FAILED\n{traceback.format_exc()}", file=sys.stderr, flush=True)
            results.append({"name": name, "error": traceback.format_exc()})
            continue
        elapsed = time.monotonic() - started
        for table in report.tables:
            print(f"\n{render(table)}", flush=True)
        print(f"\n({name}: {elapsed:.1f} s)", flush=True)
        results.append({**report.as_dict(), "seconds": round(elapsed, 1)})
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(_document(results, args.quick), indent=2, default=str))
        print(f"\nsaved {args.json}")
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _document(results: list[dict[str, object]], quick: bool) -> dict[str, object]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "benchmarks": results,
    }


if __name__ == "__main__":
    sys.exit(main())
