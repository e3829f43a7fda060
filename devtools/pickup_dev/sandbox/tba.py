"""Token-Based Authentication (OAuth 1.0a with HMAC-SHA256), verified the way NetSuite verifies it.

Written independently of oauthlib (which the client signs with), so the two implementations check each other.
The signature base string is METHOD & pct(scheme://host/path) & pct(sorted, encoded parameters), where the
parameters are every oauth_* header parameter except realm and oauth_signature (oauth_body_hash included when
sent) plus every URL query parameter. A JSON body never enters it.
"""

import base64
import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from urllib.parse import quote, unquote, urlsplit

from pickup_dev.sandbox.demo import TbaCredentials

TIMESTAMP_TOLERANCE_SECONDS = 300
MIN_NONCE_LENGTH = 6
REQUIRED_PARAMETERS = (
    "oauth_consumer_key",
    "oauth_token",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_signature",
)


class LoginFailed(Exception):
    """A refused login; `reason` is what NetSuite writes in the Login Audit Trail, never sent to the client."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def percent_encode(value: str) -> str:
    """RFC 5849 section 3.6: everything but unreserved characters, as upper-case %XX of the UTF-8 bytes."""
    return quote(value, safe="-._~")


def parse_authorization(header: str) -> dict[str, str]:
    """The parameters of an `Authorization: OAuth k="v", ...` header, percent-decoded."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "oauth":
        raise LoginFailed("InvalidAuthorizationHeader")
    parameters: dict[str, str] = {}
    for part in rest.split(","):
        if not part.strip():
            continue
        name, equals, quoted = part.strip().partition("=")
        if not equals or len(quoted) < 2 or not (quoted.startswith('"') and quoted.endswith('"')):
            raise LoginFailed("InvalidAuthorizationHeader")
        name = unquote(name.strip())
        if name in parameters:
            raise LoginFailed("InvalidAuthorizationHeader")
        parameters[name] = unquote(quoted[1:-1])
    return parameters


def base_string_uri(url: str) -> str:
    """Scheme and host lower-cased, default port dropped, no query or fragment."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    default_port = {"http": 80, "https": 443}.get(scheme)
    netloc = host if port is None or port == default_port else f"{host}:{port}"
    return f"{scheme}://{netloc}{parts.path or '/'}"


def signature_base_string(method: str, url: str, parameters: Iterable[tuple[str, str]]) -> str:
    encoded = sorted((percent_encode(name), percent_encode(value)) for name, value in parameters)
    normalized = "&".join(f"{name}={value}" for name, value in encoded)
    return "&".join((method.upper(), percent_encode(base_string_uri(url)), percent_encode(normalized)))


def hmac_sha256_signature(base_string: str, consumer_secret: str, token_secret: str) -> str:
    key = f"{percent_encode(consumer_secret)}&{percent_encode(token_secret)}"
    digest = hmac.new(key.encode(), base_string.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_parameters(oauth: dict[str, str], query: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parameters that enter the base string: oauth_* from the header (not realm/signature) and the query."""
    header = [(k, v) for k, v in oauth.items() if k.startswith("oauth_") and k != "oauth_signature"]
    return [*header, *query]


class NonceCache:
    """Nonce + timestamp pairs already used per token, kept until their timestamp leaves the accepted window."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self._entries: OrderedDict[tuple[str, str, str], float] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def first_use(self, token: str, nonce: str, timestamp: int, now: float) -> bool:
        """Records the pair and says whether it was new."""
        key = (token, nonce, str(timestamp))
        with self._lock:
            while self._entries and next(iter(self._entries.values())) <= now:
                self._entries.popitem(last=False)
            if key in self._entries:
                return False
            if len(self._entries) >= self._max_entries:
                self._entries.popitem(last=False)
            self._entries[key] = timestamp + TIMESTAMP_TOLERANCE_SECONDS + 1
            return True

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class TokenVerifier:
    """Checks a TBA Authorization header against one account, one integration record and one token."""

    def __init__(self, account_id: str, credentials: TbaCredentials, *, clock: Callable[[], float] = time.time) -> None:
        self.account_id = account_id
        self.credentials = credentials
        self.clock = clock
        self.nonces = NonceCache()

    def verify(self, method: str, url: str, query: Iterable[tuple[str, str]], header: str) -> None:
        """Returns when the request is signed correctly; raises LoginFailed with the audit-trail reason."""
        oauth = parse_authorization(header)
        if any(name not in oauth for name in (*REQUIRED_PARAMETERS, "realm")):
            raise LoginFailed("MissingParameter")
        if oauth["realm"] != self.account_id:
            raise LoginFailed("InvalidRealm")
        if oauth.get("oauth_version", "1.0") != "1.0":
            raise LoginFailed("InvalidVersion")
        if oauth["oauth_signature_method"] != "HMAC-SHA256":
            raise LoginFailed("UnsupportedSignatureMethod")
        if not hmac.compare_digest(oauth["oauth_consumer_key"], self.credentials.consumer_key):
            raise LoginFailed("UnknownConsumer")
        if not hmac.compare_digest(oauth["oauth_token"], self.credentials.token_id):
            raise LoginFailed("UnknownToken")
        now = self.clock()
        timestamp = _timestamp(oauth["oauth_timestamp"])
        if abs(now - timestamp) > TIMESTAMP_TOLERANCE_SECONDS:
            raise LoginFailed("InvalidTimestamp")
        if len(oauth["oauth_nonce"]) < MIN_NONCE_LENGTH:
            raise LoginFailed("InvalidNonce")
        base_string = signature_base_string(method, url, signed_parameters(oauth, query))
        expected = hmac_sha256_signature(base_string, self.credentials.consumer_secret, self.credentials.token_secret)
        if not hmac.compare_digest(expected, oauth["oauth_signature"]):
            raise LoginFailed("InvalidSignature")
        if not self.nonces.first_use(oauth["oauth_token"], oauth["oauth_nonce"], timestamp, now):
            raise LoginFailed("NonceUsed")


def _timestamp(text: str) -> int:
    if not text.isdigit():
        raise LoginFailed("InvalidTimestamp")
    return int(text)
