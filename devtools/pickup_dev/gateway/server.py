"""LocalGateway: the deployed REST API for this one API, on 127.0.0.1, in front of a Lambda handler."""

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from pickup_dev.gateway.aws_facts import API_PAYLOAD_LIMIT, INTEGRATION_TIMEOUT
from pickup_dev.gateway.dispatcher import ApiKey, Dispatcher
from pickup_dev.gateway.gateway_responses import GatewayResponses
from pickup_dev.gateway.http_server import GatewayHTTPServer
from pickup_dev.gateway.invocation import InProcessInvoker, Invoker
from pickup_dev.gateway.lambda_function import FunctionConfig, Handler, load_handler
from pickup_dev.gateway.proxy_event import Stage
from pickup_dev.gateway.replies import Cors
from pickup_dev.gateway.usage_plan import UsagePlan
from pickup_dev.gateway.worker_pool import WorkerPool

_POLL_INTERVAL = 0.05
_JOIN_TIMEOUT = 5.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


def new_api_key_id() -> str:
    """Ten lower-case letters and digits, like API Gateway's key ids."""
    import secrets
    import string

    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(10))


class LocalGateway:
    """Behaves like API Gateway REST with a Lambda proxy integration for POST /validate-order.

    Give either `handler` (a callable, run in this process on a thread per request) or `handler_path`
    ("package.module.function"). With `workers=N` the handler runs in N worker processes, N being the function's
    reserved concurrency; `env` is then added to their environment. `clock` drives the rate limit and `utc_now` the
    daily quota, so tests can move time without sleeping. `gateway_responses` customises the gateway's own error
    answers; the default is the deployed API's (503 with Retry-After when every worker is busy, not 500).
    """

    def __init__(
        self,
        handler: Handler | None = None,
        handler_path: str | None = None,
        *,
        api_key: str,
        api_key_id: str | None = None,
        allowed_origin: str = "*",
        rate: float = 100.0,
        burst: int = 200,
        daily_quota: int = 10_000,
        workers: int | None = None,
        env: Mapping[str, str] | None = None,
        integration_timeout: float = INTEGRATION_TIMEOUT,
        function: FunctionConfig | None = None,
        worker_wait: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        utc_now: Callable[[], datetime] = _utc_now,
        host: str = "127.0.0.1",
        port: int = 0,
        openapi_path: str | Path | None = None,
        stage: Stage | None = None,
        max_body_bytes: int = API_PAYLOAD_LIMIT,
        cors_max_age: int = 600,
        gateway_responses: GatewayResponses | None = None,
    ) -> None:
        if (handler is None) == (handler_path is None):
            raise ValueError("give exactly one of handler (a callable) or handler_path ('package.module.function')")
        if workers is not None and handler_path is None:
            raise ValueError("worker processes import the handler by path: give handler_path with workers")
        if env is not None and workers is None:
            raise ValueError("env sets the worker processes' environment: give workers=N with it")
        if not api_key:
            raise ValueError("an API key is required")
        self._handler = handler
        self._handler_path = handler_path
        self._function = function or FunctionConfig()
        self._workers = workers
        self._env = env
        self._worker_wait = worker_wait
        self._host, self._port = host, port
        self.api_key_id = api_key_id or new_api_key_id()
        self._api_key = ApiKey(api_key, self.api_key_id)
        self._plan = UsagePlan(rate=rate, burst=burst, daily_quota=daily_quota, clock=clock, utc_now=utc_now)
        self._cors = Cors(allowed_origin, cors_max_age)
        self._gateway_responses = gateway_responses or GatewayResponses()
        self._stage = stage or Stage()
        self._integration_timeout = integration_timeout
        self._openapi_path = Path(openapi_path) if openapi_path is not None else None
        self._max_body_bytes = max_body_bytes
        self._stats: Counter[int] = Counter()
        self._stats_lock = threading.Lock()
        self._invoker: Invoker | None = None
        self._server: GatewayHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the gateway is not running; call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def stage_url(self) -> str:
        """The URL with the stage, as the deployed API's invoke URL has it."""
        return f"{self.url}/{self._stage.name}"

    @property
    def stats(self) -> dict[int, int]:
        """Responses sent so far, counted by status code."""
        with self._stats_lock:
            return dict(sorted(self._stats.items()))

    @property
    def peak_concurrency(self) -> int | None:
        """The most worker processes busy at once (worker mode only)."""
        return self._invoker.peak_concurrency if isinstance(self._invoker, WorkerPool) else None

    @property
    def cold_starts(self) -> int | None:
        """Worker processes that imported the handler, replacements included (worker mode only)."""
        return self._invoker.cold_starts if isinstance(self._invoker, WorkerPool) else None

    @property
    def throttled_invocations(self) -> int | None:
        """Invocations Lambda would have throttled: every worker busy (worker mode only)."""
        return self._invoker.throttled if isinstance(self._invoker, WorkerPool) else None

    def start(self) -> Self:
        if self._server is not None:
            return self
        invoker = self._new_invoker()
        invoker.start()
        dispatcher = Dispatcher(
            invoker=invoker,
            api_key=self._api_key,
            plan=self._plan,
            cors=self._cors,
            responses=self._gateway_responses,
            stage=self._stage,
            integration_timeout=self._integration_timeout,
            openapi_path=self._openapi_path,
        )
        try:
            server = GatewayHTTPServer(
                (self._host, self._port),
                dispatcher=dispatcher,
                max_body_bytes=self._max_body_bytes,
                on_reply=self._count,
            )
        except OSError:
            invoker.close()
            raise
        self._invoker, self._server = invoker, server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": _POLL_INTERVAL}, name="local-gateway", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread, invoker = self._server, self._thread, self._invoker
        self._server = self._thread = self._invoker = None
        if server is not None:
            server.shutdown()
            server.close_connections()
            server.server_close()
        if thread is not None:
            thread.join(_JOIN_TIMEOUT)
        if invoker is not None:
            invoker.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def _new_invoker(self) -> Invoker:
        if self._workers is not None:
            assert self._handler_path is not None
            return WorkerPool(
                self._handler_path,
                size=self._workers,
                function=self._function,
                env=self._env,
                acquire_timeout=self._worker_wait,
            )
        handler = self._handler or load_handler(str(self._handler_path))
        path = self._handler_path or f"{handler.__module__}.{getattr(handler, '__qualname__', 'handler')}"
        return InProcessInvoker(handler, function=self._function, handler_path=path)

    def _count(self, status: int) -> None:
        with self._stats_lock:
            self._stats[status] += 1
