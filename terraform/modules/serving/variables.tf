variable "prefix" {
  type = string
}

variable "region" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "public_subnet_ids" {
  type = list(string)
}

variable "private_subnet_ids" {
  type = list(string)
}

variable "alb_ingress_cidrs" {
  type = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate; empty serves plain HTTP."
  type        = string
}

variable "ecr_repository_name" {
  type = string
}

variable "image_tag" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "cpu" {
  type = number
}

variable "memory" {
  type = number
}

variable "desired_count" {
  type = number
}

variable "min_count" {
  type = number
}

variable "max_count" {
  type = number
}

variable "cpu_target_percent" {
  type = number
}

variable "requests_per_target" {
  type = number
}

variable "log_group_name" {
  type = string
}

variable "log_retention_days" {
  type = number
}

variable "task_role_arn" {
  type = string
}

variable "execution_role_arn" {
  type = string
}

variable "app_environment" {
  description = "STILLWATER_* settings as container environment variables."
  type        = map(string)
}

variable "admin_token_secret_arn" {
  description = "Secrets Manager secret injected as STILLWATER_ADMIN_TOKEN."
  type        = string
}
