"""Artifact size: our function and layer zips from scripts/build_lambda.py, per deployment mode, next to the planned
stack's layer.

A Token-Based Authentication deployment uploads function.zip and the core layer; an OAuth 2.0 deployment also the
OAuth 2.0 layer (pyjwt, pycryptodome). The planned layer is pip-installed for manylinux2014_x86_64 / CPython 3.12
(netsuite 0.12.0, pydantic, httpx, supabase and their dependencies), then pruned, stripped of debug information,
compiled and zipped by the same functions of scripts/build_lambda.py that zip ours, so all carry the same kind of
files (LEFT_OUT is for our synchronous clients only: the planned stack's supabase client is async and needs anyio).
"""

import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.options import Options
from bench.report import Report
from bench.stacks import BENCH_BUILD, ROOT, StackUnavailable, build_planned_layer, build_script
from bench.tables import Table

TARGET_ZIPPED_BYTES = 3_000_000  # "3 MB", read strictly: decimal megabytes, 2.86 MiB
OUT = BENCH_BUILD / "artifacts"
BUILD_TIMEOUT_SECONDS = 600
MIB = 1024 * 1024
ARCH = "x86_64"


@dataclass(frozen=True)
class OurArtifacts:
    function: Path
    core_layer: Path
    oauth2_layer: Path

    def deployments(self) -> dict[str, list[Path]]:
        """What each sign-in mode uploads and attaches (infra/lambda.tf)."""
        return {
            "TBA": [self.function, self.core_layer],
            "OAuth 2.0": [self.function, self.core_layer, self.oauth2_layer],
        }


def run(_options: Options) -> Report:
    """The same in quick and full runs: sizes do not vary, and every step reuses its earlier output."""
    report = Report("artifact_size")
    sizes = Table(
        "Artifact size (deflate level 9, bytecode included)",
        ["artifact", "zipped MiB", "unzipped MiB", "files"],
    )
    ours = _build_ours()
    for path in (ours.function, ours.core_layer, ours.oauth2_layer):
        sizes.add(f"ours: {path.name}", *_measure(path))
    totals: dict[str, int] = {}
    for mode, paths in ours.deployments().items():
        measured = [_measure(path) for path in paths]
        totals[mode] = sum(path.stat().st_size for path in paths)
        sizes.add(
            f"ours, {mode} deployment: {' + '.join(_short(path) for path in paths)}",
            totals[mode] / MIB,
            sum(m[1] for m in measured),
            sum(m[2] for m in measured),
        )
    for mode, zipped in totals.items():
        verdict = "met" if zipped <= TARGET_ZIPPED_BYTES else "MISSED"
        sizes.notes.append(
            f"ours, {mode} deployment zipped: {zipped / MIB:.2f} MiB = {zipped:,} bytes"
            f" (target at most 3 MB = {TARGET_ZIPPED_BYTES:,} bytes: {verdict})"
        )
    packages = Table("Largest packages in each layer", ["layer", "package", "zipped KiB", "unzipped KiB", "share %"])
    _add_packages(packages, "ours, core", ours.core_layer)
    oauth2_packages = _add_packages(packages, "ours, oauth2", ours.oauth2_layer)
    sizes.notes.append(
        f"the OAuth 2.0 layer ({', '.join(_distributions(oauth2_packages))}) adds"
        f" {ours.oauth2_layer.stat().st_size / MIB:.2f} MiB zipped, attached only when the OAuth 2.0 variables are set"
    )
    try:
        planned = _build_planned()
    except StackUnavailable as problem:
        sizes.notes.append(f"planned layer skipped: {problem}")
    else:
        sizes.add("planned: layer (netsuite + pydantic + httpx + supabase)", *_measure(planned))
        ratios = ", ".join(f"{mode} {zipped / planned.stat().st_size:.2f}" for mode, zipped in totals.items())
        sizes.notes.append(f"ours in total / planned layer alone, zipped: {ratios}")
        _add_packages(packages, "planned", planned)
        report.data["planned_layer_zipped_bytes"] = planned.stat().st_size
    report.data["ours_zipped_bytes"] = dict(totals)
    report.data["target_met"] = {mode: zipped <= TARGET_ZIPPED_BYTES for mode, zipped in totals.items()}
    report.tables += [sizes, packages]
    return report


def _build_ours() -> OurArtifacts:
    """function.zip and both layers for x86_64, built by scripts/build_lambda.py into build/bench/artifacts."""
    command = [sys.executable, str(ROOT / "scripts" / "build_lambda.py"), "--out", str(OUT), "--arch", ARCH]
    result = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"scripts/build_lambda.py failed: {(result.stderr or result.stdout).strip()[-1500:]}")
    return OurArtifacts(OUT / "function.zip", OUT / f"layer-{ARCH}.zip", OUT / f"layer-oauth2-{ARCH}.zip")


def _distributions(packages: dict[str, int]) -> list[str]:
    """The distributions among _add_packages' names (each has a metadata entry)."""
    return sorted(name.removesuffix(" (metadata)") for name in packages if name.endswith(" (metadata)"))


def _short(path: Path) -> str:
    return {"function.zip": "function", f"layer-{ARCH}.zip": "core", f"layer-oauth2-{ARCH}.zip": "oauth2"}[path.name]


def _build_planned() -> Path:
    builder = build_script()
    site = build_planned_layer(BENCH_BUILD / "planned-layer")
    zip_path = OUT / "planned-layer-x86_64.zip"
    marker = site.parent / "bench-requirements.txt"
    if zip_path.exists() and zip_path.stat().st_mtime >= marker.stat().st_mtime:
        return zip_path  # the pins did not change since it was zipped
    with tempfile.TemporaryDirectory(prefix="planned-layer-") as scratch:
        staged = Path(scratch) / "python"
        shutil.copytree(site, staged, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        builder.prune(staged)
        builder.strip_debug_information(staged, ARCH)  # as ours; LEFT_OUT is ours alone (the planned stack is async)
        builder.compile_bytecode(staged, builder.LAYER_ROOT)
        builder.write_zip(Path(scratch), zip_path)
    return zip_path


def _measure(path: Path) -> tuple[float, float, int]:
    with zipfile.ZipFile(path) as archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
    return path.stat().st_size / MIB, sum(info.file_size for info in entries) / MIB, len(entries)


def _add_packages(table: Table, label: str, layer_zip: Path, top: int = 8) -> dict[str, int]:
    """Adds the largest packages to the table; returns the compressed bytes of every package."""
    zipped: dict[str, int] = defaultdict(int)
    unzipped: dict[str, int] = defaultdict(int)
    with zipfile.ZipFile(layer_zip) as archive:
        for info in archive.infolist():
            parts = info.filename.split("/")
            if info.is_dir() or len(parts) < 2:
                continue
            package = _package_of(parts[1] if parts[0] == "python" else parts[0])
            zipped[package] += info.compress_size
            unzipped[package] += info.file_size
    total = sum(zipped.values())
    ranked = sorted(zipped, key=lambda name: -zipped[name])
    for name in ranked[:top]:
        table.add(label, name, zipped[name] / 1024, unzipped[name] / 1024, 100 * zipped[name] / total)
    rest = ranked[top:]
    if rest:
        rest_zipped = sum(zipped[n] for n in rest)
        table.add(
            label,
            f"({len(rest)} others)",
            rest_zipped / 1024,
            sum(unzipped[n] for n in rest) / 1024,
            100 * rest_zipped / total,
        )
    return dict(zipped)


def _package_of(top_level: str) -> str:
    """`cryptography-50.0.2.dist-info` and `cffi.libs` count with the package they belong to."""
    if top_level.endswith(".dist-info"):
        return top_level.split("-", maxsplit=1)[0].lower().replace("_", "-") + " (metadata)"
    if top_level.endswith(".libs"):
        return top_level.removesuffix(".libs")
    if top_level.endswith((".py", ".so")):
        return top_level.split(".", maxsplit=1)[0]
    return top_level
