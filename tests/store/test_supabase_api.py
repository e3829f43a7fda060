"""The Data API stand-in answers keys and calls the way Supabase's gateway and PostgREST do."""

from collections.abc import Iterator

import httpx
import pytest

from pickup_dev.supabase_api import SupabaseApi
from tests.fixtures.postgres import SupabaseKeys

pytestmark = pytest.mark.postgres

GET_SNAPSHOT = "/rest/v1/rpc/get_order_snapshot"


@pytest.fixture
def http(supabase_api: SupabaseApi) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=supabase_api.url, trust_env=False) as client:
        yield client


def test_a_request_without_apikey_is_401_with_an_empty_body(http: httpx.Client) -> None:
    # given / when
    response = http.post(GET_SNAPSHOT, json={"p_order_number": "SO1001"})

    # then
    assert response.status_code == 401
    assert response.content == b""


def test_an_unknown_apikey_is_401_invalid_api_key(http: httpx.Client) -> None:
    # given / when
    response = http.post(GET_SNAPSHOT, json={"p_order_number": "SO1001"}, headers={"apikey": "sb_secret_unknown"})

    # then
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid API key"


def test_a_secret_key_also_sent_as_bearer_is_refused_as_not_a_jwt(
    http: httpx.Client, supabase_keys: SupabaseKeys
) -> None:
    # given
    key = supabase_keys.secret_key

    # when
    response = http.post(
        GET_SNAPSHOT, json={"p_order_number": "SO1001"}, headers={"apikey": key, "Authorization": f"Bearer {key}"}
    )

    # then
    assert response.status_code == 401
    assert response.json() == {
        "code": "PGRST301",
        "details": None,
        "hint": None,
        "message": "Expected 3 parts in JWT; got 1",
    }


def test_a_table_function_answers_a_json_array_of_rows(http: httpx.Client, supabase_keys: SupabaseKeys) -> None:
    # given / when
    response = http.post(GET_SNAPSHOT, json={"p_order_number": "SO404"}, headers={"apikey": supabase_keys.secret_key})

    # then
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == []


def test_an_unknown_function_or_argument_is_404_pgrst202(http: httpx.Client, supabase_keys: SupabaseKeys) -> None:
    # given
    headers = {"apikey": supabase_keys.secret_key}

    # when
    unknown_function = http.post("/rest/v1/rpc/list_order_snapshots", json={}, headers=headers)
    unknown_argument = http.post(GET_SNAPSHOT, json={"order_number": "SO1001"}, headers=headers)

    # then
    assert (unknown_function.status_code, unknown_function.json()["code"]) == (404, "PGRST202")
    assert (unknown_argument.status_code, unknown_argument.json()["code"]) == (404, "PGRST202")


def test_a_signed_in_user_without_execute_gets_403_42501(http: httpx.Client, supabase_keys: SupabaseKeys) -> None:
    # given: the publishable key plus a user's JWT
    headers = {
        "apikey": supabase_keys.publishable_key,
        "Authorization": f"Bearer {supabase_keys.legacy_jwt('authenticated')}",
    }

    # when
    response = http.post(GET_SNAPSHOT, json={"p_order_number": "SO1001"}, headers=headers)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "42501"


def test_an_expired_jwt_is_401(http: httpx.Client, supabase_keys: SupabaseKeys) -> None:
    # given
    token = supabase_keys.legacy_jwt("service_role", lifetime=-3600)

    # when
    response = http.post(
        GET_SNAPSHOT,
        json={"p_order_number": "SO1001"},
        headers={"apikey": supabase_keys.secret_key, "Authorization": f"Bearer {token}"},
    )

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "PGRST303"


def test_a_database_error_keeps_postgrest_error_shape(http: httpx.Client, supabase_keys: SupabaseKeys) -> None:
    # given: a snapshot for another order than the one named
    body = {"p_order_number": "SO1001", "p_snapshot": {"order_number": "SO2002"}}

    # when
    response = http.post("/rest/v1/rpc/put_order_snapshot", json=body, headers={"apikey": supabase_keys.secret_key})

    # then
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "details", "hint"}
    assert response.json()["code"] == "22023"


def test_a_void_function_answers_204_and_keeps_the_connection_open(
    http: httpx.Client, supabase_keys: SupabaseKeys, supabase_api: SupabaseApi
) -> None:
    # given
    body = {"p_order_number": "SO1001", "p_snapshot": {"order_number": "SO1001", "lines": []}}
    headers = {"apikey": supabase_keys.secret_key}

    # when: two calls on one kept-alive connection
    first = http.post("/rest/v1/rpc/put_order_snapshot", json=body, headers=headers)
    second = http.post(GET_SNAPSHOT, json={"p_order_number": "SO1001"}, headers=headers)

    # then
    assert first.status_code == 204
    assert first.content == b""
    assert second.json()[0]["snapshot"] == {"order_number": "SO1001", "lines": []}
    assert [r.path for r in supabase_api.received] == ["/rest/v1/rpc/put_order_snapshot", GET_SNAPSHOT]


def test_a_body_that_is_not_a_json_object_is_400(http: httpx.Client, supabase_keys: SupabaseKeys) -> None:
    # given / when
    response = http.post(GET_SNAPSHOT, content=b"[1, 2]", headers={"apikey": supabase_keys.secret_key})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "PGRST102"
