"""Runs tofu (or terraform when tofu is not installed) in a scratch copy of infra/, the way scripts/infra_check.sh does.

Providers come from the filesystem mirror when it exists (PICKUP_TF_PLUGIN_MIRROR, default /opt/tf-plugins), from
the registry otherwise. Output is captured and shown only when a command fails.
"""

import json
import os
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
INFRA = REPO / "infra"
DEFAULT_MIRROR = "/opt/tf-plugins"
COMMAND_TIMEOUT_SECONDS = 600
SCRATCH_EXCLUDES = (".terraform", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup", "tests")


def find_binary() -> str | None:
    return shutil.which("tofu") or shutil.which("terraform")


def copy_configuration(destination: Path) -> Path:
    """infra/ without local state, provider downloads or its offline tests."""
    shutil.copytree(INFRA, destination, ignore=shutil.ignore_patterns(*SCRATCH_EXCLUDES))
    return destination


def write_cli_config(folder: Path) -> Path | None:
    """A CLI configuration that installs providers from the mirror, or None when there is no mirror."""
    mirror = Path(os.environ.get("PICKUP_TF_PLUGIN_MIRROR", DEFAULT_MIRROR))
    if not (mirror / "registry.terraform.io").is_dir():
        return None
    root = folder / "mirror"
    for host in ("registry.terraform.io", "registry.opentofu.org"):
        # Real folders, linked files: Terraform does not follow symlinked folders in a mirror.
        shutil.copytree(mirror / "registry.terraform.io", root / host, copy_function=os.symlink)
    config = folder / "cli.tfrc"
    config.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{root}"\n  }}\n}}\n')
    return config


class CommandFailed(AssertionError):
    pass


@dataclass
class Tofu:
    binary: str
    workdir: Path
    env: Mapping[str, str]
    timings: dict[str, float] = field(default_factory=dict)

    def run(self, *args: str, ok_codes: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        result = subprocess.run(
            [self.binary, *args],
            cwd=self.workdir,
            env={**_inherited_environment(), **self.env},
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            check=False,
        )
        self.timings[args[0]] = self.timings.get(args[0], 0.0) + time.monotonic() - started
        if result.returncode not in ok_codes:
            raise CommandFailed(
                f"{Path(self.binary).name} {' '.join(args)} exited {result.returncode}\n"
                f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
            )
        return result

    def init(self) -> None:
        self.run("init", "-input=false", "-no-color")

    def apply(self, *var_args: str) -> None:
        self.run("apply", "-auto-approve", "-input=false", "-no-color", *var_args)

    def plan_exit_code(self, *var_args: str) -> int:
        """0: no changes, 2: changes (`-detailed-exitcode`)."""
        result = self.run("plan", "-detailed-exitcode", "-input=false", "-no-color", *var_args, ok_codes=(0, 2))
        return result.returncode

    def destroy(self, *var_args: str) -> None:
        self.run("destroy", "-auto-approve", "-input=false", "-no-color", *var_args)

    def outputs(self) -> dict[str, Any]:
        """`output -json`: each output's value and whether it is sensitive."""
        result: dict[str, Any] = json.loads(self.run("output", "-json").stdout)
        return result

    def state_addresses(self) -> list[str]:
        result = self.run("state", "list", ok_codes=(0, 1))
        return [line for line in result.stdout.splitlines() if line.strip()]


def _inherited_environment() -> dict[str, str]:
    """This process's environment without AWS settings or TF_VAR_ values that could reach past the emulator."""
    return {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "TF_VAR_"))}


def base_env(cli_config: Path | None) -> dict[str, str]:
    env = {"TF_IN_AUTOMATION": "1", "TF_INPUT": "0", "CHECKPOINT_DISABLE": "1"}
    if cli_config is not None:
        env["TF_CLI_CONFIG_FILE"] = str(cli_config)
    return env
