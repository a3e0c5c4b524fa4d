# Exactly the application's configuration keys (docs/configuration.md), lower-cased, plus app_environment.
# terraform/tests/terraform.test.mjs fails if this list and the documentation's table drift apart.

output "aws_region" {
  description = "AWS_REGION"
  value       = var.aws_region
}

output "stillwater_lake" {
  description = "STILLWATER_LAKE: lake root (events/, dead_letter/, training/, snapshots/, predictions/ under it)"
  value       = local.app_environment.STILLWATER_LAKE
}

output "stillwater_models" {
  description = "STILLWATER_MODELS: model registry root"
  value       = local.app_environment.STILLWATER_MODELS
}

output "stillwater_store_backend" {
  description = "STILLWATER_STORE_BACKEND: dynamodb on AWS"
  value       = local.app_environment.STILLWATER_STORE_BACKEND
}

output "stillwater_table_prefix" {
  description = "STILLWATER_TABLE_PREFIX: tables <prefix>-blue, <prefix>-green, <prefix>-registry"
  value       = local.app_environment.STILLWATER_TABLE_PREFIX
}

output "stillwater_kinesis_stream" {
  description = "STILLWATER_KINESIS_STREAM: the app-events stream"
  value       = local.app_environment.STILLWATER_KINESIS_STREAM
}

output "stillwater_trigger_sink" {
  description = "STILLWATER_TRIGGER_SINK: sqs on AWS (the stream's trigger rules send to the triggers queue)"
  value       = local.app_environment.STILLWATER_TRIGGER_SINK
}

output "stillwater_trigger_source" {
  description = "STILLWATER_TRIGGER_SOURCE: sqs on AWS (the push worker reads triggers from the triggers queue)"
  value       = local.app_environment.STILLWATER_TRIGGER_SOURCE
}

output "stillwater_trigger_queue_url" {
  description = "STILLWATER_TRIGGER_QUEUE_URL: the triggers queue (streaming sends, the push worker receives)"
  value       = local.app_environment.STILLWATER_TRIGGER_QUEUE_URL
}

output "stillwater_push_sink" {
  description = "STILLWATER_PUSH_SINK: sqs on AWS"
  value       = local.app_environment.STILLWATER_PUSH_SINK
}

output "stillwater_push_queue_url" {
  description = "STILLWATER_PUSH_QUEUE_URL: the pushes queue the app backend consumes"
  value       = local.app_environment.STILLWATER_PUSH_QUEUE_URL
}

output "stillwater_admin_token" {
  description = "STILLWATER_ADMIN_TOKEN: ARN of the Secrets Manager secret holding the token (never the token itself)"
  value       = aws_secretsmanager_secret.admin_token.arn
}

output "app_environment" {
  description = "The non-secret configuration keyed by environment variable name: terraform output -json app_environment"
  value       = local.app_environment
}
