"""Test-side clients of the sandbox: TBA signing with oauthlib (what the real client uses) and JWT assertions."""

import atexit
import time
import uuid
from collections.abc import Mapping
from typing import Any

import httpx
import jwt
from oauthlib import oauth1

from pickup_dev.sandbox import DEMO_ACCOUNT_ID, DEMO_M2M, DEMO_TBA, NetSuiteSandbox

SUITEQL_PATH = "/services/rest/query/v1/suiteql"
TOKEN_PATH = "/services/rest/auth/oauth2/v1/token"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

# One keep-alive client for every test: building a client (and its TLS context) per request is slow.
http = httpx.Client(timeout=10)
atexit.register(http.close)


def tba_header(
    url: str,
    *,
    method: str = "POST",
    realm: str = DEMO_ACCOUNT_ID,
    consumer_key: str = DEMO_TBA.consumer_key,
    consumer_secret: str = DEMO_TBA.consumer_secret,
    token_id: str = DEMO_TBA.token_id,
    token_secret: str = DEMO_TBA.token_secret,
    signature_method: str = oauth1.SIGNATURE_HMAC_SHA256,
    timestamp: int | None = None,
    nonce: str | None = None,
) -> str:
    """An `Authorization: OAuth ...` value for `url` (query parameters included in the signature)."""
    client = oauth1.Client(
        consumer_key,
        client_secret=consumer_secret,
        resource_owner_key=token_id,
        resource_owner_secret=token_secret,
        signature_method=signature_method,
        realm=realm,
        timestamp=str(timestamp if timestamp is not None else int(time.time())),
        nonce=nonce or uuid.uuid4().hex,
    )
    _, headers, _ = client.sign(url, method)
    return str(headers["Authorization"])


def suiteql(
    sandbox: NetSuiteSandbox,
    query: str,
    *,
    params: Mapping[str, str | int] | None = None,
    authorization: str | None = None,
    prefer: str | None = "transient",
    client: httpx.Client | None = None,
) -> httpx.Response:
    """POST a SuiteQL query signed with the demo TBA token unless `authorization` is given."""
    url = str(httpx.URL(sandbox.url + SUITEQL_PATH, params=dict(params or {})))
    headers = {"Authorization": authorization or tba_header(url)}
    if prefer is not None:
        headers["Prefer"] = prefer
    return (client or http).post(url, headers=headers, json={"q": query})


def items(sandbox: NetSuiteSandbox, query: str) -> list[dict[str, Any]]:
    response = suiteql(sandbox, query)
    assert response.status_code == 200, response.text
    return [{k: v for k, v in item.items() if k != "links"} for item in response.json()["items"]]


def assertion(
    sandbox: NetSuiteSandbox,
    *,
    algorithm: str = "ES256",
    key: Any = DEMO_M2M.private_key_pem,
    kid: str | None = DEMO_M2M.certificate_id,
    iss: str = DEMO_M2M.client_id,
    aud: str | None = None,
    scope: Any = "rest_webservices",
    lifetime: int = 300,
    issued_at: int | None = None,
    typ: str = "JWT",
) -> str:
    """A client assertion as Oracle's sample builds it; every part can be spoiled for a refusal test."""
    now = issued_at if issued_at is not None else int(time.time())
    claims = {"iss": iss, "scope": scope, "aud": aud or sandbox.url + TOKEN_PATH, "iat": now, "exp": now + lifetime}
    headers: dict[str, Any] = {"typ": typ}
    if kid is not None:
        headers["kid"] = kid
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers)


def request_token(sandbox: NetSuiteSandbox, client_assertion: str, **form: str) -> httpx.Response:
    data = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE}
    data |= {"client_assertion": client_assertion, **form}
    return http.post(sandbox.url + TOKEN_PATH, data=data)


def bearer_token(sandbox: NetSuiteSandbox) -> str:
    response = request_token(sandbox, assertion(sandbox))
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])
