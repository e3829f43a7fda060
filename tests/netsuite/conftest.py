"""Clients of the NetSuite sandbox (tests/fixtures/netsuite_sandbox.py) built the way the Lambda builds them,
with the waiting between retries recorded instead of slept."""

from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from pickup.netsuite import NetSuiteClient, load_netsuite_config


@dataclass
class RecordedSleep:
    """Stands in for time.sleep: remembers each requested pause and runs an optional hook."""

    pauses: list[float] = field(default_factory=list)
    on_sleep: object = None

    def __call__(self, seconds: float) -> None:
        self.pauses.append(seconds)
        if callable(self.on_sleep):
            self.on_sleep()


class FakeMonotonic:
    """A monotonic clock that moves only when told to, for token expiry."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False) as client:
        yield client


@pytest.fixture
def sleep() -> RecordedSleep:
    return RecordedSleep()


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def client_for(http, sleep, monotonic):
    """client_for(env, **overrides) -> NetSuiteClient on the shared pooled httpx client."""

    def build(env: dict[str, str], **overrides: object) -> NetSuiteClient:
        options: dict[str, object] = {"sleep": sleep, "monotonic": monotonic}
        options.update(overrides)
        return NetSuiteClient(load_netsuite_config(env), http=http, **options)  # type: ignore[arg-type]

    return build
