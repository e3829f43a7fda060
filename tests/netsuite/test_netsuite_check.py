"""`pickup netsuite-check`: OK with mode, realm and URL, or plain advice on what to fix; never a secret."""

import io
import re
import time
from datetime import UTC, datetime

import pytest
from tests.netsuite.keys import ec_p256_private_pem

from pickup.netsuite import BadQuery, RateLimited, load_netsuite_config
from pickup_dev.cli import main
from pickup_dev.commands.netsuite_check import check_environment, failure_hints
from pickup_dev.sandbox import DEMO_TBA


def run_check(env, **options):
    out, err = io.StringIO(), io.StringIO()
    code = check_environment(env, out=out, err=err, budget_seconds=10, **options)
    return code, out.getvalue(), err.getvalue()


def assert_no_secrets(text: str, env: dict[str, str]) -> None:
    for name in ("NETSUITE_CONSUMER_SECRET", "NETSUITE_TOKEN_SECRET", "NETSUITE_PRIVATE_KEY"):
        if env.get(name):
            assert env[name].strip().splitlines()[1 if name == "NETSUITE_PRIVATE_KEY" else 0] not in text
    assert DEMO_TBA.token_secret not in text
    assert "@" not in text


@pytest.mark.parametrize(("mode", "mode_name"), [("tba", "Token-Based Authentication"), ("m2m", "OAuth 2.0")])
def test_working_credentials_print_ok_with_mode_realm_and_url(netsuite_sandbox, mode, mode_name):
    # given the sandbox's credentials
    env = netsuite_sandbox.client_env(mode)
    # when checked
    code, out, err = run_check(env)
    # then OK, with the mode, the realm, the base URL and the clock comparison, and nothing secret
    assert code == 0
    assert out.startswith("OK")
    assert mode_name in out
    assert "1234567_SB1" in out
    assert netsuite_sandbox.url in out
    assert "clock" in out
    assert err == ""
    assert_no_secrets(out, env)
    assert netsuite_sandbox.stats.suiteql_requests == 1


def test_the_command_line_reads_the_environment(netsuite_sandbox, monkeypatch, capsys):
    # given NETSUITE_* variables in the process environment
    for name, value in netsuite_sandbox.client_env("tba").items():
        monkeypatch.setenv(name, value)
    # when `pickup netsuite-check` runs
    code = main(["netsuite-check", "--budget", "10"])
    # then it succeeds
    assert code == 0
    assert capsys.readouterr().out.startswith("OK")


def test_missing_variables_are_named_with_exit_code_2():
    code, out, err = run_check({"NETSUITE_ACCOUNT_ID": "1234567_SB1", "NETSUITE_CONSUMER_KEY": "key"})
    assert code == 2
    assert out == ""
    for name in ("NETSUITE_CONSUMER_SECRET", "NETSUITE_TOKEN_ID", "NETSUITE_TOKEN_SECRET"):
        assert name in err
    assert "OAuth 2.0 needs all of" in err


def test_a_bad_signature_points_at_the_secrets_and_the_role(netsuite_sandbox):
    # given a wrong token secret
    env = netsuite_sandbox.client_env("tba") | {"NETSUITE_TOKEN_SECRET": "not-the-token-secret"}
    # when checked
    code, _, err = run_check(env)
    # then it fails, pointing at both secrets, the realm, the role's permissions and the audit trail
    assert code == 1
    assert "401 INVALID_LOGIN" in err
    assert "NETSUITE_CONSUMER_SECRET and NETSUITE_TOKEN_SECRET" in err
    assert "realm" in err
    assert "REST Web Services" in err
    assert "Login Audit Trail" in err
    assert "clock skew" not in err
    assert "not-the-token-secret" not in err
    assert_no_secrets(err, env)


def test_clock_skew_is_measured_against_netsuites_date_header(netsuite_sandbox):
    # given a local clock 15 minutes ahead
    env = netsuite_sandbox.client_env("tba")
    # when checked
    code, _, err = run_check(env, wall_clock=lambda: time.time() + 900)
    # then the advice leads with the skew, in seconds
    assert code == 1
    assert re.search(r"clock skew: this machine's clock is 90[01] s ahead of NetSuite's", err)


def test_a_lower_case_sandbox_account_id_is_explained(netsuite_sandbox):
    env = netsuite_sandbox.client_env("tba") | {"NETSUITE_ACCOUNT_ID": "1234567_sb1", "NETSUITE_TOKEN_SECRET": "x"}
    code, _, err = run_check(env)
    assert code == 1
    assert "is written '1234567_sb1'; the realm sent is '1234567_SB1'" in err


def test_an_oauth2_invalid_client_points_at_the_certificate_mapping(netsuite_sandbox):
    # given a private key that is not the certificate's
    env = netsuite_sandbox.client_env("m2m") | {"NETSUITE_PRIVATE_KEY": ec_p256_private_pem()}
    # when checked
    code, _, err = run_check(env)
    # then the token endpoint's refusal is explained: certificate id, key, mapping, RS256
    assert code == 1
    assert "invalid_client" in err
    assert "NETSUITE_CERTIFICATE_ID" in err
    assert "NETSUITE_PRIVATE_KEY" in err
    assert "RS256" in err
    assert_no_secrets(err, env)


def test_an_unreachable_url_is_explained(netsuite_sandbox):
    env = netsuite_sandbox.client_env("tba") | {"NETSUITE_REST_URL": "http://127.0.0.1:9", "NETSUITE_MAX_ATTEMPTS": "1"}
    code, _, err = run_check(env)
    assert code == 1
    assert "no answer from http://127.0.0.1:9" in err


def test_a_refused_query_points_at_record_permissions():
    config = load_netsuite_config(
        {
            "NETSUITE_ACCOUNT_ID": "1",
            "NETSUITE_CONSUMER_KEY": "k",
            "NETSUITE_CONSUMER_SECRET": "s",
            "NETSUITE_TOKEN_ID": "t",
            "NETSUITE_TOKEN_SECRET": "u",
        }
    )
    error = BadQuery("NetSuite answered 400 INVALID_PARAMETER").describe(status=400, code="INVALID_PARAMETER")
    hints = failure_hints(error, config, datetime.now(UTC))
    assert any("may not read transactions" in hint for hint in hints)


def test_a_rate_limit_is_explained_as_the_accounts_concurrency():
    config = load_netsuite_config(
        {
            "NETSUITE_ACCOUNT_ID": "1",
            "NETSUITE_CONSUMER_KEY": "k",
            "NETSUITE_CONSUMER_SECRET": "s",
            "NETSUITE_TOKEN_ID": "t",
            "NETSUITE_TOKEN_SECRET": "u",
        }
    )
    hints = failure_hints(RateLimited("429").describe(status=429), config, datetime.now(UTC))
    assert any("concurrency limit" in hint for hint in hints)
