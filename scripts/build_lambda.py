"""Builds the three zips infra/lambda.tf uploads: function.zip, layer-<arch>.zip and layer-oauth2-<arch>.zip.

function.zip             the `pickup` package (lambda/pickup) with its bytecode; no tests, no local tools.
layer-<arch>.zip         the core runtime dependencies (requirements/lambda.txt), attached in every deployment.
layer-oauth2-<arch>.zip  what OAuth 2.0 client credentials add (requirements/lambda-oauth2.txt: pyjwt,
                         pycryptodome), without any package the core layer already holds; attached only when the
                         OAuth 2.0 variables are set, so Token-Based Authentication deployments stay small.

The layers hold what the function imports and no more: the parts of installed packages listed in LEFT_OUT are
removed (each with its reason), and compiled modules lose their debug information (`strip --strip-debug`, which
keeps every symbol; PyCryptodome's wheels carry DWARF data that is most of their size). Without a strip tool the
build still succeeds, with bigger layers and a warning.

Both layers keep their packages under python/, where the Lambda runtime looks for a layer's packages (/opt/python;
layers are unzipped on top of each other there), as manylinux wheels for CPython 3.12 on the function's
architecture, whatever machine builds them.

All are reproducible: entries sorted, timestamps 1980-01-01, fixed permissions, bytecode checked by hash rather
than by timestamp. The same sources give byte-identical zips, so an unchanged build plans no change. Downloaded
wheels stay in build/.wheels/<arch> so later builds need no network.

    python scripts/build_lambda.py [--arch x86_64|arm64] [--out build]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON_VERSION = (3, 12)

# Lambda's python3.12 runtime runs on Amazon Linux 2023 (glibc 2.34): every manylinux tag up to 2.34 fits.
# cryptography publishes manylinux_2_28 and manylinux_2_34 wheels besides manylinux2014 (glibc 2.17); pip prefers
# the tag given first, so the newest comes first.
PLATFORM_TAGS = {
    "x86_64": ("manylinux_2_34_x86_64", "manylinux_2_28_x86_64", "manylinux2014_x86_64"),
    "arm64": ("manylinux_2_34_aarch64", "manylinux_2_28_aarch64", "manylinux2014_aarch64"),
}

# Where the runtime unpacks each zip; compiled code records these paths, so tracebacks point at real files.
FUNCTION_ROOT = "/var/task"
LAYER_ROOT = "/opt/python"

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024  # function and all its layers together
HASHED_CA_DIRECTORY = "cacert.d"  # beside certifi's cacert.pem in the core layer; pickup/tls.py knows the name

# Safe to leave out: console scripts (their shebang names the build machine's Python), installer bookkeeping that
# names the build machine, and type stubs. Every dist-info METADATA stays (importlib.metadata reads it).
DROPPED_DIRECTORIES = frozenset({"bin", "__pycache__"})
DROPPED_FILES = frozenset({"direct_url.json", "REQUESTED", "INSTALLER"})
DROPPED_SUFFIXES = frozenset({".pyc", ".pyi"})

# Installed, never imported by the function; paths relative to the layer's python/ folder, globs allowed.
LEFT_OUT = {
    "anyio": "httpx depends on it for async clients; httpcore imports it only if present, and our clients are sync",
    "anyio-*.dist-info": "as anyio",
    "typing_extensions.py": "needed only by anyio on Python 3.12",
    "typing_extensions-*.dist-info": "as typing_extensions",
    "oauthlib/oauth2": "Token-Based Authentication signs with oauthlib.oauth1 alone, which never imports it",
    "oauthlib/openid": "as oauthlib/oauth2 (OpenID Connect builds on it)",
    "Crypto/SelfTest": "PyCryptodome's own test suite",
}

# Tried in order on each compiled module; llvm-strip reads every architecture, GNU strip only its own.
STRIP_TOOLS = {
    "x86_64": ("llvm-strip", "x86_64-linux-gnu-strip", "strip"),
    "arm64": ("llvm-strip", "aarch64-linux-gnu-strip"),
}


@dataclass(frozen=True)
class Artifact:
    path: Path
    zipped_bytes: int
    unzipped_bytes: int
    entries: int


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arch", choices=sorted(PLATFORM_TAGS), default="x86_64", help="function architecture")
    parser.add_argument("--out", type=Path, default=REPO / "build", help="output folder (default: build)")
    parser.add_argument(
        "--wheel-cache", type=Path, default=None, help="downloaded wheels (default: <out>/.wheels/<arch>)"
    )
    parser.add_argument(
        "--requirements", type=Path, default=REPO / "requirements" / "lambda.txt", help="the core layer's pins"
    )
    parser.add_argument(
        "--oauth2-requirements",
        type=Path,
        default=REPO / "requirements" / "lambda-oauth2.txt",
        help="the OAuth 2.0 layer's pins (constrained by the core pins)",
    )
    parser.add_argument("--source", type=Path, default=REPO / "lambda" / "pickup", help="the function's package")
    args = parser.parse_args(argv)

    if sys.version_info[:2] != PYTHON_VERSION:
        parser.error("run with Python 3.12: the bytecode in the zips must match the Lambda runtime")
    out: Path = args.out.resolve()
    wheel_cache: Path = (args.wheel_cache or out / ".wheels" / args.arch).resolve()
    out.mkdir(parents=True, exist_ok=True)

    core_pins = args.requirements.resolve()
    oauth2_pins = args.oauth2_requirements.resolve()
    function = build_function(args.source.resolve(), out / "function.zip")
    layer = build_layer(core_pins, args.arch, wheel_cache, out / f"layer-{args.arch}.zip")
    oauth2_layer = build_oauth2_layer(
        oauth2_pins, core_pins, args.arch, wheel_cache, out / f"layer-oauth2-{args.arch}.zip"
    )

    for artifact in (function, layer, oauth2_layer):
        print(
            f"{_shown(artifact.path)}: {_mib(artifact.zipped_bytes)} zipped, "
            f"{_mib(artifact.unzipped_bytes)} unzipped, {artifact.entries} files"
        )
    for mode, artifacts in (
        ("Token-Based Authentication", (function, layer)),
        ("OAuth 2.0", (function, layer, oauth2_layer)),
    ):
        zipped = sum(artifact.zipped_bytes for artifact in artifacts)
        unzipped = sum(artifact.unzipped_bytes for artifact in artifacts)
        print(f"{mode} deployment: {_mib(zipped)} zipped, {_mib(unzipped)} unzipped")
    total = function.unzipped_bytes + layer.unzipped_bytes + oauth2_layer.unzipped_bytes
    print(f"unzipped total with both layers {_mib(total)} of Lambda's {_mib(LAMBDA_UNZIPPED_LIMIT)} limit")
    if total > LAMBDA_UNZIPPED_LIMIT:
        print("build_lambda: the function and its layers exceed Lambda's unzipped size limit", file=sys.stderr)
        return 1
    return 0


def build_function(source: Path, zip_path: Path) -> Artifact:
    """The package under its own name (pickup/...), so the handler is pickup.handler.lambda_handler."""
    if not (source / "__init__.py").is_file():
        raise SystemExit(f"build_lambda: {source} is not a Python package")
    with tempfile.TemporaryDirectory(prefix="pickup-function-") as scratch:
        staged = Path(scratch) / source.name
        shutil.copytree(source, staged, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "tests", "test_*.py"))
        compile_bytecode(Path(scratch), FUNCTION_ROOT)
        return write_zip(Path(scratch), zip_path)


def build_layer(requirements: Path, arch: str, wheel_cache: Path, zip_path: Path) -> Artifact:
    with tempfile.TemporaryDirectory(prefix="pickup-layer-") as scratch:
        site = Path(scratch) / "python"
        install_wheels(requirements, arch, wheel_cache, site)
        prune(site)
        leave_out(site)
        strip_debug_information(site, arch)
        write_hashed_ca_directory(site)
        compile_bytecode(site, LAYER_ROOT)
        return write_zip(Path(scratch), zip_path)


def build_oauth2_layer(requirements: Path, core: Path, arch: str, wheel_cache: Path, zip_path: Path) -> Artifact:
    """The OAuth 2.0 layer: the pins of `requirements` that `core` does not hold (those ship in the core layer)."""
    with tempfile.TemporaryDirectory(prefix="pickup-layer-oauth2-") as scratch:
        only_oauth2 = Path(scratch) / "requirements.txt"
        only_oauth2.write_text("".join(pins_not_in(requirements, core).values()))
        return build_layer(only_oauth2, arch, wheel_cache, zip_path)


def pins_not_in(requirements: Path, core: Path) -> dict[str, str]:
    """Each pinned entry (`name==version ...` with its hash lines) of `requirements` whose package `core` lacks.

    A package pinned in both must have the same version in both (lambda-oauth2.txt is compiled with
    `-c lambda.txt`): the runtime imports the core layer's copy.
    """
    wanted, present = pinned_entries(requirements.read_text()), pinned_entries(core.read_text())
    for name in wanted.keys() & present.keys():
        if _version(wanted[name]) != _version(present[name]):
            raise SystemExit(
                f"build_lambda: {name} is pinned differently in {requirements.name} and {core.name};"
                f" compile {requirements.name} with -c {core.name}"
            )
    entries = {name: entry for name, entry in wanted.items() if name not in present}
    if not entries:
        raise SystemExit(f"build_lambda: {requirements.name} adds nothing to {core.name}")
    return entries


def pinned_entries(text: str) -> dict[str, str]:
    """Normalised package name -> its entry in a pip-compiled requirements file (first line plus continuations)."""
    entries: dict[str, str] = {}
    name = ""
    for line in text.splitlines(keepends=True):
        if line[:1].isspace() and name:
            entries[name] += line
            continue
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==", line)
        name = re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else ""
        if name:
            entries[name] = line
    return entries


def _version(entry: str) -> str:
    return entry.split("==", 1)[1].split(maxsplit=1)[0].rstrip(";\\")


def install_wheels(requirements: Path, arch: str, wheel_cache: Path, target: Path) -> None:
    """Installs from the wheel cache; downloads into it first when something is missing."""
    wheel_cache.mkdir(parents=True, exist_ok=True)
    platform = [
        "--only-binary=:all:",
        *(f"--platform={tag}" for tag in PLATFORM_TAGS[arch]),
        "--python-version=3.12",
        "--implementation=cp",
        "--abi=cp312",
        "--abi=abi3",
        "--abi=none",
        "--require-hashes",
        f"--requirement={requirements}",
    ]
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    install = [*pip, "install", "--no-deps", "--no-compile", f"--target={target}"]
    offline = [*install, "--no-index", f"--find-links={wheel_cache}", *platform]
    if _run(offline, quiet=True):
        return
    print(f"build_lambda: downloading {arch} wheels into {wheel_cache}")
    if not _run([*pip, "download", "--no-deps", f"--dest={wheel_cache}", *platform]):
        raise SystemExit("build_lambda: pip download failed (see above)")
    shutil.rmtree(target, ignore_errors=True)
    if not _run(offline):
        raise SystemExit("build_lambda: pip install from the wheel cache failed (see above)")


def prune(site: Path) -> None:
    for path in sorted(site.rglob("*"), reverse=True):
        if not path.exists():
            continue
        if path.is_dir() and path.name in DROPPED_DIRECTORIES:
            shutil.rmtree(path)
        elif path.is_file() and (path.name in DROPPED_FILES or path.suffix in DROPPED_SUFFIXES):
            path.unlink()


def leave_out(site: Path) -> None:
    for pattern in LEFT_OUT:
        for path in sorted(site.glob(pattern)):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def strip_debug_information(site: Path, arch: str) -> None:
    """Removes debug sections from every compiled module, with the first tool of STRIP_TOOLS that can.

    $STRIP, when set, is tried first. Debug sections are never loaded at run time; symbols stay, so tracebacks and
    profilers name the same functions.
    """
    tools = [tool for tool in (os.environ.get("STRIP"), *STRIP_TOOLS[arch]) if tool and shutil.which(tool)]
    unstripped = []
    for module in sorted(site.rglob("*.so")):
        if not any(_run([tool, "--strip-debug", str(module)], quiet=True) for tool in tools):
            unstripped.append(module.relative_to(site).as_posix())
    if unstripped:
        print(
            f"build_lambda: warning: no strip tool could read {len(unstripped)} compiled modules for {arch}"
            f" (tried: {', '.join(tools) or 'none found'}); the layers work but are larger. Install llvm or"
            " binutils, or set STRIP",
            file=sys.stderr,
        )


def write_hashed_ca_directory(site: Path) -> None:
    """certifi's bundle again as an OpenSSL hashed directory, certifi/cacert.d, which pickup/tls.py prefers.

    Loading the bundle parses every certificate (about 120, 16 ms of each cold start); a hashed directory is read
    lazily, one file per issuer a handshake asks for. Files are named as `openssl rehash` names them.
    """
    bundle = site / "certifi" / "cacert.pem"
    if not bundle.is_file():
        return
    directory = bundle.with_name(HASHED_CA_DIRECTORY)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    for pem in pem_certificates(bundle.read_text(encoding="ascii")):
        name_hash = subject_name_hash(ssl.PEM_cert_to_DER_cert(pem))
        suffix = 0
        while (directory / f"{name_hash:08x}.{suffix}").exists():
            suffix += 1
        (directory / f"{name_hash:08x}.{suffix}").write_text(pem, encoding="ascii")


def pem_certificates(text: str) -> list[str]:
    begin, end = "-----BEGIN CERTIFICATE-----", "-----END CERTIFICATE-----"
    return [begin + block.split(end, 1)[0] + end + "\n" for block in text.split(begin)[1:]]


def subject_name_hash(certificate: bytes) -> int:
    """OpenSSL's X509_NAME_hash of the certificate's subject: the first four bytes, little-endian, of the SHA-1 of
    the name's canonical encoding (crypto/x509/x_name.c: every string value as a UTF8String, trimmed, inner
    whitespace runs as one space, ASCII lowercased; the RDN sets concatenated without the outer SEQUENCE)."""
    _, tbs = _der_children(_der_children(certificate)[0][1])[0]
    fields = _der_children(tbs)
    # version ([0], optional), serial number, signature algorithm, issuer, validity, subject
    subject = fields[5 if fields[0][0] == 0xA0 else 4][1]
    canonical = b""
    for _, rdn in _der_children(subject):
        entries = []
        for _, attribute in _der_children(rdn):
            (oid_tag, oid), (value_tag, value) = _der_children(attribute)
            encoded_value = _der(value_tag, value)
            if value_tag in _NAME_STRING_CODECS:
                encoded_value = _der(0x0C, _canonical_string(value.decode(_NAME_STRING_CODECS[value_tag])))
            entries.append(_der(0x30, _der(oid_tag, oid) + encoded_value))
        canonical += _der(0x31, b"".join(sorted(entries)))
    return int.from_bytes(hashlib.sha1(canonical).digest()[:4], "little")  # noqa: S324 - OpenSSL's file naming


# ASN.1 string types OpenSSL canonicalises in names, and how their bytes decode (T61String read as Latin-1, as it does).
_NAME_STRING_CODECS = {
    0x0C: "utf-8",  # UTF8String
    0x13: "latin-1",  # PrintableString
    0x14: "latin-1",  # T61String
    0x16: "latin-1",  # IA5String
    0x1A: "latin-1",  # VisibleString
    0x1C: "utf-32-be",  # UniversalString
    0x1E: "utf-16-be",  # BMPString
}


def _canonical_string(text: str) -> bytes:
    """UTF-8, trimmed, runs of ASCII whitespace as one space, ASCII letters lowercased (bytes methods touch ASCII
    alone, as OpenSSL does)."""
    return b" ".join(text.encode("utf-8").split()).lower()


def _der_children(content: bytes) -> list[tuple[int, bytes]]:
    """The (tag, content) pairs of the DER elements laid end to end in `content` (single-byte tags only)."""
    children, offset = [], 0
    while offset < len(content):
        tag, length = content[offset], content[offset + 1]
        offset += 2
        if length & 0x80:
            size = length & 0x7F
            length = int.from_bytes(content[offset : offset + size], "big")
            offset += size
        children.append((tag, content[offset : offset + length]))
        offset += length
    return children


def _der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes((tag, length)) + content
    size = (length.bit_length() + 7) // 8
    return bytes((tag, 0x80 | size)) + length.to_bytes(size, "big") + content


def compile_bytecode(root: Path, runtime_root: str) -> None:
    """Writes __pycache__/*.cpython-312.pyc next to every module, as the runtime's read-only disk cannot.

    A fresh interpreter with a fixed hash seed compiles in sorted order, so the bytecode is the same on every build;
    unchecked-hash pycs are used without comparing timestamps (zip entries all carry 1980-01-01).
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = "0"
    command = [
        sys.executable,
        "-m",
        "compileall",
        "-q",
        "-j",
        "1",
        "--invalidation-mode",
        "unchecked-hash",
        "-s",
        str(root),
        "-p",
        runtime_root,
        str(root),
    ]
    if not _run(command, env=env):
        raise SystemExit(f"build_lambda: compiling {root} failed (see above)")


def write_zip(root: Path, zip_path: Path) -> Artifact:
    """Sorted entries, fixed time and mode; replaces zip_path only when the bytes differ."""
    files = {path.relative_to(root).as_posix(): path for path in root.rglob("*") if path.is_file()}
    scratch = zip_path.with_name(zip_path.name + ".partial")
    unzipped = 0
    with zipfile.ZipFile(scratch, "w") as archive:
        for name in sorted(files):
            data = files[name].read_bytes()
            unzipped += len(data)
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.create_system = 3  # Unix, so external_attr carries the mode
            entry.external_attr = FILE_MODE << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data, compresslevel=9)
    if zip_path.exists() and zip_path.read_bytes() == scratch.read_bytes():
        scratch.unlink()
    else:
        scratch.replace(zip_path)
    return Artifact(zip_path, zip_path.stat().st_size, unzipped, len(files))


def _run(command: list[str], *, quiet: bool = False, env: dict[str, str] | None = None) -> bool:
    result = subprocess.run(command, check=False, capture_output=quiet, env=env)  # noqa: S603 (our own argv)
    return result.returncode == 0


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


if __name__ == "__main__":
    sys.exit(main())
