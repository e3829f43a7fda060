"""Keys made the way Oracle's help makes them for OAuth 2.0 client credentials sign in to the sandbox, which checks
every assertion against the uploaded certificate with cryptography (independent of the signer the function uses).

Oracle's recipes: `openssl req -new -x509 -newkey rsa-pss -pkeyopt rsa_keygen_bits:4096 ...` (an RSA-PSS key, its
own object identifier in PKCS#8) and `-newkey ec -pkeyopt ec_paramgen_curve:P-256`. 3072 bits keeps the test quick
and is NetSuite's other accepted RSA size.
"""

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from pickup.domain.deadline import Deadline
from pickup.domain.ports import Trace
from pickup.netsuite import NetSuiteClient, load_netsuite_config
from pickup_dev.sandbox import NetSuiteSandbox
from pickup_dev.sandbox.demo import M2MCredentials, client_env

RECIPES = {
    "RSA-PSS (PS256)": ["-newkey", "rsa-pss", "-pkeyopt", "rsa_keygen_bits:3072"],
    "EC P-256 (ES256)": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
}


@pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command is not installed")
@pytest.mark.parametrize("recipe", RECIPES.values(), ids=RECIPES.keys())
def test_a_certificate_made_with_oracles_openssl_recipe_signs_in(recipe: list[str], tmp_path: Path):
    # given a key and certificate made as Oracle's help makes them, the certificate uploaded to the sandbox
    key, certificate = tmp_path / "key.pem", tmp_path / "certificate.pem"
    output = ["-subj", "/CN=pickup-validation", "-keyout", str(key), "-out", str(certificate)]
    subprocess.run(
        ["openssl", "req", "-new", "-x509", *recipe, "-nodes", "-days", "730", *output],
        check=True,
        capture_output=True,
        timeout=120,
    )
    credentials = M2MCredentials(
        "recipe-client-id", "recipe-certificate-id", certificate.read_text(), private_key_pem=key.read_text()
    )
    with NetSuiteSandbox(tba=False, m2m=credentials) as sandbox, httpx.Client(trust_env=False) as http:
        # when the function's client reads the key from its environment and asks for an order
        config = load_netsuite_config(client_env(sandbox.url, "m2m", m2m=credentials))
        order = NetSuiteClient(config, http=http).fetch_sales_order(
            "SO100001", deadline=Deadline.after(10), trace=Trace()
        )
        # then NetSuite's checks passed: a token was issued and the query answered
        assert order is not None
        assert sandbox.stats.token_requests == 1
        assert sandbox.audit_trail == []
