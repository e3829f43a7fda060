"""Token-Based Authentication headers: Oracle's published example, fresh nonces, what is signed."""

import re
from urllib.parse import unquote

from pickup.domain.deadline import Deadline
from pickup.domain.ports import Trace
from pickup.netsuite.config import TokenCredentials
from pickup.netsuite.tba import NONCE_LENGTH, TokenSigner, authorization_header, new_nonce

# Oracle, "The Signature for Web Services and RESTlets" (section_1534941088)
ORACLE = TokenCredentials(
    consumer_key="ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
    consumer_secret="d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
    token_id="2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
    token_secret="c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
)
ORACLE_NONCE = "fjaLirsIcCGVZWzBX0pg"
ORACLE_TIMESTAMP = 1508242306


def header_params(header: str) -> dict[str, str]:
    assert header.startswith("OAuth ")
    return {k: unquote(v) for k, v in re.findall(r'(\w+)="([^"]*)"', header)}


def oracle_header(url: str, method: str = "GET", realm: str = "123456") -> str:
    return authorization_header(
        ORACLE, realm=realm, method=method, url=url, nonce=ORACLE_NONCE, timestamp=ORACLE_TIMESTAMP
    )


def test_oracles_published_rest_example_is_reproduced_exactly():
    # given Oracle's example inputs for a REST web services GET
    header = oracle_header("https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40")
    # then the signature is the one Oracle publishes, percent-encoded in the header as Oracle shows it
    assert 'oauth_signature="B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"' in header
    assert header_params(header)["oauth_signature"] == "B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY="


def test_oracles_restlet_example_shows_query_parameters_are_signed():
    # given Oracle's RESTlet POST example, whose URL carries four query parameters
    url = (
        "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl"
        "?script=6&deploy=1&customParam=someValue&testParam=someOtherValue"
    )
    # then the published signature comes out, which it only does with the query in the base string
    signature = header_params(oracle_header(url, "POST"))["oauth_signature"]
    assert signature == "+KK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ="


def test_the_header_carries_every_parameter_netsuite_expects():
    params = header_params(oracle_header("https://123456.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql"))
    assert params["realm"] == "123456"
    assert params["oauth_consumer_key"] == ORACLE.consumer_key
    assert params["oauth_token"] == ORACLE.token_id
    assert params["oauth_signature_method"] == "HMAC-SHA256"
    assert params["oauth_version"] == "1.0"
    assert params["oauth_nonce"] == ORACLE_NONCE
    assert params["oauth_timestamp"] == str(ORACLE_TIMESTAMP)
    assert "oauth_body_hash" not in params  # the JSON body is not signed


def test_the_realm_is_sent_but_not_signed():
    url = "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40"
    upper, lower = header_params(oracle_header(url, realm="123456_SB1")), header_params(oracle_header(url, realm="x"))
    assert upper["realm"] == "123456_SB1"
    assert upper["oauth_signature"] == lower["oauth_signature"] == "B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY="


def test_limit_and_offset_change_the_signature():
    base = "https://123456.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql"
    first = header_params(oracle_header(f"{base}?limit=1000&offset=0", "POST"))["oauth_signature"]
    second = header_params(oracle_header(f"{base}?limit=1000&offset=1000", "POST"))["oauth_signature"]
    assert first != second


def test_every_signature_gets_a_fresh_nonce_and_the_current_time():
    # given a signer whose clock reads a fixed time
    signer = TokenSigner(ORACLE, realm="123456", wall_clock=lambda: 1_800_000_000.9)
    url = "https://123456.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=1000&offset=0"
    # when the same request is signed many times
    headers = [signer.authorization("POST", url, deadline=Deadline.after(5), trace=Trace()) for _ in range(200)]
    params = [header_params(h) for h in headers]
    # then no nonce repeats, every timestamp is that time, and each signature differs
    assert len({p["oauth_nonce"] for p in params}) == 200
    assert {p["oauth_timestamp"] for p in params} == {"1800000000"}
    assert len({p["oauth_signature"] for p in params}) == 200


def test_nonces_are_twenty_letters_and_digits():
    nonces = {new_nonce() for _ in range(100)}
    assert len(nonces) == 100
    assert all(len(n) == NONCE_LENGTH and n.isalnum() and n.isascii() for n in nonces)
