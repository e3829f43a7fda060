"""NETSUITE_* settings: which authentication mode, which realm, which URL, and errors that name variables."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.netsuite.keys import (
    ec_p256_private_pem,
    ec_p384_private_pem,
    ed25519_private_pem,
    public_pem,
    rsa_private_pem,
)

from pickup.errors import ConfigurationError
from pickup.netsuite.config import (
    OAUTH2_VARIABLES,
    TBA_VARIABLES,
    ClientCredentials,
    TokenCredentials,
    load_netsuite_config,
    realm_for,
    rest_base_url_for,
)

TBA_ENV = {
    "NETSUITE_ACCOUNT_ID": "1234567_SB1",
    "NETSUITE_CONSUMER_KEY": "consumer-key-value",
    "NETSUITE_CONSUMER_SECRET": "consumer-secret-value",
    "NETSUITE_TOKEN_ID": "token-id-value",
    "NETSUITE_TOKEN_SECRET": "token-secret-value",
}


def oauth2_env(pem: str | None = None) -> dict[str, str]:
    return {
        "NETSUITE_ACCOUNT_ID": "1234567_SB1",
        "NETSUITE_CLIENT_ID": "client-id-value",
        "NETSUITE_CERTIFICATE_ID": "certificate-id-value",
        "NETSUITE_PRIVATE_KEY": pem or ec_p256_private_pem(),
    }


def test_the_four_token_variables_select_token_based_authentication():
    # given only the TBA credentials
    config = load_netsuite_config(TBA_ENV)
    # then the mode is TBA with those credentials and the documented defaults
    assert config.mode == "tba"
    assert isinstance(config.credentials, TokenCredentials)
    assert config.credentials.token_secret == "token-secret-value"
    assert config.timeout_seconds == 8.0
    assert config.max_attempts == 3


def test_the_three_client_credential_variables_select_oauth2():
    config = load_netsuite_config(oauth2_env())
    assert config.mode == "oauth2"
    assert isinstance(config.credentials, ClientCredentials)
    assert config.credentials.algorithm == "ES256"


def test_when_both_sets_are_complete_oauth2_wins():
    # given a deployment that still carries its TBA credentials next to new OAuth 2.0 ones
    config = load_netsuite_config(TBA_ENV | oauth2_env())
    # then OAuth 2.0 is used
    assert config.mode == "oauth2"


@pytest.mark.parametrize(
    ("pem", "algorithm"),
    [(rsa_private_pem, "PS256"), (ec_p256_private_pem, "ES256")],
)
def test_the_assertion_algorithm_follows_the_key_type(pem, algorithm):
    assert load_netsuite_config(oauth2_env(pem())).credentials.algorithm == algorithm


@pytest.mark.parametrize("pem", [ec_p384_private_pem, ed25519_private_pem, lambda: "not a key", lambda: "-----BEGIN"])
def test_a_key_that_is_neither_rsa_nor_ec_p256_is_a_configuration_error(pem):
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config(oauth2_env(pem()))
    assert raised.value.variables == ("NETSUITE_PRIVATE_KEY",)
    assert "BEGIN" not in str(raised.value)


def test_a_private_key_with_literal_backslash_n_sequences_is_accepted():
    # given the PEM as environment variables often carry it: one line with literal \n
    one_line = ec_p256_private_pem().strip().replace("\n", "\\n")
    # when loaded
    config = load_netsuite_config(oauth2_env(one_line))
    # then it is the same key, as real lines
    assert isinstance(config.credentials, ClientCredentials)
    assert config.credentials.private_key_pem == ec_p256_private_pem()


@pytest.mark.parametrize("missing", TBA_VARIABLES)
def test_a_partial_token_set_names_exactly_the_missing_variable(missing):
    # given the TBA set with one variable empty (empty counts as unset)
    env = TBA_ENV | {missing: ""}
    # when loaded
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config(env)
    # then the error names that variable and shows no value
    assert raised.value.variables == (missing,)
    assert missing in str(raised.value)
    for value in TBA_ENV.values():
        assert value not in str(raised.value)


@pytest.mark.parametrize("missing", OAUTH2_VARIABLES)
def test_a_partial_oauth2_set_is_an_error_even_next_to_a_complete_token_set(missing):
    # given complete TBA credentials and an OAuth 2.0 set missing one variable
    env = TBA_ENV | oauth2_env() | {missing: "  "}
    # then the half-configured OAuth 2.0 set is reported instead of silently falling back to TBA
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config(env)
    assert raised.value.variables == (missing,)


def test_no_credentials_at_all_names_every_variable_of_both_modes():
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config({"NETSUITE_ACCOUNT_ID": "1234567"})
    assert set(raised.value.variables) == set(TBA_VARIABLES) | set(OAUTH2_VARIABLES)


def test_a_missing_account_id_is_named():
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config(TBA_ENV | {"NETSUITE_ACCOUNT_ID": ""})
    assert raised.value.variables == ("NETSUITE_ACCOUNT_ID",)


def test_an_empty_environment_names_the_account_id_too():
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config({})
    assert "NETSUITE_ACCOUNT_ID" in raised.value.variables
    assert "NETSUITE_TOKEN_SECRET" in raised.value.variables


@pytest.mark.parametrize("account_id", ["1234567 SB1", "1234567_SB1.evil.example/", "123@456", "_SB1"])
def test_an_account_id_that_cannot_be_a_host_name_is_refused(account_id):
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config(TBA_ENV | {"NETSUITE_ACCOUNT_ID": account_id})
    assert raised.value.variables == ("NETSUITE_ACCOUNT_ID",)


@pytest.mark.parametrize(
    ("account_id", "realm"),
    [
        ("1234567", "1234567"),
        ("1234567_SB1", "1234567_SB1"),
        ("1234567_sb1", "1234567_SB1"),
        ("1234567-sb2", "1234567_SB2"),
        ("tstdrv123456", "TSTDRV123456"),
    ],
)
def test_the_realm_is_the_account_id_as_netsuite_writes_it(account_id, realm):
    # a lower-case _sb1 realm is refused by NetSuite with "Invalid login attempt"
    assert realm_for(account_id) == realm
    assert load_netsuite_config(TBA_ENV | {"NETSUITE_ACCOUNT_ID": account_id}).realm == realm


@pytest.mark.parametrize(
    ("account_id", "url"),
    [
        ("1234567", "https://1234567.suitetalk.api.netsuite.com"),
        ("1234567_SB1", "https://1234567-sb1.suitetalk.api.netsuite.com"),
        ("123456_SB1_RP", "https://123456-sb1-rp.suitetalk.api.netsuite.com"),
    ],
)
def test_the_base_url_is_derived_from_the_account_id(account_id, url):
    # lower case, every underscore (not only the first) turned into a hyphen
    assert rest_base_url_for(account_id) == url
    config = load_netsuite_config(TBA_ENV | {"NETSUITE_ACCOUNT_ID": account_id})
    assert config.base_url == url
    assert config.suiteql_url == f"{url}/services/rest/query/v1/suiteql"
    assert config.token_url == f"{url}/services/rest/auth/oauth2/v1/token"


def test_netsuite_rest_url_overrides_the_derived_url():
    config = load_netsuite_config(TBA_ENV | {"NETSUITE_REST_URL": "http://127.0.0.1:8123/"})
    assert config.base_url == "http://127.0.0.1:8123"
    assert config.realm == "1234567_SB1"


@pytest.mark.parametrize("url", ["ftp://host", "127.0.0.1:8000", "https://", "https://host/?q=1"])
def test_a_rest_url_that_is_not_http_is_refused(url):
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config(TBA_ENV | {"NETSUITE_REST_URL": url})
    assert raised.value.variables == ("NETSUITE_REST_URL",)


def test_timeout_and_attempts_can_be_set():
    config = load_netsuite_config(TBA_ENV | {"NETSUITE_TIMEOUT_SECONDS": "2.5", "NETSUITE_MAX_ATTEMPTS": "5"})
    assert config.timeout_seconds == 2.5
    assert config.max_attempts == 5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NETSUITE_TIMEOUT_SECONDS", "soon"),
        ("NETSUITE_TIMEOUT_SECONDS", "0"),
        ("NETSUITE_TIMEOUT_SECONDS", "nan"),
        ("NETSUITE_TIMEOUT_SECONDS", "600"),
        ("NETSUITE_MAX_ATTEMPTS", "0"),
        ("NETSUITE_MAX_ATTEMPTS", "2.5"),
        ("NETSUITE_MAX_ATTEMPTS", "-1"),
        ("NETSUITE_MAX_ATTEMPTS", "99"),
    ],
)
def test_bad_numbers_are_named(name, value):
    with pytest.raises(ConfigurationError) as raised:
        load_netsuite_config(TBA_ENV | {name: value})
    assert raised.value.variables == (name,)


def test_secrets_never_appear_in_the_config_repr():
    # given both kinds of credentials
    text = repr(load_netsuite_config(TBA_ENV)) + repr(load_netsuite_config(oauth2_env()))
    # then neither secret nor key is printed
    assert "consumer-secret-value" not in text
    assert "token-secret-value" not in text
    assert "PRIVATE KEY" not in text


def _traditional(pem: str, password: bytes | None = None) -> str:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, encryption
    ).decode()


EC_PARAMETERS_BLOCK = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"


@pytest.mark.parametrize(
    ("pem", "algorithm"),
    [
        (lambda: _traditional(rsa_private_pem()), "PS256"),  # BEGIN RSA PRIVATE KEY (openssl genrsa -traditional)
        (lambda: _traditional(ec_p256_private_pem()), "ES256"),  # BEGIN EC PRIVATE KEY
        (lambda: EC_PARAMETERS_BLOCK + _traditional(ec_p256_private_pem()), "ES256"),  # openssl ecparam -genkey
    ],
    ids=["traditional RSA", "traditional EC", "EC with its parameters block first"],
)
def test_keys_as_openssl_writes_them_in_its_other_formats_are_accepted(pem, algorithm):
    assert load_netsuite_config(oauth2_env(pem())).credentials.algorithm == algorithm


@pytest.mark.parametrize(
    "pem",
    [
        lambda: _encrypted_pkcs8(rsa_private_pem()),
        lambda: _traditional(ec_p256_private_pem(), password=b"a passphrase"),
    ],
    ids=["PKCS#8", "traditional"],
)
def test_an_encrypted_key_is_refused_with_a_message_that_says_so(pem):
    with pytest.raises(ConfigurationError, match="is encrypted; give the key without a passphrase") as raised:
        load_netsuite_config(oauth2_env(pem()))
    assert raised.value.variables == ("NETSUITE_PRIVATE_KEY",)


@pytest.mark.parametrize("pem", [rsa_private_pem, ec_p256_private_pem])
def test_a_public_key_is_not_a_private_key(pem):
    with pytest.raises(ConfigurationError, match="is not a PEM private key"):
        load_netsuite_config(oauth2_env(public_pem(pem())))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), kind=st.sampled_from(["rsa", "ec"]))
def test_a_damaged_key_is_a_configuration_error_or_a_key_never_a_crash(data, kind):
    # given a valid key's DER with bytes changed, cut or appended, wrapped back into PEM
    pem = rsa_private_pem() if kind == "rsa" else ec_p256_private_pem()
    lines = pem.strip().splitlines()
    der = bytearray(base64.b64decode("".join(lines[1:-1])))
    cut = data.draw(st.integers(0, len(der)))
    changes = data.draw(st.lists(st.tuples(st.integers(0, len(der) - 1), st.integers(0, 255)), max_size=4))
    for position, value in changes:
        der[position] = value
    damaged = bytes(der[:cut]) + data.draw(st.binary(max_size=40))
    text = f"{lines[0]}\n{base64.encodebytes(damaged).decode()}{lines[-1]}\n"
    # when the configuration is read, then it either loads or names the variable, without echoing the key
    problem: ConfigurationError | None = None
    try:
        load_netsuite_config(oauth2_env(text))
    except ConfigurationError as raised:
        problem = raised
    if problem is not None:
        assert problem.variables == ("NETSUITE_PRIVATE_KEY",)
        assert "BEGIN" not in str(problem)


def _encrypted_pkcs8(pem: str) -> str:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"a passphrase"),
    ).decode()
