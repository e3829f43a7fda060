# Inputs the configuration must refuse, checked offline against a mocked AWS provider (plan only).
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

run "rejects_an_unknown_environment" {
  command = plan

  variables {
    environment = "production"
  }

  expect_failures = [var.environment]
}

run "rejects_a_wildcard_origin" {
  command = plan

  variables {
    allowed_origins = ["*"]
  }

  expect_failures = [var.allowed_origins]
}

run "rejects_plain_http_origins_other_than_localhost" {
  command = plan

  variables {
    allowed_origins = ["http://pickup.example.com"]
  }

  expect_failures = [var.allowed_origins]
}

run "rejects_an_origin_with_a_path" {
  command = plan

  variables {
    allowed_origins = ["https://pickup.example.com/"]
  }

  expect_failures = [var.allowed_origins]
}

run "rejects_no_origin_at_all" {
  command = plan

  variables {
    allowed_origins = []
  }

  expect_failures = [var.allowed_origins]
}

run "rejects_an_unknown_architecture" {
  command = plan

  variables {
    lambda_architecture = "amd64"
  }

  expect_failures = [var.lambda_architecture]
}

run "rejects_too_little_memory" {
  command = plan

  variables {
    lambda_memory_mb = 64
  }

  expect_failures = [var.lambda_memory_mb]
}

run "rejects_a_timeout_past_the_gateway_limit" {
  command = plan

  variables {
    lambda_timeout_seconds = 29
  }

  expect_failures = [var.lambda_timeout_seconds]
}

run "rejects_a_time_budget_not_below_the_timeout" {
  command = plan

  variables {
    lambda_timeout_seconds = 20
    time_budget_seconds    = 20
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_a_retention_cloudwatch_does_not_offer" {
  command = plan

  variables {
    log_retention_days = 10
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_zero_reserved_concurrency" {
  command = plan

  variables {
    reserved_concurrency = 0
  }

  expect_failures = [var.reserved_concurrency]
}

run "rejects_a_negative_rate_limit" {
  command = plan

  variables {
    usage_plan_rate_limit = -1
  }

  expect_failures = [var.usage_plan_rate_limit]
}

run "rejects_a_zero_daily_quota" {
  command = plan

  variables {
    usage_plan_daily_quota = 0
  }

  expect_failures = [var.usage_plan_daily_quota]
}

run "rejects_a_burst_below_the_rate" {
  command = plan

  variables {
    method_throttle_rate_limit  = 300
    method_throttle_burst_limit = 200
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_an_unknown_status_letter" {
  command = plan

  variables {
    eligible_statuses = ["B", "Z"]
  }

  expect_failures = [var.eligible_statuses]
}

run "rejects_a_stale_window_shorter_than_the_fresh_one" {
  command = plan

  variables {
    cache_fresh_seconds = 900
    cache_stale_seconds = 60
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_incomplete_tba_credentials_without_oauth2" {
  command = plan

  variables {
    netsuite_token_secret = ""
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_incomplete_oauth2_credentials_without_tba" {
  command = plan

  variables {
    netsuite_consumer_key    = ""
    netsuite_consumer_secret = ""
    netsuite_token_id        = ""
    netsuite_token_secret    = ""
    netsuite_client_id       = "placeholder-client-id"
    netsuite_certificate_id  = "placeholder-certificate-id"
    netsuite_private_key     = ""
  }

  expect_failures = [aws_lambda_function.this]
}

run "rejects_an_http_supabase_url" {
  command = plan

  variables {
    supabase_url = "http://placeholder.supabase.co"
  }

  expect_failures = [var.supabase_url]
}
