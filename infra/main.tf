# POST /validate-order: a regional REST API in front of one Python Lambda function.
# Files: variables.tf (inputs), lambda.tf (function, layer, role, logs), api_gateway.tf (REST API, CORS, stage),
# api_key.tf (key and usage plan), outputs.tf. Build the zips first: `make build` (see docs/deploy.md).

terraform {
  # Terraform 1.6+ or OpenTofu 1.8+: `terraform test` / `tofu test` with mock providers need these.
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # State stays on this machine until a team shares it. State holds the credentials in plain text
  # (sensitive only hides them on screen): move to an encrypted, versioned S3 bucket before anyone else
  # deploys. Uncomment, fill in, then run `init -migrate-state` (docs/deploy.md, "Switching to the S3 backend").
  #
  # backend "s3" {
  #   bucket       = "example-pickup-validation-tfstate"
  #   key          = "pickup-validation/prod/terraform.tfstate"
  #   region       = "us-east-1"
  #   encrypt      = true
  #   use_lockfile = true # Terraform/OpenTofu 1.10+; older versions lock with dynamodb_table instead
  # }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.tags
  }
}

locals {
  name = "${var.service_name}-${var.environment}"

  tags = merge(var.tags, {
    Service     = var.service_name
    Environment = var.environment
    ManagedBy   = "opentofu"
  })
}
