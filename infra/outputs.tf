output "endpoint_url" {
  description = "POST here with the X-Api-Key header."
  value       = "${aws_api_gateway_stage.this.invoke_url}/validate-order"
}

output "api_key" {
  description = "Value of the X-Api-Key header: `tofu output -raw api_key`."
  value       = aws_api_gateway_api_key.this.value
  sensitive   = true
}

output "api_key_id" {
  description = "Id of the API key (not the secret value); usage reports and rotation refer to it."
  value       = aws_api_gateway_api_key.this.id
}

output "curl_example" {
  description = "A request to try by hand; reads the key from the output instead of printing it."
  value       = <<-EOT
    curl -sS -X POST '${aws_api_gateway_stage.this.invoke_url}/validate-order' \
      -H "X-Api-Key: $(tofu output -raw api_key)" \
      -H 'Content-Type: application/json' \
      -H 'Origin: ${local.primary_origin}' \
      -d '{"order_number": "SO12345", "email": "customer@example.com"}'
  EOT
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "lambda_handler" {
  description = "Module path and function the Lambda runtime calls."
  value       = aws_lambda_function.this.handler
}

output "layer_arn" {
  description = "Version ARN of the core dependency layer."
  value       = aws_lambda_layer_version.dependencies.arn
}

output "oauth2_layer_arn" {
  description = "Version ARN of the OAuth 2.0 layer (pyjwt, pycryptodome); null when the function uses Token-Based Authentication."
  value       = one(aws_lambda_layer_version.oauth2[*].arn)
}

output "rest_api_id" {
  description = "Id of the REST API."
  value       = aws_api_gateway_rest_api.this.id
}

output "stage_name" {
  description = "Name of the API stage."
  value       = aws_api_gateway_stage.this.stage_name
}
