"""Token-Based Authentication: OAuth 1.0a headers signed HMAC-SHA256, as NetSuite's REST web services want.

What NetSuite signs: the method, the URL without its query, and every oauth_* and URL query parameter
(`limit`, `offset`). The JSON body is not signed, so no body and no Content-Type reach the signer (oauthlib
would otherwise add an oauth_body_hash). The realm goes in the header but not in the signature.
Each attempt is signed anew, retries included: NetSuite refuses a nonce and timestamp pair it has seen.
"""

import secrets
import string
import time
from collections.abc import Callable

from oauthlib import oauth1  # type: ignore[import-untyped]  # oauthlib ships no type hints

from pickup.domain.deadline import Deadline
from pickup.domain.ports import Trace
from pickup.netsuite.config import TokenCredentials

NONCE_ALPHABET = string.ascii_letters + string.digits
NONCE_LENGTH = 20  # Oracle: at least 6 characters, ideally 20, no special characters


def new_nonce() -> str:
    return "".join(secrets.choice(NONCE_ALPHABET) for _ in range(NONCE_LENGTH))


def authorization_header(
    credentials: TokenCredentials,
    *,
    realm: str,
    method: str,
    url: str,
    nonce: str,
    timestamp: int,
) -> str:
    """The `Authorization: OAuth ...` value for one request to `url` (query parameters included)."""
    client = oauth1.Client(
        credentials.consumer_key,
        client_secret=credentials.consumer_secret,
        resource_owner_key=credentials.token_id,
        resource_owner_secret=credentials.token_secret,
        signature_method=oauth1.SIGNATURE_HMAC_SHA256,
        signature_type=oauth1.SIGNATURE_TYPE_AUTH_HEADER,
        realm=realm,
        nonce=nonce,
        timestamp=str(timestamp),
    )
    _, headers, _ = client.sign(url, http_method=method.upper())
    header: str = headers["Authorization"]
    return header


class TokenSigner:
    """Signs each request with a fresh nonce and the current time."""

    mode = "tba"

    def __init__(
        self,
        credentials: TokenCredentials,
        *,
        realm: str,
        wall_clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = new_nonce,
    ) -> None:
        self._credentials = credentials
        self._realm = realm
        self._wall_clock = wall_clock
        self._nonce = nonce

    def authorization(self, method: str, url: str, *, deadline: Deadline, trace: Trace) -> str:  # noqa: ARG002
        """Signed now, for this attempt only; asks NetSuite nothing, so the budget and trace are not needed."""
        return authorization_header(
            self._credentials,
            realm=self._realm,
            method=method,
            url=url,
            nonce=self._nonce(),
            timestamp=int(self._wall_clock()),
        )

    def renew(self) -> bool:
        """Nothing is cached: a refused signature stays refused."""
        return False
