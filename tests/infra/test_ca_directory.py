"""The core layer carries certifi's bundle again as an OpenSSL hashed directory, named exactly as OpenSSL looks
certificates up, so the function can read one issuer at a time instead of parsing the whole bundle at start-up."""

import re
import shutil
import ssl
import subprocess
import zipfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID
from bench.stacks import build_script
from tests.fixtures.tls import certificate_authority
from tests.infra.conftest import LambdaArtifacts

import pickup.tls

BUILD = build_script()
needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command is not installed")


def openssl_subject_hash(pem: str) -> str:
    printed = subprocess.run(
        ["openssl", "x509", "-noout", "-subject_hash"], input=pem, capture_output=True, text=True, check=True
    )
    return printed.stdout.strip()


def ours(pem: str) -> str:
    return f"{BUILD.subject_name_hash(ssl.PEM_cert_to_DER_cert(pem)):08x}"


@needs_openssl
def test_every_certificate_of_certifis_bundle_is_named_as_openssl_names_it():
    # given certifi's bundle
    import certifi  # noqa: PLC0415

    pems = BUILD.pem_certificates(Path(certifi.where()).read_text(encoding="ascii"))
    # then our hash of each subject is OpenSSL's
    assert len(pems) > 100
    assert [ours(pem) for pem in pems] == [openssl_subject_hash(pem) for pem in pems]


def attribute(oid: x509.ObjectIdentifier, value: str, kind: _ASN1Type) -> x509.NameAttribute:
    return x509.NameAttribute(oid, value, _type=kind)


TRICKY_NAMES = {
    "case and inner spaces": x509.Name(
        [attribute(NameOID.ORGANIZATION_NAME, "  ACME   Industrial\tSupply  ", _ASN1Type.UTF8String)]
    ),
    "printable string": x509.Name([attribute(NameOID.COUNTRY_NAME, "US", _ASN1Type.PrintableString)]),
    "non-ASCII kept, ASCII lowercased": x509.Name(
        [attribute(NameOID.COMMON_NAME, "Ünïcode Wärehouse ROOT", _ASN1Type.UTF8String)]
    ),
    "BMP string": x509.Name([attribute(NameOID.COMMON_NAME, "BMP Root Ω", _ASN1Type.BMPString)]),
    "IA5 e-mail": x509.Name([attribute(NameOID.EMAIL_ADDRESS, "PKI@Example.COM", _ASN1Type.IA5String)]),
    "multi-valued RDN": x509.Name(
        [
            x509.RelativeDistinguishedName(
                [
                    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Zeta Unit"),
                    x509.NameAttribute(NameOID.COMMON_NAME, "Alpha Root"),
                ]
            ),
            x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COUNTRY_NAME, "DE")]),
        ]
    ),
}


@needs_openssl
@pytest.mark.parametrize("name", TRICKY_NAMES.values(), ids=TRICKY_NAMES.keys())
def test_names_are_canonicalised_as_openssl_does(name: x509.Name):
    # given a certificate authority with a name OpenSSL must canonicalise before hashing
    pem = certificate_authority(name).pem
    # then the hashes agree
    assert ours(pem) == openssl_subject_hash(pem)


def test_the_core_layer_holds_one_hashed_file_per_certificate_of_the_bundle(lambda_artifacts: LambdaArtifacts):
    # when
    with zipfile.ZipFile(lambda_artifacts.layer_zip) as archive:
        bundle = BUILD.pem_certificates(archive.read("python/certifi/cacert.pem").decode("ascii"))
        prefix = f"python/certifi/{pickup.tls.HASHED_CA_DIRECTORY}/"
        hashed = {
            name.removeprefix(prefix): archive.read(name).decode("ascii")
            for name in archive.namelist()
            if name.startswith(prefix) and "__pycache__" not in name
        }
    # then: every certificate once, under its subject's hash, numbered from .0 when hashes collide
    assert sorted(hashed.values()) == sorted(bundle)
    assert all(re.fullmatch(r"[0-9a-f]{8}\.\d+", name) for name in hashed)
    assert all(name.rpartition(".")[0] == ours(pem) for name, pem in hashed.items())
    for name in hashed:
        stem, _, number = name.rpartition(".")
        assert all(f"{stem}.{earlier}" in hashed for earlier in range(int(number)))
    # and: the function looks for the directory under the name the build gives it
    assert pickup.tls.HASHED_CA_DIRECTORY == BUILD.HASHED_CA_DIRECTORY
