"""The OAuth 2.0 client assertion (header and claims NetSuite requires) and how token lifetimes are read."""

import subprocess
import sys

import httpx
import jwt
import pytest
from tests.netsuite.keys import ec_p256_private_pem, public_pem, rsa_private_pem

from pickup.netsuite.config import ClientCredentials
from pickup.netsuite.keys import assertion_algorithm, load_private_key
from pickup.netsuite.oauth2 import ClientCredentialsAuth, renew_after, token_lifetime

TOKEN_URL = "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"
NOW = 1_800_000_000


def auth_for(pem: str) -> ClientCredentialsAuth:
    key = load_private_key(pem)
    credentials = ClientCredentials("the-client-id", "the-certificate-id", pem, assertion_algorithm(key), key)
    return ClientCredentialsAuth(
        credentials, token_url=TOKEN_URL, http=httpx.Client(), timeout_seconds=5, wall_clock=lambda: NOW + 0.7
    )


@pytest.mark.parametrize(("pem", "algorithm"), [(ec_p256_private_pem, "ES256"), (rsa_private_pem, "PS256")])
def test_the_assertion_has_the_header_and_claims_netsuite_requires(pem, algorithm):
    # given a client with a key of each accepted kind
    assertion = auth_for(pem()).client_assertion()
    # then the header names the algorithm from the key type and the certificate id
    assert jwt.get_unverified_header(assertion) == {"typ": "JWT", "alg": algorithm, "kid": "the-certificate-id"}
    # and the claims verify with the public key: issuer, scope, audience = token URL, five minutes of life
    claims = jwt.decode(
        assertion,
        public_pem(pem()),
        algorithms=[algorithm],
        audience=TOKEN_URL,
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims == {
        "iss": "the-client-id",
        "scope": "rest_webservices",
        "aud": TOKEN_URL,
        "iat": NOW,
        "exp": NOW + 300,
    }


def test_rs256_is_never_used():
    assertion = auth_for(rsa_private_pem()).client_assertion()
    assert jwt.get_unverified_header(assertion)["alg"] != "RS256"


@pytest.mark.parametrize(
    ("expires_in", "seconds"),
    [
        (3600, 3600.0),
        ("3600", 3600.0),
        ("1800.5", 1800.5),
        (None, 3600.0),
        ("soon", 3600.0),
        (-5, 3600.0),
        (True, 3600.0),
        ([], 3600.0),
        (10**9, 3600.0),
    ],
)
def test_expires_in_is_read_defensively(expires_in, seconds):
    assert token_lifetime(expires_in) == seconds


def test_a_token_is_renewed_five_minutes_early_or_halfway_when_short_lived():
    assert renew_after(3600) == 3300
    assert renew_after(60) == 30


def test_token_based_authentication_never_imports_the_oauth2_signing_libraries():
    # given a fresh interpreter that builds a TBA client and signs one request
    program = """
import sys, httpx
from pickup.domain.deadline import Deadline
from pickup.domain.ports import Trace
from pickup.netsuite import NetSuiteClient, load_netsuite_config
names = ["ACCOUNT_ID", "CONSUMER_KEY", "CONSUMER_SECRET", "TOKEN_ID", "TOKEN_SECRET"]
config = load_netsuite_config({f"NETSUITE_{name}": "x1" for name in names})
client = NetSuiteClient(config, http=httpx.Client())
client._auth.authorization("POST", config.suiteql_url, deadline=Deadline.after(5), trace=Trace())
print(sorted({m.split(".")[0] for m in sys.modules} & {"jwt", "Crypto", "cryptography"}))
"""
    # when it runs
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True)
    # then none of pyjwt, PyCryptodome or cryptography was loaded
    assert result.stdout.strip() == "[]"
