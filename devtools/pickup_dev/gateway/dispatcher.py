"""One request through the API as deployed: route, API key, usage plan, then the Lambda proxy integration.

Routes: POST /validate-order → the function; OPTIONS /validate-order → MOCK (CORS preflight, no key);
GET /openapi.json → the spec file, when one is configured. Anything else gets what API Gateway answers for a path or
method it does not know: 403 Missing Authentication Token. Paths are accepted with or without the stage prefix.
"""

import dataclasses
import hmac
import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from pickup_dev.gateway import aws_facts
from pickup_dev.gateway.gateway_responses import GatewayResponses
from pickup_dev.gateway.invocation import FunctionFailed, IntegrationTimedOut, InvocationRejected, Invoker
from pickup_dev.gateway.proxy_event import (
    IncomingRequest,
    KeyUse,
    Stage,
    build_event,
    new_extended_request_id,
    new_trace_id,
)
from pickup_dev.gateway.proxy_result import MalformedResult, to_reply
from pickup_dev.gateway.replies import Cors, Reply
from pickup_dev.gateway.usage_plan import UsagePlan, Verdict

log = logging.getLogger("pickup_dev.gateway")

VALIDATE_ORDER = "/validate-order"
OPENAPI = "/openapi.json"


@dataclass(frozen=True, slots=True)
class Handled:
    request_id: str
    reply: Reply
    api_key_id: str | None = None


@dataclass(frozen=True, slots=True)
class ApiKey:
    value: str
    key_id: str

    def matches(self, presented: str | None) -> bool:
        return presented is not None and hmac.compare_digest(presented.encode(), self.value.encode())


class Dispatcher:
    def __init__(
        self,
        *,
        invoker: Invoker,
        api_key: ApiKey,
        plan: UsagePlan,
        cors: Cors,
        responses: GatewayResponses,
        stage: Stage,
        integration_timeout: float,
        openapi_path: Path | None,
    ) -> None:
        self._invoker = invoker
        self._api_key = api_key
        self._plan = plan
        self._cors = cors
        self._responses = responses
        self._stage = stage
        self._integration_timeout = integration_timeout
        self._openapi_path = openapi_path

    def handle(self, request: IncomingRequest) -> Handled:
        request_id = str(uuid.uuid4())
        extended_request_id = new_extended_request_id()
        request = dataclasses.replace(request, path=self._without_stage(request.path))
        reply, api_key_id = self._route(request, request_id, extended_request_id)
        headers = [*reply.headers, ("x-amzn-RequestId", request_id), ("x-amz-apigw-id", extended_request_id)]
        return Handled(request_id, Reply(reply.status, headers, reply.body), api_key_id)

    def error(self, error: aws_facts.GatewayError) -> Handled:
        """A gateway response for a request that never got as far as routing (too large, unreadable)."""
        request_id = str(uuid.uuid4())
        reply = self._gateway_error(error)
        return Handled(request_id, Reply(reply.status, [*reply.headers, ("x-amzn-RequestId", request_id)], reply.body))

    def _route(self, request: IncomingRequest, request_id: str, extended_request_id: str) -> tuple[Reply, str | None]:
        if request.path == VALIDATE_ORDER and request.method == "OPTIONS":
            return self._cors.preflight(), None
        if request.path == VALIDATE_ORDER and request.method == "POST":
            return self._call_function(request, request_id, extended_request_id)
        if request.path == OPENAPI and request.method in {"GET", "HEAD"} and self._openapi_path is not None:
            return self._openapi(), None
        return self._gateway_error(aws_facts.MISSING_AUTHENTICATION_TOKEN), None

    def _call_function(
        self, request: IncomingRequest, request_id: str, extended_request_id: str
    ) -> tuple[Reply, str | None]:
        presented = request.header("X-Api-Key")
        if not self._api_key.matches(presented):
            return self._gateway_error(aws_facts.FORBIDDEN), None
        key_id = self._api_key.key_id
        verdict = self._plan.admit(key_id)
        if verdict is Verdict.THROTTLED:
            return self._gateway_error(aws_facts.THROTTLED), key_id
        if verdict is Verdict.QUOTA_EXCEEDED:
            return self._gateway_error(aws_facts.QUOTA_EXCEEDED), key_id
        trace_id = request.header("X-Amzn-Trace-Id") or new_trace_id()
        event = build_event(
            request,
            resource=VALIDATE_ORDER,
            stage=self._stage,
            request_id=request_id,
            extended_request_id=extended_request_id,
            trace_id=trace_id,
            key=KeyUse(self._api_key.value, key_id),
        )
        reply = self._integration_reply(json.dumps(event))
        return Reply(reply.status, [*reply.headers, ("X-Amzn-Trace-Id", trace_id)], reply.body), key_id

    def _integration_reply(self, event_json: str) -> Reply:
        try:
            result = self._invoker.invoke(event_json, integration_timeout=self._integration_timeout)
            return to_reply(result)
        except InvocationRejected as exc:
            log.warning("Lambda rejected the invocation: %s", exc)
            return self._gateway_error(aws_facts.INVOCATION_REJECTED)
        except FunctionFailed as exc:
            log.warning("Lambda function error: %s", exc)
            return self._gateway_error(aws_facts.FUNCTION_FAILED)
        except MalformedResult as exc:
            log.warning("Malformed Lambda proxy response: %s", exc)
            return self._gateway_error(aws_facts.FUNCTION_FAILED)
        except IntegrationTimedOut:
            log.warning("Endpoint request timed out after %.1f s", self._integration_timeout)
            return self._gateway_error(aws_facts.INTEGRATION_TIMED_OUT)

    def _gateway_error(self, error: aws_facts.GatewayError) -> Reply:
        return self._responses.reply(error, self._cors)

    def _openapi(self) -> Reply:
        assert self._openapi_path is not None
        try:
            body = self._openapi_path.read_bytes()
        except OSError:
            return self._gateway_error(aws_facts.NOT_FOUND)
        return Reply(200, [("Content-Type", "application/json"), *self._cors.headers()], body)

    def _without_stage(self, path: str) -> str:
        prefix = f"/{self._stage.name}/"
        return path[len(prefix) - 1 :] if path.startswith(prefix) else path
