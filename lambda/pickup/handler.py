"""AWS Lambda entry point: `pickup.handler.lambda_handler`.

Everything is built once, when the execution environment starts, and reused by warm invocations.
"""

import os
from typing import Any

from pickup.bootstrap import build_api

_api = build_api(os.environ)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _api.handle(event, context)
