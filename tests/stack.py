"""Building the function the way Lambda does, but pointed at the real local servers the tests started."""

import contextlib
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pickup.api.app import MisconfiguredApi, ValidateOrderApi
from pickup.bootstrap import build_api
from pickup_dev.sandbox.demo import client_env

EVENTS = Path(__file__).parent / "events"
API_KEY = "e2e-test-key-0123456789abcdef"
# A port nothing listens on: a store that is down.
UNREACHABLE_DSN = "postgresql://postgres@127.0.0.1:9/postgres?connect_timeout=1"


def load_event(name: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    return event


def proxy_event(body: object, *, method: str = "POST", headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The sample REST proxy event with another body (a str is sent as is, anything else as JSON)."""
    event = load_event("apiGatewayProxyEvent")
    event["httpMethod"] = method
    event["body"] = body if isinstance(body, str) or body is None else json.dumps(body)
    event["requestContext"]["requestId"] = str(uuid.uuid4())
    if headers is not None:
        event["headers"] = dict(headers)
    return event


@dataclass
class FakeLambdaContext:
    """What the Lambda runtime hands the handler; the remaining time is what the tests need."""

    remaining_ms: int = 28_000
    aws_request_id: str = "0b5f6f1e-0000-4000-8000-000000000000"
    function_name: str = "pickup-validate-order"

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def function_env(sandbox_url: str, *, dsn: str | None, auth: str = "tba", **overrides: str) -> dict[str, str]:
    env = {**client_env(sandbox_url, auth), "NETSUITE_TIMEOUT_SECONDS": "2", "NETSUITE_MAX_ATTEMPTS": "2"}
    if dsn is not None:
        env["DATABASE_URL"] = dsn
    env.update(overrides)
    return env


@contextlib.contextmanager
def running_function(env: Mapping[str, str]) -> Iterator[ValidateOrderApi | MisconfiguredApi]:
    """The function as one Lambda execution environment would build it; closed afterwards."""
    api = build_api(env)
    try:
        yield api
    finally:
        api.close()


def respond(api: ValidateOrderApi | MisconfiguredApi, event: Mapping[str, Any]) -> tuple[int, dict[str, str], Any]:
    result = api.handle(event, FakeLambdaContext())
    body = json.loads(result["body"]) if result["body"] else None
    return result["statusCode"], result["headers"], body
