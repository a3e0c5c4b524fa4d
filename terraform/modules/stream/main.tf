variable "name" {
  description = "Stream name (STILLWATER_KINESIS_STREAM)."
  type        = string
}

variable "mode" {
  description = "ON_DEMAND or PROVISIONED."
  type        = string
}

variable "shard_count" {
  description = "Shards when PROVISIONED."
  type        = number
}

variable "retention_hours" {
  description = "Record retention."
  type        = number
}

variable "kms_key_arn" {
  description = "KMS key encrypting records at rest."
  type        = string
}

# App events: one JSON event per record, partitioned by user_id by the producers (the API's POST /v1/events).
resource "aws_kinesis_stream" "events" {
  name             = var.name
  shard_count      = var.mode == "PROVISIONED" ? var.shard_count : null
  retention_period = var.retention_hours
  encryption_type  = "KMS"
  kms_key_id       = var.kms_key_arn

  stream_mode_details {
    stream_mode = var.mode
  }
}

output "name" {
  value = aws_kinesis_stream.events.name
}

output "arn" {
  value = aws_kinesis_stream.events.arn
}
