"""Token-Based Authentication: the sandbox accepts what NetSuite accepts and refuses what NetSuite refuses."""

import base64
import hashlib
import time

import pytest
from oauthlib import oauth1

from pickup_dev.sandbox import DEMO_TBA, NetSuiteSandbox
from pickup_dev.sandbox.tba import NonceCache, hmac_sha256_signature, signature_base_string
from tests.sandbox.clients import SUITEQL_PATH, http, suiteql, tba_header

ORACLE_CONSUMER_SECRET = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5"
ORACLE_TOKEN_SECRET = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"
ORACLE_OAUTH_PARAMETERS = [
    ("oauth_consumer_key", "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4"),
    ("oauth_token", "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc"),
    ("oauth_signature_method", "HMAC-SHA256"),
    ("oauth_timestamp", "1508242306"),
    ("oauth_nonce", "fjaLirsIcCGVZWzBX0pg"),
    ("oauth_version", "1.0"),
]
INVALID_LOGIN_BODY = {
    "type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
    "title": "Unauthorized",
    "status": 401,
    "o:errorDetails": [
        {
            "detail": "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at "
            "Setup > Users/Roles > User Management > View Login Audit Trail.",
            "o:errorCode": "INVALID_LOGIN",
        }
    ],
}
QUERY = "SELECT tranid FROM transaction WHERE tranid = 'SO100001'"


def test_signature_reproduces_oracles_published_rest_vector():
    # given the inputs of Oracle's "The Signature for Web Services and RESTlets" example
    url = "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40"
    # when the sandbox's own verification code signs them
    base_string = signature_base_string("GET", url, ORACLE_OAUTH_PARAMETERS)
    signature = hmac_sha256_signature(base_string, ORACLE_CONSUMER_SECRET, ORACLE_TOKEN_SECRET)
    # then it is the signature Oracle published
    assert signature == "B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY="


def test_signature_reproduces_oracles_restlet_vector_with_query_parameters_in_the_base_string():
    # given Oracle's RESTlet example, whose URL carries four query parameters
    url = "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl"
    query = [("script", "6"), ("deploy", "1"), ("customParam", "someValue"), ("testParam", "someOtherValue")]
    # when signed
    base_string = signature_base_string("POST", url, [*ORACLE_OAUTH_PARAMETERS, *query])
    signature = hmac_sha256_signature(base_string, ORACLE_CONSUMER_SECRET, ORACLE_TOKEN_SECRET)
    # then it matches the published value
    assert signature == "+KK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ="


def test_accepts_a_request_signed_with_oauthlib(netsuite_sandbox):
    # given a SuiteQL request signed by oauthlib with the demo token
    # when it is sent
    response = suiteql(netsuite_sandbox, QUERY)
    # then NetSuite answers it and logs no failure
    assert response.status_code == 200
    assert response.json()["items"][0]["tranid"] == "SO100001"
    assert netsuite_sandbox.audit_trail == []


def test_accepts_limit_and_offset_signed_as_query_parameters(netsuite_sandbox):
    # given limit and offset in the URL, and so in the signature
    # when sent
    response = suiteql(netsuite_sandbox, "SELECT id FROM transaction ORDER BY id", params={"limit": 5, "offset": 5})
    # then the page comes back
    assert response.status_code == 200
    assert response.json()["offset"] == 5


def test_refuses_query_parameters_left_out_of_the_signature(netsuite_sandbox):
    # given a header signed for the bare URL, sent to the URL with ?limit=5
    bare = netsuite_sandbox.url + SUITEQL_PATH
    authorization = tba_header(bare)
    # when sent with the query parameter
    response = suiteql(netsuite_sandbox, QUERY, params={"limit": 5}, authorization=authorization)
    # then NetSuite reports an invalid signature
    assert response.status_code == 401
    assert netsuite_sandbox.audit_trail == ["InvalidSignature"]


class _BodyHashClient(oauth1.Client):
    """oauthlib signing plus an oauth_body_hash header parameter, as Authlib-based clients send it."""

    body_hash = ""

    def get_oauth_params(self, request):  # type: ignore[no-untyped-def]
        return [*super().get_oauth_params(request), ("oauth_body_hash", self.body_hash)]


def test_accepts_an_oauth_body_hash_among_the_signed_parameters(netsuite_sandbox):
    # given a request whose header also carries the SHA-1 hash of its JSON body, signed by oauthlib
    body = b'{"q": "SELECT id FROM item"}'
    url = netsuite_sandbox.url + SUITEQL_PATH
    client = _BodyHashClient(
        DEMO_TBA.consumer_key,
        client_secret=DEMO_TBA.consumer_secret,
        resource_owner_key=DEMO_TBA.token_id,
        resource_owner_secret=DEMO_TBA.token_secret,
        signature_method=oauth1.SIGNATURE_HMAC_SHA256,
        realm="1234567_SB1",
    )
    client.body_hash = base64.b64encode(hashlib.sha1(body).digest()).decode()
    _, headers, _ = client.sign(url, "POST")
    # when sent
    response = http.post(
        url, content=body, headers={**headers, "Prefer": "transient", "Content-Type": "application/json"}
    )
    # then it is accepted: the hash is a signed parameter, the JSON body itself is not
    assert response.status_code == 200, netsuite_sandbox.audit_trail


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        ({"consumer_secret": "not-the-secret"}, "InvalidSignature"),
        ({"token_secret": "not-the-secret"}, "InvalidSignature"),
        ({"timestamp": int(time.time()) - 600}, "InvalidTimestamp"),
        ({"timestamp": int(time.time()) + 600}, "InvalidTimestamp"),
        ({"realm": "1234567_sb1"}, "InvalidRealm"),
        ({"realm": "1234567-SB1"}, "InvalidRealm"),
        ({"signature_method": oauth1.SIGNATURE_HMAC_SHA1}, "UnsupportedSignatureMethod"),
        ({"token_id": "unknown-token"}, "UnknownToken"),
        ({"consumer_key": "unknown-consumer"}, "UnknownConsumer"),
        ({"nonce": "abc"}, "InvalidNonce"),
    ],
)
def test_refuses_a_spoiled_login_with_invalid_login_and_keeps_the_reason_in_the_audit_trail(
    netsuite_sandbox, spoil, reason
):
    # given a request signed with one thing wrong
    url = netsuite_sandbox.url + SUITEQL_PATH
    authorization = tba_header(url, **spoil)
    # when sent
    response = suiteql(netsuite_sandbox, QUERY, authorization=authorization)
    # then it gets NetSuite's generic 401, and only the audit trail says why
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/vnd.oracle.resource+json; type=error"
    assert response.json() == INVALID_LOGIN_BODY
    assert netsuite_sandbox.audit_trail == [reason]


def test_refuses_a_replayed_nonce(netsuite_sandbox):
    # given one correctly signed header
    url = netsuite_sandbox.url + SUITEQL_PATH
    authorization = tba_header(url)
    # when it is sent twice
    first = suiteql(netsuite_sandbox, QUERY, authorization=authorization)
    second = suiteql(netsuite_sandbox, QUERY, authorization=authorization)
    # then only the first is answered
    assert (first.status_code, second.status_code) == (200, 401)
    assert netsuite_sandbox.audit_trail == ["NonceUsed"]


def test_refuses_a_request_without_credentials(netsuite_sandbox):
    # given no Authorization header at all
    url = netsuite_sandbox.url + SUITEQL_PATH
    # when sent
    response = http.post(url, headers={"Prefer": "transient"}, json={"q": QUERY})
    # then it is an invalid login
    assert response.status_code == 401
    assert netsuite_sandbox.audit_trail == ["MissingAuthorization"]


def test_a_sandbox_without_tba_refuses_a_correct_tba_login():
    # given a sandbox that only serves OAuth 2.0
    with NetSuiteSandbox(tba=False) as sandbox:
        # when a correctly signed TBA request arrives
        response = suiteql(sandbox, QUERY)
        # then it is refused as a disabled feature
        assert response.status_code == 401
        assert sandbox.audit_trail == ["FeatureDisabled"]


def test_the_nonce_cache_forgets_a_pair_once_its_timestamp_has_left_the_window():
    # given a nonce used at t=1000
    cache = NonceCache()
    assert cache.first_use("token", "nonce-1", 1000, now=1000)
    # when the same pair comes back within and after the 300 s window
    within = cache.first_use("token", "nonce-1", 1000, now=1200)
    after = cache.first_use("token", "nonce-1", 1000, now=1400)
    # then it is refused within and forgotten after (the timestamp check refuses it then anyway)
    assert (within, after) == (False, True)


def test_the_nonce_cache_stays_bounded():
    # given a cache for three entries
    cache = NonceCache(max_entries=3)
    # when five fresh pairs arrive
    for number in range(5):
        assert cache.first_use("token", f"nonce-{number}", 1000, now=1000)
    # then the oldest were evicted and the newest are still remembered
    assert not cache.first_use("token", "nonce-4", 1000, now=1000)
    assert cache.first_use("token", "nonce-0", 1000, now=1000)
