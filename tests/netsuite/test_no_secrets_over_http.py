"""No secret, token or customer email in any error message or log line, whatever happens, in either mode."""

import logging
import re
import time

import pytest
from tests.netsuite.keys import ec_p256_private_pem

from pickup.domain.deadline import Deadline
from pickup.domain.errors import PickupError
from pickup.domain.ports import Trace
from pickup_dev.sandbox import DEMO_M2M, DEMO_TBA

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


class Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(f"{record.getMessage()} {getattr(record, 'fields', '')} {record.args!r}")


@pytest.fixture
def captured_logs():
    """Every log record at DEBUG and above, from our loggers and every library's."""
    collector = Collector()
    loggers = [logging.getLogger(), logging.getLogger("pickup")]
    previous = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(collector)
        lg.setLevel(logging.DEBUG)
    yield collector.texts
    for lg, level in previous:
        lg.removeHandler(collector)
        lg.setLevel(level)


def secrets_of(env: dict[str, str]) -> list[str]:
    """The TBA secrets and every line of key material in play."""
    pems = [DEMO_M2M.private_key_pem or "", env.get("NETSUITE_PRIVATE_KEY", "")]
    key_lines = [line for pem in pems for line in pem.splitlines() if line and "-----" not in line]
    return [DEMO_TBA.consumer_secret, DEMO_TBA.token_secret, *key_lines]


SCENARIOS = {
    "success": lambda sandbox: None,
    "retried server errors": lambda sandbox: sandbox.faults.fail_next(2, status=503),
    "exhausted retries": lambda sandbox: sandbox.faults.fail_next(9, status=502),
    "dropped connections": lambda sandbox: sandbox.faults.drop_next(2),
    "malformed answer": lambda sandbox: sandbox.faults.malformed_next(1),
    "refused login": lambda sandbox: sandbox.faults.unauthorized_next(3),
}


@pytest.mark.parametrize("mode", ["tba", "m2m"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_nothing_secret_or_personal_leaks(netsuite_sandbox, client_for, captured_logs, mode, scenario):
    # given a fault (or none) and any order with customer emails
    SCENARIOS[scenario](netsuite_sandbox)
    env = netsuite_sandbox.client_env(mode)
    # when orders are fetched, with every logger at DEBUG
    texts = _fetch_all(client_for(env), ["SO100001", "SO100009"])
    texts += captured_logs
    # then no secret, key material, bearer token, assertion or email appears anywhere
    _assert_clean(texts, secrets_of(env))


@pytest.mark.parametrize(
    ("mode", "override", "wall_clock"),
    [
        ("tba", {"NETSUITE_TOKEN_SECRET": "wrong-token-secret-value"}, time.time),
        ("tba", {}, lambda: time.time() + 900),
        ("m2m", {"NETSUITE_PRIVATE_KEY": ec_p256_private_pem()}, time.time),
        ("m2m", {}, lambda: time.time() - 900),
    ],
)
def test_refused_credentials_leak_nothing_either(
    netsuite_sandbox, client_for, captured_logs, mode, override, wall_clock
):
    # given credentials or a clock that NetSuite refuses
    env = netsuite_sandbox.client_env(mode) | override
    # when an order is fetched
    texts = _fetch_all(client_for(env, wall_clock=wall_clock), ["SO100001"]) + captured_logs
    # then the refusal is reported, and nothing secret or personal with it
    assert any("INVALID_LOGIN" in text or "invalid_" in text for text in texts)
    _assert_clean(texts, [*secrets_of(env), *override.values()])


def _fetch_all(client, numbers: list[str]) -> list[str]:
    texts: list[str] = []
    for number in numbers:
        try:
            client.fetch_sales_order(number, deadline=Deadline.after(10), trace=Trace())
        except PickupError as error:
            texts += [str(error), repr(error), str(getattr(error, "detail", "")), str(error.__cause__)]
    return texts


def _assert_clean(texts: list[str], secrets: list[str]) -> None:
    everything = "\n".join(texts)
    assert everything  # something was said, so silence does not pass for cleanliness
    for secret in secrets:
        assert secret not in everything
    assert "Bearer " not in everything
    assert "eyJ" not in everything  # the start of any JWT: client assertion or access token
    assert EMAIL.findall(everything) == []
