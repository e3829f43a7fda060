"""How the API's own error answers are customised: the local twin of the gateway responses in infra/api_gateway.tf.

API Gateway's rules (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html):
a response type customised on its own answers with its own settings; any other type falls back to DEFAULT_4XX or
DEFAULT_5XX by its status. A status set on DEFAULT_4XX / DEFAULT_5XX replaces the status of every type of that family
that has none of its own; headers come only from the customisation that applies. aws_facts.py holds the defaults.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from pickup_dev.gateway.aws_facts import DEFAULT_4XX, DEFAULT_5XX, GatewayError
from pickup_dev.gateway.replies import Cors, Reply


@dataclass(frozen=True, slots=True)
class GatewayResponse:
    """One customised response type: a status (None keeps each type's own), CORS headers, a static Retry-After."""

    status: int | None = None
    cors: bool = True
    retry_after: int | None = None


# What infra/api_gateway.tf deploys (local.gateway_responses): a throttled invocation or a function error answers
# 503 with Retry-After instead of 500 / 502; an integration timeout stays 504, with Retry-After.
DEPLOYED: Mapping[str, GatewayResponse] = MappingProxyType(
    {
        DEFAULT_4XX: GatewayResponse(),
        DEFAULT_5XX: GatewayResponse(status=503, retry_after=2),
        "INTEGRATION_TIMEOUT": GatewayResponse(status=504, retry_after=5),
    }
)


@dataclass(frozen=True, slots=True)
class GatewayResponses:
    """The customised response types, by name. `GatewayResponses()` is the deployed API's; `.uncustomised()` is
    API Gateway with nothing customised (AWS's statuses, no CORS or Retry-After headers)."""

    by_type: Mapping[str, GatewayResponse] = field(default_factory=lambda: DEPLOYED)

    @classmethod
    def uncustomised(cls) -> "GatewayResponses":
        return cls(MappingProxyType({}))

    def reply(self, error: GatewayError, cors: Cors) -> Reply:
        """The answer API Gateway sends for `error`; the body keeps its message ($context.error.messageString)."""
        own = self.by_type.get(error.response_type)
        fallback = self.by_type.get(error.fallback_type)
        applied = own if own is not None else fallback
        headers = [("Content-Type", "application/json")]
        if applied is not None and applied.cors:
            headers += cors.headers()
        if applied is not None and applied.retry_after is not None:
            headers += [("Retry-After", str(applied.retry_after)), ("Access-Control-Expose-Headers", "Retry-After")]
        body = json.dumps({"message": error.message}, separators=(",", ":")).encode()
        return Reply(_status(error, own, fallback), headers, body)


def _status(error: GatewayError, own: GatewayResponse | None, fallback: GatewayResponse | None) -> int:
    for response in (own, fallback):
        if response is not None and response.status is not None:
            return response.status
    return error.status
