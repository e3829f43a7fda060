"""The zips scripts/build_lambda.py makes are what Lambda needs: reproducible, laid out as the runtime expects, and
able to answer a request from a bare Python 3.12 with nothing but the function and its layers on sys.path:
the core layer alone for Token-Based Authentication, the core and OAuth 2.0 layers for OAuth 2.0.
"""

import json
import marshal
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pickup_dev.sandbox import NetSuiteSandbox
from pickup_dev.sandbox.demo import DEMO_M2M, M2MCredentials, client_env
from tests.infra.conftest import LambdaArtifacts, build_artifacts
from tests.infra.tofu import INFRA, REPO
from tests.netsuite.keys import public_pem, rsa_private_pem

pytestmark = [pytest.mark.infra, pytest.mark.slow]

ORIGIN = "https://pickup.example.com"
SAMPLE_EVENT = REPO / "tests" / "events" / "apiGatewayProxyEvent.json"
INVOKE_TIMEOUT_SECONDS = 60
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# Runs inside the clean interpreter: puts the unzipped layers and function on sys.path the way the Lambda runtime
# does (/var/task first, then /opt/python, where every attached layer is unzipped), imports the handler (which
# builds the API: start-up), calls it once and writes what it returned, what each phase logged, and where the
# libraries came from.
DRIVER = """
import contextlib, importlib, importlib.metadata, importlib.util, io, json, sys

function_dir, layer_dir, handler_name, event_path, result_path = sys.argv[1:6]
sys.path[:0] = [function_dir, layer_dir]


class Context:
    aws_request_id = "artifact-test-request"
    function_name = "pickup-validation-test"

    def get_remaining_time_in_millis(self):
        return 28000


module_name, _, attribute = handler_name.rpartition(".")
start_up_log = io.StringIO()
with contextlib.redirect_stdout(start_up_log):
    handler = getattr(importlib.import_module(module_name), attribute)
with open(event_path) as source:
    event = json.load(source)
invocation_log = io.StringIO()
with contextlib.redirect_stdout(invocation_log):
    answer = handler(event, Context())
import certifi, httpx, pickup, pickup.tls
with open(result_path, "w") as sink:
    json.dump({
        "answer": answer,
        "start_up_log": start_up_log.getvalue().splitlines(),
        "invocation_log": invocation_log.getvalue().splitlines(),
        "pickup_file": pickup.__file__,
        "httpx_file": httpx.__file__,
        "httpx_version": importlib.metadata.version("httpx"),
        "psycopg_loaded": "psycopg" in sys.modules,
        "ca_certificates_read_by_a_new_context": (
            pickup.tls.server_verification(certifi.where()).cert_store_stats()["x509_ca"]
        ),
        "oauth2_modules_loaded": sorted({m.split(".")[0] for m in sys.modules} & {"jwt", "Crypto", "cryptography"}),
        "importable": {name: importlib.util.find_spec(name) is not None for name in ("jwt", "Crypto", "cryptography")},
        "origins": {name: getattr(sys.modules.get(name), "__file__", None) for name in ("jwt", "Crypto", "oauthlib")},
        "site_packages_on_path": [p for p in sys.path if "site-packages" in p],
    }, sink)
"""


def handler_named_in_infra() -> str:
    """The handler lambda.tf configures (the one place it is written down)."""
    match = re.search(r'^\s*handler\s*=\s*"([^"]+)"', (INFRA / "lambda.tf").read_text(), re.MULTILINE)
    assert match, "infra/lambda.tf names no handler"
    return match.group(1)


@dataclass(frozen=True)
class CleanRuntime:
    python: Path
    function_dir: Path
    layer_dir: Path
    scratch: Path

    def invoke(self, event: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
        event_path = self.scratch / "event.json"
        result_path = self.scratch / "result.json"
        driver = self.scratch / "driver.py"
        event_path.write_text(json.dumps(event))
        driver.write_text(DRIVER)
        result_path.unlink(missing_ok=True)
        completed = subprocess.run(
            [
                str(self.python),
                "-I",  # no PYTHON* variables, no user site, no script folder on sys.path
                "-S",  # no site module: nothing but the standard library to start with
                str(driver),
                str(self.function_dir),
                str(self.layer_dir),
                handler_named_in_infra(),
                str(event_path),
                str(result_path),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=INVOKE_TIMEOUT_SECONDS,
            check=False,
        )
        assert completed.returncode == 0, f"the handler did not run:\n{completed.stderr[-4000:]}"
        result: dict[str, Any] = json.loads(result_path.read_text())
        return result


def clean_runtime_with(layers: list[Path], function_zip: Path, scratch: Path) -> CleanRuntime:
    """A bare venv, the function unzipped as /var/task, and each layer unzipped in order into one /opt."""
    venv = scratch / "venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base_python, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    function_dir, layer_root = scratch / "task", scratch / "opt"
    with zipfile.ZipFile(function_zip) as archive:
        archive.extractall(function_dir)
    for layer in layers:
        with zipfile.ZipFile(layer) as archive:
            archive.extractall(layer_root)
    return CleanRuntime(venv / "bin" / "python", function_dir, layer_root / "python", scratch)


@pytest.fixture(scope="module")
def clean_runtime(lambda_artifacts: LambdaArtifacts, tmp_path_factory: pytest.TempPathFactory) -> CleanRuntime:
    """What a Token-Based Authentication deployment runs: the function and the core layer only."""
    return clean_runtime_with(
        [lambda_artifacts.layer_zip], lambda_artifacts.function_zip, tmp_path_factory.mktemp("runtime-tba")
    )


@pytest.fixture(scope="module")
def oauth2_runtime(lambda_artifacts: LambdaArtifacts, tmp_path_factory: pytest.TempPathFactory) -> CleanRuntime:
    """What an OAuth 2.0 deployment runs: the function, the core layer and the OAuth 2.0 layer."""
    return clean_runtime_with(
        [lambda_artifacts.layer_zip, lambda_artifacts.oauth2_layer_zip],
        lambda_artifacts.function_zip,
        tmp_path_factory.mktemp("runtime-oauth2"),
    )


def proxy_event(body: str) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(SAMPLE_EVENT.read_text())
    event["body"] = body
    return event


def runtime_env(sandbox: NetSuiteSandbox, kind: str = "tba", m2m: M2MCredentials = DEMO_M2M) -> dict[str, str]:
    """What Lambda would hold: the NetSuite settings ("tba" or "m2m"), origins and budget; no cache configured."""
    return {
        **client_env(sandbox.url, "m2m" if kind == "m2m" else "tba", m2m=m2m),
        "ALLOWED_ORIGINS": ORIGIN,
        "TIME_BUDGET_SECONDS": "25",
        "LOG_LEVEL": "INFO",
    }


def test_the_same_sources_build_byte_identical_zips(lambda_artifacts: LambdaArtifacts, tmp_path: Path) -> None:
    # when
    again = build_artifacts(tmp_path / "again", lambda_artifacts.architecture)
    # then
    assert again.function_zip.read_bytes() == lambda_artifacts.function_zip.read_bytes()
    assert again.layer_zip.read_bytes() == lambda_artifacts.layer_zip.read_bytes()
    assert again.oauth2_layer_zip.read_bytes() == lambda_artifacts.oauth2_layer_zip.read_bytes()


def test_entries_are_sorted_with_a_fixed_time_and_mode(lambda_artifacts: LambdaArtifacts) -> None:
    for path in (lambda_artifacts.function_zip, lambda_artifacts.layer_zip, lambda_artifacts.oauth2_layer_zip):
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
        assert [entry.filename for entry in entries] == sorted(entry.filename for entry in entries), path.name
        assert {entry.date_time for entry in entries} == {ZIP_EPOCH}, path.name
        assert {entry.external_attr >> 16 for entry in entries} == {0o100644}, path.name


def test_the_core_layer_holds_every_core_pin_and_nothing_for_oauth2(lambda_artifacts: LambdaArtifacts) -> None:
    # given
    core = pinned("lambda.txt")
    # when
    names = zip_names(lambda_artifacts.layer_zip)
    # then
    assert all(name.startswith("python/") for name in names)
    assert distributions_in(names) == core - LEFT_OUT_DISTRIBUTIONS
    assert not {"pyjwt", "pycryptodome", "cryptography"} & distributions_in(names)
    assert not [name for name in names if name.startswith("python/bin/")], "console scripts name the build machine"


def test_the_oauth2_layer_holds_only_what_the_core_layer_lacks(lambda_artifacts: LambdaArtifacts) -> None:
    # given: the OAuth 2.0 pins, compiled against the core pins
    core, oauth2 = pinned("lambda.txt"), pinned("lambda-oauth2.txt")
    # when
    names = zip_names(lambda_artifacts.oauth2_layer_zip)
    # then: under python/ too (both unzip into /opt/python), with no package of the core layer again
    assert all(name.startswith("python/") for name in names)
    assert distributions_in(names) == oauth2 - core
    assert distributions_in(names) == {"pyjwt", "pycryptodome"}
    assert not top_level_names(names) & top_level_names(zip_names(lambda_artifacts.layer_zip))
    assert not [name for name in names if name.startswith("python/bin/")], "console scripts name the build machine"


def test_native_code_is_built_for_the_functions_architecture(lambda_artifacts: LambdaArtifacts) -> None:
    # given
    machine = {"x86_64": 0x3E, "arm64": 0xB7}[lambda_artifacts.architecture]  # ELF e_machine
    headers = {}
    for path in (lambda_artifacts.layer_zip, lambda_artifacts.oauth2_layer_zip):
        # when
        with zipfile.ZipFile(path) as archive:
            headers |= {name: archive.read(name)[:20] for name in archive.namelist() if name.endswith(".so")}
    # then
    assert any(name.startswith("python/Crypto/") for name in headers)
    assert all(
        header[:4] == b"\x7fELF" and int.from_bytes(header[18:20], "little") == machine for header in headers.values()
    )


def test_the_layers_leave_out_what_the_function_never_imports(lambda_artifacts: LambdaArtifacts) -> None:
    # when
    names = zip_names(lambda_artifacts.layer_zip) + zip_names(lambda_artifacts.oauth2_layer_zip)
    # then: no async backend, no OAuth 2.0 server or OpenID code from oauthlib, no test suite
    assert not [name for name in names if name.startswith(("python/anyio/", "python/typing_extensions"))]
    assert not [name for name in names if name.startswith(("python/oauthlib/oauth2/", "python/oauthlib/openid/"))]
    assert not [name for name in names if name.startswith("python/Crypto/SelfTest/")]
    # and: what TBA signing imports is there
    assert "python/oauthlib/oauth1/rfc5849/signature.py" in names


def test_compiled_modules_carry_no_debug_information(lambda_artifacts: LambdaArtifacts) -> None:
    # given: a strip tool on this machine (the build warns and keeps debug sections without one)
    if not any(shutil.which(tool) for tool in ("llvm-strip", "strip")):
        pytest.skip("no strip tool here: the build keeps debug sections and says so")
    # when
    sections = {}
    for path in (lambda_artifacts.layer_zip, lambda_artifacts.oauth2_layer_zip):
        with zipfile.ZipFile(path) as archive:
            sections |= {
                name: elf_section_names(archive.read(name)) for name in archive.namelist() if name.endswith(".so")
            }
    # then: every module keeps its symbols and loses its DWARF sections
    assert sections
    assert {name for name, found in sections.items() if any(s.startswith(".debug_") for s in found)} == set()
    assert all(".dynsym" in found for found in sections.values())


def test_the_function_zip_holds_only_the_pickup_package(lambda_artifacts: LambdaArtifacts) -> None:
    # given
    module_path = handler_named_in_infra().rpartition(".")[0].replace(".", "/") + ".py"
    # when
    with zipfile.ZipFile(lambda_artifacts.function_zip) as archive:
        names = archive.namelist()
    # then
    assert module_path in names
    assert all(name.startswith("pickup/") for name in names)
    assert not [name for name in names if "/tests/" in name or "/test_" in name or "pickup_dev" in name]


def test_every_module_ships_bytecode_recording_its_path_on_lambda(lambda_artifacts: LambdaArtifacts) -> None:
    for path, runtime_root, prefix in (
        (lambda_artifacts.function_zip, "/var/task", ""),
        (lambda_artifacts.layer_zip, "/opt/python", "python/"),
        (lambda_artifacts.oauth2_layer_zip, "/opt/python", "python/"),
    ):
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            sources = [name for name in names if name.endswith(".py")]
            # then: a cpython-312 pyc beside every module
            missing = [name for name in sources if _pyc_for(name) not in names]
            assert missing == [], f"{path.name}: no bytecode for {missing[:5]}"
            # and: tracebacks name the file where the runtime unpacks it
            sample = sorted(sources)[0]
            code = marshal.loads(archive.read(_pyc_for(sample))[16:])
            assert code.co_filename == f"{runtime_root}/{sample.removeprefix(prefix)}"


def test_tba_validates_an_order_with_only_the_core_layer(
    clean_runtime: CleanRuntime, netsuite_sandbox: NetSuiteSandbox
) -> None:
    # given: a Token-Based Authentication deployment, which gets the function and the core layer only
    event = proxy_event(json.dumps({"order_number": "SO100001", "email": "purchasing@acme-industrial.com"}))
    # when
    result = clean_runtime.invoke(event, runtime_env(netsuite_sandbox, "tba"))
    # then
    answer = result["answer"]
    assert answer["statusCode"] == 200, answer.get("body")
    assert json.loads(answer["body"])["success"] is True
    assert answer["headers"]["Access-Control-Allow-Origin"] == ORIGIN
    assert netsuite_sandbox.stats.suiteql_requests == 1
    assert netsuite_sandbox.stats.token_requests == 0
    # and: everything came from the two unzipped folders, and nothing local-only was imported
    assert result["pickup_file"].startswith(str(clean_runtime.function_dir))
    assert result["httpx_file"].startswith(str(clean_runtime.layer_dir))
    assert result["origins"]["oauthlib"].startswith(str(clean_runtime.layer_dir))
    assert result["httpx_version"]
    assert result["psycopg_loaded"] is False
    # and: the layer's hashed CA directory is found, so no CA certificate is read before a handshake needs it
    assert result["ca_certificates_read_by_a_new_context"] == 0
    assert result["site_packages_on_path"] == []
    # and: the OAuth 2.0 packages are not there at all (importing them fails), and start-up logged nothing
    assert result["importable"] == {"jwt": False, "Crypto": False, "cryptography": False}
    assert result["oauth2_modules_loaded"] == []
    assert result["start_up_log"] == []


def test_oauth2_validates_an_order_with_the_core_and_oauth2_layers(
    oauth2_runtime: CleanRuntime, netsuite_sandbox: NetSuiteSandbox
) -> None:
    # given: an OAuth 2.0 deployment, which gets the function, the core layer and the OAuth 2.0 layer
    event = proxy_event(json.dumps({"order_number": "SO100001", "email": "purchasing@acme-industrial.com"}))
    # when
    result = oauth2_runtime.invoke(event, runtime_env(netsuite_sandbox, "m2m"))
    # then: a signed assertion bought a token, and SuiteQL answered
    answer = result["answer"]
    assert answer["statusCode"] == 200, answer.get("body")
    assert json.loads(answer["body"])["success"] is True
    assert netsuite_sandbox.stats.token_requests == 1
    assert netsuite_sandbox.stats.suiteql_requests == 1
    # and: pyjwt and PyCryptodome came from the unzipped layers, nothing else, and cryptography is not needed
    assert result["oauth2_modules_loaded"] == ["Crypto", "jwt"]
    assert result["origins"]["jwt"].startswith(str(oauth2_runtime.layer_dir))
    assert result["origins"]["Crypto"].startswith(str(oauth2_runtime.layer_dir))
    assert result["importable"]["cryptography"] is False
    assert result["site_packages_on_path"] == []
    assert result["start_up_log"] == []


def test_oauth2_with_an_rsa_key_signs_ps256_with_the_layers_alone(oauth2_runtime: CleanRuntime) -> None:
    # given: an OAuth 2.0 deployment whose certificate holds an RSA key (the demo mapping's key is EC, signed ES256)
    pem = rsa_private_pem()
    credentials = M2MCredentials("rsa-client-id", "rsa-certificate-id", public_pem(pem), private_key_pem=pem)
    event = proxy_event(json.dumps({"order_number": "SO100001", "email": "purchasing@acme-industrial.com"}))
    with NetSuiteSandbox(tba=False, m2m=credentials) as sandbox:
        # when
        result = oauth2_runtime.invoke(event, runtime_env(sandbox, "m2m", m2m=credentials))
        # then: the sandbox accepted the PS256 assertion (checked with cryptography) and SuiteQL answered
        assert result["answer"]["statusCode"] == 200, result["answer"].get("body")
        assert sandbox.stats.token_requests == 1
    assert result["oauth2_modules_loaded"] == ["Crypto", "jwt"]
    assert result["start_up_log"] == []


def test_oauth2_without_its_layer_fails_at_start_up_naming_the_layer(
    clean_runtime: CleanRuntime, netsuite_sandbox: NetSuiteSandbox
) -> None:
    # given: OAuth 2.0 credentials on a function that has only the core layer
    event = proxy_event(json.dumps({"order_number": "SO100001", "email": "purchasing@acme-industrial.com"}))
    # when
    result = clean_runtime.invoke(event, runtime_env(netsuite_sandbox, "m2m"))
    # then: start-up, before any request, logged which layer is missing
    [line] = [json.loads(line) for line in result["start_up_log"]]
    assert line["message"] == "configuration error"
    assert line["problem"].startswith("OAuth 2.0 needs the oauth2 layer (pyjwt, pycryptodome)")
    assert "NETSUITE_PRIVATE_KEY" in line["variables"]
    # and: every request is answered 500 without reaching NetSuite
    assert result["answer"]["statusCode"] == 500
    assert netsuite_sandbox.stats.token_requests == 0
    assert netsuite_sandbox.stats.suiteql_requests == 0
    assert "BEGIN" not in json.dumps(result["start_up_log"] + result["invocation_log"])


def test_the_handler_rejects_a_body_that_is_not_json(
    clean_runtime: CleanRuntime, netsuite_sandbox: NetSuiteSandbox
) -> None:
    # given
    event = proxy_event('{"order_number": "SO100001", "email": ')
    # when
    answer = clean_runtime.invoke(event, runtime_env(netsuite_sandbox))["answer"]
    # then
    assert answer["statusCode"] == 400
    assert json.loads(answer["body"])["error_code"] == "INVALID_JSON"
    assert netsuite_sandbox.stats.suiteql_requests == 0


# Pinned in lambda.txt (httpx depends on them) but never imported by the synchronous clients the function uses;
# scripts/build_lambda.py LEFT_OUT says why, and the invocations above prove the function runs without them.
LEFT_OUT_DISTRIBUTIONS = {"anyio", "typing-extensions"}


def pinned(requirements: str) -> set[str]:
    text = (REPO / "requirements" / requirements).read_text()
    return {_normalise(name) for name in re.findall(r"^([A-Za-z0-9_.-]+)==", text, re.M)}


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def distributions_in(names: list[str]) -> set[str]:
    """Normalised names of the distributions whose METADATA a layer carries."""
    found = {m.group(1) for name in names if (m := re.match(r"python/([^/]+)-[^-/]+\.dist-info/METADATA$", name))}
    return {_normalise(name) for name in found}


def top_level_names(names: list[str]) -> set[str]:
    """What a layer puts directly in /opt/python (packages, modules, .dist-info folders)."""
    return {name.split("/")[1] for name in names if name.count("/") >= 1}


def elf_section_names(elf: bytes) -> set[str]:
    """Section names of a 64-bit little-endian ELF file, read from its section header table."""
    section_headers, entry_size, count, names_index = (
        int.from_bytes(elf[0x28:0x30], "little"),
        int.from_bytes(elf[0x3A:0x3C], "little"),
        int.from_bytes(elf[0x3C:0x3E], "little"),
        int.from_bytes(elf[0x3E:0x40], "little"),
    )
    headers = [elf[section_headers + i * entry_size : section_headers + (i + 1) * entry_size] for i in range(count)]
    names_offset = int.from_bytes(headers[names_index][0x18:0x20], "little")
    offsets = [int.from_bytes(header[0:4], "little") for header in headers]
    return {elf[names_offset + offset :].split(b"\0", 1)[0].decode() for offset in offsets}


def _pyc_for(source: str) -> str:
    folder, _, file_name = source.rpartition("/")
    return f"{folder}/__pycache__/{file_name.removesuffix('.py')}.cpython-312.pyc"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
