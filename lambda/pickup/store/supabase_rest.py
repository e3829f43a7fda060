"""The snapshot store over Supabase's Data API (PostgREST): two RPC calls, the production path.

    POST {SUPABASE_URL}/rest/v1/rpc/get_order_snapshot  {"p_order_number": "SO123"}  -> [{"snapshot", "age_seconds"}]
    POST {SUPABASE_URL}/rest/v1/rpc/put_order_snapshot  {"p_order_number": ..., "p_snapshot": {...}}

Keys: a secret key (`sb_secret_...`) goes in the `apikey` header only; Supabase refuses it as a Bearer token,
because it is not a JWT. A legacy service_role key is a JWT (three dot-separated parts) and goes in `apikey` and
`Authorization: Bearer`, from which PostgREST takes the role. The key is never logged and never appears in an
error message; errors carry the HTTP status and PostgREST's `code`.
"""

import re
from typing import Any

import httpx

from pickup.domain.orders import OrderSnapshot, StoredSnapshot
from pickup.errors import ConfigurationError
from pickup.store.errors import (
    StoreBadAnswer,
    StoreError,
    StoreMisconfigured,
    StoreRefused,
    StoreTimeout,
    StoreUnreachable,
)
from pickup.store.records import stored_snapshot

KEY_VARIABLE = "SUPABASE_SERVICE_ROLE_KEY"
_JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")  # visible ASCII: what an HTTP header value can carry verbatim
_MAX_MESSAGE = 200


def is_legacy_jwt_key(key: str) -> bool:
    """True for a legacy anon/service_role key (a JWT), False for an `sb_secret_...`/`sb_publishable_...` key."""
    return _JWT.fullmatch(key) is not None


def auth_headers(key: str) -> dict[str, str]:
    """The headers that carry `key` the way Supabase expects it (see the module doc)."""
    if not key or _HEADER_SAFE.fullmatch(key) is None:
        # Checked here so an HTTP library never quotes the key back in its own error message.
        raise ConfigurationError(f"{KEY_VARIABLE} must be a single token of visible ASCII", variables=(KEY_VARIABLE,))
    headers = {"apikey": key}
    if is_legacy_jwt_key(key):
        headers["Authorization"] = f"Bearer {key}"
    return headers


class SupabaseRestSnapshotStore:
    """SnapshotStore over the Supabase Data API, sharing the caller's pooled httpx client."""

    def __init__(self, url: str, key: str, *, http: httpx.Client) -> None:
        self._rpc_base = url.rstrip("/") + "/rest/v1/rpc/"
        self._headers = {
            **auth_headers(key),
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self._key = key
        self._http = http

    def __repr__(self) -> str:
        return f"SupabaseRestSnapshotStore({self._rpc_base!r}, <key hidden>)"

    def read(self, order_number: str, *, timeout: float) -> StoredSnapshot | None:
        rows = self._call("read", "get_order_snapshot", {"p_order_number": order_number}, timeout)
        if not isinstance(rows, list):
            raise StoreBadAnswer("snapshot store read: the answer is not a JSON array", status=200)
        if not rows:
            return None
        if len(rows) > 1:
            raise StoreBadAnswer(f"snapshot store read returned {len(rows)} rows", status=200)
        row = rows[0]
        if not isinstance(row, dict):
            raise StoreBadAnswer("snapshot store read: the row is not a JSON object", status=200)
        return stored_snapshot(order_number, row.get("snapshot"), row.get("age_seconds"))

    def write(self, snapshot: OrderSnapshot, *, timeout: float) -> None:
        arguments: dict[str, object] = {"p_order_number": snapshot.order_number, "p_snapshot": snapshot.to_record()}
        self._call("write", "put_order_snapshot", arguments, timeout)

    # -- internals

    def _call(self, operation: str, function: str, arguments: dict[str, object], timeout: float) -> Any:
        if timeout <= 0:
            raise StoreTimeout(f"snapshot store {operation}: no time left")
        try:
            response = self._http.post(
                self._rpc_base + function, json=arguments, headers=self._headers, timeout=httpx.Timeout(timeout)
            )
        except httpx.TimeoutException as exc:
            raise StoreTimeout(f"snapshot store {operation} timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise StoreUnreachable(f"snapshot store {operation}: no connection ({type(exc).__name__})") from exc
        if response.status_code == 204:
            return None
        if response.is_success:
            try:
                return response.json()
            except ValueError as exc:
                raise StoreBadAnswer(
                    f"snapshot store {operation}: the answer is not JSON", status=response.status_code
                ) from exc
        raise self._failure(operation, response)

    def _failure(self, operation: str, response: httpx.Response) -> StoreError:
        """A store error from a PostgREST error answer: {"code", "message", "details", "hint"}, or an empty body."""
        status = response.status_code
        code: str | None = None
        message = ""
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            raw_code, raw_message = body.get("code"), body.get("message")
            code = raw_code if isinstance(raw_code, str) else None
            message = raw_message if isinstance(raw_message, str) else ""
        text = f"snapshot store {operation} failed: HTTP {status}" + (f" {code}" if code else "")
        if message:
            text += ": " + self._redact(message)[:_MAX_MESSAGE]
        error_type: type[StoreError]
        if status in (401, 403) or code in ("42501", "PGRST301", "PGRST302"):
            error_type = StoreRefused
        elif status == 404 or code in ("PGRST202", "42883"):
            error_type = StoreMisconfigured
        elif status in (408, 504) or code in ("57014", "PGRST003"):
            error_type = StoreTimeout
        elif status in (502, 503):
            error_type = StoreUnreachable
        else:
            error_type = StoreBadAnswer
        return error_type(text, code=code, status=status)

    def _redact(self, text: str) -> str:
        return text.replace(self._key, "[key]") if self._key else text
