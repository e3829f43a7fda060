"""infra/ applied with the shipped terraform.tfvars.example against moto, read back with boto3, planned again
(no changes) and destroyed (nothing left). The tests run in file order: apply once, inspect, re-plan, destroy.

moto stores what the provider sends but routes no execute-api request to Lambda or a MOCK integration, so request
behaviour (CORS answers, API key checks) is tested against the local gateway instead; here the configuration is.
"""

import json
from collections.abc import Iterator

import pytest

from tests.fixtures.aws import ACCOUNT_ID, REGION, MotoServer
from tests.infra.conftest import LambdaArtifacts
from tests.infra.deployment import Deployment, deployed
from tests.infra.tofu import INFRA

pytestmark = [pytest.mark.infra, pytest.mark.slow]

NAME = "pickup-validation-prod"  # service_name-environment in terraform.tfvars.example
ORIGIN = "https://pickup.example.com"
EXPECTED_ENVIRONMENT_NAMES = {
    "NETSUITE_ACCOUNT_ID",
    "NETSUITE_CONSUMER_KEY",
    "NETSUITE_CONSUMER_SECRET",
    "NETSUITE_TOKEN_ID",
    "NETSUITE_TOKEN_SECRET",
    "SUPABASE_URL",
    "SUPABASE_SERVICE_ROLE_KEY",
    "ALLOWED_ORIGINS",
    "ELIGIBLE_STATUSES",
    "CACHE_FRESH_SECONDS",
    "CACHE_STALE_SECONDS",
    "TIME_BUDGET_SECONDS",
    "LOG_LEVEL",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": f"'{ORIGIN}'",
    "Access-Control-Allow-Methods": "'OPTIONS,POST'",
    "Access-Control-Allow-Headers": "'Content-Type,X-Api-Key'",
    "Vary": "'Origin'",
}

GATEWAY_ERROR_TEMPLATE = '{"message":$context.error.messageString}'


@pytest.fixture(scope="module")
def deployment(
    tofu_binary: str,
    moto_server: MotoServer,
    lambda_artifacts: LambdaArtifacts,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Deployment]:
    # given: the example variables and freshly built artifacts; when: applied
    var_args = (
        f"-var-file={INFRA / 'terraform.tfvars.example'}",
        f"-var=artifacts_dir={lambda_artifacts.folder}",
        f"-var=lambda_architecture={lambda_artifacts.architecture}",
    )
    with deployed(tofu_binary, moto_server, tmp_path_factory.mktemp("infra"), var_args, "example") as deployment:
        yield deployment


def test_post_validate_order_requires_an_api_key_and_proxies_to_the_function(deployment: Deployment) -> None:
    # given
    apigateway = deployment.moto.client("apigateway")
    resource = deployment.validate_order_resource()
    # when
    method = apigateway.get_method(restApiId=deployment.rest_api_id, resourceId=resource["id"], httpMethod="POST")
    # then
    assert method["apiKeyRequired"] is True
    assert method["authorizationType"] == "NONE"
    integration = method["methodIntegration"]
    assert integration["type"] == "AWS_PROXY"
    assert integration["httpMethod"] == "POST"
    assert integration["uri"].endswith(f":function:{NAME}/invocations")


def test_the_api_is_regional_and_named_for_the_environment(deployment: Deployment) -> None:
    # when
    api = deployment.moto.client("apigateway").get_rest_api(restApiId=deployment.rest_api_id)
    # then
    assert api["name"] == NAME
    assert api["endpointConfiguration"]["types"] == ["REGIONAL"]


def test_the_preflight_is_a_mock_answering_with_cors_headers(deployment: Deployment) -> None:
    # given
    apigateway = deployment.moto.client("apigateway")
    resource = deployment.validate_order_resource()
    # when
    method = apigateway.get_method(restApiId=deployment.rest_api_id, resourceId=resource["id"], httpMethod="OPTIONS")
    answer = apigateway.get_integration_response(
        restApiId=deployment.rest_api_id, resourceId=resource["id"], httpMethod="OPTIONS", statusCode="204"
    )
    # then
    assert method["apiKeyRequired"] is False
    assert method["methodIntegration"]["type"] == "MOCK"
    expected = {f"method.response.header.{name}": value for name, value in CORS_HEADERS.items()}
    expected["method.response.header.Access-Control-Max-Age"] = "'600'"
    assert answer["responseParameters"] == expected


def test_gateway_client_errors_carry_cors_headers_and_keep_their_own_status(deployment: Deployment) -> None:
    # when
    response = deployment.moto.client("apigateway").get_gateway_response(
        restApiId=deployment.rest_api_id, responseType="DEFAULT_4XX"
    )
    # then
    assert "statusCode" not in response
    assert response["responseParameters"] == {
        f"gatewayresponse.header.{name}": value for name, value in CORS_HEADERS.items()
    }
    assert response["responseTemplates"] == {"application/json": GATEWAY_ERROR_TEMPLATE}


@pytest.mark.parametrize(
    ("response_type", "status", "retry_after"),
    [("DEFAULT_5XX", "503", "'2'"), ("INTEGRATION_TIMEOUT", "504", "'5'")],
)
def test_gateway_server_errors_say_when_to_retry_with_cors_headers(
    deployment: Deployment, response_type: str, status: str, retry_after: str
) -> None:
    """A throttled invocation or a function error answers 503 (not 500 or 502), an integration timeout 504.

    moto stores gateway responses but does not answer requests with them; that API Gateway applies DEFAULT_5XX's
    status to its own 5XX answers is AWS's documented behaviour (docs/deploy.md, Overload and retries).
    """
    # when
    response = deployment.moto.client("apigateway").get_gateway_response(
        restApiId=deployment.rest_api_id, responseType=response_type
    )
    # then
    assert response["statusCode"] == status
    assert response["responseParameters"] == {
        **{f"gatewayresponse.header.{name}": value for name, value in CORS_HEADERS.items()},
        "gatewayresponse.header.Access-Control-Expose-Headers": "'Retry-After'",
        "gatewayresponse.header.Retry-After": retry_after,
    }
    assert response["responseTemplates"] == {"application/json": GATEWAY_ERROR_TEMPLATE}


def test_the_usage_plan_limits_the_api_key(deployment: Deployment) -> None:
    # given
    apigateway = deployment.moto.client("apigateway")
    # when
    plans = [plan for plan in apigateway.get_usage_plans()["items"] if plan["name"] == f"{NAME}-plan"]
    # then
    assert len(plans) == 1
    plan = plans[0]
    assert plan["throttle"] == {"rateLimit": 100.0, "burstLimit": 200}
    assert plan["quota"]["limit"] == 10000
    assert plan["quota"]["period"] == "DAY"
    assert plan["apiStages"] == [{"apiId": deployment.rest_api_id, "stage": "prod"}]
    keys = apigateway.get_usage_plan_keys(usagePlanId=plan["id"])["items"]
    assert [(key["id"], key["type"]) for key in keys] == [(deployment.output("api_key_id"), "API_KEY")]


def test_the_api_key_output_is_the_deployed_key_and_sensitive(deployment: Deployment) -> None:
    # when
    key = deployment.moto.client("apigateway").get_api_key(apiKey=deployment.output("api_key_id"), includeValue=True)
    # then
    assert key["enabled"] is True
    assert deployment.outputs["api_key"]["sensitive"] is True
    assert deployment.output("api_key") == key["value"]
    assert key["value"] not in deployment.output("curl_example")


def test_outputs_name_the_endpoint_and_a_curl_example(deployment: Deployment) -> None:
    endpoint = deployment.output("endpoint_url")
    assert endpoint == f"https://{deployment.rest_api_id}.execute-api.{REGION}.amazonaws.com/prod/validate-order"
    assert endpoint in deployment.output("curl_example")
    assert "X-Api-Key: $(tofu output -raw api_key)" in deployment.output("curl_example")


def test_the_function_runs_python_3_12_with_its_layer_inside_the_gateway_timeout(
    deployment: Deployment, lambda_artifacts: LambdaArtifacts
) -> None:
    # when
    config = deployment.moto.client("lambda").get_function_configuration(FunctionName=NAME)
    # then
    assert config["Runtime"] == "python3.12"
    assert config["Handler"] == deployment.output("lambda_handler") == "pickup.handler.lambda_handler"
    assert config["MemorySize"] == 256
    assert config["Timeout"] == 28
    assert config["Architectures"] == [lambda_artifacts.architecture]
    assert config["TracingConfig"]["Mode"] == "PassThrough"


def test_a_tba_deployment_attaches_only_the_core_layer(deployment: Deployment) -> None:
    # given: the example variables, which sign in with Token-Based Authentication
    functions = deployment.moto.client("lambda")
    # when
    attached = [layer["Arn"] for layer in functions.get_function_configuration(FunctionName=NAME)["Layers"]]
    # then: one layer, the core one; the OAuth 2.0 layer is not even uploaded
    assert attached == [deployment.output("layer_arn")]
    assert deployment.outputs.get("oauth2_layer_arn", {}).get("value") is None  # null outputs are left out
    assert [layer["LayerName"] for layer in functions.list_layers()["Layers"] if "oauth2" in layer["LayerName"]] == []


def test_the_function_gets_every_configured_variable_by_name(deployment: Deployment) -> None:
    # when
    config = deployment.moto.client("lambda").get_function_configuration(FunctionName=NAME)
    names = set(config["Environment"]["Variables"])  # names only: values are never shown
    # then
    assert sorted(names) == sorted(EXPECTED_ENVIRONMENT_NAMES)


def test_the_function_reserves_concurrency_below_netsuites_limit(deployment: Deployment) -> None:
    concurrency = deployment.moto.client("lambda").get_function_concurrency(FunctionName=NAME)
    assert concurrency["ReservedConcurrentExecutions"] == 4


def test_only_post_validate_order_of_this_stage_may_invoke_the_function(deployment: Deployment) -> None:
    # when
    policy = json.loads(deployment.moto.client("lambda").get_policy(FunctionName=NAME)["Policy"])
    # then
    [statement] = policy["Statement"]
    assert statement["Principal"] == {"Service": "apigateway.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == (
        f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{deployment.rest_api_id}/prod/POST/validate-order"
    )


def test_the_stage_logs_access_and_throttles_every_method(deployment: Deployment) -> None:
    # when
    stage = deployment.moto.client("apigateway").get_stage(restApiId=deployment.rest_api_id, stageName="prod")
    # then
    assert stage["accessLogSettings"]["destinationArn"].endswith(f":log-group:/aws/apigateway/{NAME}/access")
    settings = stage["methodSettings"]["*/*"]
    assert settings["throttlingRateLimit"] == 100.0
    assert settings["throttlingBurstLimit"] == 200
    assert settings["loggingLevel"] == "ERROR"
    assert settings["dataTraceEnabled"] is False
    assert stage.get("tracingEnabled", False) is False


def test_every_log_group_keeps_logs_for_the_retention_period(deployment: Deployment) -> None:
    # given
    expected = {
        f"/aws/lambda/{NAME}",
        f"/aws/apigateway/{NAME}/access",
        f"API-Gateway-Execution-Logs_{deployment.rest_api_id}/prod",
    }
    # when
    groups = {
        group["logGroupName"]: group for group in deployment.moto.client("logs").describe_log_groups()["logGroups"]
    }
    # then
    assert expected <= set(groups)
    assert {name: groups[name].get("retentionInDays") for name in expected} == dict.fromkeys(expected, 30)


def test_a_second_plan_changes_nothing(deployment: Deployment) -> None:
    # when
    exit_code = deployment.tofu.plan_exit_code(*deployment.var_args)
    # then
    assert exit_code == 0, "plan after apply wants changes: some attribute does not read back as configured"


def test_destroy_leaves_nothing_behind(deployment: Deployment) -> None:
    # when
    deployment.destroy()
    # then
    moto = deployment.moto
    assert deployment.tofu.state_addresses() == []
    assert [api for api in moto.client("apigateway").get_rest_apis()["items"] if api["name"] == NAME] == []
    assert moto.client("apigateway").get_api_keys()["items"] == []
    assert moto.client("apigateway").get_usage_plans()["items"] == []
    assert [f for f in moto.client("lambda").list_functions()["Functions"] if f["FunctionName"] == NAME] == []
    assert [
        layer for layer in moto.client("lambda").list_layers()["Layers"] if layer["LayerName"].startswith(NAME)
    ] == []
    log_groups = [group["logGroupName"] for group in moto.client("logs").describe_log_groups()["logGroups"]]
    assert [name for name in log_groups if NAME in name or deployment.rest_api_id in name] == []
    assert [role for role in moto.client("iam").list_roles()["Roles"] if role["RoleName"].startswith(NAME)] == []
