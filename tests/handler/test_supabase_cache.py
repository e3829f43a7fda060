"""The production cache path: the function talks to Supabase's Data API (here its local stand-in over the real
PostgreSQL) with a server-side key, and keeps validating when that API is slow or down."""

import json

import pytest

from tests.stack import function_env, proxy_event, respond, running_function

CUSTOMER = {"order_number": "SO100001", "email": "purchasing@acme-industrial.com"}


def supabase_env(netsuite_sandbox, supabase_api, key: str, **overrides: str) -> dict[str, str]:
    return function_env(
        netsuite_sandbox.url, dsn=None, SUPABASE_URL=supabase_api.url, SUPABASE_SERVICE_ROLE_KEY=key, **overrides
    )


@pytest.mark.parametrize("key_kind", ["sb_secret", "legacy service_role JWT"])
def test_snapshots_go_through_the_data_api(netsuite_sandbox, supabase_api, supabase_keys, database, key_kind):
    # given the function configured with Supabase's URL and a server-side key of either kind
    key = supabase_keys.secret_key if key_kind == "sb_secret" else supabase_keys.legacy_jwt("service_role")
    with running_function(supabase_env(netsuite_sandbox, supabase_api, key)) as function:
        # when the same order is validated twice
        first = respond(function, proxy_event(CUSTOMER))
        second = respond(function, proxy_event(CUSTOMER))
    # then the first asks NetSuite and stores the snapshot, the second is answered from it
    assert first[2]["order"]["from_cache"] is False
    assert second[2]["order"]["from_cache"] is True
    assert netsuite_sandbox.stats.suiteql_requests == 1
    assert [r.path for r in supabase_api.received] == [
        "/rest/v1/rpc/get_order_snapshot",
        "/rest/v1/rpc/put_order_snapshot",
        "/rest/v1/rpc/get_order_snapshot",
    ]
    # and the stored snapshot holds no email address
    [(snapshot,)] = database.run("select snapshot from private.order_snapshots")
    assert "@" not in json.dumps(snapshot)


def test_a_slow_data_api_does_not_hold_the_answer(netsuite_sandbox, supabase_api, supabase_keys, capsys):
    # given a Data API that answers only after 3 s, and a cache timeout of 0.3 s
    supabase_api.delay_seconds = 3.0
    env = supabase_env(netsuite_sandbox, supabase_api, supabase_keys.secret_key, CACHE_TIMEOUT_SECONDS="0.3")
    with running_function(env) as function:
        # when an order is validated
        status, _, body = respond(function, proxy_event(CUSTOMER))
    supabase_api.delay_seconds = 0.0
    # then NetSuite answers it and the log line records the cache outage
    assert status == 200
    assert body["order"]["from_cache"] is False
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["cache"] == "error"
    assert line["store_error"]


def test_a_key_the_data_api_refuses_is_logged_and_validation_goes_on(
    netsuite_sandbox, supabase_api, supabase_keys, capsys
):
    # given the publishable (anon) key configured by mistake
    env = supabase_env(netsuite_sandbox, supabase_api, supabase_keys.publishable_key)
    with running_function(env) as function:
        status, _, _ = respond(function, proxy_event(CUSTOMER))
    # then validation still works through NetSuite, and the log says the store refused, without the key
    assert status == 200
    output = capsys.readouterr().out
    assert '"cache":"error"' in output
    assert supabase_keys.publishable_key not in output
