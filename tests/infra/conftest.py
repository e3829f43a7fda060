"""Fixtures of the infrastructure tests: the built Lambda artifacts and the tofu/terraform binary.

lambda_artifacts   session   LambdaArtifacts built by scripts/build_lambda.py into a temporary folder for this
                             machine's architecture: the function, the core layer and the OAuth 2.0 layer
                             (wheels cached in build/.wheels, so reruns are offline)
tofu_binary        session   path of tofu, else terraform; the test is skipped when neither is installed
"""

import os
import platform
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.infra.tofu import REPO, find_binary

BUILD_SCRIPT = REPO / "scripts" / "build_lambda.py"
WHEEL_CACHE = REPO / "build" / ".wheels"
BUILD_TIMEOUT_SECONDS = 600

# Durations worth reading after a run (printed in the terminal summary, never asserted).
TIMINGS: dict[str, float] = {}
SIZES: dict[str, tuple[int, int]] = {}


@dataclass(frozen=True)
class LambdaArtifacts:
    folder: Path
    architecture: str

    @property
    def function_zip(self) -> Path:
        return self.folder / "function.zip"

    @property
    def layer_zip(self) -> Path:
        """The core layer: attached in every deployment."""
        return self.folder / f"layer-{self.architecture}.zip"

    @property
    def oauth2_layer_zip(self) -> Path:
        """The OAuth 2.0 layer (pyjwt, pycryptodome): attached only with OAuth 2.0 credentials."""
        return self.folder / f"layer-oauth2-{self.architecture}.zip"


def host_architecture() -> str:
    """The Lambda architecture whose layer this machine can import: x86_64 or arm64."""
    return "arm64" if platform.machine().lower() in {"aarch64", "arm64"} else "x86_64"


def build_artifacts(folder: Path, architecture: str) -> LambdaArtifacts:
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            str(BUILD_SCRIPT),
            f"--arch={architecture}",
            f"--out={folder}",
            f"--wheel-cache={WHEEL_CACHE / architecture}",
        ],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, f"build_lambda.py failed:\n{result.stdout}\n{result.stderr[-4000:]}"
    TIMINGS[f"build ({folder.name})"] = time.monotonic() - started
    return LambdaArtifacts(folder, architecture)


@pytest.fixture(scope="session")
def lambda_artifacts(tmp_path_factory: pytest.TempPathFactory) -> LambdaArtifacts:
    artifacts = build_artifacts(tmp_path_factory.mktemp("build"), host_architecture())
    for path in (artifacts.function_zip, artifacts.layer_zip, artifacts.oauth2_layer_zip):
        SIZES[path.name] = (path.stat().st_size, _unzipped_size(path))
    return artifacts


@pytest.fixture(scope="session")
def tofu_binary() -> str:
    binary = find_binary()
    if binary is None:
        reason = "neither tofu nor terraform is installed (docs/deploy.md, Prerequisites)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI must run the infrastructure tests")
        pytest.skip(reason)
    return binary


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TIMINGS and not SIZES:
        return
    terminalreporter.section("infrastructure measurements")
    for name, (zipped, unzipped) in SIZES.items():
        terminalreporter.write_line(f"{name}: {zipped / 2**20:.1f} MiB zipped, {unzipped / 2**20:.1f} MiB unzipped")
    for name, seconds in TIMINGS.items():
        terminalreporter.write_line(f"{name}: {seconds:.1f} s")


def _unzipped_size(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(entry.file_size for entry in archive.infolist())
