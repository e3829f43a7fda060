"""The validate-order API: one proxy event in, one proxy result out, one log line written."""

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pickup.api.errors import MethodNotAllowed, RequestRejected
from pickup.api.events import HttpRequest, decode_json, read_event
from pickup.api.logs import log_event
from pickup.api.responses import CorsPolicy, answer_for, error_body, proxy_result, success_body
from pickup.domain.deadline import Deadline
from pickup.domain.errors import PickupError
from pickup.domain.ports import Trace
from pickup.domain.request import parse_request
from pickup.domain.service import ValidateOrder

MAX_BODY_BYTES = 16 * 1024
# Stop this long before Lambda would kill the invocation, so the client still gets our answer.
LAMBDA_SAFETY_MARGIN_SECONDS = 1.5


class LambdaContext(Protocol):
    aws_request_id: str

    def get_remaining_time_in_millis(self) -> int: ...


class ValidateOrderApi:
    def __init__(
        self,
        validate: ValidateOrder,
        *,
        cors: CorsPolicy,
        time_budget_seconds: float,
        logger: logging.Logger,
        clock: Callable[[], float] = time.monotonic,
        closers: Sequence[Callable[[], None]] = (),
    ) -> None:
        self._validate = validate
        self._closers = tuple(closers)
        self._cors = cors
        self._time_budget = time_budget_seconds
        self._logger = logger
        self._clock = clock

    def handle(self, event: object, context: object) -> dict[str, Any]:
        request = read_event(event, fallback_request_id=_context_request_id(context))
        origin = request.header("origin")
        if request.method == "OPTIONS":
            return proxy_result(200, None, self._cors.preflight_headers(origin))
        exchange = _Exchange(request, self._cors.headers(origin), started=self._clock())
        try:
            if request.method != "POST":
                raise MethodNotAllowed(request.method)
            payload = parse_request(decode_json(request.body, MAX_BODY_BYTES))
            exchange.order_number = payload.order_number
            validation = self._validate(payload, deadline=self._deadline(context), trace=exchange.trace)
        except (PickupError, RequestRejected) as error:
            return self._error(exchange, error)
        except Exception as error:  # the edge must answer even when a bug escapes
            self._logger.exception("unhandled error", extra={"fields": {"request_id": request.request_id}})
            return self._error(exchange, error)
        else:
            self._log(exchange, 200, None)
            return proxy_result(200, success_body(payload.order_number, validation), exchange.cors)

    def close(self) -> None:
        """Release connections (tests and local tools; a Lambda environment simply ends)."""
        for close in self._closers:
            close()

    def _deadline(self, context: object) -> Deadline:
        budget = self._time_budget
        remaining_ms = getattr(context, "get_remaining_time_in_millis", None)
        if callable(remaining_ms):
            budget = min(budget, remaining_ms() / 1000 - LAMBDA_SAFETY_MARGIN_SECONDS)
        return Deadline.after(max(budget, 0.0), self._clock)

    def _error(self, exchange: "_Exchange", error: Exception) -> dict[str, Any]:
        answer = answer_for(error)
        headers = dict(exchange.cors)
        if answer.retry_after is not None:
            headers["Retry-After"] = str(answer.retry_after)
        self._log(exchange, answer.status, answer.code)
        return proxy_result(answer.status, error_body(answer, exchange.request.request_id), headers)

    def _log(self, exchange: "_Exchange", status: int, error_code: str | None) -> None:
        trace = exchange.trace
        log_event(
            self._logger,
            logging.ERROR if status >= 500 else logging.INFO,
            "validate-order",
            request_id=exchange.request.request_id,
            outcome="ok" if status == 200 else "error",
            status=status,
            error_code=error_code,
            order_number=exchange.order_number,
            cache=trace.cache,
            netsuite_attempts=trace.netsuite_attempts,
            upstream_error=trace.upstream_error,
            store_error=trace.store_error,
            latency_ms=round((self._clock() - exchange.started) * 1000, 1),
        )


@dataclass(slots=True)
class _Exchange:
    """One request on its way through the API: what the log line and the error answer need."""

    request: HttpRequest
    cors: dict[str, str]
    started: float
    trace: Trace = field(default_factory=Trace)
    order_number: str | None = None  # set only once it passed the strict pattern


class MisconfiguredApi:
    """Stands in when start-up found the settings broken: every request gets a 500, the log says why."""

    def __init__(self, problem: str, *, cors: CorsPolicy, logger: logging.Logger) -> None:
        self._problem = problem
        self._cors = cors
        self._logger = logger

    def handle(self, event: object, context: object) -> dict[str, Any]:
        request = read_event(event, fallback_request_id=_context_request_id(context))
        log_event(
            self._logger,
            logging.ERROR,
            "validate-order",
            request_id=request.request_id,
            outcome="error",
            status=500,
            error_code="CONFIGURATION_ERROR",
            problem=self._problem,
        )
        answer = answer_for(RuntimeError())  # answered as any other bug: no internals
        return proxy_result(500, error_body(answer, request.request_id), self._cors.headers(request.header("origin")))

    def close(self) -> None:
        """Nothing to release."""


def _context_request_id(context: object) -> str:
    value = getattr(context, "aws_request_id", None)
    return value if isinstance(value, str) and value else str(uuid.uuid4())
