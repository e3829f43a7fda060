"""Demo credentials for the local NetSuite sandbox server, and the environment a client needs to reach it.

Everything here is fake and public. The EC P-256 key pair below is a DEMO KEY FOR THE LOCAL SANDBOX ONLY:
no NetSuite account trusts it, and it must never be uploaded to one.
"""

from dataclasses import dataclass
from typing import Literal

DEMO_ACCOUNT_ID = "1234567_SB1"


@dataclass(frozen=True, slots=True)
class TbaCredentials:
    """One integration record (consumer) and one access token, as Token-Based Authentication uses them."""

    consumer_key: str
    consumer_secret: str
    token_id: str
    token_secret: str


@dataclass(frozen=True, slots=True)
class M2MCredentials:
    """An OAuth 2.0 client-credentials mapping: client id, certificate id and the certificate's key.

    `public_key_pem` may hold an X.509 certificate or a bare public key. `private_key_pem` is only needed by
    whoever signs assertions (a client, or `client_env`); the server never uses it.
    """

    client_id: str
    certificate_id: str
    public_key_pem: str
    private_key_pem: str | None = None


DEMO_TBA = TbaCredentials(
    consumer_key="sandbox-demo-consumer-key-0000000000000000000000000000000000000001",
    consumer_secret="sandbox-demo-consumer-secret-not-a-real-secret-0000000000000001",  # noqa: S106 - demo value
    token_id="sandbox-demo-token-id-00000000000000000000000000000000000000000001",  # noqa: S106 - demo value
    token_secret="sandbox-demo-token-secret-not-a-real-secret-000000000000000001",  # noqa: S106 - demo value
)

# DEMO KEY FOR THE LOCAL SANDBOX ONLY. Not a secret: it is committed on purpose.
DEMO_PRIVATE_KEY_PEM = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgcljp02Lp7/ja7vHA
NhEvRjq7HQSR3/un41Y54VcoDpyhRANCAATwRXGAhJtpYlhRVBOk1xDLw/YjptkS
+9x/VAx0kFovWj7dxX43MfGE3/aRFs+rWQ4H4FuslkR7iNqi9/RC8Cgw
-----END PRIVATE KEY-----
"""

DEMO_PUBLIC_KEY_PEM = """-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8EVxgISbaWJYUVQTpNcQy8P2I6bZ
Evvcf1QMdJBaL1o+3cV+NzHxhN/2kRbPq1kOB+BbrJZEe4jaovf0QvAoMA==
-----END PUBLIC KEY-----
"""

DEMO_M2M = M2MCredentials(
    client_id="sandbox-demo-client-id-0000000000000000000000000000000000000001",
    certificate_id="sandbox-demo-certificate-id-0001",
    public_key_pem=DEMO_PUBLIC_KEY_PEM,
    private_key_pem=DEMO_PRIVATE_KEY_PEM,
)

AuthKind = Literal["tba", "m2m"]


def client_env(
    url: str,
    kind: AuthKind = "tba",
    *,
    account_id: str = DEMO_ACCOUNT_ID,
    tba: TbaCredentials = DEMO_TBA,
    m2m: M2MCredentials = DEMO_M2M,
) -> dict[str, str]:
    """The NETSUITE_* environment variables that point a client at the sandbox served at `url`."""
    env = {"NETSUITE_ACCOUNT_ID": account_id, "NETSUITE_REST_URL": url.rstrip("/")}
    if kind == "tba":
        env |= {
            "NETSUITE_CONSUMER_KEY": tba.consumer_key,
            "NETSUITE_CONSUMER_SECRET": tba.consumer_secret,
            "NETSUITE_TOKEN_ID": tba.token_id,
            "NETSUITE_TOKEN_SECRET": tba.token_secret,
        }
    elif kind == "m2m":
        if m2m.private_key_pem is None:
            raise ValueError("these M2M credentials carry no private key to hand to a client")
        env |= {
            "NETSUITE_CLIENT_ID": m2m.client_id,
            "NETSUITE_CERTIFICATE_ID": m2m.certificate_id,
            "NETSUITE_PRIVATE_KEY": m2m.private_key_pem,
        }
    else:
        raise ValueError(f"kind must be 'tba' or 'm2m', not {kind!r}")
    return env
