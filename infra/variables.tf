# ---------------------------------------------------------------------------------------------------------------------
# Required: credentials. Every one is sensitive and has no default, so it must be given on purpose (a tfvars file kept
# out of git, or TF_VAR_* environment variables). Sensitive only hides a value on screen: state still holds it.
# NetSuite takes one of two sign-in methods: Token-Based Authentication (the four TBA values) or OAuth 2.0 machine to
# machine (the three OAuth 2.0 values). Give the unused set as empty strings; lambda.tf checks one set is complete.
# ---------------------------------------------------------------------------------------------------------------------

variable "netsuite_account_id" {
  description = "NetSuite account ID, e.g. 1234567 or 1234567_SB1 for a sandbox (NETSUITE_ACCOUNT_ID)."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^[0-9A-Za-z]+(_[A-Za-z]+[0-9]*)?$", var.netsuite_account_id))
    error_message = "netsuite_account_id must look like 1234567 or 1234567_SB1."
  }
}

variable "netsuite_consumer_key" {
  description = "TBA: consumer key of the integration record (NETSUITE_CONSUMER_KEY). Empty when OAuth 2.0 is used."
  type        = string
  sensitive   = true
}

variable "netsuite_consumer_secret" {
  description = "TBA: consumer secret of the integration record (NETSUITE_CONSUMER_SECRET). Empty when OAuth 2.0 is used."
  type        = string
  sensitive   = true
}

variable "netsuite_token_id" {
  description = "TBA: token ID of the access token (NETSUITE_TOKEN_ID). Empty when OAuth 2.0 is used."
  type        = string
  sensitive   = true
}

variable "netsuite_token_secret" {
  description = "TBA: token secret of the access token (NETSUITE_TOKEN_SECRET). Empty when OAuth 2.0 is used."
  type        = string
  sensitive   = true
}

variable "netsuite_client_id" {
  description = "OAuth 2.0: client ID of the integration record (NETSUITE_CLIENT_ID). Empty when TBA is used."
  type        = string
  sensitive   = true
}

variable "netsuite_certificate_id" {
  description = "OAuth 2.0: certificate ID from the M2M setup page (NETSUITE_CERTIFICATE_ID). Empty when TBA is used."
  type        = string
  sensitive   = true
}

variable "netsuite_private_key" {
  description = "OAuth 2.0: PEM private key matching the uploaded certificate (NETSUITE_PRIVATE_KEY). Empty when TBA is used."
  type        = string
  sensitive   = true
}

variable "supabase_url" {
  description = "Supabase project URL, https://<project>.supabase.co (SUPABASE_URL)."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$", var.supabase_url))
    error_message = "supabase_url must be an https:// URL with no path, e.g. https://abcdefgh.supabase.co."
  }
}

variable "supabase_service_role_key" {
  description = "Supabase service role key (SUPABASE_SERVICE_ROLE_KEY); the function writes the order cache with it."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.supabase_service_role_key) > 0
    error_message = "supabase_service_role_key must not be empty."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Required: where browsers call from.
# ---------------------------------------------------------------------------------------------------------------------

variable "allowed_origins" {
  description = <<-EOT
    Browser origins allowed to call the API (ALLOWED_ORIGINS), e.g. ["https://pickup.example.com"].
    Each is https://host[:port] (http:// only for localhost and 127.0.0.1); no wildcard, no path.
    The first origin is the one API Gateway's own error responses (missing key, throttling) carry; the
    preflight and the function answer any origin in the list (docs/deploy.md, "CORS").
  EOT
  type        = list(string)

  validation {
    condition     = length(var.allowed_origins) > 0 && length(var.allowed_origins) == length(distinct(var.allowed_origins))
    error_message = "allowed_origins must list at least one origin, each once."
  }

  validation {
    condition = alltrue([
      for origin in var.allowed_origins :
      can(regex("^(https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|http://(localhost|127\\.0\\.0\\.1))(:[0-9]{1,5})?$", origin))
    ])
    error_message = "Each allowed origin must be https://host[:port] in lower case with no path or trailing slash (http:// only for localhost or 127.0.0.1); \"*\" is not accepted."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Optional: naming and placement.
# ---------------------------------------------------------------------------------------------------------------------

variable "aws_region" {
  description = "AWS region for every resource."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as us-east-1."
  }
}

variable "environment" {
  description = "Deployment environment; also the API stage name (dev, staging or prod)."
  type        = string
  default     = "prod"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "service_name" {
  description = "Prefix of every resource name: <service_name>-<environment>."
  type        = string
  default     = "pickup-validation"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.service_name))
    error_message = "service_name must be 3 to 40 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags for every resource (Service, Environment and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

variable "artifacts_dir" {
  description = "Folder holding function.zip, layer-<architecture>.zip and layer-oauth2-<architecture>.zip from `make build`; null means <repo>/build."
  type        = string
  default     = null
}

# ---------------------------------------------------------------------------------------------------------------------
# Optional: the function.
# ---------------------------------------------------------------------------------------------------------------------

variable "lambda_architecture" {
  description = "Instruction set of the function and its layers: x86_64 or arm64 (build with `scripts/build_lambda.py --arch arm64`)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.lambda_architecture)
    error_message = "lambda_architecture must be x86_64 or arm64."
  }
}

variable "lambda_memory_mb" {
  description = "Function memory in MB (CPU grows with it)."
  type        = number
  default     = 256

  validation {
    condition     = var.lambda_memory_mb >= 128 && var.lambda_memory_mb <= 10240 && floor(var.lambda_memory_mb) == var.lambda_memory_mb
    error_message = "lambda_memory_mb must be a whole number from 128 to 10240."
  }
}

variable "lambda_timeout_seconds" {
  description = <<-EOT
    Function timeout in seconds. At most 28: API Gateway gives up on the integration after 29 s, and a
    function still running then leaves the client with a bare gateway timeout instead of our error body.
  EOT
  type        = number
  default     = 28

  validation {
    condition     = var.lambda_timeout_seconds >= 5 && var.lambda_timeout_seconds <= 28 && floor(var.lambda_timeout_seconds) == var.lambda_timeout_seconds
    error_message = "lambda_timeout_seconds must be a whole number from 5 to 28 (API Gateway's integration limit is 29 s)."
  }
}

variable "time_budget_seconds" {
  description = "TIME_BUDGET_SECONDS: how long one validation may spend before answering with an error; below the timeout."
  type        = number
  default     = 25

  validation {
    condition     = var.time_budget_seconds >= 1 && var.time_budget_seconds <= 27
    error_message = "time_budget_seconds must be from 1 to 27, and below lambda_timeout_seconds."
  }
}

variable "reserved_concurrency" {
  description = <<-EOT
    Most copies of the function running at once; each makes at most one NetSuite request at a time, so this
    caps our share of NetSuite's account-wide concurrency limit (5 on the smallest tier, shared with every
    other integration). -1 reserves nothing (no cap).
  EOT
  type        = number
  default     = 4

  validation {
    condition     = var.reserved_concurrency == -1 || (var.reserved_concurrency >= 1 && var.reserved_concurrency <= 1000 && floor(var.reserved_concurrency) == var.reserved_concurrency)
    error_message = "reserved_concurrency must be -1 (no reservation) or a whole number from 1 to 1000."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the function."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARNING", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARNING or ERROR."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the function's, the access and the execution logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "xray_tracing_enabled" {
  description = "Trace the stage and the function with AWS X-Ray (costs per trace)."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------------------------------
# Optional: what the function validates.
# ---------------------------------------------------------------------------------------------------------------------

variable "netsuite_rest_url" {
  description = "NETSUITE_REST_URL: SuiteTalk REST base URL; empty means https://<account>.suitetalk.api.netsuite.com."
  type        = string
  default     = ""

  validation {
    condition     = var.netsuite_rest_url == "" || can(regex("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/.*)?$", var.netsuite_rest_url))
    error_message = "netsuite_rest_url must be empty or an https:// URL."
  }
}

variable "eligible_statuses" {
  description = "ELIGIBLE_STATUSES: sales order status letters that allow a pickup (B Pending Fulfillment, D Partially Fulfilled, E Pending Billing/Partially Fulfilled, F Pending Billing)."
  type        = list(string)
  default     = ["B", "D", "E", "F"]

  validation {
    condition     = length(var.eligible_statuses) > 0 && alltrue([for status in var.eligible_statuses : can(regex("^[A-H]$", status))])
    error_message = "eligible_statuses must list NetSuite sales order status letters A to H."
  }
}

variable "cache_fresh_seconds" {
  description = "CACHE_FRESH_SECONDS: a cached order snapshot younger than this is used without asking NetSuite."
  type        = number
  default     = 900

  validation {
    condition     = var.cache_fresh_seconds >= 0 && var.cache_fresh_seconds <= 86400
    error_message = "cache_fresh_seconds must be from 0 to 86400."
  }
}

variable "cache_stale_seconds" {
  description = "CACHE_STALE_SECONDS: a snapshot younger than this may answer when NetSuite is unavailable; not below cache_fresh_seconds."
  type        = number
  default     = 86400

  validation {
    condition     = var.cache_stale_seconds >= 0 && var.cache_stale_seconds <= 604800
    error_message = "cache_stale_seconds must be from 0 to 604800 (7 days)."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Optional: API limits.
# ---------------------------------------------------------------------------------------------------------------------

variable "usage_plan_rate_limit" {
  description = "Steady requests per second allowed per API key."
  type        = number
  default     = 100

  validation {
    condition     = var.usage_plan_rate_limit > 0 && var.usage_plan_rate_limit <= 10000
    error_message = "usage_plan_rate_limit must be above 0 and at most 10000."
  }
}

variable "usage_plan_burst_limit" {
  description = "Requests allowed in a burst per API key."
  type        = number
  default     = 200

  validation {
    condition     = var.usage_plan_burst_limit >= 1 && var.usage_plan_burst_limit <= 5000 && floor(var.usage_plan_burst_limit) == var.usage_plan_burst_limit
    error_message = "usage_plan_burst_limit must be a whole number from 1 to 5000."
  }
}

variable "usage_plan_daily_quota" {
  description = "Requests allowed per API key per day."
  type        = number
  default     = 10000

  validation {
    condition     = var.usage_plan_daily_quota >= 1 && floor(var.usage_plan_daily_quota) == var.usage_plan_daily_quota
    error_message = "usage_plan_daily_quota must be a whole number of at least 1."
  }
}

variable "method_throttle_rate_limit" {
  description = "Steady requests per second the stage accepts for each method, whatever the key."
  type        = number
  default     = 100

  validation {
    condition     = var.method_throttle_rate_limit > 0 && var.method_throttle_rate_limit <= 10000
    error_message = "method_throttle_rate_limit must be above 0 and at most 10000."
  }
}

variable "method_throttle_burst_limit" {
  description = "Requests the stage accepts in a burst for each method, whatever the key."
  type        = number
  default     = 200

  validation {
    condition     = var.method_throttle_burst_limit >= 1 && var.method_throttle_burst_limit <= 5000 && floor(var.method_throttle_burst_limit) == var.method_throttle_burst_limit
    error_message = "method_throttle_burst_limit must be a whole number from 1 to 5000."
  }
}

variable "manage_api_gateway_cloudwatch_role" {
  description = <<-EOT
    Create the IAM role API Gateway needs to write logs and register it in the region's API Gateway account
    settings (one setting per account and region). Set false when something else already manages it.
  EOT
  type        = bool
  default     = true
}
