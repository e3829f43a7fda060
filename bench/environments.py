"""Environment mappings for starting our handler without any real account.

Every value is a placeholder; addresses point at 127.0.0.1 ports where nothing needs to listen, because
building the clients must not touch the network.
"""

from functools import cache

UNUSED_ADDRESS = "http://127.0.0.1:9"  # the discard port: nothing is expected to answer there

_COMMON = {
    "NETSUITE_ACCOUNT_ID": "1234567_SB1",
    "NETSUITE_REST_URL": UNUSED_ADDRESS,
    "SUPABASE_URL": UNUSED_ADDRESS,
    "SUPABASE_SERVICE_ROLE_KEY": "sb_secret_" + "b" * 32,
    "LOG_LEVEL": "WARNING",
}


def tba_env() -> dict[str, str]:
    """Token-Based Authentication (OAuth 1.0a) with placeholder tokens."""
    return {
        **_COMMON,
        "NETSUITE_CONSUMER_KEY": "c" * 64,
        "NETSUITE_CONSUMER_SECRET": "d" * 64,
        "NETSUITE_TOKEN_ID": "e" * 64,
        "NETSUITE_TOKEN_SECRET": "f" * 64,
    }


def oauth2_env(key_type: str = "rsa") -> dict[str, str]:
    """OAuth 2.0 client credentials (M2M) with a freshly generated key: RSA signs PS256, EC P-256 signs ES256."""
    return {
        **_COMMON,
        "NETSUITE_CLIENT_ID": "a" * 64,
        "NETSUITE_CERTIFICATE_ID": "cert-" + "0" * 38,
        "NETSUITE_PRIVATE_KEY": _private_key_pem(key_type),
    }


@cache
def _private_key_pem(key_type: str) -> str:
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415 - only the OAuth 2.0 rows need it
    from cryptography.hazmat.primitives.asymmetric import ec, rsa  # noqa: PLC0415

    key = rsa.generate_private_key(65537, 2048) if key_type == "rsa" else ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
