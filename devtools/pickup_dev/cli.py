"""`pickup`: one command-line entry point for the local tools.

Each subcommand lives in its own module exposing `add_arguments(parser)` and `run(args) -> int`;
modules import their heavy dependencies inside `run`, so `pickup --help` stays fast.
"""

import argparse
import importlib
import sys
from types import ModuleType

COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "dev",
        "pickup_dev.commands.dev",
        "run the whole system locally: PostgreSQL, NetSuite sandbox, API gateway",
    ),
    ("sandbox", "pickup_dev.commands.sandbox", "run the NetSuite sandbox server on 127.0.0.1"),
    ("validate", "pickup_dev.commands.validate", "validate one order against the configured NetSuite"),
    ("netsuite-check", "pickup_dev.commands.netsuite_check", "prove the NetSuite credentials work"),
)


def _load(module_name: str) -> ModuleType | None:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pickup",
        description="Local tools for the pickup order validation service.",
    )
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name, summary in COMMANDS:
        sub = subcommands.add_parser(name, help=summary, description=summary)
        module = _load(module_name)
        if module is None:
            sub.set_defaults(handler=None)
        else:
            module.add_arguments(sub)
            sub.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if args.handler is None:
        print(f"pickup {args.command}: not built yet.", file=sys.stderr)
        return 2
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
