"""The composition root: builds every client once per cold start and wires them into the API."""

import logging
from collections.abc import Mapping

import httpx

from pickup.api.app import MisconfiguredApi, ValidateOrderApi
from pickup.api.logs import configure_logger, log_event
from pickup.api.responses import CorsPolicy
from pickup.domain.service import ValidateOrder
from pickup.errors import ConfigurationError
from pickup.netsuite import NetSuiteClient, load_netsuite_config
from pickup.settings import load_api_settings
from pickup.store import build_store


def build_http_client() -> httpx.Client:
    """One pooled client for NetSuite and Supabase; timeouts are set per request from the time budget."""
    return httpx.Client(
        timeout=httpx.Timeout(10.0, connect=3.0),
        limits=httpx.Limits(max_connections=10, max_keepalive_connections=4, keepalive_expiry=60.0),
        trust_env=False,
        headers={"User-Agent": "pickup-validation/0.1"},
    )


def build_service(env: Mapping[str, str], http: httpx.Client) -> ValidateOrder:
    settings = load_api_settings(env)
    source = NetSuiteClient(load_netsuite_config(env), http=http)
    return ValidateOrder(source, build_store(env, http), settings.eligibility, settings.cache)


def build_api(env: Mapping[str, str], http: httpx.Client | None = None) -> ValidateOrderApi | MisconfiguredApi:
    """The API ready to serve, or one that answers 500 and logs which settings are wrong."""
    logger = configure_logger((env.get("LOG_LEVEL") or "INFO").upper())
    try:
        settings = load_api_settings(env)
        validate = build_service(env, http or build_http_client())
    except ConfigurationError as problem:
        log_event(logger, logging.ERROR, "configuration error", problem=str(problem), variables=problem.variables)
        return MisconfiguredApi(str(problem), cors=CorsPolicy(), logger=logger)
    return ValidateOrderApi(
        validate, cors=settings.cors, time_budget_seconds=settings.time_budget_seconds, logger=logger
    )
