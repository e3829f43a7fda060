"""Reads `python -X importtime` output and adds it up per top-level package."""

import sys
from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportLine:
    module: str
    depth: int
    self_us: int
    cumulative_us: int

    @property
    def package(self) -> str:
        return self.module.split(".")[0]


@dataclass
class PackageCost:
    package: str
    kind: str  # ours | third-party | stdlib
    modules: int
    self_ms: float
    cumulative_ms: float  # its imports made from outside the package, with everything they pulled in


def parse(stderr: str) -> list[ImportLine]:
    lines = []
    for raw in stderr.splitlines():
        if not raw.startswith("import time:") or "self [us]" in raw:
            continue
        parts = raw.split(":", 1)[1].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit() or not parts[1].strip().isdigit():
            continue
        name = parts[2].rstrip()[1:]  # one space after the bar, then two spaces per level
        depth = (len(name) - len(name.lstrip())) // 2
        lines.append(ImportLine(name.strip(), depth, int(parts[0]), int(parts[1])))
    return lines


def by_package(lines: list[ImportLine], own_packages: frozenset[str] = frozenset({"pickup"})) -> list[PackageCost]:
    """Self time per package, and the cumulative time of the imports that entered the package from outside it.

    `-X importtime` prints children before their parent, one indent level deeper; walking the lines backwards
    meets each parent before its children, so a stack of open ancestors gives every line its parent.
    """
    self_us: dict[str, int] = defaultdict(int)
    modules: dict[str, int] = defaultdict(int)
    entered_us: dict[str, int] = defaultdict(int)
    ancestors: list[ImportLine] = []
    for line in reversed(lines):
        while ancestors and ancestors[-1].depth >= line.depth:
            ancestors.pop()
        parent = ancestors[-1] if ancestors else None
        if parent is None or parent.package != line.package:
            entered_us[line.package] += line.cumulative_us
        self_us[line.package] += line.self_us
        modules[line.package] += 1
        ancestors.append(line)
    return [
        PackageCost(
            package=name,
            kind=_kind(name, own_packages),
            modules=modules[name],
            self_ms=self_us[name] / 1000,
            cumulative_ms=entered_us[name] / 1000,
        )
        for name in sorted(self_us, key=lambda n: -self_us[n])
    ]


def _kind(package: str, own_packages: frozenset[str]) -> str:
    if package in own_packages:
        return "ours"
    if package in sys.stdlib_module_names or package in sys.builtin_module_names:
        return "stdlib"
    return "third-party"
