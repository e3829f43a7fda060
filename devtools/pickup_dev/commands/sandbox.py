"""`pickup sandbox`: run the NetSuite sandbox server in the foreground until Ctrl-C.

Prints the URL and the NETSUITE_* variables that point a client at it (demo credentials, fake by design).
"""

import argparse
import shlex
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

AUTH_CHOICES = ("tba", "m2m", "both")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on; 0 picks a free one (default 8765)")
    parser.add_argument("--data", type=Path, default=None, help="fixture JSON file (default: the demo data set)")
    parser.add_argument("--latency-ms", type=int, default=0, help="added latency per SuiteQL request")
    parser.add_argument(
        "--concurrency-limit", type=int, default=None, help="requests in flight before 429 (NetSuite's smallest is 5)"
    )
    parser.add_argument("--auth", choices=AUTH_CHOICES, default="both", help="which logins to accept (default both)")
    parser.add_argument("--access-log", action="store_true", help="print one line per request (paths only)")


def run(args: argparse.Namespace) -> int:
    from pickup_dev.sandbox import NetSuiteSandbox

    sandbox = NetSuiteSandbox(
        args.data,
        host=args.host,
        port=args.port,
        tba=args.auth in {"tba", "both"},
        m2m=args.auth in {"m2m", "both"},
        latency_ms=args.latency_ms,
        concurrency_limit=args.concurrency_limit,
        access_log=args.access_log,
    )
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        del signum, frame
        stopping.set()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with sandbox:
            print(f"NetSuite sandbox listening on {sandbox.url}", flush=True)
            for kind in ("tba", "m2m"):
                if args.auth in {kind, "both"}:
                    print(f"\n# {kind.upper()} client environment:")
                    for name, value in sandbox.client_env(kind).items():
                        print(f"export {name}={shlex.quote(value)}")
            print("\nAdmin API: GET /__sandbox/stats, POST /__sandbox/faults, POST /__sandbox/reset. Ctrl-C stops.")
            sys.stdout.flush()
            while not stopping.wait(timeout=1.0):
                pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    print("NetSuite sandbox stopped.", file=sys.stderr)
    return 0
