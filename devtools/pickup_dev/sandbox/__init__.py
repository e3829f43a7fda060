"""A local NetSuite sandbox server for development and tests; never shipped in the Lambda.

It serves one account (`1234567_SB1` by default) on 127.0.0.1 over HTTP/1.1 with keep-alive:

    POST /services/rest/query/v1/suiteql       SuiteQL executed for real over fixture tables (demo_data.json,
                                               described in demo_data.md), NetSuite's envelope, paging and errors
    POST /services/rest/auth/oauth2/v1/token   OAuth 2.0 client credentials with a JWT client assertion

Logins: Token-Based Authentication (HMAC-SHA256 signatures checked as NetSuite checks them) and/or bearer tokens
from the token endpoint. Every refused login is a generic 401 INVALID_LOGIN; the reason goes to `audit_trail`.

    with NetSuiteSandbox(latency_ms=0, concurrency_limit=None) as sandbox:
        env = sandbox.client_env("tba")           # or "m2m": the NETSUITE_* variables for a client
        sandbox.faults.fail_next(2, status=503)   # also drop_next, malformed_next, unauthorized_next,
                                                  # latency_ms, concurrency_limit (429 beyond it);
                                                  # token endpoint: fail_next_token, drop_next_token,
                                                  # malformed_next_token
        ...
        sandbox.stats.suiteql_requests, sandbox.stats.max_in_flight, sandbox.stats.status_counts
        sandbox.reset()

The same controls over HTTP, for a sandbox in another process (`pickup sandbox`):

    GET  /__sandbox/stats         counters
    GET  /__sandbox/audit-trail   {"entries": [reasons]}
    GET  /__sandbox/faults        current faults
    POST /__sandbox/faults        {"latency_ms": 200, "concurrency_limit": 5, "fail_next": 2 or {"count", "status"},
                                   "drop_next": 1, "malformed_next": 1, "unauthorized_next": 1, "token_lifetime": 2,
                                   "fail_next_token": 1 or {"count", "status"}, "drop_next_token": 1,
                                   "malformed_next_token": 1}
    POST /__sandbox/reset         counters, faults, audit trail and token lifetime back to the start
"""

from pickup_dev.sandbox.demo import (
    DEMO_ACCOUNT_ID,
    DEMO_M2M,
    DEMO_TBA,
    M2MCredentials,
    TbaCredentials,
    client_env,
)
from pickup_dev.sandbox.server import NetSuiteSandbox

__all__ = [
    "DEMO_ACCOUNT_ID",
    "DEMO_M2M",
    "DEMO_TBA",
    "M2MCredentials",
    "NetSuiteSandbox",
    "TbaCredentials",
    "client_env",
]
