"""`pickup netsuite-check`: prove the NETSUITE_* credentials work with one trivial SuiteQL query.

Prints OK with the authentication mode, realm and base URL (never a secret), or says in plain words what
to check: missing variables, signature secrets, clock skew (measured against NetSuite's Date header), the
realm's case, the role's permissions, the OAuth 2.0 certificate mapping. Exit code 0 on success, 1 when
NetSuite refused or failed, 2 when the settings are incomplete.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from pickup.domain.errors import PickupError
    from pickup.errors import ConfigurationError
    from pickup.netsuite import AuthenticationFailed, NetSuiteConfig

ACCOUNT_ID = "NETSUITE_ACCOUNT_ID"

DEFAULT_BUDGET_SECONDS = 20.0
TBA_CLOCK_TOLERANCE_SECONDS = 300  # NetSuite refuses TBA timestamps further than 5 minutes from its clock
NOTABLE_SKEW_SECONDS = 30
MODE_NAMES = {
    "tba": "Token-Based Authentication (OAuth 1.0a, HMAC-SHA256)",
    "oauth2": "OAuth 2.0 client credentials (JWT assertion)",
}
AUDIT_TRAIL_HINT = (
    "NetSuite's reason is in Setup > Users/Roles > User Management > View Login Audit Trail (Detail column)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET_SECONDS,
        metavar="SECONDS",
        help=f"the most the check may take, retries included (default {DEFAULT_BUDGET_SECONDS:g})",
    )


def run(args: argparse.Namespace) -> int:
    return check_environment(os.environ, budget_seconds=args.budget, out=sys.stdout, err=sys.stderr)


def check_environment(
    env: Mapping[str, str],
    *,
    budget_seconds: float = DEFAULT_BUDGET_SECONDS,
    out: TextIO,
    err: TextIO,
    wall_clock: Callable[[], float] = time.time,
) -> int:
    """Load the settings from `env`, ask NetSuite one trivial question, report; returns the exit code."""
    import httpx

    from pickup.domain.deadline import Deadline
    from pickup.domain.errors import PickupError
    from pickup.errors import ConfigurationError
    from pickup.netsuite import NetSuiteClient, NetSuiteError, load_netsuite_config

    try:
        config = load_netsuite_config(env)
    except ConfigurationError as problem:
        _print_lines(err, ["FAILED  the NetSuite settings are incomplete or invalid", f"  {problem}", ""])
        _print_lines(err, ["What to check:", *(f"  - {hint}" for hint in configuration_hints(problem))])
        return 2
    with httpx.Client(trust_env=False, headers={"User-Agent": "pickup-netsuite-check"}) as http:
        client = NetSuiteClient(config, http=http, wall_clock=wall_clock)
        try:
            result = client.check(Deadline.after(budget_seconds))
        except PickupError as error:
            local_now = datetime.fromtimestamp(wall_clock(), UTC)
            _print_lines(err, [f"FAILED  {error}", *_settings_lines(config)])
            if isinstance(error, NetSuiteError) and error.detail:
                _print_lines(err, [f"  NetSuite says: {error.detail}"])
            _print_lines(err, ["", "What to check:", *(f"  - {h}" for h in failure_hints(error, config, local_now))])
            return 1
    lines = ["OK  NetSuite answered a SuiteQL query", *_settings_lines(config), f"  attempts  {result.attempts}"]
    if result.clock_skew_seconds is not None:
        lines.append(f"  clock     {_skew_words(result.clock_skew_seconds)}")
    _print_lines(out, lines)
    return 0


def configuration_hints(problem: "ConfigurationError") -> list[str]:
    from pickup.netsuite.config import OAUTH2_VARIABLES, TBA_VARIABLES

    hints = []
    if problem.variables:
        hints.append(f"set {', '.join(problem.variables)} (an empty value counts as not set)")
    if set(problem.variables) & (set(TBA_VARIABLES) | set(OAUTH2_VARIABLES)):
        hints.append(
            f"OAuth 2.0 needs all of {', '.join(OAUTH2_VARIABLES)}; Token-Based Authentication needs all of "
            f"{', '.join(TBA_VARIABLES)}; with both sets complete, OAuth 2.0 is used"
        )
    if ACCOUNT_ID in problem.variables:
        hints.append(f"{ACCOUNT_ID} is the account id as NetSuite shows it: 1234567, or 1234567_SB1 for a sandbox")
    return hints


def failure_hints(error: "PickupError", config: "NetSuiteConfig", local_now: datetime) -> list[str]:
    """Plain-words advice for a failed check, most likely cause first."""
    from pickup.domain.errors import DeadlineExceeded
    from pickup.netsuite import AuthenticationFailed, BadQuery, MalformedResponse, RateLimited, Unavailable

    hints: list[str] = []
    skew = _clock_skew(error, local_now)
    if skew is not None and abs(skew) > NOTABLE_SKEW_SECONDS:
        limit = "TBA timestamps and OAuth 2.0 assertions must be within 5 minutes of NetSuite's time"
        hints.append(f"clock skew: this machine's clock is {_skew_words(skew)}; {limit}. Sync the clock (NTP).")
    if isinstance(error, AuthenticationFailed):
        hints += _authentication_hints(error, config)
    elif isinstance(error, RateLimited):
        hints.append(
            "the account's concurrency limit is used up by other integrations right now; try again shortly, "
            "or give this integration its own limit (Setup > Integration > Integration Governance)"
        )
    elif isinstance(error, Unavailable | DeadlineExceeded):
        hints.append(
            f"no answer from {config.base_url}: check the network, NETSUITE_REST_URL, or {ACCOUNT_ID} "
            "(the host is derived from it); NetSuite may also be down or slow"
        )
    elif isinstance(error, BadQuery):
        hints.append(
            "NetSuite refused a trivial SuiteQL query: the role can log in but may not read transactions; "
            "give it SuiteAnalytics Workbook and Transactions permissions"
        )
    elif isinstance(error, MalformedResponse):
        hints.append(f"{config.base_url} did not answer like SuiteTalk REST: check NETSUITE_REST_URL")
    if skew is None and isinstance(error, AuthenticationFailed):
        hints.append("compare this machine's clock with an NTP server: NetSuite sent no Date header to compare with")
    return hints or [str(error)]


def _authentication_hints(error: "AuthenticationFailed", config: "NetSuiteConfig") -> list[str]:
    if error.stage == "token":
        hints = []
        if error.code == "invalid_grant":
            hints.append(
                "invalid_grant: the assertion's time (iat/exp), audience or scope was refused; check the clock"
            )
        hints += [
            f"the token endpoint refused the client assertion ({error.code or 'no error code'}): check that "
            "NETSUITE_CERTIFICATE_ID is the certificate id shown on the OAuth 2.0 Client Credentials (M2M) Setup "
            "page, that NETSUITE_PRIVATE_KEY is the key of that certificate, that the mapping is neither revoked "
            "nor expired, and that NETSUITE_CLIENT_ID is the integration record's client id",
            "NetSuite refuses RS256 assertions; this client signs PS256 with an RSA key and ES256 with an EC P-256 "
            "key, so a sample or tool that worked with RS256 says nothing about these credentials",
            AUDIT_TRAIL_HINT,
        ]
        return hints
    hints = []
    if config.mode == "tba":
        hints.append(
            "bad signature: check NETSUITE_CONSUMER_SECRET and NETSUITE_TOKEN_SECRET, and that the token "
            "(NETSUITE_TOKEN_ID) was issued for this integration record (NETSUITE_CONSUMER_KEY) in this account"
        )
        raw_account = config.account_id
        if raw_account != config.realm:
            hints.append(
                f"realm: {ACCOUNT_ID} is written {raw_account!r}; the realm sent is {config.realm!r}, upper case as "
                "NetSuite writes sandbox ids. If the account id itself is wrong, copy it from Setup > Company > "
                "Company Information"
            )
        else:
            hints.append(
                f"realm: the realm sent is {config.realm!r}; it must be the account id exactly as NetSuite writes it "
                "(a sandbox is 1234567_SB1, never 1234567_sb1)"
            )
    else:
        hints.append(
            "NetSuite issued an access token but SuiteQL refused it (after one renewal): look at the role "
            "mapped to the certificate on the OAuth 2.0 Client Credentials (M2M) Setup page"
        )
    hints += [
        "role permissions: INVALID_LOGIN also means the role lacks REST Web Services, Log in using Access Tokens "
        "(TBA) or Log in using OAuth 2.0 Access Tokens, or SuiteAnalytics Workbook for SuiteQL",
        AUDIT_TRAIL_HINT,
    ]
    return hints


def _clock_skew(error: "PickupError", local_now: datetime) -> float | None:
    from pickup.netsuite import NetSuiteError

    if isinstance(error, NetSuiteError) and error.server_date is not None:
        return (local_now - error.server_date).total_seconds()
    return None


def _skew_words(seconds: float) -> str:
    whole = round(seconds)
    if whole == 0:
        return "in step with NetSuite's"
    return f"{abs(whole)} s {'ahead of' if whole > 0 else 'behind'} NetSuite's"


def _settings_lines(config: "NetSuiteConfig") -> list[str]:
    return [
        f"  mode      {MODE_NAMES[config.mode]}",
        f"  realm     {config.realm}",
        f"  base URL  {config.base_url}",
    ]


def _print_lines(stream: TextIO, lines: list[str]) -> None:
    stream.write("".join(f"{line}\n" for line in lines))
