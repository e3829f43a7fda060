"""Settings of the API itself, read from the environment (NetSuite and store settings live with their adapters)."""

from collections.abc import Mapping
from dataclasses import dataclass

from pickup.api.responses import CorsPolicy
from pickup.domain.eligibility import EligibilityPolicy
from pickup.domain.service import CachePolicy
from pickup.errors import ConfigurationError

DEFAULT_TIME_BUDGET_SECONDS = 25.0  # API Gateway REST gives up at 29 s; the function's timeout is 28 s


@dataclass(frozen=True, slots=True)
class ApiSettings:
    cors: CorsPolicy
    eligibility: EligibilityPolicy
    cache: CachePolicy
    time_budget_seconds: float
    log_level: str


def load_api_settings(env: Mapping[str, str]) -> ApiSettings:
    """Parse ALLOWED_ORIGINS, ELIGIBLE_STATUSES, CACHE_*_SECONDS, TIME_BUDGET_SECONDS and LOG_LEVEL."""
    origins = tuple(o.strip().rstrip("/") for o in env.get("ALLOWED_ORIGINS", "*").split(",") if o.strip())
    try:
        eligibility = EligibilityPolicy.parse(env.get("ELIGIBLE_STATUSES") or "B,D,E,F")
    except ValueError as exc:
        raise ConfigurationError(str(exc), variables=("ELIGIBLE_STATUSES",)) from exc
    cache = CachePolicy(
        fresh_seconds=_seconds(env, "CACHE_FRESH_SECONDS", 900),
        stale_seconds=_seconds(env, "CACHE_STALE_SECONDS", 86400),
        timeout_seconds=_seconds(env, "CACHE_TIMEOUT_SECONDS", 1.0),
    )
    level = (env.get("LOG_LEVEL") or "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigurationError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR", variables=("LOG_LEVEL",))
    return ApiSettings(
        cors=CorsPolicy(origins or ("*",)),
        eligibility=eligibility,
        cache=cache,
        time_budget_seconds=_seconds(env, "TIME_BUDGET_SECONDS", DEFAULT_TIME_BUDGET_SECONDS),
        log_level=level,
    )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number of seconds", variables=(name,)) from None
    if not 0 < value < 10**7:
        raise ConfigurationError(f"{name} must be a positive number of seconds", variables=(name,))
    return value
