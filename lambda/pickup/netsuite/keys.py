"""The private key behind the OAuth 2.0 client assertion, and the JWS algorithm it implies.

NetSuite accepts RSA-PSS (PS256/384/512) and ECDSA (ES256/384/512) assertions and no longer RS256.
We sign PS256 with an RSA key and ES256 with an EC P-256 key; any other key is refused at start-up.
cryptography is imported here, inside the functions, so Token-Based Authentication never loads it.
"""

from typing import TYPE_CHECKING

from pickup.errors import ConfigurationError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

PRIVATE_KEY = "NETSUITE_PRIVATE_KEY"


def load_private_key(pem: str) -> "RSAPrivateKey | EllipticCurvePrivateKey":
    """The key in `pem` (unencrypted PKCS#8 or traditional PEM); ConfigurationError if it is not a usable one."""
    from cryptography.exceptions import UnsupportedAlgorithm  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, EllipticCurvePrivateKey  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey  # noqa: PLC0415
    from cryptography.hazmat.primitives.serialization import load_pem_private_key  # noqa: PLC0415

    try:
        key = load_pem_private_key(pem.encode(), password=None)
    except TypeError:
        raise ConfigurationError(
            f"{PRIVATE_KEY} is encrypted; give the key without a passphrase", variables=(PRIVATE_KEY,)
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise ConfigurationError(f"{PRIVATE_KEY} is not a PEM private key", variables=(PRIVATE_KEY,)) from None
    if isinstance(key, RSAPrivateKey):
        return key
    if isinstance(key, EllipticCurvePrivateKey) and isinstance(key.curve, SECP256R1):
        return key
    raise ConfigurationError(
        f"{PRIVATE_KEY} must be an RSA key (signed PS256) or an EC P-256 key (signed ES256)", variables=(PRIVATE_KEY,)
    )


def assertion_algorithm(pem: str) -> str:
    """PS256 for an RSA key, ES256 for an EC P-256 key (never RS256, which NetSuite refuses)."""
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey  # noqa: PLC0415

    return "PS256" if isinstance(load_private_key(pem), RSAPrivateKey) else "ES256"
