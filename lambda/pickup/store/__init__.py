"""Adapters for the order-snapshot cache, and the choice between them from the environment.

    SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY   SupabaseRestSnapshotStore (the Lambda in production)
    DATABASE_URL                               PostgresSnapshotStore (local development and tests)
    neither                                    no cache: every validation asks NetSuite

Both talk to the same two database functions (supabase/migrations): public.get_order_snapshot and
public.put_order_snapshot.
"""

import importlib.util
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from pickup.domain.ports import SnapshotStore
from pickup.errors import ConfigurationError
from pickup.store.errors import (
    StoreBadAnswer,
    StoreError,
    StoreMisconfigured,
    StoreRefused,
    StoreTimeout,
    StoreUnreachable,
)
from pickup.store.postgres import PostgresSnapshotStore
from pickup.store.supabase_rest import KEY_VARIABLE, SupabaseRestSnapshotStore

__all__ = [
    "PostgresSnapshotStore",
    "StoreBadAnswer",
    "StoreError",
    "StoreMisconfigured",
    "StoreRefused",
    "StoreTimeout",
    "StoreUnreachable",
    "SupabaseRestSnapshotStore",
    "build_store",
]

URL_VARIABLE = "SUPABASE_URL"
DATABASE_VARIABLE = "DATABASE_URL"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def build_store(env: Mapping[str, str], http: httpx.Client) -> SnapshotStore | None:
    """The snapshot store the environment describes, or None; raises ConfigurationError naming what is wrong."""
    url = (env.get(URL_VARIABLE) or "").strip()
    key = (env.get(KEY_VARIABLE) or "").strip()
    if url or key:
        if not url or not key:
            missing = URL_VARIABLE if not url else KEY_VARIABLE
            present = KEY_VARIABLE if not url else URL_VARIABLE
            raise ConfigurationError(f"{present} is set but {missing} is not", variables=(missing,))
        _require_safe_url(url)
        return SupabaseRestSnapshotStore(url, key, http=http)
    database_url = (env.get(DATABASE_VARIABLE) or "").strip()
    if database_url:
        if importlib.util.find_spec("psycopg") is None:
            raise ConfigurationError(
                f"{DATABASE_VARIABLE} needs the psycopg package, which is not installed here "
                f"(in Lambda, set {URL_VARIABLE} and {KEY_VARIABLE} instead)",
                variables=(DATABASE_VARIABLE,),
            )
        return PostgresSnapshotStore(database_url)
    return None


def _require_safe_url(url: str) -> None:
    """https, or plain http to this machine only: the key must not cross a network in clear text."""
    parts = urlsplit(url)
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS)
    if not secure or not parts.hostname:
        raise ConfigurationError(
            f"{URL_VARIABLE} must be an https URL (plain http only for 127.0.0.1)", variables=(URL_VARIABLE,)
        )
