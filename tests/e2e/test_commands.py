"""The README's run command (`pickup dev`) and `pickup validate`, as a person runs them."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.stack import function_env

PICKUP = [sys.executable, "-m", "pickup_dev.cli"]
REPO = Path(__file__).resolve().parents[2]


def test_pickup_validate_prints_the_body_the_api_returns(netsuite_sandbox):
    # given only the NetSuite variables, pointing at the sandbox
    env = {**os.environ, **function_env(netsuite_sandbox.url, dsn=None)}
    # when an engineer validates one order from the command line
    done = subprocess.run(
        [*PICKUP, "validate", "so100001", "purchasing@acme-industrial.com"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    # then the API's JSON body is printed and the exit code says it succeeded
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["success"] is True
    assert body["order"]["order_number"] == "SO100001"
    assert body["order"]["email_match"] is True


def test_pickup_validate_fails_with_the_error_body(netsuite_sandbox):
    env = {**os.environ, **function_env(netsuite_sandbox.url, dsn=None)}
    done = subprocess.run(
        [*PICKUP, "validate", "SO404404", "a@b.co"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["error_code"] == "ORDER_NOT_FOUND"


def test_pickup_dev_runs_the_whole_system_and_stops_cleanly_on_ctrl_c():
    # given `pickup dev` started the way `make dev` starts it
    process = subprocess.Popen(
        [*PICKUP, "dev", "--port", "0", "--api-key", "e2e-dev-key"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        url = _wait_for_api_url(process, timeout=90)
        # when the printed curl line's request is sent
        response = httpx.post(
            url,
            headers={"X-Api-Key": "e2e-dev-key"},
            json={"order_number": "SO100001", "email": "purchasing@acme-industrial.com"},
            timeout=30,
        )
        # then the demo order validates
        assert response.status_code == 200, response.text
        assert response.json()["order"]["valid_for_pickup"] is True
    finally:
        # and Ctrl-C stops every part
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "stopping" in output


def _wait_for_api_url(process: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        match = re.search(r"API\s+(http://127\.0\.0\.1:\d+/validate-order)", line)
        if match:
            return match.group(1)
    raise AssertionError("pickup dev printed no URL:\n" + "".join(seen))
