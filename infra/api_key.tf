# One API key for the pickup front end, limited by a usage plan on this API's stage.

resource "aws_api_gateway_api_key" "this" {
  name        = "${local.name}-client"
  description = "Sent as X-Api-Key by the pickup front end"
  enabled     = true
}

resource "aws_api_gateway_usage_plan" "this" {
  name        = "${local.name}-plan"
  description = "Per-key limits for POST /validate-order"

  api_stages {
    api_id = aws_api_gateway_rest_api.this.id
    stage  = aws_api_gateway_stage.this.stage_name
  }

  throttle_settings {
    rate_limit  = var.usage_plan_rate_limit
    burst_limit = var.usage_plan_burst_limit
  }

  quota_settings {
    limit  = var.usage_plan_daily_quota
    period = "DAY"
  }
}

resource "aws_api_gateway_usage_plan_key" "this" {
  key_id        = aws_api_gateway_api_key.this.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.this.id
}
