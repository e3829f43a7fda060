"""`pickup sandbox`: starts the server in the foreground, prints how to reach it, stops cleanly on Ctrl-C."""

import os
import queue
import shlex
import signal
import subprocess
import sys
import threading

from pickup_dev.cli import build_parser
from tests.sandbox.clients import SUITEQL_PATH, http, tba_header


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def test_parses_the_documented_options():
    # given the documented command line
    argv = ["sandbox", "--port", "0", "--data", "x.json", "--latency-ms", "20", "--concurrency-limit", "5"]
    # when parsed
    args = build_parser().parse_args([*argv, "--auth", "m2m"])
    # then every option is read
    assert (args.port, str(args.data), args.latency_ms, args.concurrency_limit, args.auth) == (
        0,
        "x.json",
        20,
        5,
        "m2m",
    )


def test_runs_in_the_foreground_prints_the_client_environment_and_stops_on_ctrl_c():
    # given the command started on a free port
    process = subprocess.Popen(
        [sys.executable, "-m", "pickup_dev.cli", "sandbox", "--port", "0", "--auth", "tba"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        printed = []
        for _ in range(50):
            line = lines.get(timeout=20)
            if line is None or line.startswith("Admin API"):
                break
            printed.append(line)
        env = dict(
            shlex.split(line.removeprefix("export "))[0].split("=", 1) for line in printed if line.startswith("export ")
        )
        # when a client uses exactly what it printed
        url = env["NETSUITE_REST_URL"] + SUITEQL_PATH
        response = http.post(
            url,
            headers={"Authorization": tba_header(url, realm=env["NETSUITE_ACCOUNT_ID"]), "Prefer": "transient"},
            json={"q": "SELECT COUNT(*) AS n FROM transaction"},
        )
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
        # then the query was answered and the server stopped cleanly
        assert response.status_code == 200
        assert response.json()["items"][0]["n"] == "15"
        assert code == 0
        assert "stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()
