"""How a request to NetSuite proves who sends it, in either mode, behind one small interface."""

import time
from collections.abc import Callable
from typing import Protocol

import httpx

from pickup.domain.deadline import Deadline
from pickup.domain.ports import Trace
from pickup.netsuite.config import ClientCredentials, NetSuiteConfig
from pickup.netsuite.keys import oauth2_layer_missing
from pickup.netsuite.tba import TokenSigner, new_nonce


class Authenticator(Protocol):
    mode: str

    def authorization(self, method: str, url: str, *, deadline: Deadline, trace: Trace) -> str:
        """The Authorization header value for one attempt; may itself ask NetSuite (OAuth 2.0 token)."""
        ...

    def renew(self) -> bool:
        """Forget cached credentials after NetSuite refused them; True when asking again can help."""
        ...


def build_authenticator(
    config: NetSuiteConfig,
    *,
    http: httpx.Client,
    wall_clock: Callable[[], float] = time.time,
    monotonic: Callable[[], float] = time.monotonic,
    nonce: Callable[[], str] = new_nonce,
) -> Authenticator:
    """TBA signing, or OAuth 2.0 client credentials. Only the latter imports pyjwt and PyCryptodome."""
    if isinstance(config.credentials, ClientCredentials):
        try:
            from pickup.netsuite.oauth2 import ClientCredentialsAuth  # noqa: PLC0415 - keeps TBA cold starts light
        except ImportError as problem:  # pyjwt lives in the oauth2 layer, attached only in this mode
            raise oauth2_layer_missing(problem) from None

        return ClientCredentialsAuth(
            config.credentials,
            token_url=config.token_url,
            http=http,
            timeout_seconds=config.timeout_seconds,
            wall_clock=wall_clock,
            monotonic=monotonic,
        )
    return TokenSigner(config.credentials, realm=config.realm, wall_clock=wall_clock, nonce=nonce)
