"""Worker-process mode: N execution environments (N = reserved concurrency), each importing the handler once."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from pickup_dev.gateway import FunctionConfig, GatewayResponses, LocalGateway, WorkerStartFailed
from tests.gateway.support import KEY, open_gate

HANDLERS = "tests.gateway.handlers"
INTERNAL_ERROR = {"message": "Internal server error"}


def _cold_starts(log: Path) -> list[int]:
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def test_each_worker_cold_starts_once_and_then_stays_warm(gateway, tmp_path):
    # given two workers that record their import in a file
    log = tmp_path / "cold-starts.log"
    gw = gateway(handler_path=f"{HANDLERS}.whoami", workers=2, env={"GATEWAY_TEST_COLD_START_LOG": str(log)})

    # when ten requests are served one after another
    with httpx.Client(base_url=gw.url, headers=KEY) as client:
        answers = [client.post("/validate-order", json={}).json() for _ in range(10)]

    # then the handler module was imported exactly twice, once per worker, and every answer came from those two
    pids = _cold_starts(log)
    assert len(pids) == 2
    assert {answer["pid"] for answer in answers} <= set(pids)
    assert gw.cold_starts == 2
    # and each worker counted its own invocations without starting over
    for pid in set(pids):
        counts = [answer["invocation"] for answer in answers if answer["pid"] == pid]
        assert counts == list(range(1, len(counts) + 1))


def test_concurrency_never_exceeds_the_number_of_workers(gateway):
    # given two workers and six clients whose requests hold a worker until the test lets go
    gw = gateway(handler_path=f"{HANDLERS}.hold_until_released", workers=2, worker_wait=30)
    with open_gate() as gate, ThreadPoolExecutor(max_workers=6) as clients:
        body = json.dumps({"port": gate.port})
        futures = [
            clients.submit(httpx.post, f"{gw.url}/validate-order", headers=KEY, content=body, timeout=60)
            for _ in range(6)
        ]

        # when both workers are busy at once, and then requests are let go two at a time
        for _ in range(3):
            gate.wait_for_handler()
            gate.wait_for_handler()
            gate.release_all()
        responses = [future.result() for future in futures]

    # then every request was served, by at most two processes, never more than two at a time
    assert [response.status_code for response in responses] == [200] * 6
    assert len({response.json()["pid"] for response in responses}) <= 2
    assert gw.peak_concurrency == 2


def _while_the_only_worker_is_busy(gw: LocalGateway) -> tuple[httpx.Response, httpx.Response]:
    """A first request holds the one worker; a second arrives meanwhile. Returns (first, second) answers."""
    with open_gate() as gate, ThreadPoolExecutor(max_workers=1) as clients:
        body = json.dumps({"port": gate.port})
        first = clients.submit(httpx.post, f"{gw.url}/validate-order", headers=KEY, content=body, timeout=60)
        gate.wait_for_handler()
        second = httpx.post(f"{gw.url}/validate-order", headers=KEY, content=body)
        gate.release_all()
        return first.result(), second


def test_a_request_that_finds_every_worker_busy_gets_503_with_retry_after(gateway):
    # given one worker
    gw = gateway(handler_path=f"{HANDLERS}.hold_until_released", workers=1, worker_wait=0.05)

    # when a second request arrives while a first one holds it
    first, second = _while_the_only_worker_is_busy(gw)

    # then Lambda throttles the second invocation, which the deployed gateway responses answer 503 with
    # Retry-After and CORS headers; the first request completes
    assert second.status_code == 503
    assert second.headers["Retry-After"] == "2"
    assert second.json() == INTERNAL_ERROR
    assert second.headers["Access-Control-Allow-Origin"] == "*"
    assert first.status_code == 200
    assert gw.throttled_invocations == 1


def test_uncustomised_a_throttled_invocation_is_api_gateways_500(gateway):
    # given one worker, behind API Gateway with its default gateway responses
    gw = gateway(
        handler_path=f"{HANDLERS}.hold_until_released",
        workers=1,
        worker_wait=0.05,
        gateway_responses=GatewayResponses.uncustomised(),
    )

    # when a second request arrives while a first one holds the worker
    first, second = _while_the_only_worker_is_busy(gw)

    # then the throttle reaches the client as AWS documents it: 500 Internal server error, nothing to retry by
    assert second.status_code == 500
    assert second.json() == INTERNAL_ERROR
    assert "Retry-After" not in second.headers
    assert first.status_code == 200


def test_env_reaches_the_worker_processes_with_the_lambda_runtime_variables(gateway):
    # given workers with an extra variable
    gw = gateway(
        handler_path=f"{HANDLERS}.environment",
        workers=1,
        env={"GATEWAY_TEST_VALUE": "from-env"},
        function=FunctionConfig(name="pickup-validate-order", memory_mb=512),
    )

    # when the handler reports its environment
    answer = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={}).json()

    # then it sees the variable and what the Lambda runtime sets
    assert answer == {
        "GATEWAY_TEST_VALUE": "from-env",
        "AWS_LAMBDA_FUNCTION_NAME": "pickup-validate-order",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "_HANDLER": f"{HANDLERS}.environment",
    }


def test_the_worker_builds_the_event_and_context_like_in_process_mode(gateway):
    # given one worker running the echo handler
    gw = gateway(handler_path=f"{HANDLERS}.echo_event", workers=1)

    # when a client posts
    response = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={"order_number": "SO-1"})

    # then the handler saw the proxy event and a runtime-like context
    answer = response.json()
    assert answer["event"]["requestContext"]["requestId"] == response.headers["x-amzn-RequestId"]
    assert answer["event"]["body"] == '{"order_number":"SO-1"}'
    assert answer["context"]["function_name"] == "pickup-validate-order"
    assert answer["context"]["memory_limit_in_mb"] == "256"
    assert 0 < answer["context"]["remaining_ms"] <= 28_000


def test_a_handler_error_in_a_worker_gets_503_and_the_worker_stays(gateway, tmp_path):
    # given one worker whose handler raises
    log = tmp_path / "cold-starts.log"
    gw = gateway(handler_path=f"{HANDLERS}.raise_error", workers=1, env={"GATEWAY_TEST_COLD_START_LOG": str(log)})

    # when two requests arrive
    statuses = [httpx.post(f"{gw.url}/validate-order", headers=KEY, json={}).status_code for _ in range(2)]

    # then both get the customised 503 (API Gateway's 502) from the same, still warm, worker
    assert statuses == [503, 503]
    assert len(_cold_starts(log)) == 1


def test_a_crashed_worker_gets_503_and_a_fresh_one_takes_its_place(gateway, tmp_path):
    # given one worker whose handler ends its own process
    log = tmp_path / "cold-starts.log"
    gw = gateway(
        handler_path=f"{HANDLERS}.exit_process",
        workers=1,
        worker_wait=30,
        env={"GATEWAY_TEST_COLD_START_LOG": str(log)},
    )

    # when two requests arrive one after the other
    first = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={})
    second = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={}, timeout=60)

    # then each got the customised 503, and each ran in a different, freshly started, process
    assert (first.status_code, second.status_code) == (503, 503)
    pids = _cold_starts(log)
    assert len(pids) >= 2
    assert len(set(pids)) == len(pids)


def test_after_a_504_the_worker_finishes_and_serves_again(gateway, tmp_path):
    # given one worker and an integration timeout shorter than the function's
    log = tmp_path / "cold-starts.log"
    gw = gateway(
        handler_path=f"{HANDLERS}.hold_until_released",
        workers=1,
        worker_wait=30,
        integration_timeout=1.0,
        function=FunctionConfig(timeout=20),
        env={"GATEWAY_TEST_COLD_START_LOG": str(log)},
    )
    with open_gate() as gate, ThreadPoolExecutor(max_workers=1) as clients:
        # when the first request outlasts the integration timeout
        first = httpx.post(f"{gw.url}/validate-order", headers=KEY, content=json.dumps({"port": gate.port}))
        # and a second request waits for the worker while the function is still running, until it finishes
        second = clients.submit(httpx.post, f"{gw.url}/validate-order", headers=KEY, json={}, timeout=60)
        gate.wait_for_handler()
        gate.release_all()
        second_response = second.result()

    # then the first got 504 with Retry-After, and the second was served by the same, still warm, worker
    assert first.status_code == 504
    assert first.headers["Retry-After"] == "5"
    assert first.json() == {"message": "Endpoint request timed out"}
    assert second_response.status_code == 200
    assert _cold_starts(log) == [second_response.json()["pid"]]


def test_a_worker_past_the_function_timeout_is_replaced(gateway, tmp_path):
    # given one worker and a function timeout shorter than the integration timeout
    log = tmp_path / "cold-starts.log"
    gw = gateway(
        handler_path=f"{HANDLERS}.hold_until_released",
        workers=1,
        worker_wait=30,
        function=FunctionConfig(timeout=0.3),
        env={"GATEWAY_TEST_COLD_START_LOG": str(log)},
    )

    # when a request holds the worker past the function timeout, and another request follows
    with open_gate() as gate:
        timed_out = httpx.post(f"{gw.url}/validate-order", headers=KEY, content=json.dumps({"port": gate.port}))
    following = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={}, timeout=60)

    # then Lambda's timeout reached the client as the customised 503, and a fresh execution environment served the
    # next request
    assert timed_out.status_code == 503
    assert timed_out.json() == INTERNAL_ERROR
    assert following.status_code == 200
    first_pid, second_pid = _cold_starts(log)
    assert following.json()["pid"] == second_pid != first_pid
    assert gw.cold_starts == 2


def test_a_handler_that_cannot_be_imported_stops_the_gateway_from_starting(gateway):
    # given a handler path that does not exist, when the gateway starts, then it says why
    with pytest.raises(WorkerStartFailed, match="ModuleNotFoundError"):
        gateway(handler_path="tests.gateway.no_such_module.handler", workers=1)
