# Event-triggered pushes (issue 11, docs/push.md): the streaming pipeline sends one trigger per rule firing to the
# triggers queue; the push worker receives it, scores it with the live generation and sends one message to the
# pushes queue for the app backend. Each queue has a dead-letter queue (redrive after max_receive_count receives,
# only from its own source queue), SSE with the stack's KMS key, and TLS-only access.

variable "prefix" {
  description = "Queue names <prefix>-triggers, <prefix>-pushes and their -dlq."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key encrypting messages at rest."
  type        = string
}

variable "max_receive_count" {
  description = "Receives before SQS moves a message to its dead-letter queue."
  type        = number
}

variable "message_retention_seconds" {
  description = "How long an unconsumed trigger or push stays on its queue."
  type        = number
}

variable "dead_letter_retention_seconds" {
  description = "How long a dead-lettered message is kept for inspection and redrive (SQS maximum 14 days)."
  type        = number
}

variable "trigger_visibility_timeout_seconds" {
  description = "A received trigger stays hidden this long: more than the worker's scoring plus all publish retries."
  type        = number
}

locals {
  queues = {
    triggers = { visibility = var.trigger_visibility_timeout_seconds }
    pushes   = { visibility = 30 }
  }
}

resource "aws_sqs_queue" "dead_letter" {
  for_each = local.queues

  name                              = "${var.prefix}-${each.key}-dlq"
  message_retention_seconds         = var.dead_letter_retention_seconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_sqs_queue" "queue" {
  for_each = local.queues

  name                              = "${var.prefix}-${each.key}"
  message_retention_seconds         = var.message_retention_seconds
  visibility_timeout_seconds        = each.value.visibility
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
}

# Only its own source queue may dead-letter into a DLQ.
resource "aws_sqs_queue_redrive_allow_policy" "dead_letter" {
  for_each = local.queues

  queue_url = aws_sqs_queue.dead_letter[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.queue[each.key].arn]
  })
}

data "aws_iam_policy_document" "tls_only" {
  for_each = merge(
    { for k, q in aws_sqs_queue.queue : k => q.arn },
    { for k, q in aws_sqs_queue.dead_letter : "${k}-dlq" => q.arn },
  )

  statement {
    sid       = "DenyWithoutTls"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [each.value]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "tls_only" {
  for_each = data.aws_iam_policy_document.tls_only

  queue_url = contains(keys(aws_sqs_queue.queue), each.key) ? aws_sqs_queue.queue[each.key].id : aws_sqs_queue.dead_letter[trimsuffix(each.key, "-dlq")].id
  policy    = each.value.json
}

output "trigger_queue_url" {
  value = aws_sqs_queue.queue["triggers"].url
}

output "trigger_queue_arn" {
  value = aws_sqs_queue.queue["triggers"].arn
}

output "push_queue_url" {
  value = aws_sqs_queue.queue["pushes"].url
}

output "push_queue_arn" {
  value = aws_sqs_queue.queue["pushes"].arn
}

output "dead_letter_queue_arns" {
  value = { for k, q in aws_sqs_queue.dead_letter : k => q.arn }
}
