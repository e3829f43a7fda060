"""OAuth 2.0 client credentials: the token endpoint checks the client assertion as NetSuite does."""

import datetime
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from pickup_dev.sandbox import DEMO_M2M, M2MCredentials, NetSuiteSandbox
from tests.sandbox.clients import ASSERTION_TYPE, TOKEN_PATH, assertion, bearer_token, http, request_token, suiteql

QUERY = "SELECT tranid FROM transaction WHERE tranid = 'SO100001'"


class FakeClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_issues_a_bearer_token_for_an_es256_assertion_and_suiteql_accepts_it(netsuite_sandbox):
    # given an ES256 assertion signed with the demo key
    # when it is exchanged for a token
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    # then the token works for SuiteQL
    assert response.status_code == 200
    token = response.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3600
    answer = suiteql(netsuite_sandbox, QUERY, authorization=f"Bearer {token['access_token']}")
    assert answer.status_code == 200
    assert netsuite_sandbox.stats.token_requests == 1


def test_accepts_a_ps256_assertion_checked_against_an_uploaded_certificate():
    # given a mapping whose certificate (not a bare public key) holds an RSA key
    key = _rsa_key()  # NetSuite wants 3072 bits or more; the sandbox does not check, and 2048 is quicker
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pickup sandbox test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    credentials = M2MCredentials(client_id="rsa-client", certificate_id="rsa-cert", public_key_pem=pem)
    with NetSuiteSandbox(tba=False, m2m=credentials) as sandbox:
        # when a PS256 assertion signed with the private key is exchanged
        signed = assertion(sandbox, algorithm="PS256", key=key, kid="rsa-cert", iss="rsa-client")
        response = request_token(sandbox, signed)
        # then a token is issued
        assert response.status_code == 200, sandbox.audit_trail


@pytest.mark.parametrize("scope", [["restlets", "rest_webservices"], "restlets,rest_webservices", "rest_webservices"])
def test_accepts_the_scope_as_a_json_array_or_a_comma_list(netsuite_sandbox, scope):
    # given an assertion with the scope written one of the ways Oracle's samples write it
    # when exchanged
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox, scope=scope))
    # then it is accepted
    assert response.status_code == 200


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    ("spoil", "error", "reason"),
    [
        ({"algorithm": "RS256", "key": "rsa"}, "invalid_client", "UnsupportedAlgorithm"),
        (
            {"algorithm": "HS256", "key": "a-shared-secret-of-at-least-32-bytes!"},
            "invalid_client",
            "UnsupportedAlgorithm",
        ),
        ({"kid": "another-certificate"}, "invalid_client", "UnknownCertificate"),
        ({"kid": None}, "invalid_client", "UnknownCertificate"),
        ({"typ": "at+jwt"}, "invalid_client", "InvalidTokenType"),
        ({"iss": "another-client"}, "invalid_client", "InvalidIntegration"),
        ({"key": "other-ec"}, "invalid_client", "InvalidSignature"),
        ({"aud": "https://1234567-sb1.suitetalk.api.netsuite.com" + TOKEN_PATH}, "invalid_grant", "InvalidAudience"),
        ({"lifetime": 3601}, "invalid_grant", "AssertionLifetimeTooLong"),
        ({"lifetime": 3000, "issued_at": int(time.time()) + 1800}, "invalid_grant", "AssertionLifetimeTooLong"),
        ({"lifetime": 60, "issued_at": int(time.time()) - 120}, "invalid_grant", "AssertionExpired"),
        ({"scope": "restlets"}, "invalid_grant", "ScopeMismatched"),
    ],
)
def test_refuses_a_spoiled_assertion(netsuite_sandbox, spoil, error, reason):
    # given an assertion with one thing wrong
    if spoil.get("key") == "rsa":
        spoil["key"] = _rsa_key()
    elif spoil.get("key") == "other-ec":
        spoil["key"] = ec.generate_private_key(ec.SECP256R1())
    # when exchanged
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox, **spoil))
    # then the token endpoint refuses it with a standard OAuth error, and the audit trail says why
    assert response.status_code == 400
    assert response.json() == {"error": error}
    assert netsuite_sandbox.audit_trail == [reason]


def test_refuses_a_form_that_is_not_a_client_credentials_grant(netsuite_sandbox):
    # given a well-signed assertion posted with the wrong grant type, and one with no assertion at all
    # when both are posted
    wrong_grant = request_token(netsuite_sandbox, assertion(netsuite_sandbox), grant_type="password")
    no_assertion = request_token(netsuite_sandbox, "")
    # then they are refused as an unsupported grant and an invalid request
    assert (wrong_grant.status_code, wrong_grant.json()) == (400, {"error": "unsupported_grant_type"})
    assert (no_assertion.status_code, no_assertion.json()) == (400, {"error": "invalid_request"})


def test_refuses_a_token_request_that_is_not_form_encoded(netsuite_sandbox):
    # given the three fields sent as JSON instead of a form
    fields = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE}
    fields["client_assertion"] = assertion(netsuite_sandbox)
    # when posted
    response = http.post(netsuite_sandbox.url + TOKEN_PATH, json=fields)
    # then it is an invalid request
    assert (response.status_code, response.json()) == (400, {"error": "invalid_request"})


def test_refuses_an_unknown_bearer_token(netsuite_sandbox):
    # given a token the sandbox never issued
    # when SuiteQL is called with it
    response = suiteql(netsuite_sandbox, QUERY, authorization="Bearer not-a-token")
    # then it is an invalid login
    assert response.status_code == 401
    assert response.json()["o:errorDetails"][0]["o:errorCode"] == "INVALID_LOGIN"
    assert netsuite_sandbox.audit_trail == ["InvalidToken"]


def test_refuses_a_bearer_token_once_it_has_expired():
    # given a sandbox on a clock the test moves, and a token it issued
    clock = FakeClock()
    with NetSuiteSandbox(tba=False, clock=clock) as sandbox:
        token = bearer_token(sandbox)
        assert suiteql(sandbox, QUERY, authorization=f"Bearer {token}").status_code == 200
        # when the token's hour has passed
        clock.now += 3601
        response = suiteql(sandbox, QUERY, authorization=f"Bearer {token}")
        # then it is refused
        assert response.status_code == 401
        assert sandbox.audit_trail == ["AccessTokenExpired"]


def test_token_lifetime_is_configurable_for_tests(netsuite_sandbox):
    # given a sandbox told to issue short-lived tokens
    netsuite_sandbox.token_lifetime = 2
    # when a token is requested
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    # then it says so
    assert response.json()["expires_in"] == 2


def test_a_sandbox_without_m2m_refuses_token_requests():
    # given a TBA-only sandbox
    with NetSuiteSandbox(m2m=False) as sandbox:
        # when a token is requested
        response = request_token(sandbox, assertion(sandbox))
        # then the client is not authorised for this grant
        assert (response.status_code, response.json()) == (400, {"error": "unauthorized_client"})


def test_demo_credentials_carry_a_p256_key_pair():
    # given the committed demo key pair
    private_key = serialization.load_pem_private_key(DEMO_M2M.private_key_pem.encode(), password=None)
    public_key = serialization.load_pem_public_key(DEMO_M2M.public_key_pem.encode())
    # then it is EC P-256 and the two halves belong together
    assert isinstance(private_key, ec.EllipticCurvePrivateKey)
    assert isinstance(private_key.curve, ec.SECP256R1)
    assert private_key.public_key().public_numbers() == public_key.public_numbers()
