"""`pickup dev`: the whole system on 127.0.0.1 with embedded defaults.

Starts an embedded PostgreSQL with every migration applied, the NetSuite sandbox with its demo orders, and the
local API gateway in front of the same handler code that runs in Lambda. Prints the URL, the API key and a curl
line; Ctrl-C stops every part.
"""

import argparse
import contextlib
import json
import os
import secrets
import signal
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[3]
MIGRATIONS = REPO_ROOT / "supabase" / "migrations"
OPENAPI = REPO_ROOT / "docs" / "openapi.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8787, help="port of the local API gateway (default 8787)")
    parser.add_argument("--api-key", default=None, help="API key to require (default: a new random key)")
    parser.add_argument("--data", type=Path, default=None, help="NetSuite fixture file (default: the demo orders)")
    parser.add_argument("--auth", choices=("tba", "m2m"), default="tba", help="how the function signs NetSuite calls")
    parser.add_argument("--sandbox-port", type=int, default=0, help="port of the NetSuite sandbox (default: any)")
    parser.add_argument("--pg-port", type=int, default=0, help="port of the embedded PostgreSQL (default: any)")


def run(args: argparse.Namespace) -> int:
    from pickup.bootstrap import build_api
    from pickup_dev.gateway import LocalGateway
    from pickup_dev.postgres import EmbeddedPostgres, apply_migrations
    from pickup_dev.sandbox import NetSuiteSandbox
    from pickup_dev.sandbox.demo import client_env

    api_key = args.api_key or f"local-{secrets.token_urlsafe(18)}"
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pickup-dev-")))
        say("starting PostgreSQL …")
        postgres = stack.enter_context(EmbeddedPostgres(data_dir=workdir / "pg", port=args.pg_port))
        apply_migrations(postgres.dsn, MIGRATIONS)
        say("starting the NetSuite sandbox …")
        sandbox_options = {"port": args.sandbox_port}
        if args.data is not None:
            sandbox_options["data"] = args.data
        sandbox = stack.enter_context(NetSuiteSandbox(**sandbox_options))
        env = {
            **os.environ,
            **client_env(sandbox.url, args.auth),
            "DATABASE_URL": postgres.dsn,
            "ALLOWED_ORIGINS": os.environ.get("ALLOWED_ORIGINS", "*"),
        }
        api = build_api(env)
        gateway = stack.enter_context(
            LocalGateway(handler=api.handle, api_key=api_key, port=args.port, openapi_path=OPENAPI)
        )
        print_banner(gateway.url, api_key, sandbox.url, _without_password(postgres.dsn))
        with contextlib.suppress(KeyboardInterrupt):
            while not stop.wait(0.5):
                pass
        say("stopping …")
    return 0


def print_banner(url: str, api_key: str, sandbox_url: str, dsn: str) -> None:
    body = json.dumps({"order_number": "SO100001", "email": "purchasing@acme-industrial.com"})
    print(
        f"""
Pickup order validation is running.

  API          {url}/validate-order
  API key      {api_key}
  OpenAPI      {url}/openapi.json
  NetSuite     {sandbox_url}   (sandbox with demo orders: devtools/pickup_dev/sandbox/demo_data.md)
  PostgreSQL   {dsn}

Try it:
  curl -s -X POST {url}/validate-order -H 'Content-Type: application/json' -H 'X-Api-Key: {api_key}' \\
       -d '{body}'

Press Ctrl-C to stop.
""",
        flush=True,
    )


def _without_password(dsn: str) -> str:
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}:{parts.port}" if parts.port else f"{parts.username}:***@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
