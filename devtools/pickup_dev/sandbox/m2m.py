"""OAuth 2.0 client credentials (machine to machine), checked the way NetSuite checks the client assertion.

The client posts a JWT signed with the private key of a certificate mapped to its integration record. The
assertion must use PS256/384/512 or ES256/384/512 (RS256 is refused since March 2025), name the certificate
in `kid`, the client id in `iss`, this token endpoint in `aud`, ask for `rest_webservices`, and live at most
60 minutes. The sandbox answers with an opaque bearer token valid for `token_lifetime` seconds.
"""

import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import jwt
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from pickup_dev.sandbox.demo import M2MCredentials
from pickup_dev.sandbox.tba import LoginFailed

TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"  # noqa: S105 - a URL path, not a secret
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ALLOWED_ALGORITHMS = ("PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
MAX_ASSERTION_LIFETIME_SECONDS = 3600
CLOCK_SKEW_SECONDS = 300
REQUIRED_SCOPE = "rest_webservices"


class AssertionRefused(Exception):
    """A refused token request: the OAuth `error` and status for the client, the audit reason for the trail."""

    def __init__(self, error: str, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.error, self.reason, self.status = error, reason, status


@dataclass(frozen=True, slots=True)
class AccessToken:
    value: str
    expires_at: float


class ClientCredentialsIssuer:
    """Verifies client assertions for one certificate mapping and hands out bearer tokens."""

    def __init__(
        self, credentials: M2MCredentials, *, token_lifetime: float = 3600, clock: Callable[[], float] = time.time
    ) -> None:
        self.credentials = credentials
        self.token_lifetime = token_lifetime
        self.clock = clock
        self._public_key = _load_public_key(credentials.public_key_pem)
        self._tokens: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self, form: Mapping[str, str], token_url: str) -> dict[str, object]:
        """The token response for a valid form; raises AssertionRefused otherwise."""
        if form.get("grant_type") != "client_credentials":
            raise AssertionRefused("unsupported_grant_type", "UnsupportedGrantType")
        if form.get("client_assertion_type") != ASSERTION_TYPE or not form.get("client_assertion"):
            raise AssertionRefused("invalid_request", "InvalidRequest")
        self._verify(form["client_assertion"], token_url)
        token = AccessToken(secrets.token_urlsafe(32), self.clock() + self.token_lifetime)
        with self._lock:
            now = self.clock()
            for value in [v for v, expires_at in self._tokens.items() if expires_at <= now]:
                del self._tokens[value]
            self._tokens[token.value] = token.expires_at
        return {"access_token": token.value, "token_type": "Bearer", "expires_in": int(self.token_lifetime)}

    def check_bearer(self, token: str) -> None:
        """Returns for a live token; raises LoginFailed otherwise."""
        with self._lock:
            expires_at = self._tokens.get(token)
        if expires_at is None:
            raise LoginFailed("InvalidToken")
        if expires_at <= self.clock():
            raise LoginFailed("AccessTokenExpired")

    def _verify(self, assertion: str, token_url: str) -> None:
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError:
            raise AssertionRefused("invalid_request", "MalformedAssertion") from None
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise AssertionRefused("invalid_client", "UnsupportedAlgorithm")
        if header.get("typ") != "JWT":
            raise AssertionRefused("invalid_client", "InvalidTokenType")
        if header.get("kid") != self.credentials.certificate_id:
            raise AssertionRefused("invalid_client", "UnknownCertificate")
        algorithm = str(header["alg"])
        try:
            key = jwt.get_algorithm_by_name(algorithm).prepare_key(self._public_key)
        except (TypeError, ValueError, jwt.InvalidKeyError, jwt.InvalidAlgorithmError):
            # PS* against an EC certificate (PyJWT raises TypeError), ES384 against a P-256 one, ...: the
            # signature cannot have been made with the mapped certificate's key, which NetSuite reports as such.
            raise AssertionRefused("invalid_client", "InvalidSignature") from None
        try:
            claims = jwt.decode(
                assertion,
                key,
                algorithms=[algorithm],
                options={"verify_aud": False, "verify_iss": False, "verify_exp": False, "verify_iat": False},
            )
        except (jwt.InvalidSignatureError, jwt.InvalidKeyError):
            raise AssertionRefused("invalid_client", "InvalidSignature") from None
        except jwt.PyJWTError:
            raise AssertionRefused("invalid_request", "MalformedAssertion") from None
        self._check_claims(claims, token_url)

    def _check_claims(self, claims: dict[str, object], token_url: str) -> None:
        if claims.get("iss") != self.credentials.client_id:
            raise AssertionRefused("invalid_client", "InvalidIntegration")
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if token_url not in audiences:
            raise AssertionRefused("invalid_grant", "InvalidAudience")
        issued_at, expires_at = claims.get("iat"), claims.get("exp")
        if not isinstance(issued_at, int | float) or not isinstance(expires_at, int | float):
            raise AssertionRefused("invalid_grant", "MissingTimeClaims")
        now = self.clock()
        too_far = expires_at - now > MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS
        if expires_at - issued_at > MAX_ASSERTION_LIFETIME_SECONDS or too_far:
            raise AssertionRefused("invalid_grant", "AssertionLifetimeTooLong")
        if expires_at <= now:
            raise AssertionRefused("invalid_grant", "AssertionExpired")
        if REQUIRED_SCOPE not in _scopes(claims.get("scope")):
            raise AssertionRefused("invalid_grant", "ScopeMismatched")


def _scopes(scope: object) -> set[str]:
    """`scope` as Oracle's samples send it: a comma (or space) separated string, or a JSON array."""
    if isinstance(scope, list):
        return {str(s).strip() for s in scope}
    if isinstance(scope, str):
        if scope.startswith("["):
            try:
                return _scopes(json.loads(scope))
            except ValueError:
                return set()
        return {s.strip() for s in scope.replace(" ", ",").split(",") if s.strip()}
    return set()


def _load_public_key(pem: str) -> RSAPublicKey | EllipticCurvePublicKey:
    """The public key of a PEM certificate or of a bare PEM public key (RSA or EC, as NetSuite accepts)."""
    data = pem.encode()
    key = (
        x509.load_pem_x509_certificate(data).public_key() if b"BEGIN CERTIFICATE" in data else load_pem_public_key(data)
    )
    if not isinstance(key, RSAPublicKey | EllipticCurvePublicKey):
        raise TypeError("the M2M certificate must hold an RSA or EC public key")
    return key
