"""build_store: which snapshot store the environment asks for."""

import sys
from collections.abc import Iterator

import httpx
import pytest

from pickup.errors import ConfigurationError
from pickup.store import PostgresSnapshotStore, SupabaseRestSnapshotStore, build_store

SECRET = "sb_secret_abcdefghijklmnopqrstuvwxyz012345"


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False) as client:
        yield client


def test_supabase_url_and_key_give_the_rest_store(http: httpx.Client) -> None:
    # given
    env = {"SUPABASE_URL": "https://abcd.supabase.co", "SUPABASE_SERVICE_ROLE_KEY": SECRET, "DATABASE_URL": "x"}

    # when / then
    assert isinstance(build_store(env, http), SupabaseRestSnapshotStore)


def test_database_url_alone_gives_the_postgres_store(http: httpx.Client) -> None:
    # given / when
    store = build_store({"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres"}, http)

    # then
    assert isinstance(store, PostgresSnapshotStore)


@pytest.mark.parametrize("env", [{}, {"SUPABASE_URL": " ", "SUPABASE_SERVICE_ROLE_KEY": "", "DATABASE_URL": ""}])
def test_nothing_configured_means_no_cache(http: httpx.Client, env: dict[str, str]) -> None:
    # given / when / then
    assert build_store(env, http) is None


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"SUPABASE_URL": "https://abcd.supabase.co"}, "SUPABASE_SERVICE_ROLE_KEY"),
        ({"SUPABASE_SERVICE_ROLE_KEY": SECRET, "DATABASE_URL": "postgresql://x"}, "SUPABASE_URL"),
    ],
)
def test_half_a_supabase_configuration_names_the_missing_variable(
    http: httpx.Client, env: dict[str, str], missing: str
) -> None:
    # given / when / then
    with pytest.raises(ConfigurationError, match=missing) as caught:
        build_store(env, http)
    assert caught.value.variables == (missing,)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("url", ["http://abcd.supabase.co", "ftp://abcd.supabase.co", "abcd.supabase.co"])
def test_the_key_is_only_sent_over_https_or_to_this_machine(http: httpx.Client, url: str) -> None:
    # given
    env = {"SUPABASE_URL": url, "SUPABASE_SERVICE_ROLE_KEY": SECRET}

    # when / then
    with pytest.raises(ConfigurationError, match="SUPABASE_URL"):
        build_store(env, http)


def test_plain_http_to_loopback_is_allowed_for_local_development(http: httpx.Client) -> None:
    # given / when
    store = build_store({"SUPABASE_URL": "http://127.0.0.1:54321", "SUPABASE_SERVICE_ROLE_KEY": SECRET}, http)

    # then
    assert isinstance(store, SupabaseRestSnapshotStore)


@pytest.mark.parametrize("key", ["sb_secret_with space", "sb_secret_with\nnewline", "sb_secret_ünicode"])
def test_a_key_that_cannot_travel_in_a_header_is_refused_without_echo(http: httpx.Client, key: str) -> None:
    # given
    env = {"SUPABASE_URL": "https://abcd.supabase.co", "SUPABASE_SERVICE_ROLE_KEY": key}

    # when / then
    with pytest.raises(ConfigurationError) as caught:
        build_store(env, http)
    assert key not in str(caught.value)
    assert caught.value.variables == ("SUPABASE_SERVICE_ROLE_KEY",)


def test_database_url_without_psycopg_installed_is_a_configuration_error(
    http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: an environment like the Lambda's, where psycopg is not installed
    monkeypatch.setitem(sys.modules, "psycopg", None)

    # when / then
    with pytest.raises(ConfigurationError, match="DATABASE_URL") as caught:
        build_store({"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres"}, http)
    assert caught.value.variables == ("DATABASE_URL",)
