"""The private key behind the OAuth 2.0 client assertion, and the JWS algorithm it implies.

NetSuite accepts RSA-PSS (PS256/384/512) and ECDSA (ES256/384/512) assertions and no longer RS256.
We sign PS256 with an RSA key and ES256 with an EC P-256 key; any other key is refused at start-up.
The key is parsed once, when the configuration is read (an RSA key takes tens of milliseconds), and the loaded
key travels with the credentials to the client that signs.

PyCryptodome (the signature) and pyjwt (the JWS around it) ship in their own Lambda layer, attached only when the
OAuth 2.0 variables are set, so Token-Based Authentication never loads them: PyCryptodome is imported inside these
functions, pyjwt by netsuite/oauth2.py. When either is missing, start-up fails with the ConfigurationError of
`oauth2_layer_missing` instead of the first request.
"""

from typing import TYPE_CHECKING, Literal

from pickup.errors import ConfigurationError

if TYPE_CHECKING:
    from Crypto.PublicKey.ECC import EccKey
    from Crypto.PublicKey.RSA import RsaKey

    PrivateKey = RsaKey | EccKey

AssertionAlgorithm = Literal["PS256", "ES256"]

PRIVATE_KEY = "NETSUITE_PRIVATE_KEY"
# The variables that choose OAuth 2.0, as config.OAUTH2_VARIABLES (config imports this module, not the reverse).
CLIENT_CREDENTIAL_VARIABLES = ("NETSUITE_CLIENT_ID", "NETSUITE_CERTIFICATE_ID", PRIVATE_KEY)
OAUTH2_LAYER_MISSING = "OAuth 2.0 needs the oauth2 layer (pyjwt, pycryptodome)"
P256 = "NIST P-256"  # what PyCryptodome calls the curve, whichever alias the key file used


def oauth2_layer_missing(problem: ImportError) -> ConfigurationError:
    """The start-up error when the OAuth 2.0 variables are set but pyjwt or PyCryptodome cannot be imported."""
    missing = problem.name or "one of them"
    return ConfigurationError(
        f"{OAUTH2_LAYER_MISSING}: {missing} cannot be imported. Attach the layer built as layer-oauth2-<arch>.zip,"
        " or use Token-Based Authentication",
        variables=CLIENT_CREDENTIAL_VARIABLES,
    )


def load_private_key(pem: str) -> "PrivateKey":
    """The key in `pem` (unencrypted PKCS#8 or traditional PEM); ConfigurationError if it is not a usable one,
    or if PyCryptodome is not installed."""
    try:
        from Crypto.PublicKey import ECC, RSA  # noqa: PLC0415
    except ImportError as problem:
        raise oauth2_layer_missing(problem) from None

    if "ENCRYPTED" in pem.lstrip().partition("\n")[0] or "Proc-Type: 4,ENCRYPTED" in pem:
        raise ConfigurationError(
            f"{PRIVATE_KEY} is encrypted; give the key without a passphrase", variables=(PRIVATE_KEY,)
        )
    key: PrivateKey | None = None
    for kind in (RSA, ECC):
        try:
            key = kind.import_key(pem)
            break
        except (ValueError, IndexError, TypeError):  # PyCryptodome's answers to a key it cannot read as `kind`
            continue
    if key is None or not key.has_private():
        raise ConfigurationError(f"{PRIVATE_KEY} is not a PEM private key", variables=(PRIVATE_KEY,))
    if isinstance(key, RSA.RsaKey) or key.curve == P256:
        return key
    raise ConfigurationError(
        f"{PRIVATE_KEY} must be an RSA key (signed PS256) or an EC P-256 key (signed ES256)", variables=(PRIVATE_KEY,)
    )


def assertion_algorithm(key: "PrivateKey") -> AssertionAlgorithm:
    """PS256 for an RSA key, ES256 for an EC P-256 key (never RS256, which NetSuite refuses)."""
    from Crypto.PublicKey.RSA import RsaKey  # noqa: PLC0415

    return "PS256" if isinstance(key, RsaKey) else "ES256"
