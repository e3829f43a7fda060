"""The NetSuite adapter: sales orders by SuiteQL over SuiteTalk REST, authenticated with Token-Based
Authentication (OAuth 1.0a, HMAC-SHA256) or OAuth 2.0 client credentials.

    config = load_netsuite_config(os.environ)
    source = NetSuiteClient(config, http=httpx.Client(...))   # once per cold start
    order = source.fetch_sales_order("SO1001", deadline=deadline, trace=trace)

Modules: config (environment), auth / tba / oauth2 / keys (authentication), suiteql (queries and literals),
normalize and sales_orders (rows to domain objects), responses and errors (answers and failures),
retry (backoff policy), transport (one HTTP exchange), client (all of it together).
"""

from pickup.netsuite.client import CheckResult, NetSuiteClient
from pickup.netsuite.config import NetSuiteConfig, load_netsuite_config
from pickup.netsuite.errors import (
    AuthenticationFailed,
    BadQuery,
    MalformedResponse,
    NetSuiteError,
    RateLimited,
    ResultTooLarge,
    Unavailable,
)
from pickup.netsuite.retry import RetryPolicy

__all__ = [
    "AuthenticationFailed",
    "BadQuery",
    "CheckResult",
    "MalformedResponse",
    "NetSuiteClient",
    "NetSuiteConfig",
    "NetSuiteError",
    "RateLimited",
    "ResultTooLarge",
    "RetryPolicy",
    "Unavailable",
    "load_netsuite_config",
]
