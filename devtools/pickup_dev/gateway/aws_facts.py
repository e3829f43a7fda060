"""What the deployed API Gateway REST API and Lambda answer, in one place, each with its source.

Gateway responses (status and default body):
https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
  INVALID_API_KEY / MISSING_AUTHENTICATION_TOKEN 403, THROTTLED / QUOTA_EXCEEDED 429,
  REQUEST_TOO_LARGE 413, INTEGRATION_TIMEOUT 504.
Throttle and quota messages ("Too Many Requests", "Limit Exceeded"):
https://repost.aws/knowledge-center/api-gateway-429-limit
Lambda errors behind a proxy integration:
https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html
  "If the Lambda API rejects the invocation request, API Gateway returns a 500 error code. If the function runs
  but returns an error, or returns a response in the wrong format, API Gateway returns a 502. In both cases, the
  body of the response from API Gateway is {"message": "Internal server error"}." A throttled invocation (Lambda's
  429 TooManyRequestsException when reserved concurrency is used up) is such a rejection, so the client sees 500,
  not 429; API Gateway does not retry.
Limits: REST API payload 10 MB; Lambda synchronous invocation payload 6 MB each way; integration timeout 29 s.
https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
"""

from dataclasses import dataclass

MIB = 1024 * 1024
API_PAYLOAD_LIMIT = 10 * MIB
LAMBDA_PAYLOAD_LIMIT = 6 * MIB
INTEGRATION_TIMEOUT = 29.0


@dataclass(frozen=True, slots=True)
class GatewayError:
    status: int
    message: str


FORBIDDEN = GatewayError(403, "Forbidden")
MISSING_AUTHENTICATION_TOKEN = GatewayError(403, "Missing Authentication Token")
THROTTLED = GatewayError(429, "Too Many Requests")
QUOTA_EXCEEDED = GatewayError(429, "Limit Exceeded")
REQUEST_TOO_LARGE = GatewayError(413, "Request Too Long")  # the status is documented; the wording is not
BAD_REQUEST = GatewayError(400, "Bad Request")
INVOCATION_REJECTED = GatewayError(500, "Internal server error")  # Lambda refused: throttled or payload too large
FUNCTION_FAILED = GatewayError(502, "Internal server error")  # raised, timed out or answered in the wrong shape
INTEGRATION_TIMED_OUT = GatewayError(504, "Endpoint request timed out")
NOT_FOUND = GatewayError(404, "Not Found")
