# The function (package `pickup`), its dependency layers, its role and its log group.

locals {
  handler          = "pickup.handler.lambda_handler"
  artifacts_dir    = coalesce(var.artifacts_dir, "${path.module}/../build")
  function_zip     = "${local.artifacts_dir}/function.zip"
  layer_zip        = "${local.artifacts_dir}/layer-${var.lambda_architecture}.zip"
  oauth2_layer_zip = "${local.artifacts_dir}/layer-oauth2-${var.lambda_architecture}.zip"

  netsuite_tba_complete = alltrue([
    for value in [var.netsuite_consumer_key, var.netsuite_consumer_secret, var.netsuite_token_id, var.netsuite_token_secret] :
    value != ""
  ])
  netsuite_oauth2_complete = alltrue([
    for value in [var.netsuite_client_id, var.netsuite_certificate_id, var.netsuite_private_key] : value != ""
  ])

  # The function signs in with OAuth 2.0 whenever its three values are complete (it wins over complete TBA values,
  # as in lambda/pickup/netsuite/config.py), and only then needs pyjwt and pycryptodome: the oauth2 layer. Whether
  # the values are set is not secret, so the count may use it.
  uses_oauth2 = nonsensitive(local.netsuite_oauth2_complete)

  # Names match the README's configuration table. Empty optional values are left out, so the function sees
  # only the sign-in method in use.
  function_environment = {
    for name, value in {
      NETSUITE_ACCOUNT_ID       = var.netsuite_account_id
      NETSUITE_CONSUMER_KEY     = var.netsuite_consumer_key
      NETSUITE_CONSUMER_SECRET  = var.netsuite_consumer_secret
      NETSUITE_TOKEN_ID         = var.netsuite_token_id
      NETSUITE_TOKEN_SECRET     = var.netsuite_token_secret
      NETSUITE_CLIENT_ID        = var.netsuite_client_id
      NETSUITE_CERTIFICATE_ID   = var.netsuite_certificate_id
      NETSUITE_PRIVATE_KEY      = var.netsuite_private_key
      NETSUITE_REST_URL         = var.netsuite_rest_url
      SUPABASE_URL              = trimsuffix(var.supabase_url, "/")
      SUPABASE_SERVICE_ROLE_KEY = var.supabase_service_role_key
      ALLOWED_ORIGINS           = join(",", var.allowed_origins)
      ELIGIBLE_STATUSES         = join(",", var.eligible_statuses)
      CACHE_FRESH_SECONDS       = tostring(var.cache_fresh_seconds)
      CACHE_STALE_SECONDS       = tostring(var.cache_stale_seconds)
      TIME_BUDGET_SECONDS       = tostring(var.time_budget_seconds)
      LOG_LEVEL                 = var.log_level
    } : name => value if value != ""
  }
}

resource "aws_iam_role" "function" {
  name = "${local.name}-function"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

# Inline instead of the AWS-managed AWSLambdaBasicExecutionRole: writes only to this function's own log group.
resource "aws_iam_role_policy" "function" {
  name = "${local.name}-function"
  role = aws_iam_role.function.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.function.arn}:*"
      }],
      var.xray_tracing_enabled ? [{
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = "*" # X-Ray has no resource-level permissions for these actions
      }] : []
    )
  })
}

resource "aws_cloudwatch_log_group" "function" {
  #checkov:skip=CKV_AWS_158: CloudWatch encrypts at rest already; no secret or customer email is ever logged
  #checkov:skip=CKV_AWS_338: retention is the log_retention_days variable; short retention limits exposure and cost
  name              = "/aws/lambda/${local.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_layer_version" "dependencies" {
  layer_name               = "${local.name}-dependencies-${var.lambda_architecture}"
  description              = "Pinned core runtime dependencies (requirements/lambda.txt), Python 3.12 ${var.lambda_architecture}"
  filename                 = local.layer_zip
  source_code_hash         = filebase64sha256(local.layer_zip)
  compatible_runtimes      = ["python3.12"]
  compatible_architectures = [var.lambda_architecture]

  lifecycle {
    create_before_destroy = true
  }
}

# pyjwt and pycryptodome (requirements/lambda-oauth2.txt) for OAuth 2.0 client assertions; Token-Based Authentication
# deployments neither upload nor attach it (the build still makes it).
resource "aws_lambda_layer_version" "oauth2" {
  count = local.uses_oauth2 ? 1 : 0

  layer_name               = "${local.name}-oauth2-${var.lambda_architecture}"
  description              = "Pinned OAuth 2.0 signing packages (requirements/lambda-oauth2.txt), Python 3.12 ${var.lambda_architecture}"
  filename                 = local.oauth2_layer_zip
  source_code_hash         = filebase64sha256(local.oauth2_layer_zip)
  compatible_runtimes      = ["python3.12"]
  compatible_architectures = [var.lambda_architecture]

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_116: invoked synchronously by API Gateway; a dead-letter queue only serves asynchronous calls
  #checkov:skip=CKV_AWS_117: calls NetSuite and Supabase on the internet; a VPC would add a NAT gateway and nothing else
  #checkov:skip=CKV_AWS_173: environment encrypted at rest with the AWS-managed key; access is governed by IAM
  #checkov:skip=CKV_AWS_272: code comes from this repository's reproducible build; signing is not set up
  #checkov:skip=CKV_AWS_50: X-Ray is the xray_tracing_enabled variable, off by default for cost
  function_name    = local.name
  description      = "Validates NetSuite sales orders for the warehouse pickup queue (POST /validate-order)"
  role             = aws_iam_role.function.arn
  handler          = local.handler
  runtime          = "python3.12"
  architectures    = [var.lambda_architecture]
  memory_size      = var.lambda_memory_mb
  timeout          = var.lambda_timeout_seconds
  filename         = local.function_zip
  source_code_hash = filebase64sha256(local.function_zip)
  layers           = concat([aws_lambda_layer_version.dependencies.arn], aws_lambda_layer_version.oauth2[*].arn)

  reserved_concurrent_executions = var.reserved_concurrency

  environment {
    variables = local.function_environment
  }

  tracing_config {
    mode = var.xray_tracing_enabled ? "Active" : "PassThrough"
  }

  # The log group above is the function's default (/aws/lambda/<name>); creating it first sets its retention.
  depends_on = [aws_iam_role_policy.function, aws_cloudwatch_log_group.function]

  lifecycle {
    precondition {
      condition     = local.netsuite_tba_complete || local.netsuite_oauth2_complete
      error_message = "NetSuite credentials are incomplete: give all four TBA values (consumer key and secret, token ID and secret) or all three OAuth 2.0 values (client ID, certificate ID, private key)."
    }
    precondition {
      condition     = var.time_budget_seconds < var.lambda_timeout_seconds
      error_message = "time_budget_seconds must be below lambda_timeout_seconds, so the function answers before it is stopped."
    }
    precondition {
      condition     = var.cache_stale_seconds >= var.cache_fresh_seconds
      error_message = "cache_stale_seconds must not be below cache_fresh_seconds."
    }
    precondition {
      condition     = var.usage_plan_burst_limit >= var.usage_plan_rate_limit && var.method_throttle_burst_limit >= var.method_throttle_rate_limit
      error_message = "Each burst limit must be at least its rate limit."
    }
  }
}

resource "aws_lambda_permission" "api_gateway" {
  statement_id  = "AllowInvokeFromValidateOrder"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "apigateway.amazonaws.com"
  # Only POST /validate-order of this API's stage may invoke the function.
  source_arn = "${aws_api_gateway_stage.this.execution_arn}/${aws_api_gateway_method.post.http_method}${aws_api_gateway_resource.validate_order.path}"
}
