"""Shared fixtures. Each module under tests/fixtures/ starts one real local server or resource."""

pytest_plugins = [
    "tests.fixtures.postgres",
    "tests.fixtures.netsuite_sandbox",
    "tests.fixtures.aws",
    "tests.fixtures.gateway",
    "tests.fixtures.tls",
]
