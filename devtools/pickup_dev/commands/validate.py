"""`pickup validate ORDER_NUMBER EMAIL`: one validation with the configured credentials, printed as the API's body.

Needs the NetSuite variables only; uses the snapshot cache when SUPABASE_URL/SUPABASE_SERVICE_ROLE_KEY or
DATABASE_URL is set. Exit code 0 when the API would answer 200, 1 otherwise.
"""

import argparse
import json
import os
import sys
import uuid


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("order_number", help="the NetSuite sales order number, e.g. SO100001")
    parser.add_argument("email", help="the customer's email address")


def run(args: argparse.Namespace) -> int:
    from pickup.api.logs import configure_logger
    from pickup.bootstrap import build_api

    configure_logger(os.environ.get("LOG_LEVEL", "INFO").upper(), stream=sys.stderr)
    api = build_api(os.environ)
    event = {
        "httpMethod": "POST",
        "path": "/validate-order",
        "resource": "/validate-order",
        "headers": {"Content-Type": "application/json"},
        "requestContext": {"requestId": f"cli-{uuid.uuid4()}"},
        "body": json.dumps({"order_number": args.order_number, "email": args.email}),
        "isBase64Encoded": False,
    }
    result = api.handle(event, None)
    print(json.dumps(json.loads(result["body"]), indent=2, ensure_ascii=False))
    status: int = result["statusCode"]
    if status != 200:
        print(f"HTTP {status}", file=sys.stderr)
    return 0 if status == 200 else 1
