"""The gateway's own error answers follow API Gateway's gateway-response rules, customised as infra/ deploys them."""

import re
from pathlib import Path

from pickup_dev.gateway import GatewayResponse, GatewayResponses, aws_facts
from pickup_dev.gateway.gateway_responses import DEPLOYED
from pickup_dev.gateway.replies import Cors

API_GATEWAY_TF = Path(__file__).resolve().parents[2] / "infra" / "api_gateway.tf"
CORS = Cors("https://pickup.example.com")


def test_the_deployed_customisation_answers_every_gateway_5xx_but_a_timeout_with_503_and_retry_after():
    # given the deployed gateway responses
    responses = GatewayResponses()

    # when API Gateway answers each of its own 5XX errors
    rejected = responses.reply(aws_facts.INVOCATION_REJECTED, CORS)
    failed = responses.reply(aws_facts.FUNCTION_FAILED, CORS)
    timed_out = responses.reply(aws_facts.INTEGRATION_TIMED_OUT, CORS)

    # then a refused invocation and a function error are 503 with Retry-After 2; a timeout stays 504, Retry-After 5
    assert (rejected.status, rejected.header("Retry-After")) == (503, "2")
    assert (failed.status, failed.header("Retry-After")) == (503, "2")
    assert (timed_out.status, timed_out.header("Retry-After")) == (504, "5")
    # and every one carries the CORS headers, lets a page read Retry-After and keeps API Gateway's message
    for reply in (rejected, failed, timed_out):
        assert reply.header("Access-Control-Allow-Origin") == "https://pickup.example.com"
        assert reply.header("Access-Control-Expose-Headers") == "Retry-After"
    assert rejected.body == b'{"message":"Internal server error"}'
    assert timed_out.body == b'{"message":"Endpoint request timed out"}'


def test_the_deployed_customisation_keeps_each_4xx_status_with_cors_and_no_retry_after():
    # given the deployed gateway responses, when API Gateway refuses requests itself
    replies = [GatewayResponses().reply(error, CORS) for error in (aws_facts.FORBIDDEN, aws_facts.THROTTLED)]

    # then each keeps its own status, with CORS headers and no Retry-After
    assert [reply.status for reply in replies] == [403, 429]
    assert all(reply.header("Access-Control-Allow-Origin") == "https://pickup.example.com" for reply in replies)
    assert all(reply.header("Retry-After") is None for reply in replies)


def test_uncustomised_every_answer_has_the_aws_default_status_and_no_extra_header():
    # given API Gateway with nothing customised
    responses = GatewayResponses.uncustomised()

    # when it answers its own errors
    replies = {error: responses.reply(error, CORS) for error in (aws_facts.INVOCATION_REJECTED, aws_facts.FORBIDDEN)}

    # then the statuses are AWS's defaults and no CORS or Retry-After header is added
    assert {error.status: reply.status for error, reply in replies.items()} == {500: 500, 403: 403}
    assert all(reply.headers == [("Content-Type", "application/json")] for reply in replies.values())


def test_a_type_customised_on_its_own_wins_over_the_family_default():
    # given DEFAULT_5XX with a status and INTEGRATION_TIMEOUT customised without one
    responses = GatewayResponses(
        {"DEFAULT_5XX": GatewayResponse(status=503, retry_after=2), "INTEGRATION_TIMEOUT": GatewayResponse(cors=False)}
    )

    # when an integration times out
    reply = responses.reply(aws_facts.INTEGRATION_TIMED_OUT, CORS)

    # then its own headers apply (none), and DEFAULT_5XX's status replaces the type's 504, as AWS documents
    assert reply.status == 503
    assert reply.header("Retry-After") is None
    assert reply.header("Access-Control-Allow-Origin") is None


def test_the_local_customisation_mirrors_infra_api_gateway_tf():
    # given the gateway responses infra/api_gateway.tf deploys, read from its locals
    deployed = {
        match["type"]: GatewayResponse(
            status=None if match["status"] == "null" else int(match["status"].strip('"')),
            retry_after=int(match["retry"]) if match["retry"] else None,
        )
        for match in re.finditer(
            r'^\s*(?P<type>[A-Z_0-9]+)\s*=\s*\{\s*status_code\s*=\s*(?P<status>null|"\d+")'
            r"""(?:[^\n]*?"Retry-After"\s*=\s*"'(?P<retry>\d+)'")?[^\n]*$""",
            API_GATEWAY_TF.read_text(),
            re.MULTILINE,
        )
    }

    # then the local gateway's default customisation is the same
    assert deployed == dict(DEPLOYED)
