"""OAuth 2.0: an assertion signed with a key of another kind than the mapped certificate's is a bad signature.

NetSuite checks the signature with the certificate's public key; an RSA-PSS signature cannot verify against an
EC certificate (nor ES384 against a P-256 one), so the token endpoint refuses it as invalid_client and the Login
Audit Trail says InvalidSignature. It is never a server error.
"""

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from pickup_dev.sandbox import M2MCredentials, NetSuiteSandbox
from tests.netsuite.keys import public_pem, rsa_private_pem
from tests.sandbox.clients import assertion, request_token


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize("algorithm", ["PS256", "PS384", "PS512"])
def test_an_rsa_pss_assertion_against_the_ec_demo_certificate_is_an_invalid_signature(netsuite_sandbox, algorithm):
    # given the sandbox mapped to the EC P-256 demo certificate, and an assertion signed RSA-PSS with an RSA key
    signed = assertion(netsuite_sandbox, algorithm=algorithm, key=_rsa_key())
    # when it is exchanged for a token
    response = request_token(netsuite_sandbox, signed)
    # then it is refused like any bad signature, not answered with a server error
    assert (response.status_code, response.json()) == (400, {"error": "invalid_client"})
    assert netsuite_sandbox.audit_trail == ["InvalidSignature"]
    assert netsuite_sandbox.stats.status_counts == {400: 1}


@pytest.mark.parametrize(
    ("algorithm", "curve"),
    [("ES384", ec.SECP384R1()), ("ES512", ec.SECP521R1())],
)
def test_an_ecdsa_assertion_on_another_curve_than_the_certificates_is_an_invalid_signature(
    netsuite_sandbox, algorithm, curve
):
    # given the P-256 demo certificate, and an assertion signed on a larger curve
    signed = assertion(netsuite_sandbox, algorithm=algorithm, key=ec.generate_private_key(curve))
    # when it is exchanged
    response = request_token(netsuite_sandbox, signed)
    # then it is an invalid signature, not a malformed request
    assert (response.status_code, response.json()) == (400, {"error": "invalid_client"})
    assert netsuite_sandbox.audit_trail == ["InvalidSignature"]


def test_an_es256_assertion_against_an_rsa_certificate_is_an_invalid_signature():
    # given a mapping whose certificate holds an RSA public key
    credentials = M2MCredentials(
        client_id="rsa-client", certificate_id="rsa-cert", public_key_pem=public_pem(rsa_private_pem())
    )
    with NetSuiteSandbox(tba=False, m2m=credentials) as sandbox:
        # when an ES256 assertion signed with an EC key is exchanged
        signed = assertion(
            sandbox, algorithm="ES256", key=ec.generate_private_key(ec.SECP256R1()), kid="rsa-cert", iss="rsa-client"
        )
        response = request_token(sandbox, signed)
        # then it is refused as a bad signature
        assert (response.status_code, response.json()) == (400, {"error": "invalid_client"})
        assert sandbox.audit_trail == ["InvalidSignature"]


def test_after_a_mismatched_key_the_right_key_still_gets_a_token(netsuite_sandbox):
    # given one refused RSA-PSS assertion
    request_token(netsuite_sandbox, assertion(netsuite_sandbox, algorithm="PS256", key=_rsa_key()))
    # when the demo key's ES256 assertion follows
    response = request_token(netsuite_sandbox, assertion(netsuite_sandbox))
    # then it is served
    assert response.status_code == 200
    assert netsuite_sandbox.stats.token_requests == 2
