"""NetSuite settings from the environment: which account, where, how to authenticate, how patient to be.

Two ways to authenticate, chosen by which credentials are set (an empty value counts as unset):

    Token-Based Authentication (OAuth 1.0a)   NETSUITE_CONSUMER_KEY, NETSUITE_CONSUMER_SECRET,
                                              NETSUITE_TOKEN_ID, NETSUITE_TOKEN_SECRET
    OAuth 2.0 client credentials (M2M)        NETSUITE_CLIENT_ID, NETSUITE_CERTIFICATE_ID, NETSUITE_PRIVATE_KEY

Both need NETSUITE_ACCOUNT_ID. When both sets are complete, OAuth 2.0 wins: it is what Oracle recommends,
and NetSuite stops accepting new TBA integrations from release 2027.1. A set that is only partly filled in
is an error naming the missing variables (even next to a complete other set), so a typo never silently
selects the other mode.

Optional: NETSUITE_REST_URL (scheme and host, e.g. the local sandbox; otherwise derived from the account id),
NETSUITE_TIMEOUT_SECONDS (per attempt, default 8), NETSUITE_MAX_ATTEMPTS (default 3).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from pickup.errors import ConfigurationError
from pickup.netsuite.keys import AssertionAlgorithm, assertion_algorithm, load_private_key

if TYPE_CHECKING:
    from pickup.netsuite.keys import PrivateKey

ACCOUNT_ID = "NETSUITE_ACCOUNT_ID"
TBA_VARIABLES = ("NETSUITE_CONSUMER_KEY", "NETSUITE_CONSUMER_SECRET", "NETSUITE_TOKEN_ID", "NETSUITE_TOKEN_SECRET")
OAUTH2_VARIABLES = ("NETSUITE_CLIENT_ID", "NETSUITE_CERTIFICATE_ID", "NETSUITE_PRIVATE_KEY")
REST_URL = "NETSUITE_REST_URL"
TIMEOUT_SECONDS = "NETSUITE_TIMEOUT_SECONDS"
MAX_ATTEMPTS = "NETSUITE_MAX_ATTEMPTS"

DEFAULT_TIMEOUT_SECONDS = 8.0
DEFAULT_MAX_ATTEMPTS = 3
_ACCOUNT_ID_PATTERN = re.compile(r"[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*")

Mode = Literal["tba", "oauth2"]


@dataclass(frozen=True, slots=True)
class TokenCredentials:
    """Token-Based Authentication: an integration record's consumer pair and a user's access token pair."""

    consumer_key: str
    consumer_secret: str = field(repr=False)
    token_id: str
    token_secret: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class ClientCredentials:
    """OAuth 2.0 client credentials: the integration's client id and the certificate mapped to it.

    `private_key` is `private_key_pem` parsed, once, by load_netsuite_config.
    """

    client_id: str
    certificate_id: str
    private_key_pem: str = field(repr=False)
    algorithm: AssertionAlgorithm  # from the key: PS256 for RSA, ES256 for EC P-256
    private_key: "PrivateKey" = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class NetSuiteConfig:
    account_id: str
    realm: str
    base_url: str
    credentials: TokenCredentials | ClientCredentials
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS

    @property
    def mode(self) -> Mode:
        return "oauth2" if isinstance(self.credentials, ClientCredentials) else "tba"

    @property
    def suiteql_url(self) -> str:
        return f"{self.base_url}/services/rest/query/v1/suiteql"

    @property
    def token_url(self) -> str:
        """The OAuth 2.0 token endpoint; also the `aud` of the client assertion."""
        return f"{self.base_url}/services/rest/auth/oauth2/v1/token"


def load_netsuite_config(env: Mapping[str, str]) -> NetSuiteConfig:
    """Read the NETSUITE_* variables; raise ConfigurationError naming what is missing or wrong (never values)."""
    account_id = _value(env, ACCOUNT_ID)
    try:
        credentials = _credentials(env)
    except ConfigurationError as problem:
        if account_id is None:
            raise ConfigurationError(
                f"{ACCOUNT_ID} is not set; {problem}", variables=(ACCOUNT_ID, *problem.variables)
            ) from None
        raise
    if account_id is None:
        raise ConfigurationError(f"{ACCOUNT_ID} is not set", variables=(ACCOUNT_ID,))
    if not _ACCOUNT_ID_PATTERN.fullmatch(account_id):
        raise ConfigurationError(
            f"{ACCOUNT_ID} must look like 1234567 or 1234567_SB1 (letters and digits, parts joined by _ or -)",
            variables=(ACCOUNT_ID,),
        )
    return NetSuiteConfig(
        account_id=account_id,
        realm=realm_for(account_id),
        base_url=_base_url(env, account_id),
        credentials=credentials,
        timeout_seconds=_timeout(env),
        max_attempts=_max_attempts(env),
    )


def realm_for(account_id: str) -> str:
    """The OAuth realm: the account id exactly as NetSuite writes it.

    Sandbox and release-preview suffixes are upper case with an underscore (`1234567_sb1` and `1234567-sb1`
    both become `1234567_SB1`); NetSuite answers a lower-case realm with "Invalid login attempt".
    """
    return account_id.strip().upper().replace("-", "_")


def rest_base_url_for(account_id: str) -> str:
    """`https://<slug>.suitetalk.api.netsuite.com`, the slug being the id in lower case with every `_` as `-`.

    Oracle recommends taking the URL from Company Information instead of deriving it; NETSUITE_REST_URL does that.
    """
    slug = account_id.strip().lower().replace("_", "-")
    return f"https://{slug}.suitetalk.api.netsuite.com"


def normalize_private_key(raw: str) -> str:
    """PEM text as written in a file, also when an environment variable carries it with literal `\\n`."""
    text = raw.strip().replace("\\r\\n", "\n").replace("\\n", "\n").replace("\r\n", "\n")
    return text + "\n"


def _credentials(env: Mapping[str, str]) -> TokenCredentials | ClientCredentials:
    tba = {name: _value(env, name) for name in TBA_VARIABLES}
    oauth2 = {name: _value(env, name) for name in OAUTH2_VARIABLES}
    tba_missing = tuple(name for name, value in tba.items() if value is None)
    oauth2_missing = tuple(name for name, value in oauth2.items() if value is None)
    if 0 < len(oauth2_missing) < len(OAUTH2_VARIABLES):
        raise _partial("OAuth 2.0", oauth2_missing)
    if 0 < len(tba_missing) < len(TBA_VARIABLES):
        raise _partial("Token-Based Authentication", tba_missing)
    if oauth2_missing and tba_missing:
        raise ConfigurationError(
            f"NetSuite credentials are not set: set all of {', '.join(OAUTH2_VARIABLES)} (OAuth 2.0)"
            f" or all of {', '.join(TBA_VARIABLES)} (Token-Based Authentication)",
            variables=(*oauth2_missing, *tba_missing),
        )
    if not oauth2_missing:  # complete, and preferred when TBA is complete too
        pem = normalize_private_key(_required(oauth2, "NETSUITE_PRIVATE_KEY"))
        key = load_private_key(pem)  # parsed once, here; raises when the oauth2 layer is missing
        return ClientCredentials(
            client_id=_required(oauth2, "NETSUITE_CLIENT_ID"),
            certificate_id=_required(oauth2, "NETSUITE_CERTIFICATE_ID"),
            private_key_pem=pem,
            algorithm=assertion_algorithm(key),
            private_key=key,
        )
    return TokenCredentials(
        consumer_key=_required(tba, "NETSUITE_CONSUMER_KEY"),
        consumer_secret=_required(tba, "NETSUITE_CONSUMER_SECRET"),
        token_id=_required(tba, "NETSUITE_TOKEN_ID"),
        token_secret=_required(tba, "NETSUITE_TOKEN_SECRET"),
    )


def _partial(mode: str, missing: tuple[str, ...]) -> ConfigurationError:
    return ConfigurationError(f"{mode} credentials are incomplete; missing: {', '.join(missing)}", variables=missing)


def _base_url(env: Mapping[str, str], account_id: str) -> str:
    raw = _value(env, REST_URL)
    if raw is None:
        return rest_base_url_for(account_id)
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(f"{REST_URL} must be a URL such as https://host[:port]", variables=(REST_URL,))
    return raw.rstrip("/")


def _timeout(env: Mapping[str, str]) -> float:
    raw = _value(env, TIMEOUT_SECONDS)
    if raw is None:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 60:
        raise ConfigurationError(
            f"{TIMEOUT_SECONDS} must be a number of seconds above 0 and at most 60", variables=(TIMEOUT_SECONDS,)
        )
    return value


def _max_attempts(env: Mapping[str, str]) -> int:
    raw = _value(env, MAX_ATTEMPTS)
    if raw is None:
        return DEFAULT_MAX_ATTEMPTS
    if not raw.isdigit() or not 1 <= int(raw) <= 10:
        raise ConfigurationError(f"{MAX_ATTEMPTS} must be a whole number from 1 to 10", variables=(MAX_ATTEMPTS,))
    return int(raw)


def _value(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _required(values: Mapping[str, str | None], name: str) -> str:
    value = values[name]
    if value is None:  # callers check completeness first; this keeps the types honest
        raise ConfigurationError(f"{name} is not set", variables=(name,))
    return value
