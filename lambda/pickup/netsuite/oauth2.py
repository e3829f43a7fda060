"""OAuth 2.0 client credentials (machine to machine): a signed JWT assertion buys a 60-minute access token.

The assertion: header {"typ": "JWT", "alg": "PS256" | "ES256", "kid": <certificate id>}, claims iss = client id,
scope = "rest_webservices", aud = the token URL, iat = now, exp = now + 5 minutes (NetSuite allows up to 60).
There is no refresh token in this flow: renewing means signing a new assertion.

The token is kept on this object, which lives as long as the Lambda execution environment, so warm
invocations reuse it; it is renewed 5 minutes before it expires, or at once after SuiteQL answers 401.
Importing this module loads pyjwt and PyCryptodome (the oauth2 layer); only OAuth 2.0 mode does. The private key
arrives parsed with the credentials (netsuite/config.py), so start-up parses it once. pyjwt writes the JWS; the
signature comes from PyCryptodome through pyjwt's algorithm interface, because pyjwt's own PS256/ES256 need
cryptography, five times PyCryptodome's size in the layer (docs/performance.md).
"""

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import httpx
from Crypto.Hash import SHA256
from Crypto.Signature import DSS, pss
from jwt.algorithms import Algorithm
from jwt.api_jws import PyJWS

from pickup.domain.deadline import Deadline
from pickup.domain.ports import Trace
from pickup.netsuite.config import ClientCredentials
from pickup.netsuite.errors import MalformedResponse
from pickup.netsuite.keys import AssertionAlgorithm
from pickup.netsuite.responses import error_for, read_json_object
from pickup.netsuite.transport import send

if TYPE_CHECKING:
    from pickup.netsuite.keys import PrivateKey

SCOPE = "rest_webservices"
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME_SECONDS = 300
DEFAULT_TOKEN_LIFETIME_SECONDS = 3600.0  # what NetSuite documents, when expires_in is unreadable
RENEW_BEFORE_EXPIRY_SECONDS = 300.0


class PycryptodomeSigner(Algorithm):
    """Signs a JWS with PyCryptodome, as RFC 7518 defines PS256 (RSASSA-PSS, SHA-256, MGF1 with SHA-256, a 32-byte
    salt) and ES256 (ECDSA P-256 with SHA-256, the signature as r and s, 32 bytes each). Signing only."""

    def __init__(self, algorithm: AssertionAlgorithm) -> None:
        self.algorithm = algorithm

    def prepare_key(self, key: Any) -> Any:
        return key

    def sign(self, msg: bytes, key: Any) -> bytes:
        digest = SHA256.new(msg)
        if self.algorithm == "PS256":
            return pss.new(key).sign(digest)  # salt length defaults to the digest's, as PS256 requires
        signature: bytes = DSS.new(key, "fips-186-3", encoding="binary").sign(digest)
        return signature

    def verify(self, msg: bytes, key: Any, sig: bytes) -> NoReturn:
        raise NotImplementedError("client assertions are only signed here; NetSuite verifies them")

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> NoReturn:
        raise NotImplementedError("the certificate, not a JWK, carries the public key to NetSuite")

    @staticmethod
    def from_jwk(jwk: Any) -> NoReturn:
        raise NotImplementedError("the private key comes from NETSUITE_PRIVATE_KEY, never from a JWK")


def assertion_encoder(algorithm: AssertionAlgorithm) -> PyJWS:
    """A JWS encoder that knows exactly one algorithm: the one the key implies."""
    encoder = PyJWS(algorithms=[])
    encoder.register_algorithm(algorithm, PycryptodomeSigner(algorithm))
    return encoder


@dataclass(frozen=True, slots=True)
class AccessToken:
    value: str
    renew_at: float  # on the monotonic clock


def token_lifetime(expires_in: object) -> float:
    """Seconds from `expires_in`, which may arrive as a number or a string; the documented hour otherwise."""
    if isinstance(expires_in, bool):
        return DEFAULT_TOKEN_LIFETIME_SECONDS
    try:
        seconds = float(expires_in) if isinstance(expires_in, int | float | str) else -1.0
    except ValueError:
        return DEFAULT_TOKEN_LIFETIME_SECONDS
    if not 0 < seconds <= 24 * 3600:
        return DEFAULT_TOKEN_LIFETIME_SECONDS
    return seconds


def renew_after(lifetime: float, renew_before: float = RENEW_BEFORE_EXPIRY_SECONDS) -> float:
    """How long to use a token: its lifetime less the renewal margin, but at least half of it."""
    return lifetime - min(renew_before, lifetime / 2)


class ClientCredentialsAuth:
    mode = "oauth2"

    def __init__(
        self,
        credentials: ClientCredentials,
        *,
        token_url: str,
        http: httpx.Client,
        timeout_seconds: float,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        renew_before_seconds: float = RENEW_BEFORE_EXPIRY_SECONDS,
    ) -> None:
        self._credentials = credentials
        self._key: PrivateKey = credentials.private_key
        self._encoder = assertion_encoder(credentials.algorithm)
        self._token_url = token_url
        self._http = http
        self._timeout = timeout_seconds
        self._wall_clock = wall_clock
        self._monotonic = monotonic
        self._renew_before = renew_before_seconds
        self._token: AccessToken | None = None
        self._lock = threading.Lock()

    def client_assertion(self) -> str:
        """A freshly signed assertion for the token endpoint."""
        now = int(self._wall_clock())
        claims = {
            "iss": self._credentials.client_id,
            "scope": SCOPE,
            "aud": self._token_url,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME_SECONDS,
        }
        headers = {"typ": "JWT", "kid": self._credentials.certificate_id}
        payload = json.dumps(claims, separators=(",", ":")).encode()
        key: Any = self._key  # pyjwt's annotation names cryptography's key types; its Algorithm interface takes any
        return self._encoder.encode(payload, key, algorithm=self._credentials.algorithm, headers=headers)

    def authorization(self, method: str, url: str, *, deadline: Deadline, trace: Trace) -> str:  # noqa: ARG002
        """`Bearer <token>`, asking the token endpoint first when no usable token is cached."""
        with self._lock:
            token = self._token
            if token is None or self._monotonic() >= token.renew_at:
                token = self._token = self._request_token(deadline, trace)
        return f"Bearer {token.value}"

    def renew(self) -> bool:
        with self._lock:
            self._token = None
        return True

    def _request_token(self, deadline: Deadline, trace: Trace) -> AccessToken:
        form = {
            "grant_type": "client_credentials",
            "client_assertion_type": CLIENT_ASSERTION_TYPE,
            "client_assertion": self.client_assertion(),
        }
        response = send(
            self._http,
            "POST",
            self._token_url,
            headers={"Accept": "application/json"},
            form=form,
            timeout_seconds=self._timeout,
            deadline=deadline,
            trace=trace,
            stage="token",
        )
        if not response.is_success:
            raise error_for(response, stage="token")
        body = read_json_object(response, stage="token")
        value = body.get("access_token")
        token_type = body.get("token_type", "Bearer")
        if not isinstance(value, str) or not value or not isinstance(token_type, str):
            raise MalformedResponse("the token endpoint sent no access token").describe(
                status=response.status_code, stage="token"
            )
        if token_type.lower() != "bearer":
            raise MalformedResponse("the token endpoint sent a token that is not a bearer token").describe(
                status=response.status_code, stage="token"
            )
        lifetime = token_lifetime(body.get("expires_in"))
        return AccessToken(value, self._monotonic() + renew_after(lifetime, self._renew_before))
