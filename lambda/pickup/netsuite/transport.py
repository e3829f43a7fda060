"""One HTTP exchange with NetSuite, within the time budget, with transport failures turned into Unavailable."""

from collections.abc import Mapping

import httpx

from pickup.domain.deadline import Deadline
from pickup.domain.errors import DeadlineExceeded
from pickup.domain.ports import Trace
from pickup.netsuite.errors import Unavailable

_NO_TIME_LEFT = {
    "query": "the time budget ran out before NetSuite could be asked",
    "token": "no time left to ask NetSuite for an access token",
}


def send(
    http: httpx.Client,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    timeout_seconds: float,
    deadline: Deadline,
    trace: Trace,
    json: object | None = None,
    form: Mapping[str, str] | None = None,
    stage: str = "query",
) -> httpx.Response:
    """The answer to one request, whatever its status, counted as a NetSuite attempt in `trace`.

    The request may take `timeout_seconds`, or what is left of `deadline` if that is less: DeadlineExceeded when
    nothing is left, Unavailable when no answer arrived in time.
    """
    timeout = deadline.cap(timeout_seconds)
    if timeout <= 0:
        raise DeadlineExceeded(_NO_TIME_LEFT[stage])
    trace.netsuite_attempts += 1
    try:
        return http.request(method, url, headers=headers, json=json, data=form, timeout=timeout)
    except httpx.TimeoutException:
        raise Unavailable(f"NetSuite did not answer within {timeout:.1f} s").describe(stage=stage) from None
    except httpx.TransportError as exc:
        raise Unavailable(f"could not reach NetSuite ({exc.__class__.__name__})").describe(stage=stage) from None
