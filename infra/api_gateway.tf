# Regional REST API: POST /validate-order (API key, Lambda proxy) and its CORS preflight, one stage, logs.

locals {
  stage_name = var.environment

  # API Gateway can only map ONE static Access-Control-Allow-Origin value; the first allowed origin is it.
  # The preflight's mapping template echoes any other listed origin (below); the function echoes a matching
  # origin on its own responses.
  primary_origin = var.allowed_origins[0]

  cors_headers = {
    "Access-Control-Allow-Origin"  = "'${local.primary_origin}'"
    "Access-Control-Allow-Methods" = "'OPTIONS,POST'"
    "Access-Control-Allow-Headers" = "'Content-Type,X-Api-Key'"
    "Vary"                         = "'Origin'"
  }
  preflight_headers = merge(local.cors_headers, { "Access-Control-Max-Age" = "'600'" })

  # Replaces the static origin with the request's Origin when it is one of the other allowed origins.
  preflight_template = length(var.allowed_origins) < 2 ? "" : join("\n", [
    "#set($origin = $input.params().header.get(\"Origin\"))",
    "#if(\"$!origin\" == \"\")#set($origin = $input.params().header.get(\"origin\"))#end",
    "#if(${join(" || ", [for origin in slice(var.allowed_origins, 1, length(var.allowed_origins)) : "\"$!origin\" == \"${origin}\""])})",
    "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
    "#end",
  ])

  gateway_response_template = "{\"message\":$context.error.messageString}"

  # The answers API Gateway gives by itself. DEFAULT_5XX's status code replaces the status of every 5XX response
  # type without a customisation of its own: a throttled invocation (500 by default, when the reserved concurrency
  # is used up), a function error or a malformed function result (502) become 503 with Retry-After, which clients
  # retry, instead of 500 "Internal server error". AWS documents the status override on the gateway response types
  # page (DEFAULT_5XX); devtools/pickup_dev/gateway/aws_facts.py keeps the uncustomised defaults.
  # INTEGRATION_TIMEOUT keeps 504: the function did not answer within 29 s, so the order system was slow, not the
  # service overloaded; 504 says so in the metrics and to clients, like the function's own 504 UPSTREAM_TIMEOUT,
  # and carries the same Retry-After (5 s). The function answers by itself about 4 s before this can happen.
  # Retry-After is static here: 2 s, as a busy function frees up once a running validation ends (a cache miss takes
  # well under a second) and as the function's own hint for NetSuite's concurrency limit (1 to 3 s).
  # Access-Control-Expose-Headers lets a page on an allowed origin read it.
  retry_headers = merge(local.cors_headers, { "Access-Control-Expose-Headers" = "'Retry-After'" })
  gateway_responses = {
    DEFAULT_4XX         = { status_code = null, headers = local.cors_headers }
    DEFAULT_5XX         = { status_code = "503", headers = merge(local.retry_headers, { "Retry-After" = "'2'" }) }
    INTEGRATION_TIMEOUT = { status_code = "504", headers = merge(local.retry_headers, { "Retry-After" = "'5'" }) }
  }
}

resource "aws_api_gateway_rest_api" "this" {
  name        = local.name
  description = "Pickup order validation"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_resource" "validate_order" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "validate-order"
}

# --- POST: the function, behind an API key -------------------------------------------------------------------------

resource "aws_api_gateway_method" "post" {
  #checkov:skip=CKV2_AWS_53: the function validates the body and answers with the documented error shape
  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = aws_api_gateway_resource.validate_order.id
  http_method      = "POST"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "post" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.validate_order.id
  http_method             = aws_api_gateway_method.post.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.this.invoke_arn
}

# --- OPTIONS: the CORS preflight, answered by API Gateway itself ---------------------------------------------------

resource "aws_api_gateway_method" "options" {
  #checkov:skip=CKV2_AWS_53: a preflight carries no body or parameters to validate
  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = aws_api_gateway_resource.validate_order.id
  http_method      = "OPTIONS"
  authorization    = "NONE"
  api_key_required = false # browsers send no custom headers in a preflight
}

resource "aws_api_gateway_integration" "options" {
  rest_api_id       = aws_api_gateway_rest_api.this.id
  resource_id       = aws_api_gateway_resource.validate_order.id
  http_method       = aws_api_gateway_method.options.http_method
  type              = "MOCK"
  request_templates = { "application/json" = "{\"statusCode\": 204}" }
}

resource "aws_api_gateway_method_response" "options" {
  rest_api_id         = aws_api_gateway_rest_api.this.id
  resource_id         = aws_api_gateway_resource.validate_order.id
  http_method         = aws_api_gateway_method.options.http_method
  status_code         = "204"
  response_parameters = { for header in keys(local.preflight_headers) : "method.response.header.${header}" => true }
}

resource "aws_api_gateway_integration_response" "options" {
  rest_api_id         = aws_api_gateway_rest_api.this.id
  resource_id         = aws_api_gateway_resource.validate_order.id
  http_method         = aws_api_gateway_method.options.http_method
  status_code         = aws_api_gateway_method_response.options.status_code
  response_parameters = { for header, value in local.preflight_headers : "method.response.header.${header}" => value }
  response_templates  = local.preflight_template == "" ? null : { "application/json" = local.preflight_template }

  depends_on = [aws_api_gateway_integration.options]
}

# --- Errors API Gateway answers itself (missing key, throttling, overload, timeouts), with CORS headers too ------

resource "aws_api_gateway_gateway_response" "errors" {
  for_each = local.gateway_responses

  rest_api_id         = aws_api_gateway_rest_api.this.id
  response_type       = each.key
  status_code         = each.value.status_code
  response_parameters = { for header, value in each.value.headers : "gatewayresponse.header.${header}" => value }
  response_templates  = { "application/json" = local.gateway_response_template }
}

moved {
  from = aws_api_gateway_gateway_response.cors
  to   = aws_api_gateway_gateway_response.errors
}

# --- Deployment and stage ------------------------------------------------------------------------------------------

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "Managed by OpenTofu; replaced whenever what the API serves changes"

  # Ids change when a piece is replaced; the configured values catch in-place changes. Whole resource objects
  # are not hashed: attributes the API reads back differently (null against {}) would redeploy on every plan.
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.validate_order.id,
      aws_api_gateway_method.post.id,
      aws_api_gateway_method.post.api_key_required,
      aws_api_gateway_integration.post.id,
      aws_lambda_function.this.invoke_arn,
      aws_api_gateway_method.options.id,
      aws_api_gateway_integration.options.id,
      aws_api_gateway_method_response.options.id,
      aws_api_gateway_integration_response.options.id,
      local.preflight_headers,
      local.preflight_template,
      [for response in aws_api_gateway_gateway_response.errors : response.id],
      local.gateway_responses,
      local.gateway_response_template,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "this" {
  #checkov:skip=CKV_AWS_120: every answer depends on the order's current state; the function keeps its own cache
  #checkov:skip=CKV2_AWS_29: API key, usage plan and throttling limit callers; WAF can be attached later if needed
  #checkov:skip=CKV2_AWS_51: public browser and server clients authenticate with an API key, not a client certificate
  #checkov:skip=CKV_AWS_73: X-Ray is the xray_tracing_enabled variable, off by default for cost
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = local.stage_name
  description          = "${var.environment} stage"
  xray_tracing_enabled = var.xray_tracing_enabled

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    # No request or response bodies: they carry customer data.
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      apiKeyId           = "$context.identity.apiKeyId"
      httpMethod         = "$context.httpMethod"
      resourcePath       = "$context.resourcePath"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationStatus  = "$context.integration.status"
      integrationLatency = "$context.integration.latency"
      errorMessage       = "$context.error.message"
    })
  }

  depends_on = [aws_api_gateway_account.this]
}

resource "aws_api_gateway_method_settings" "all" {
  #checkov:skip=CKV_AWS_225: every answer depends on the order's current state; the function keeps its own cache
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = "ERROR"
    data_trace_enabled     = false # full request/response logging would write customer data
    throttling_rate_limit  = var.method_throttle_rate_limit
    throttling_burst_limit = var.method_throttle_burst_limit
  }

  depends_on = [aws_cloudwatch_log_group.execution]
}

# --- Logs ----------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_158: CloudWatch encrypts at rest already; access logs hold no bodies or credentials
  #checkov:skip=CKV_AWS_338: retention is the log_retention_days variable; short retention limits exposure and cost
  name              = "/aws/apigateway/${local.name}/access"
  retention_in_days = var.log_retention_days
}

# API Gateway writes execution logs to this fixed name; creating it first gives it a retention period.
resource "aws_cloudwatch_log_group" "execution" {
  #checkov:skip=CKV_AWS_158: CloudWatch encrypts at rest already; only errors are logged, without bodies
  #checkov:skip=CKV_AWS_338: retention is the log_retention_days variable; short retention limits exposure and cost
  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${local.stage_name}"
  retention_in_days = var.log_retention_days
}

# API Gateway needs one role per account and region to write any log. See manage_api_gateway_cloudwatch_role.
resource "aws_iam_role" "api_gateway_cloudwatch" {
  count = var.manage_api_gateway_cloudwatch_role ? 1 : 0

  name = "${local.name}-apigateway-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "apigateway.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "api_gateway_cloudwatch" {
  count = var.manage_api_gateway_cloudwatch_role ? 1 : 0

  name = "push-to-cloudwatch-logs"
  role = aws_iam_role.api_gateway_cloudwatch[0].id
  # The same actions as the AWS-managed AmazonAPIGatewayPushToCloudWatchLogs policy, limited to log groups.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
        "logs:GetLogEvents",
        "logs:FilterLogEvents",
      ]
      Resource = "arn:${data.aws_partition.current.partition}:logs:${var.aws_region}:${data.aws_caller_identity.current.account_id}:log-group:*"
    }]
  })
}

resource "aws_api_gateway_account" "this" {
  count = var.manage_api_gateway_cloudwatch_role ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.api_gateway_cloudwatch[0].arn
  depends_on          = [aws_iam_role_policy.api_gateway_cloudwatch]
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}
