"""What API Gateway REST and Lambda answer before any customisation, in one place, each with its source.

The deployed API customises some of these (infra/api_gateway.tf); gateway_responses.py applies the same
customisation locally. Everything here is AWS's default, what a client sees when nothing is customised.

Gateway responses (status and default body):
https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
  INVALID_API_KEY / MISSING_AUTHENTICATION_TOKEN 403, THROTTLED / QUOTA_EXCEEDED 429,
  REQUEST_TOO_LARGE 413, INTEGRATION_TIMEOUT 504.
  A type that is not customised on its own falls back to DEFAULT_4XX or DEFAULT_5XX. "Changing the status code of
  this fallback gateway response changes the status code of all other 5XX responses to the new value" (DEFAULT_5XX;
  the same for DEFAULT_4XX). Uncustomised, a gateway response carries no extra header (no CORS, no Retry-After).
Throttle and quota messages ("Too Many Requests", "Limit Exceeded"):
https://repost.aws/knowledge-center/api-gateway-429-limit
Lambda errors behind a proxy integration:
https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html
  "If the Lambda API rejects the invocation request, API Gateway returns a 500 error code. If the function runs
  but returns an error, or returns a response in the wrong format, API Gateway returns a 502. In both cases, the
  body of the response from API Gateway is {"message": "Internal server error"}." A throttled invocation (Lambda's
  429 TooManyRequestsException when reserved concurrency is used up) is such a rejection, so the client sees 500,
  not 429; API Gateway does not retry. Neither failure has a response type of its own in the list above: both are
  API Gateway's own 5XX answers, so DEFAULT_5XX's customisation applies to them. The workaround given on AWS
  re:Post for "API Gateway proxy integration does not forward Lambda throttling (HTTP 429)" is that customisation
  (https://repost.aws/questions/QUfI6bsdd0SOiPeyimzxSkfQ).
Limits: REST API payload 10 MB; Lambda synchronous invocation payload 6 MB each way; integration timeout 29 s.
https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
"""

from dataclasses import dataclass

MIB = 1024 * 1024
API_PAYLOAD_LIMIT = 10 * MIB
LAMBDA_PAYLOAD_LIMIT = 6 * MIB
INTEGRATION_TIMEOUT = 29.0


DEFAULT_4XX = "DEFAULT_4XX"
DEFAULT_5XX = "DEFAULT_5XX"


@dataclass(frozen=True, slots=True)
class GatewayError:
    """An answer of API Gateway's own: its default status and message, and the gateway response type it belongs to
    (DEFAULT_4XX / DEFAULT_5XX when it has no type of its own)."""

    status: int
    message: str
    response_type: str

    @property
    def fallback_type(self) -> str:
        return DEFAULT_5XX if self.status >= 500 else DEFAULT_4XX


FORBIDDEN = GatewayError(403, "Forbidden", "INVALID_API_KEY")
MISSING_AUTHENTICATION_TOKEN = GatewayError(403, "Missing Authentication Token", "MISSING_AUTHENTICATION_TOKEN")
THROTTLED = GatewayError(429, "Too Many Requests", "THROTTLED")
QUOTA_EXCEEDED = GatewayError(429, "Limit Exceeded", "QUOTA_EXCEEDED")
# the status is documented; the wording is not
REQUEST_TOO_LARGE = GatewayError(413, "Request Too Long", "REQUEST_TOO_LARGE")
BAD_REQUEST = GatewayError(400, "Bad Request", DEFAULT_4XX)
# Lambda refused: throttled or payload too large
INVOCATION_REJECTED = GatewayError(500, "Internal server error", DEFAULT_5XX)
# raised, timed out or answered in the wrong shape
FUNCTION_FAILED = GatewayError(502, "Internal server error", DEFAULT_5XX)
INTEGRATION_TIMED_OUT = GatewayError(504, "Endpoint request timed out", "INTEGRATION_TIMEOUT")
NOT_FOUND = GatewayError(404, "Not Found", "RESOURCE_NOT_FOUND")
