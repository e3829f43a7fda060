"""infra/ with the other choices applied against moto: the other architecture (built on this machine), OAuth 2.0
credentials (and with them the OAuth 2.0 layer), several browser origins, X-Ray on, no reserved concurrency, the
account's log role left alone. Planned again (no changes) and destroyed. The tests run in file order.
"""

import json
import zipfile
from collections.abc import Iterator

import pytest

from tests.fixtures.aws import MotoServer
from tests.infra.conftest import LambdaArtifacts, build_artifacts, host_architecture
from tests.infra.deployment import Deployment, deployed
from tests.infra.tofu import INFRA

pytestmark = [pytest.mark.infra, pytest.mark.slow]

NAME = "pickup-validation-staging"
ORIGINS = ["https://pickup.example.com", "https://staff.example.com", "http://localhost:5173"]
ELF_MACHINE = {"x86_64": 0x3E, "arm64": 0xB7}
OPTIONS = {
    "environment": "staging",
    "allowed_origins": ORIGINS,
    "netsuite_consumer_key": "",
    "netsuite_consumer_secret": "",
    "netsuite_token_id": "",
    "netsuite_token_secret": "",
    "netsuite_client_id": "placeholder-client-id",
    "netsuite_certificate_id": "placeholder-certificate-id",
    "netsuite_private_key": "placeholder-private-key",
    "xray_tracing_enabled": True,
    "manage_api_gateway_cloudwatch_role": False,
    "reserved_concurrency": -1,
    "log_retention_days": 7,
}


@pytest.fixture(scope="module")
def other_artifacts(tmp_path_factory: pytest.TempPathFactory) -> LambdaArtifacts:
    other = "arm64" if host_architecture() == "x86_64" else "x86_64"
    return build_artifacts(tmp_path_factory.mktemp(f"build-{other}"), other)


@pytest.fixture(scope="module")
def deployment(
    tofu_binary: str,
    moto_server: MotoServer,
    other_artifacts: LambdaArtifacts,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Deployment]:
    # given: the example variables with the other choices on top (JSON variable files are read like tfvars)
    scratch = tmp_path_factory.mktemp("infra-options")
    options = scratch / "options.tfvars.json"
    options.write_text(json.dumps(OPTIONS | {"lambda_architecture": other_artifacts.architecture}))
    var_args = (
        f"-var-file={INFRA / 'terraform.tfvars.example'}",
        f"-var-file={options}",
        f"-var=artifacts_dir={other_artifacts.folder}",
    )
    # when
    with deployed(tofu_binary, moto_server, scratch, var_args, "options") as deployment:
        yield deployment


def test_function_and_layer_declare_the_chosen_architecture(
    deployment: Deployment, other_artifacts: LambdaArtifacts
) -> None:
    # given
    functions = deployment.moto.client("lambda")
    # when
    config = functions.get_function_configuration(FunctionName=NAME)
    layer_name, version = deployment.output("layer_arn").split(":")[-2:]
    layer = functions.get_layer_version(LayerName=layer_name, VersionNumber=int(version))
    # then
    assert config["Architectures"] == [other_artifacts.architecture]
    assert layer["CompatibleArchitectures"] == [other_artifacts.architecture]
    assert layer["CompatibleRuntimes"] == ["python3.12"]


def test_an_oauth2_deployment_attaches_the_core_and_oauth2_layers(
    deployment: Deployment, other_artifacts: LambdaArtifacts
) -> None:
    # given
    functions = deployment.moto.client("lambda")
    # when
    attached = [layer["Arn"] for layer in functions.get_function_configuration(FunctionName=NAME)["Layers"]]
    layer_name, version = deployment.output("oauth2_layer_arn").split(":")[-2:]
    oauth2 = functions.get_layer_version(LayerName=layer_name, VersionNumber=int(version))
    # then: two layers, the core one first, the OAuth 2.0 one built for the same architecture
    assert attached == [deployment.output("layer_arn"), deployment.output("oauth2_layer_arn")]
    assert layer_name == f"{NAME}-oauth2-{other_artifacts.architecture}"
    assert oauth2["CompatibleArchitectures"] == [other_artifacts.architecture]
    assert oauth2["CompatibleRuntimes"] == ["python3.12"]
    assert oauth2["Content"]["CodeSize"] == other_artifacts.oauth2_layer_zip.stat().st_size


def test_the_oauth2_layer_built_here_carries_pycryptodome_for_the_other_architecture(
    other_artifacts: LambdaArtifacts,
) -> None:
    # when
    with zipfile.ZipFile(other_artifacts.oauth2_layer_zip) as archive:
        headers = {name: archive.read(name)[:20] for name in archive.namelist() if name.endswith(".so")}
    # then
    assert any(name.startswith("python/Crypto/") for name in headers)
    assert {int.from_bytes(header[18:20], "little") for header in headers.values()} == {
        ELF_MACHINE[other_artifacts.architecture]
    }


def test_oauth2_credentials_reach_the_function_without_empty_tba_names(deployment: Deployment) -> None:
    # when
    config = deployment.moto.client("lambda").get_function_configuration(FunctionName=NAME)
    names = set(config["Environment"]["Variables"])  # names only: values are never shown
    # then
    assert {"NETSUITE_ACCOUNT_ID", "NETSUITE_CLIENT_ID", "NETSUITE_CERTIFICATE_ID", "NETSUITE_PRIVATE_KEY"} <= names
    assert not {n for n in names if n.startswith(("NETSUITE_CONSUMER_", "NETSUITE_TOKEN_"))}


def test_the_preflight_echoes_every_other_allowed_origin(deployment: Deployment) -> None:
    # given
    resource = deployment.validate_order_resource()
    # when
    answer = deployment.moto.client("apigateway").get_integration_response(
        restApiId=deployment.rest_api_id, resourceId=resource["id"], httpMethod="OPTIONS", statusCode="204"
    )
    # then: the first origin is the static answer, the template swaps in any other listed origin
    assert answer["responseParameters"]["method.response.header.Access-Control-Allow-Origin"] == f"'{ORIGINS[0]}'"
    template = answer["responseTemplates"]["application/json"]
    assert "$context.responseOverride.header.Access-Control-Allow-Origin = $origin" in template
    assert [origin for origin in ORIGINS if f'== "{origin}"' in template] == ORIGINS[1:]


def test_tracing_covers_the_stage_and_the_function(deployment: Deployment) -> None:
    # when
    config = deployment.moto.client("lambda").get_function_configuration(FunctionName=NAME)
    stage = deployment.moto.client("apigateway").get_stage(restApiId=deployment.rest_api_id, stageName="staging")
    # then
    assert config["TracingConfig"]["Mode"] == "Active"
    assert stage["tracingEnabled"] is True


def test_no_concurrency_is_reserved(deployment: Deployment) -> None:
    concurrency = deployment.moto.client("lambda").get_function_concurrency(FunctionName=NAME)
    assert "ReservedConcurrentExecutions" not in concurrency


def test_log_groups_keep_the_chosen_retention(deployment: Deployment) -> None:
    # when
    groups = deployment.moto.client("logs").describe_log_groups()["logGroups"]
    ours = {g["logGroupName"]: g.get("retentionInDays") for g in groups if NAME in g["logGroupName"]}
    # then
    assert ours == {f"/aws/lambda/{NAME}": 7, f"/aws/apigateway/{NAME}/access": 7}


def test_the_account_log_role_is_left_alone(deployment: Deployment) -> None:
    roles = deployment.moto.client("iam").list_roles()["Roles"]
    assert [role["RoleName"] for role in roles if role["RoleName"].startswith(NAME)] == [f"{NAME}-function"]


def test_a_second_plan_changes_nothing(deployment: Deployment) -> None:
    assert deployment.tofu.plan_exit_code(*deployment.var_args) == 0, "plan after apply wants changes"


def test_destroy_leaves_nothing_behind(deployment: Deployment) -> None:
    # when
    deployment.destroy()
    # then
    moto = deployment.moto
    assert deployment.tofu.state_addresses() == []
    assert [api for api in moto.client("apigateway").get_rest_apis()["items"] if api["name"] == NAME] == []
    assert [f for f in moto.client("lambda").list_functions()["Functions"] if f["FunctionName"] == NAME] == []
    assert [g for g in moto.client("logs").describe_log_groups()["logGroups"] if NAME in g["logGroupName"]] == []
