"""The composition root: builds every client once per cold start and wires them into the API."""

import logging
from collections.abc import Callable, Mapping

import certifi
import httpx

from pickup.api.app import MisconfiguredApi, ValidateOrderApi
from pickup.api.logs import configure_logger, log_event
from pickup.api.responses import CorsPolicy
from pickup.domain.service import ValidateOrder
from pickup.errors import ConfigurationError
from pickup.netsuite import NetSuiteClient, load_netsuite_config
from pickup.settings import ApiSettings, load_api_settings
from pickup.store import build_store
from pickup.tls import server_verification

# Libraries that write credentials or raw protocol traffic at DEBUG: oauthlib logs the consumer key, token id and
# signature base string; httpcore logs raw headers. Capped here so LOG_LEVEL=DEBUG never leaks them.
_CHATTY_LOGGERS = {"oauthlib": logging.WARNING, "httpcore": logging.INFO, "jwt": logging.WARNING}


def quiet_chatty_loggers() -> None:
    for name, level in _CHATTY_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def build_http_client() -> httpx.Client:
    """One pooled client for NetSuite and Supabase; timeouts are set per request from the time budget."""
    return httpx.Client(
        verify=server_verification(certifi.where()),
        timeout=httpx.Timeout(10.0, connect=3.0),
        limits=httpx.Limits(max_connections=10, max_keepalive_connections=4, keepalive_expiry=60.0),
        trust_env=False,
        headers={"User-Agent": "pickup-validation/0.1"},
    )


def build_service(
    env: Mapping[str, str], settings: ApiSettings, http: httpx.Client
) -> tuple[ValidateOrder, list[Callable[[], None]]]:
    """The use case wired to its adapters, and what must be closed when it is no longer needed."""
    source = NetSuiteClient(load_netsuite_config(env), http=http)
    store = build_store(env, http)
    closers: list[Callable[[], None]] = []
    close_store = getattr(store, "close", None)
    if callable(close_store):
        closers.append(close_store)
    return ValidateOrder(source, store, settings.eligibility, settings.cache), closers


def build_api(env: Mapping[str, str], http: httpx.Client | None = None) -> ValidateOrderApi | MisconfiguredApi:
    """The API ready to serve, or one that answers 500 and logs which settings are wrong."""
    logger = configure_logger((env.get("LOG_LEVEL") or "INFO").upper())
    quiet_chatty_loggers()
    client = http or build_http_client()
    try:
        settings = load_api_settings(env)
        validate, closers = build_service(env, settings, client)
    except ConfigurationError as problem:
        if http is None:
            client.close()
        log_event(logger, logging.ERROR, "configuration error", problem=str(problem), variables=problem.variables)
        return MisconfiguredApi(str(problem), cors=CorsPolicy(), logger=logger)
    if http is None:
        closers.append(client.close)
    return ValidateOrderApi(
        validate,
        cors=settings.cors,
        time_budget_seconds=settings.time_budget_seconds,
        logger=logger,
        closers=closers,
    )
