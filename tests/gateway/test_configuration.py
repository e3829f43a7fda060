"""How a LocalGateway is set up: one handler, by callable or by path, and settings that fit together."""

import os

import httpx
import pytest

from pickup_dev.gateway import LocalGateway
from tests.gateway import handlers
from tests.gateway.support import KEY


def test_a_handler_path_without_workers_runs_in_this_process(gateway):
    # given a gateway that imports its handler by path
    gw = gateway(handler_path="tests.gateway.handlers.whoami")

    # when a client posts, then this process answers
    answer = httpx.post(f"{gw.url}/validate-order", headers=KEY, json={}).json()
    assert answer["pid"] == os.getpid()


def test_the_gateway_is_a_context_manager_that_frees_its_port():
    # given a gateway used as a context manager
    with LocalGateway(handlers.whoami, api_key="k") as gw:
        url = gw.url
        assert httpx.post(f"{url}/validate-order", headers={"X-Api-Key": "k"}, json={}).status_code == 200

    # when it has stopped, then nothing answers on its port any more
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"{url}/validate-order", headers={"X-Api-Key": "k"}, json={})


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        ({}, "exactly one of handler"),
        ({"handler": handlers.whoami, "handler_path": "tests.gateway.handlers.whoami"}, "exactly one of handler"),
        ({"handler": handlers.whoami, "workers": 2}, "give handler_path with workers"),
        ({"handler": handlers.whoami, "env": {"A": "1"}}, "give workers=N with it"),
        ({"handler": handlers.whoami, "api_key": ""}, "API key is required"),
    ],
    ids=["no-handler", "both-handlers", "workers-need-a-path", "env-needs-workers", "empty-key"],
)
def test_settings_that_do_not_fit_together_are_refused(arguments, complaint):
    # given settings that contradict each other, when a gateway is built, then it says what to change
    with pytest.raises(ValueError, match=complaint):
        LocalGateway(**{"api_key": "k", **arguments})


def test_url_needs_a_running_gateway():
    # given a gateway that was never started, when its URL is asked for, then it says to start it
    with pytest.raises(RuntimeError, match="start"):
        _ = LocalGateway(handlers.whoami, api_key="k").url
