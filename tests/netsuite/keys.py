"""Throwaway keys for tests, generated once per test session (never written to disk)."""

from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa


def _pem(key: object) -> str:
    return key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@cache
def rsa_private_pem() -> str:
    return _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))


@cache
def ec_p256_private_pem() -> str:
    return _pem(ec.generate_private_key(ec.SECP256R1()))


@cache
def ec_p384_private_pem() -> str:
    return _pem(ec.generate_private_key(ec.SECP384R1()))


@cache
def ed25519_private_pem() -> str:
    return _pem(ed25519.Ed25519PrivateKey.generate())


def public_pem(private_pem: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return (
        key.public_key()  # type: ignore[union-attr]
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
