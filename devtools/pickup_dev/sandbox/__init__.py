"""A local NetSuite sandbox server: SuiteQL over fixture data, TBA and OAuth 2.0 logins, fault injection.

A development and test component; it is never shipped in the Lambda. See demo_data.md for the demo orders.
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
