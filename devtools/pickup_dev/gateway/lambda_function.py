"""The function side: its settings, the `context` object the Python runtime passes, and loading a handler by path.

The context mirrors the Python runtime's LambdaContext (awslambdaric): settings come from the AWS_LAMBDA_* variables,
so `memory_limit_in_mb` is a string there too, and the remaining time counts down to an epoch-millisecond deadline.
"""

import importlib
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Handler = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True, slots=True)
class FunctionConfig:
    name: str = "pickup-validate-order"
    memory_mb: int = 256
    timeout: float = 28.0  # seconds; Lambda stops the function here
    region: str = "us-east-1"
    account_id: str = "123456789012"
    version: str = "$LATEST"

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:function:{self.name}"

    def runtime_environment(self, handler_path: str) -> dict[str, str]:
        """The variables the Lambda runtime sets for every execution environment of this function."""
        return {
            "AWS_LAMBDA_FUNCTION_NAME": self.name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_mb),
            "AWS_LAMBDA_FUNCTION_VERSION": self.version,
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{self.name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": f"local/[{self.version}]{uuid.uuid4().hex}",
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.12",
            "_HANDLER": handler_path,
        }


class LambdaContext:
    def __init__(
        self,
        *,
        aws_request_id: str,
        invoked_function_arn: str,
        deadline_ms: int,
        environment: Mapping[str, str],
    ) -> None:
        self.aws_request_id = aws_request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = environment.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = environment.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = environment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = environment.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = environment.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


def deadline_ms_after(seconds: float) -> int:
    return int((time.time() + seconds) * 1000)


def load_handler(handler_path: str) -> Handler:
    """`package.module.function` → the function; raises ImportError or AttributeError or TypeError."""
    module_name, _, attribute = handler_path.rpartition(".")
    if not module_name:
        raise ImportError(f"handler path {handler_path!r} must look like package.module.function")
    handler = getattr(importlib.import_module(module_name), attribute)
    if not callable(handler):
        raise TypeError(f"{handler_path} is not callable")
    result: Handler = handler
    return result
