"""OAuth 2.0 start-up: the private key is parsed once, and a function without the oauth2 layer (pyjwt,
pycryptodome) fails when it starts, with a message that says which layer is missing, not on its first request.

The missing layer is reproduced in a fresh interpreter whose import system refuses those packages, as the Lambda
runtime does when only the core layer is attached (tests/infra/test_lambda_artifacts.py runs the real layers).
"""

import json
import subprocess
import sys
from typing import Any

import httpx
import pytest
from Crypto.PublicKey import ECC, RSA
from tests.netsuite.keys import ec_p256_private_pem, rsa_private_pem

from pickup.netsuite import NetSuiteClient, load_netsuite_config
from pickup.netsuite.config import OAUTH2_VARIABLES
from pickup.netsuite.keys import OAUTH2_LAYER_MISSING

OAUTH2_ENV = {
    "NETSUITE_ACCOUNT_ID": "1234567_SB1",
    "NETSUITE_CLIENT_ID": "client-id-value",
    "NETSUITE_CERTIFICATE_ID": "certificate-id-value",
}
TBA_ENV = {
    "NETSUITE_ACCOUNT_ID": "1234567_SB1",
    "NETSUITE_CONSUMER_KEY": "consumer-key-value",
    "NETSUITE_CONSUMER_SECRET": "consumer-secret-value",
    "NETSUITE_TOKEN_ID": "token-id-value",
    "NETSUITE_TOKEN_SECRET": "token-secret-value",
}

# First lines of a fresh interpreter: the top-level packages named in argv[1] cannot be imported, as when the
# layer that holds them is not attached. argv[2] is the environment, as JSON.
MISSING_LAYER = """
import contextlib, io, json, sys

refused = set(sys.argv[1].split(","))
env = json.loads(sys.argv[2])

class MissingLayer:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in refused:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, MissingLayer())
"""

# Builds the API as the handler does and prints which API it built and what start-up logged.
START = """
from pickup.bootstrap import build_api

logged = io.StringIO()
with contextlib.redirect_stdout(logged):
    api = build_api(env)
print(json.dumps({"api": type(api).__name__, "log": logged.getvalue().splitlines()}))
"""

# Reads the NetSuite configuration and prints the ConfigurationError it raised, if any.
READ_CONFIG = """
from pickup.errors import ConfigurationError
from pickup.netsuite import load_netsuite_config
try:
    load_netsuite_config(env)
except ConfigurationError as problem:
    print(json.dumps({"problem": str(problem), "variables": problem.variables}))
"""


def run_without(packages: str, program: str, env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", MISSING_LAYER + program, packages, json.dumps(env)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    printed: dict[str, Any] = json.loads(result.stdout)
    return printed


@pytest.mark.parametrize("pem", [rsa_private_pem, ec_p256_private_pem])
def test_the_private_key_is_parsed_once_per_start_up(pem, monkeypatch):
    # given PyCryptodome's key readers, each key they return counted
    calls = []

    def counted(parse):
        def parse_and_count(*args, **kwargs):
            key = parse(*args, **kwargs)
            calls.append(key)
            return key

        return parse_and_count

    monkeypatch.setattr(RSA, "import_key", counted(RSA.import_key))
    monkeypatch.setattr(ECC, "import_key", counted(ECC.import_key))
    # when the configuration is read and the client that signs assertions is built from it
    with httpx.Client(trust_env=False) as http:
        config = load_netsuite_config(OAUTH2_ENV | {"NETSUITE_PRIVATE_KEY": pem()})
        NetSuiteClient(config, http=http)
    # then the key was parsed once, and the credentials carry it
    assert len(calls) == 1
    assert config.credentials.private_key is not None  # type: ignore[union-attr]


@pytest.mark.parametrize("missing", ["Crypto", "jwt", "Crypto,jwt"])
def test_oauth2_without_the_oauth2_layer_fails_at_start_up_and_says_so(missing):
    # given OAuth 2.0 credentials and a runtime where the oauth2 layer's packages cannot be imported
    env = OAUTH2_ENV | {"NETSUITE_PRIVATE_KEY": ec_p256_private_pem(), "ALLOWED_ORIGINS": "https://pickup.example.com"}
    # when the function starts
    started = run_without(missing, START, env)
    # then start-up built the API that answers 500, and logged why before any request
    assert started["api"] == "MisconfiguredApi"
    [line] = [json.loads(line) for line in started["log"]]
    assert line["message"] == "configuration error"
    assert line["problem"].startswith(OAUTH2_LAYER_MISSING)
    assert missing.split(",")[0] in line["problem"]
    assert tuple(line["variables"]) == OAUTH2_VARIABLES
    assert "BEGIN" not in json.dumps(line)


def test_token_based_authentication_starts_without_the_oauth2_layer():
    # given TBA credentials in the same runtime without pyjwt and PyCryptodome
    started = run_without("Crypto,jwt", START, TBA_ENV | {"ALLOWED_ORIGINS": "https://pickup.example.com"})
    # then the API is built and nothing was logged as wrong
    assert started["api"] == "ValidateOrderApi"
    assert started["log"] == []


def test_reading_oauth2_settings_without_pycryptodome_is_a_configuration_error_naming_the_layer():
    # given OAuth 2.0 settings and a runtime without PyCryptodome
    env = OAUTH2_ENV | {"NETSUITE_PRIVATE_KEY": ec_p256_private_pem()}
    # when the configuration is read
    raised = run_without("Crypto", READ_CONFIG, env)
    # then it is a ConfigurationError naming the layer and the variables that chose OAuth 2.0
    assert raised["problem"].startswith(OAUTH2_LAYER_MISSING)
    assert tuple(raised["variables"]) == OAUTH2_VARIABLES
