"""SupabaseRestSnapshotStore over real HTTP, through the Data API stand-in, against the real PostgreSQL."""

import logging
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from pickup.domain.errors import StoreUnavailable
from pickup.store import (
    StoreMisconfigured,
    StoreRefused,
    StoreTimeout,
    StoreUnreachable,
    SupabaseRestSnapshotStore,
)
from pickup_dev.postgres import EmbeddedPostgres
from pickup_dev.supabase_api import SupabaseApi
from tests.fixtures.postgres import SupabaseKeys
from tests.store.snapshots import an_order_snapshot

pytestmark = pytest.mark.postgres


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False) as client:
        yield client


@pytest.fixture(autouse=True)
def _capture_every_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


def assert_key_nowhere(key: str, caplog: pytest.LogCaptureFixture, *errors: BaseException) -> None:
    assert key not in caplog.text
    for error in errors:
        assert key not in str(error)
        assert key not in repr(error)


def test_a_secret_key_goes_in_apikey_only(
    supabase_api: SupabaseApi, supabase_keys: SupabaseKeys, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    store = SupabaseRestSnapshotStore(supabase_api.url, supabase_keys.secret_key, http=http)
    snapshot = an_order_snapshot("SO1001")

    # when
    store.write(snapshot, timeout=5)
    stored = store.read("SO1001", timeout=5)
    missing = store.read("SO404", timeout=5)

    # then
    assert stored is not None
    assert stored.snapshot == snapshot
    assert 0.0 <= stored.age_seconds < 60.0
    assert missing is None
    assert len(supabase_api.received) == 3
    for request in supabase_api.received:
        assert "apikey" in request.header_names
        assert "authorization" not in request.header_names
    assert_key_nowhere(supabase_keys.secret_key, caplog)


def test_a_legacy_service_role_jwt_goes_in_apikey_and_bearer(
    supabase_api: SupabaseApi, supabase_keys: SupabaseKeys, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    key = supabase_keys.legacy_jwt("service_role")
    store = SupabaseRestSnapshotStore(supabase_api.url, key, http=http)

    # when
    store.write(an_order_snapshot("SO1001", status="E"), timeout=5)
    stored = store.read("SO1001", timeout=5)

    # then
    assert stored is not None
    assert stored.snapshot.status == "E"
    assert all({"apikey", "authorization"} <= r.header_names for r in supabase_api.received)
    assert_key_nowhere(key, caplog)


@pytest.mark.parametrize("key_kind", ["publishable", "legacy-anon"])
def test_an_anon_key_is_refused(
    supabase_api: SupabaseApi,
    supabase_keys: SupabaseKeys,
    http: httpx.Client,
    caplog: pytest.LogCaptureFixture,
    key_kind: str,
) -> None:
    # given
    key = supabase_keys.publishable_key if key_kind == "publishable" else supabase_keys.legacy_jwt("anon")
    store = SupabaseRestSnapshotStore(supabase_api.url, key, http=http)

    # when
    with pytest.raises(StoreRefused) as read_error:
        store.read("SO1001", timeout=5)
    with pytest.raises(StoreRefused) as write_error:
        store.write(an_order_snapshot("SO1001"), timeout=5)

    # then: PostgREST's answer to a role without EXECUTE, and a StoreUnavailable for the use case
    assert (read_error.value.status, read_error.value.code) == (401, "42501")
    assert isinstance(write_error.value, StoreUnavailable)
    assert_key_nowhere(key, caplog, read_error.value, write_error.value)


def test_a_jwt_signed_with_another_secret_is_refused(
    supabase_api: SupabaseApi, supabase_keys: SupabaseKeys, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    key = supabase_keys.legacy_jwt("service_role", secret="another-project-secret-that-is-long-enough")
    store = SupabaseRestSnapshotStore(supabase_api.url, key, http=http)

    # when / then
    with pytest.raises(StoreRefused) as caught:
        store.read("SO1001", timeout=5)
    assert caught.value.status == 401
    assert_key_nowhere(key, caplog, caught.value)


def test_a_stopped_server_is_store_unavailable_at_once(
    postgres: EmbeddedPostgres, supabase_keys: SupabaseKeys, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    # given: a store that has a kept-alive connection to a server that then stops
    with SupabaseApi(postgres.dsn_for("authenticator"), secret_key=supabase_keys.secret_key) as api:
        store = SupabaseRestSnapshotStore(api.url, supabase_keys.secret_key, http=http)
        assert store.read("SO1001", timeout=5) is None

    # when / then
    with pytest.raises(StoreUnreachable) as caught:
        store.read("SO1001", timeout=5)
    assert isinstance(caught.value, StoreUnavailable)
    assert_key_nowhere(supabase_keys.secret_key, caplog, caught.value)


def test_an_answer_slower_than_the_timeout_is_store_unavailable(
    supabase_api: SupabaseApi, supabase_keys: SupabaseKeys, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    # given
    supabase_api.delay_seconds = 5.0
    store = SupabaseRestSnapshotStore(supabase_api.url, supabase_keys.secret_key, http=http)

    # when / then
    with pytest.raises(StoreTimeout) as caught:
        store.read("SO1001", timeout=0.2)
    assert isinstance(caught.value, StoreUnavailable)
    assert_key_nowhere(supabase_keys.secret_key, caplog, caught.value)


def test_no_time_left_fails_without_a_request(
    supabase_api: SupabaseApi, supabase_keys: SupabaseKeys, http: httpx.Client
) -> None:
    # given
    store = SupabaseRestSnapshotStore(supabase_api.url, supabase_keys.secret_key, http=http)

    # when / then
    with pytest.raises(StoreTimeout):
        store.write(an_order_snapshot(), timeout=0)
    assert supabase_api.received == []


def test_a_project_without_the_functions_is_misconfigured(
    postgres: EmbeddedPostgres, supabase_keys: SupabaseKeys, http: httpx.Client
) -> None:
    # given: the Data API over a database where the migrations never ran
    with psycopg.connect(postgres.dsn, autocommit=True) as conn:
        conn.execute("drop database if exists unmigrated_api")
        conn.execute("create database unmigrated_api")
    dsn = postgres.dsn_for("authenticator", database="unmigrated_api")
    with SupabaseApi(dsn, secret_key=supabase_keys.secret_key) as api:
        store = SupabaseRestSnapshotStore(api.url, supabase_keys.secret_key, http=http)

        # when / then
        with pytest.raises(StoreMisconfigured) as caught:
            store.read("SO1001", timeout=5)
    assert (caught.value.status, caught.value.code) == (404, "PGRST202")


def test_the_store_never_shows_its_key(supabase_keys: SupabaseKeys, http: httpx.Client) -> None:
    # given
    store = SupabaseRestSnapshotStore("https://project.supabase.co", supabase_keys.secret_key, http=http)

    # when / then
    assert supabase_keys.secret_key not in repr(store)
