# Event-triggered pushes (issue 11): the triggers and pushes queues with their dead-letter queues
# (modules/queues); the worker's role is in modules/iam/push.tf.

module "queues" {
  source = "./modules/queues"

  prefix                             = local.prefix
  kms_key_arn                        = aws_kms_key.data.arn
  max_receive_count                  = var.push_max_receive_count
  message_retention_seconds          = var.push_message_retention_seconds
  dead_letter_retention_seconds      = var.push_dead_letter_retention_seconds
  trigger_visibility_timeout_seconds = var.trigger_visibility_timeout_seconds
}

variable "push_max_receive_count" {
  description = "Receives of a trigger or push before SQS moves it to the queue's dead-letter queue."
  type        = number
  default     = 5
}

variable "push_message_retention_seconds" {
  description = "How long an unconsumed trigger or push stays on its queue (a push is stale within the hour)."
  type        = number
  default     = 3600
}

variable "push_dead_letter_retention_seconds" {
  description = "How long dead-lettered triggers and pushes are kept (14 days, the SQS maximum)."
  type        = number
  default     = 1209600
}

variable "trigger_visibility_timeout_seconds" {
  description = "A received trigger stays hidden this long; above the worker's scoring plus all publish retries."
  type        = number
  default     = 120
}
