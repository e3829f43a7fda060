"""The NetSuite order source: one SuiteQL request per validation, retried only when retrying can help.

Built once per cold start around one pooled `httpx.Client`, so warm invocations reuse its connections
(and, in OAuth 2.0 mode, the access token). Every HTTP attempt, token requests included, is counted in
`trace.netsuite_attempts`; the class name of the error that ends a call goes to `trace.upstream_error`.

Retries: RateLimited and Unavailable only, at most `max_attempts` attempts, with exponential backoff
and full jitter, and never an attempt that the time budget cannot hold (`RetryPolicy.min_attempt_seconds`).
Each attempt's timeout is the per-attempt timeout capped by what is left of the budget. When the budget
runs out during an attempt the call raises DeadlineExceeded; when a transient failure leaves too little
time to try again, that failure is raised, with a `retry_after` for our caller. In OAuth 2.0 mode a 401
from SuiteQL renews the access token and tries once more, outside the transient-attempt count.
"""

import logging
import random as random_module
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from pickup.domain.deadline import Deadline
from pickup.domain.errors import DeadlineExceeded, PickupError
from pickup.domain.orders import SalesOrder, normalize_order_number
from pickup.domain.ports import Trace
from pickup.netsuite.auth import build_authenticator
from pickup.netsuite.config import Mode, NetSuiteConfig
from pickup.netsuite.errors import AuthenticationFailed, RateLimited, ResultTooLarge, Unavailable
from pickup.netsuite.normalize import Column, Value, normalize_row
from pickup.netsuite.responses import Page, error_for, read_page
from pickup.netsuite.retry import RetryPolicy, retry_after_seconds
from pickup.netsuite.sales_orders import sales_order_from_rows
from pickup.netsuite.suiteql import CHECK_COLUMNS, CHECK_QUERY, SALES_ORDER_COLUMNS, sales_order_query
from pickup.netsuite.tba import new_nonce
from pickup.netsuite.transport import send

logger = logging.getLogger("pickup.netsuite")

PAGE_SIZE = 1000  # SuiteQL's largest page
MAX_PAGES = 10  # 10,000 lines is far beyond any pickup order


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `check` learnt: the credentials work, and how far the local clock is from NetSuite's."""

    mode: Mode
    realm: str
    base_url: str
    rows: int
    attempts: int
    server_date: datetime | None
    local_date: datetime

    @property
    def clock_skew_seconds(self) -> float | None:
        """Local clock minus NetSuite's (positive: ours is ahead), to the second of the Date header."""
        if self.server_date is None:
            return None
        return (self.local_date - self.server_date).total_seconds()


class NetSuiteClient:
    """Implements pickup.domain.ports.OrderSource over SuiteTalk REST."""

    def __init__(
        self,
        config: NetSuiteConfig,
        *,
        http: httpx.Client,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        random: Callable[[], float] = random_module.random,
        nonce: Callable[[], str] = new_nonce,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self._config = config
        self._http = http
        self._retry = retry or RetryPolicy(max_attempts=config.max_attempts)
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._random = random
        self._max_pages = max_pages
        self._auth = build_authenticator(config, http=http, wall_clock=wall_clock, monotonic=monotonic, nonce=nonce)

    @property
    def mode(self) -> Mode:
        return self._config.mode

    @property
    def realm(self) -> str:
        return self._config.realm

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def fetch_sales_order(self, order_number: str, *, deadline: Deadline, trace: Trace) -> SalesOrder | None:
        """The sales order with this document number, or None. Raises InvalidRequest for a malformed number
        (before anything is sent), UpstreamError / UpstreamUnavailable subclasses, or DeadlineExceeded."""
        number = normalize_order_number(order_number)
        query = sales_order_query(number)
        try:
            rows = self.suiteql(query, SALES_ORDER_COLUMNS, deadline=deadline, trace=trace)
            return sales_order_from_rows(number, rows)
        except PickupError as error:
            trace.upstream_error = type(error).__name__
            raise

    def check(self, deadline: Deadline) -> CheckResult:
        """Run the cheapest query there is; raises like `fetch_sales_order` when the credentials do not work."""
        trace = Trace()
        page = self._page(CHECK_QUERY, limit=1, offset=0, deadline=deadline, trace=trace)
        rows = [normalize_row(item, CHECK_COLUMNS) for item in page.items]
        return CheckResult(
            mode=self.mode,
            realm=self.realm,
            base_url=self.base_url,
            rows=len(rows),
            attempts=trace.netsuite_attempts,
            server_date=page.server_date,
            local_date=datetime.fromtimestamp(self._wall_clock(), UTC),
        )

    def suiteql(
        self, query: str, columns: Mapping[str, Column], *, deadline: Deadline, trace: Trace
    ) -> list[dict[str, Value]]:
        """All rows of `query`, normalized; follows pages while NetSuite reports more, up to `max_pages`."""
        rows: list[dict[str, Value]] = []
        for page_number in range(self._max_pages):
            page = self._page(query, limit=PAGE_SIZE, offset=page_number * PAGE_SIZE, deadline=deadline, trace=trace)
            rows.extend(normalize_row(item, columns) for item in page.items)
            if not page.has_more:
                return rows
        raise ResultTooLarge(f"the query matched more than {self._max_pages * PAGE_SIZE} rows")

    def _page(self, query: str, *, limit: int, offset: int, deadline: Deadline, trace: Trace) -> Page:
        url = f"{self._config.suiteql_url}?limit={limit}&offset={offset}"
        transient_failures = 0
        token_renewed = False
        while True:
            if deadline.remaining() < self._retry.min_attempt_seconds:
                raise DeadlineExceeded("too little time left to ask NetSuite")
            try:
                return self._attempt(url, query, deadline, trace)
            except AuthenticationFailed as error:
                if error.stage != "query" or token_renewed or not self._auth.renew():
                    raise
                token_renewed = True
                _log(logging.INFO, "NetSuite refused the access token; renewing it once", error)
            except (RateLimited, Unavailable) as error:
                transient_failures += 1
                if deadline.expired():
                    raise DeadlineExceeded("the time budget ran out while NetSuite was asked") from error
                delay = self._retry.backoff(transient_failures, self._random)
                if not (
                    self._retry.should_retry(error, transient_failures)
                    and self._retry.has_time_for(delay, deadline.remaining())
                ):
                    error.retry_after = retry_after_seconds(error, self._random)
                    raise
                _log(logging.INFO, "NetSuite attempt failed; trying again", error, delay=round(delay, 3))
                self._sleep(delay)

    def _attempt(self, url: str, query: str, deadline: Deadline, trace: Trace) -> Page:
        authorization = self._auth.authorization("POST", url, deadline=deadline, trace=trace)
        response = send(
            self._http,
            "POST",
            url,
            headers={"Authorization": authorization, "Prefer": "transient", "Accept": "application/json"},
            json={"q": query},
            timeout_seconds=self._config.timeout_seconds,
            deadline=deadline,
            trace=trace,
        )
        if response.status_code != 200:
            raise error_for(response)
        return read_page(response)


def _log(level: int, message: str, error: Exception, **fields: object) -> None:
    details = {
        "error": type(error).__name__,
        "status": getattr(error, "status", None),
        "code": getattr(error, "code", None),
        "stage": getattr(error, "stage", None),
    }
    logger.log(level, message, extra={"fields": details | fields})
