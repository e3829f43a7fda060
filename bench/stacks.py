"""The two stacks being compared: ours (lambda/pickup and the packages of both our layers) and the one the design
planned.

The planned stack is what the original design listed for the Lambda layer (PyPI `netsuite` 0.12.0, `pydantic`,
`httpx`) plus the `supabase` client the replaced system used. It lives in its own virtual environment under
build/bench/planned-venv, created with the same interpreter as .venv, so both stacks start the same Python.
Versions are pinned to what pip resolved for `netsuite==0.12.0 pydantic httpx supabase` when the benchmark was
written (netsuite 0.12.0 caps httpx below 0.28), so reruns compare the same code.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
BENCH_BUILD = BUILD / "bench"
PLANNED_VENV = BENCH_BUILD / "planned-venv"
PLANNED_SOURCE = BENCH_BUILD / "planned-source"  # its site-packages again, without any .pyc
OURS_VENV = BENCH_BUILD / "ours-venv"  # an empty venv: nothing from .venv (click, rich, ...) can leak in
OURS_RUNTIME = BENCH_BUILD / "ours-runtime"  # pickup + requirements/lambda.txt and lambda-oauth2.txt, compiled
OURS_SOURCE = BENCH_BUILD / "ours-source"  # the same files without any .pyc
PLANNED_REQUIREMENTS = (
    "netsuite==0.12.0",
    "pydantic==2.14.4",
    "httpx==0.27.2",
    "supabase==2.34.1",
)
PIP_TIMEOUT_SECONDS = 600


class StackUnavailable(RuntimeError):
    """A stack could not be prepared (most often: PyPI is not reachable)."""


@dataclass(frozen=True)
class Runtime:
    """One way to start a stack: an interpreter, what goes first on sys.path, and whether .pyc files may be used."""

    label: str
    python: Path
    pythonpath: Path | None = None
    bytecode: bool = True

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": str(BENCH_BUILD)}
        if self.pythonpath is not None:
            env["PYTHONPATH"] = str(self.pythonpath)
        if not self.bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        return {**env, **(extra or {})}


def prepare_ours() -> tuple[Runtime, Runtime]:
    """Our runtime as an OAuth 2.0 deployment sees it (lambda/pickup, the core and OAuth 2.0 layers' packages), with
    and without .pyc. Token-Based Authentication never imports the OAuth 2.0 packages, so it starts the same there
    as with the core layer alone.

    The files are copied from .venv, which holds exactly the versions pinned in requirements/lambda*.txt.
    .venv itself is not used: it also holds development tools that some libraries import when present
    (httpx loads its command-line extras, click and rich, if it can find them).
    """
    if not (OURS_VENV / "bin" / "python").exists():
        _run_or_raise([str(base_python()), "-m", "venv", "--without-pip", str(OURS_VENV)], "create the ours venv")
    copy_ours_sources(OURS_SOURCE)
    shutil.rmtree(OURS_RUNTIME, ignore_errors=True)
    shutil.copytree(OURS_SOURCE, OURS_RUNTIME)
    compile_tree(OURS_RUNTIME)
    python = OURS_VENV / "bin" / "python"
    return (
        Runtime("ours", python, OURS_RUNTIME),
        Runtime("ours, no .pyc", python, OURS_SOURCE, bytecode=False),
    )


def prepare_planned() -> tuple[Runtime, Runtime]:
    """The planned stack in its own venv, with and without .pyc. Raises StackUnavailable without PyPI."""
    python = planned_python()
    copy_planned_sources(PLANNED_SOURCE)
    return (
        Runtime("planned", python),
        Runtime("planned, no .pyc", python, PLANNED_SOURCE, bytecode=False),
    )


def ours_python() -> Path:
    """The interpreter of .venv, where `pickup` is installed editable."""
    venv_python = ROOT / ".venv" / "bin" / "python"
    return venv_python if venv_python.exists() else Path(sys.executable)


def base_python() -> Path:
    """The interpreter .venv was created from (no virtual environment, no site-packages of ours)."""
    return Path(getattr(sys, "_base_executable", sys.executable))


def planned_python() -> Path:
    """The planned stack's interpreter, creating and filling its virtual environment on first use."""
    python = PLANNED_VENV / "bin" / "python"
    marker = PLANNED_VENV / "bench-requirements.txt"
    wanted = _planned_marker()
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    shutil.rmtree(PLANNED_VENV, ignore_errors=True)
    PLANNED_VENV.parent.mkdir(parents=True, exist_ok=True)
    _run_or_raise([str(base_python()), "-m", "venv", str(PLANNED_VENV)], "create the planned-stack venv")
    _run_or_raise(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PLANNED_REQUIREMENTS],
        "pip install the planned stack (is PyPI reachable?)",
    )
    marker.write_text(wanted)
    return python


def planned_site_packages() -> Path:
    python = planned_python()
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return Path(out.stdout.strip())


def build_planned_layer(target: Path) -> Path:
    """The planned stack as a Lambda layer would carry it: manylinux wheels for Python 3.12 under python/."""
    site = target / "python"
    marker = target / "bench-requirements.txt"
    wanted = _planned_marker()
    if site.is_dir() and marker.exists() and marker.read_text() == wanted:
        return site
    shutil.rmtree(target, ignore_errors=True)
    site.mkdir(parents=True)
    _run_or_raise(
        [
            str(ours_python()),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--platform",
            "manylinux2014_x86_64",
            "--only-binary=:all:",
            "--python-version",
            "3.12",
            "--implementation",
            "cp",
            "--target",
            str(site),
            *PLANNED_REQUIREMENTS,
        ],
        "pip install the planned layer (is PyPI reachable?)",
    )
    marker.write_text(wanted)
    return site


LAMBDA_REQUIREMENTS = ("lambda.txt", "lambda-oauth2.txt")  # the core layer, the OAuth 2.0 layer


def lambda_distributions() -> list[str]:
    """The distribution names pinned in requirements/lambda.txt and lambda-oauth2.txt (what our layers ship)."""
    names: list[str] = []
    for requirements in LAMBDA_REQUIREMENTS:
        for line in (ROOT / "requirements" / requirements).read_text().splitlines():
            match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==", line)
            if match and match.group(1) not in names:
                names.append(match.group(1))
    return names


def copy_ours_sources(target: Path) -> Path:
    """lambda/pickup and every installed file of the lambda*.txt distributions, without any .pyc, trimmed as
    scripts/build_lambda.py trims the layers (LEFT_OUT) and with the hashed CA directory it writes into them."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "lambda" / "pickup", target / "pickup", ignore=_no_bytecode)
    for name in lambda_distributions():
        dist = metadata.distribution(name)
        for file in dist.files or ():
            if "__pycache__" in file.parts or file.suffix == ".pyc" or ".." in file.parts:
                continue
            source = Path(str(dist.locate_file(file)))
            if source.is_file():
                destination = target / file
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
    builder = build_script()
    builder.leave_out(target)
    builder.write_hashed_ca_directory(target)
    return target


def build_script() -> ModuleType:
    """scripts/build_lambda.py as a module, so the benchmarks build and trim exactly as a deployment does."""
    spec = importlib.util.spec_from_file_location("build_lambda", ROOT / "scripts" / "build_lambda.py")
    if spec is None or spec.loader is None:
        raise RuntimeError("cannot load scripts/build_lambda.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def copy_planned_sources(target: Path) -> Path:
    """The planned venv's site-packages without pip/setuptools and without any .pyc (copied once per pin set)."""
    marker = target / "bench-requirements.txt"
    if marker.exists() and marker.read_text() == _planned_marker():
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(
        planned_site_packages(),
        target,
        ignore=lambda directory, names: [
            *_no_bytecode(directory, names),
            *(n for n in names if n.split("-")[0] in {"pip", "setuptools", "_distutils_hack"}),
        ],
    )
    marker.write_text(_planned_marker())
    return target


def _planned_marker() -> str:
    return "\n".join(PLANNED_REQUIREMENTS) + "\n"


def compile_tree(tree: Path) -> None:
    _run_or_raise([str(base_python()), "-m", "compileall", "-q", "-j", "0", str(tree)], f"compile {tree}")


def _no_bytecode(_directory: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__" or n.endswith(".pyc")]


def _run_or_raise(command: list[str], what: str) -> None:
    env = {**os.environ, "PIP_NO_INPUT": "1"}
    try:
        result = subprocess.run(
            command, check=False, capture_output=True, text=True, timeout=PIP_TIMEOUT_SECONDS, env=env
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise StackUnavailable(f"could not {what}: {exc}") from exc
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-5:])
        raise StackUnavailable(f"could not {what}:\n{tail}")
