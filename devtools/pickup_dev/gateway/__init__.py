"""A local stand-in for the deployed API Gateway REST API (Lambda proxy integration) of POST /validate-order."""

from pickup_dev.gateway.gateway_responses import GatewayResponse, GatewayResponses
from pickup_dev.gateway.lambda_function import FunctionConfig, LambdaContext
from pickup_dev.gateway.proxy_event import Stage
from pickup_dev.gateway.server import LocalGateway
from pickup_dev.gateway.worker_pool import WorkerStartFailed

__all__ = [
    "FunctionConfig",
    "GatewayResponse",
    "GatewayResponses",
    "LambdaContext",
    "LocalGateway",
    "Stage",
    "WorkerStartFailed",
]
