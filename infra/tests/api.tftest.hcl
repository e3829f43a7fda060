# The API, the function and the limits as configured, checked offline against a mocked AWS provider.
# Run from infra/: `terraform test` or `tofu test` (scripts/infra_check.sh does it in CI).

mock_provider "aws" {
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/pickup-validation-prod-function" }
  }
  mock_resource "aws_lambda_layer_version" {
    defaults = { arn = "arn:aws:lambda:us-east-1:123456789012:layer:pickup-validation-prod-dependencies:1" }
  }
  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:us-east-1:123456789012:function:pickup-validation-prod"
      invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pickup-validation-prod/invocations"
    }
  }
  mock_resource "aws_api_gateway_rest_api" {
    defaults = {
      id               = "a1b2c3d4e5"
      root_resource_id = "r00t1d"
      execution_arn    = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5"
    }
  }
  mock_resource "aws_api_gateway_resource" {
    defaults = { path = "/validate-order" }
  }
  mock_resource "aws_api_gateway_stage" {
    defaults = {
      execution_arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod"
      invoke_url    = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:mocked" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

# A distinct ARN for the OAuth 2.0 layer, so the tests can tell the two layers apart.
override_resource {
  target = aws_lambda_layer_version.oauth2
  values = { arn = "arn:aws:lambda:us-east-1:123456789012:layer:pickup-validation-prod-oauth2:1" }
}

variables {
  artifacts_dir             = "tests/artifacts"
  allowed_origins           = ["https://pickup.example.com"]
  netsuite_account_id       = "1234567_SB1"
  netsuite_consumer_key     = "placeholder-consumer-key"
  netsuite_consumer_secret  = "placeholder-consumer-secret"
  netsuite_token_id         = "placeholder-token-id"
  netsuite_token_secret     = "placeholder-token-secret"
  netsuite_client_id        = ""
  netsuite_certificate_id   = ""
  netsuite_private_key      = ""
  supabase_url              = "https://placeholder.supabase.co"
  supabase_service_role_key = "placeholder-service-role-key"
}

run "defaults_serve_post_validate_order_behind_an_api_key" {
  command = apply

  assert {
    condition     = aws_api_gateway_method.post.http_method == "POST" && aws_api_gateway_method.post.api_key_required
    error_message = "POST /validate-order must require an API key."
  }
  assert {
    condition     = aws_api_gateway_integration.post.type == "AWS_PROXY" && aws_api_gateway_integration.post.integration_http_method == "POST"
    error_message = "POST must be a Lambda proxy integration."
  }
  assert {
    condition     = one(aws_api_gateway_rest_api.this.endpoint_configuration).types == tolist(["REGIONAL"])
    error_message = "The REST API must be regional."
  }
  assert {
    condition     = aws_lambda_permission.api_gateway.source_arn == "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/validate-order"
    error_message = "Only POST /validate-order of this stage may invoke the function, got ${aws_lambda_permission.api_gateway.source_arn}."
  }
  assert {
    condition     = output.endpoint_url == "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/validate-order"
    error_message = "endpoint_url must end in /validate-order."
  }
  assert {
    condition     = issensitive(output.api_key)
    error_message = "The api_key output must be sensitive."
  }
}

run "defaults_answer_the_preflight_with_a_mock_integration" {
  command = apply

  assert {
    condition     = aws_api_gateway_method.options.http_method == "OPTIONS" && !aws_api_gateway_method.options.api_key_required
    error_message = "OPTIONS must not need a key: browsers send no custom headers in a preflight."
  }
  assert {
    condition     = aws_api_gateway_integration.options.type == "MOCK"
    error_message = "OPTIONS must be a MOCK integration."
  }
  assert {
    condition = aws_api_gateway_integration_response.options.response_parameters == tomap({
      "method.response.header.Access-Control-Allow-Origin"  = "'https://pickup.example.com'"
      "method.response.header.Access-Control-Allow-Methods" = "'OPTIONS,POST'"
      "method.response.header.Access-Control-Allow-Headers" = "'Content-Type,X-Api-Key'"
      "method.response.header.Access-Control-Max-Age"       = "'600'"
      "method.response.header.Vary"                         = "'Origin'"
    })
    error_message = "The preflight must answer with the CORS headers."
  }
  assert {
    condition     = aws_api_gateway_integration_response.options.response_templates == null
    error_message = "With one origin the preflight needs no mapping template."
  }
  assert {
    condition = alltrue([for response in aws_api_gateway_gateway_response.errors :
      response.response_parameters["gatewayresponse.header.Access-Control-Allow-Origin"] == "'https://pickup.example.com'"
      && response.response_parameters["gatewayresponse.header.Access-Control-Allow-Headers"] == "'Content-Type,X-Api-Key'"
    ])
    error_message = "Gateway error responses must carry the CORS headers."
  }
  assert {
    condition     = toset(keys(aws_api_gateway_gateway_response.errors)) == toset(["DEFAULT_4XX", "DEFAULT_5XX", "INTEGRATION_TIMEOUT"])
    error_message = "DEFAULT_4XX, DEFAULT_5XX and INTEGRATION_TIMEOUT must be customised."
  }
}

run "defaults_answer_overload_with_503_and_retry_after_instead_of_500" {
  command = apply

  assert {
    condition     = aws_api_gateway_gateway_response.errors["DEFAULT_5XX"].status_code == "503"
    error_message = "API Gateway's own 5XX answers (a throttled invocation among them) must be 503, not 500."
  }
  assert {
    condition     = aws_api_gateway_gateway_response.errors["DEFAULT_5XX"].response_parameters["gatewayresponse.header.Retry-After"] == "'2'"
    error_message = "The 503 must say when to retry."
  }
  assert {
    condition     = aws_api_gateway_gateway_response.errors["INTEGRATION_TIMEOUT"].status_code == "504" && aws_api_gateway_gateway_response.errors["INTEGRATION_TIMEOUT"].response_parameters["gatewayresponse.header.Retry-After"] == "'5'"
    error_message = "An integration timeout must stay 504, with Retry-After."
  }
  assert {
    condition = alltrue([for type in ["DEFAULT_5XX", "INTEGRATION_TIMEOUT"] :
      aws_api_gateway_gateway_response.errors[type].response_parameters["gatewayresponse.header.Access-Control-Expose-Headers"] == "'Retry-After'"
    ])
    error_message = "A page must be able to read Retry-After on the gateway's 5XX answers."
  }
  assert {
    condition     = aws_api_gateway_gateway_response.errors["DEFAULT_4XX"].status_code == null
    error_message = "DEFAULT_4XX must keep each 4XX type's own status (403, 413, 429)."
  }
  assert {
    condition = alltrue([for response in aws_api_gateway_gateway_response.errors :
      response.response_templates["application/json"] == "{\"message\":$context.error.messageString}"
    ])
    error_message = "Gateway error bodies must keep API Gateway's message."
  }
}

run "defaults_limit_each_key_with_the_usage_plan" {
  command = apply

  assert {
    condition     = one(aws_api_gateway_usage_plan.this.throttle_settings).rate_limit == 100 && one(aws_api_gateway_usage_plan.this.throttle_settings).burst_limit == 200
    error_message = "The usage plan must allow 100 requests per second with bursts of 200."
  }
  assert {
    condition     = one(aws_api_gateway_usage_plan.this.quota_settings).limit == 10000 && one(aws_api_gateway_usage_plan.this.quota_settings).period == "DAY"
    error_message = "The usage plan must allow 10,000 requests a day."
  }
  assert {
    condition     = aws_api_gateway_usage_plan_key.this.key_type == "API_KEY" && aws_api_gateway_usage_plan_key.this.key_id == aws_api_gateway_api_key.this.id
    error_message = "The API key must belong to the usage plan."
  }
  assert {
    condition     = one(aws_api_gateway_usage_plan.this.api_stages).stage == "prod"
    error_message = "The usage plan must cover the prod stage."
  }
  assert {
    condition     = one(aws_api_gateway_method_settings.all.settings).throttling_rate_limit == 100 && one(aws_api_gateway_method_settings.all.settings).throttling_burst_limit == 200
    error_message = "The stage must throttle every method."
  }
  assert {
    condition     = !one(aws_api_gateway_method_settings.all.settings).data_trace_enabled
    error_message = "Data trace would log request bodies with customer data."
  }
}

run "defaults_run_python_3_12_inside_the_gateway_timeout" {
  command = apply

  assert {
    condition     = aws_lambda_function.this.runtime == "python3.12" && aws_lambda_function.this.handler == "pickup.handler.lambda_handler"
    error_message = "The function must run pickup.handler.lambda_handler on Python 3.12."
  }
  assert {
    condition     = aws_lambda_function.this.memory_size == 256 && aws_lambda_function.this.timeout == 28
    error_message = "The function must have 256 MB and a 28 s timeout."
  }
  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["x86_64"])
    error_message = "The default architecture is x86_64."
  }
  assert {
    condition     = aws_lambda_function.this.layers == tolist([aws_lambda_layer_version.dependencies.arn])
    error_message = "With TBA credentials exactly one layer is attached: the core dependency layer."
  }
  assert {
    condition     = length(aws_lambda_layer_version.oauth2) == 0 && output.oauth2_layer_arn == null
    error_message = "With TBA credentials the OAuth 2.0 layer is neither created nor attached."
  }
  assert {
    condition     = aws_lambda_layer_version.dependencies.compatible_runtimes == toset(["python3.12"]) && aws_lambda_layer_version.dependencies.filename == "tests/artifacts/layer-x86_64.zip"
    error_message = "The layer must be the x86_64 build for Python 3.12."
  }
  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == 4
    error_message = "Reserved concurrency defaults to 4, below NetSuite's smallest account limit of 5."
  }
  assert {
    condition     = nonsensitive(one(aws_lambda_function.this.environment).variables["TIME_BUDGET_SECONDS"]) == "25"
    error_message = "The time budget must default to 25 s, below the 28 s timeout."
  }
  assert {
    condition = nonsensitive(toset(keys(one(aws_lambda_function.this.environment).variables))) == toset([
      "NETSUITE_ACCOUNT_ID", "NETSUITE_CONSUMER_KEY", "NETSUITE_CONSUMER_SECRET", "NETSUITE_TOKEN_ID", "NETSUITE_TOKEN_SECRET",
      "SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "ALLOWED_ORIGINS", "ELIGIBLE_STATUSES", "CACHE_FRESH_SECONDS",
      "CACHE_STALE_SECONDS", "TIME_BUDGET_SECONDS", "LOG_LEVEL",
    ])
    error_message = "With TBA credentials the function gets the TBA names and no empty OAuth 2.0 ones."
  }
  assert {
    condition     = one(aws_lambda_function.this.tracing_config).mode == "PassThrough" && !aws_api_gateway_stage.this.xray_tracing_enabled
    error_message = "X-Ray is off by default."
  }
}

run "defaults_keep_logs_for_the_retention_period" {
  command = apply

  assert {
    condition = alltrue([for group in [aws_cloudwatch_log_group.function, aws_cloudwatch_log_group.access, aws_cloudwatch_log_group.execution] :
    group.retention_in_days == 30])
    error_message = "Every log group keeps 30 days by default."
  }
  assert {
    condition     = aws_cloudwatch_log_group.function.name == "/aws/lambda/pickup-validation-prod"
    error_message = "The function's log group must be its default one, so retention applies."
  }
  assert {
    condition     = one(aws_api_gateway_stage.this.access_log_settings).destination_arn == aws_cloudwatch_log_group.access.arn
    error_message = "The stage must write access logs to its own log group."
  }
  assert {
    condition     = length(aws_api_gateway_account.this) == 1
    error_message = "The API Gateway CloudWatch role is managed by default."
  }
}

run "credentials_are_sensitive" {
  command = plan

  assert {
    condition = alltrue([
      issensitive(var.netsuite_account_id), issensitive(var.netsuite_consumer_key), issensitive(var.netsuite_consumer_secret),
      issensitive(var.netsuite_token_id), issensitive(var.netsuite_token_secret), issensitive(var.netsuite_client_id),
      issensitive(var.netsuite_certificate_id), issensitive(var.netsuite_private_key), issensitive(var.supabase_url),
      issensitive(var.supabase_service_role_key),
    ])
    error_message = "Every credential variable must be sensitive."
  }
}

run "complete_oauth2_and_tba_credentials_attach_the_oauth2_layer" {
  command = plan

  variables {
    netsuite_client_id      = "placeholder-client-id"
    netsuite_certificate_id = "placeholder-certificate-id"
    netsuite_private_key    = "placeholder-private-key"
  }

  assert {
    condition     = length(aws_lambda_layer_version.oauth2) == 1 && length(aws_lambda_function.this.layers) == 2
    error_message = "The function prefers OAuth 2.0 when both sets are complete, so it needs the OAuth 2.0 layer too."
  }
}

run "options_arm64_oauth2_several_origins_and_tracing" {
  command = apply

  variables {
    lambda_architecture                = "arm64"
    allowed_origins                    = ["https://pickup.example.com", "https://staff.example.com", "http://localhost:5173"]
    netsuite_consumer_key              = ""
    netsuite_consumer_secret           = ""
    netsuite_token_id                  = ""
    netsuite_token_secret              = ""
    netsuite_client_id                 = "placeholder-client-id"
    netsuite_certificate_id            = "placeholder-certificate-id"
    netsuite_private_key               = "placeholder-private-key"
    xray_tracing_enabled               = true
    manage_api_gateway_cloudwatch_role = false
    reserved_concurrency               = -1
    environment                        = "staging"
  }

  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["arm64"]) && aws_lambda_layer_version.dependencies.filename == "tests/artifacts/layer-arm64.zip"
    error_message = "arm64 must use the arm64 layer build."
  }
  assert {
    condition     = aws_lambda_layer_version.dependencies.compatible_architectures == toset(["arm64"])
    error_message = "The layer must declare the architecture it was built for."
  }
  assert {
    condition     = length(aws_lambda_function.this.layers) == 2 && aws_lambda_function.this.layers == tolist([aws_lambda_layer_version.dependencies.arn, aws_lambda_layer_version.oauth2[0].arn])
    error_message = "With OAuth 2.0 credentials two layers are attached: the core layer, then the OAuth 2.0 layer."
  }
  assert {
    condition     = aws_lambda_layer_version.oauth2[0].filename == "tests/artifacts/layer-oauth2-arm64.zip" && aws_lambda_layer_version.oauth2[0].compatible_architectures == toset(["arm64"]) && aws_lambda_layer_version.oauth2[0].compatible_runtimes == toset(["python3.12"])
    error_message = "The OAuth 2.0 layer must be the arm64 build for Python 3.12."
  }
  assert {
    condition     = aws_lambda_layer_version.oauth2[0].source_code_hash == filebase64sha256("tests/artifacts/layer-oauth2-arm64.zip") && output.oauth2_layer_arn == aws_lambda_layer_version.oauth2[0].arn
    error_message = "The OAuth 2.0 layer is uploaded again whenever its zip changes, and its ARN is an output."
  }
  assert {
    condition = nonsensitive(toset(keys(one(aws_lambda_function.this.environment).variables))) == toset([
      "NETSUITE_ACCOUNT_ID", "NETSUITE_CLIENT_ID", "NETSUITE_CERTIFICATE_ID", "NETSUITE_PRIVATE_KEY",
      "SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "ALLOWED_ORIGINS", "ELIGIBLE_STATUSES", "CACHE_FRESH_SECONDS",
      "CACHE_STALE_SECONDS", "TIME_BUDGET_SECONDS", "LOG_LEVEL",
    ])
    error_message = "With OAuth 2.0 credentials the function gets the OAuth 2.0 names and no empty TBA ones."
  }
  assert {
    condition     = nonsensitive(one(aws_lambda_function.this.environment).variables["ALLOWED_ORIGINS"]) == "https://pickup.example.com,https://staff.example.com,http://localhost:5173"
    error_message = "ALLOWED_ORIGINS is the comma-separated list."
  }
  assert {
    condition     = aws_api_gateway_integration_response.options.response_parameters["method.response.header.Access-Control-Allow-Origin"] == "'https://pickup.example.com'"
    error_message = "The first origin is the static preflight answer."
  }
  assert {
    condition = alltrue([
      strcontains(aws_api_gateway_integration_response.options.response_templates["application/json"], "\"$!origin\" == \"https://staff.example.com\""),
      strcontains(aws_api_gateway_integration_response.options.response_templates["application/json"], "\"$!origin\" == \"http://localhost:5173\""),
      !strcontains(aws_api_gateway_integration_response.options.response_templates["application/json"], "\"$!origin\" == \"https://pickup.example.com\""),
    ])
    error_message = "The preflight template must echo each other allowed origin."
  }
  assert {
    condition     = one(aws_lambda_function.this.tracing_config).mode == "Active" && aws_api_gateway_stage.this.xray_tracing_enabled
    error_message = "xray_tracing_enabled must trace the stage and the function."
  }
  assert {
    condition     = strcontains(aws_iam_role_policy.function.policy, "xray:PutTraceSegments")
    error_message = "Tracing needs the X-Ray permissions."
  }
  assert {
    condition     = length(aws_api_gateway_account.this) == 0 && length(aws_iam_role.api_gateway_cloudwatch) == 0
    error_message = "manage_api_gateway_cloudwatch_role = false must leave the account setting alone."
  }
  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == -1
    error_message = "reserved_concurrency = -1 must reserve nothing."
  }
  assert {
    condition     = aws_api_gateway_stage.this.stage_name == "staging"
    error_message = "The stage is named after the environment."
  }
}
