"""One HTTP exchange with NetSuite, with transport failures turned into Unavailable."""

from collections.abc import Mapping

import httpx

from pickup.netsuite.errors import Unavailable


def send(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    timeout: float,
    json: object | None = None,
    form: Mapping[str, str] | None = None,
    stage: str = "query",
) -> httpx.Response:
    """The answer to one request, whatever its status; Unavailable when none arrived in `timeout` seconds."""
    try:
        return http.request(method, url, headers=headers, json=json, data=form, timeout=timeout)
    except httpx.TimeoutException:
        raise Unavailable(f"NetSuite did not answer within {timeout:.1f} s").describe(stage=stage) from None
    except httpx.TransportError as exc:
        raise Unavailable(f"could not reach NetSuite ({exc.__class__.__name__})").describe(stage=stage) from None
