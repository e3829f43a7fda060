"""The function trusts servers whose certificate chains to certifi's CAs; in the Lambda layer it reads them lazily
from the hashed directory the build writes beside the bundle, and otherwise loads the bundle whole."""

from pathlib import Path

import httpx
import pytest
from bench.stacks import build_script
from cryptography import x509
from cryptography.x509.oid import NameOID

from pickup.tls import HASHED_CA_DIRECTORY, server_verification
from tests.fixtures.tls import HttpsServer, certificate_authority

OTHER_AUTHORITY = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Someone Else's Root CA")])


def layer_with_bundle(site: Path, *pems: str, hashed: bool) -> str:
    """A layer's certifi folder holding `pems` as cacert.pem, with the hashed directory when `hashed`."""
    bundle = site / "certifi" / "cacert.pem"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("".join(pems))
    if hashed:
        build_script().write_hashed_ca_directory(site)
    return str(bundle)


def test_in_the_layer_no_certificate_is_read_until_a_handshake_needs_its_issuer(
    https_server: HttpsServer, tmp_path: Path
):
    # given certifi's folder as the build leaves it: the bundle and the hashed directory, with the server's CA
    other = certificate_authority(OTHER_AUTHORITY)
    bundle = layer_with_bundle(tmp_path, other.pem, https_server.authority.pem, hashed=True)
    # when the function builds its context
    context = server_verification(bundle)
    # then it read no certificate yet
    assert context.cert_store_stats()["x509_ca"] == 0
    # when it connects to the server
    with httpx.Client(verify=context, trust_env=False) as client:
        response = client.get(https_server.url, timeout=5)
    # then the certificate verified, and only the one issuer it needed was read
    assert response.json() == {"hello": "tls"}
    assert context.cert_store_stats()["x509_ca"] == 1


def test_in_the_layer_a_server_from_an_authority_outside_the_bundle_is_refused(
    https_server: HttpsServer, tmp_path: Path
):
    # given a hashed directory without the server's CA
    bundle = layer_with_bundle(tmp_path, certificate_authority(OTHER_AUTHORITY).pem, hashed=True)
    # when the function connects, then the handshake fails on the certificate
    with (
        httpx.Client(verify=server_verification(bundle), trust_env=False) as client,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.get(https_server.url, timeout=5)


def test_without_the_hashed_directory_the_bundle_is_loaded_whole(https_server: HttpsServer, tmp_path: Path):
    # given certifi as pip installs it (a local checkout): the bundle alone
    other = certificate_authority(OTHER_AUTHORITY)
    bundle = layer_with_bundle(tmp_path, other.pem, https_server.authority.pem, hashed=False)
    # when the function builds its context
    context = server_verification(bundle)
    # then every certificate of the bundle was read, and the server verifies the same way
    assert context.cert_store_stats()["x509_ca"] == 2
    with httpx.Client(verify=context, trust_env=False) as client:
        assert client.get(https_server.url, timeout=5).status_code == 200


def test_the_context_checks_the_host_name_and_requires_a_certificate(tmp_path: Path):
    # given either layout
    for hashed, site in ((True, tmp_path / "layer"), (False, tmp_path / "checkout")):
        pem = certificate_authority(OTHER_AUTHORITY).pem
        context = server_verification(layer_with_bundle(site, pem, hashed=hashed))
        # then it is a strict client context
        assert context.check_hostname is True
        assert context.verify_mode.name == "CERT_REQUIRED"
        assert (Path(site) / "certifi" / HASHED_CA_DIRECTORY).is_dir() is hashed
