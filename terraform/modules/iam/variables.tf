variable "prefix" {
  type = string
}

variable "partition" {
  type = string
}

variable "region" {
  type = string
}

variable "account_id" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "stream_arn" {
  type = string
}

variable "lake_bucket_arn" {
  type = string
}

variable "lake_prefix" {
  type = string
}

variable "models_bucket_arn" {
  type = string
}

variable "models_prefix" {
  type = string
}

variable "artifacts_bucket_arn" {
  type = string
}

variable "jars_prefix" {
  type = string
}

variable "job_logs_prefix" {
  type = string
}

variable "slot_table_arns" {
  description = "Slot name -> table ARN."
  type        = map(string)
}

variable "registry_table_arn" {
  type = string
}

variable "admin_token_secret_arn" {
  type = string
}

variable "ecr_repository_name" {
  type = string
}

variable "api_log_group_name" {
  type = string
}

variable "flink_log_group_name" {
  type = string
}

variable "emr_application_arn" {
  type = string
}
