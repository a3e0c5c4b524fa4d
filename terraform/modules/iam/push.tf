# ---------------------------------------------------------------------------------------------------------
# Push worker (issue 11, docs/push.md): ECS task role. Triggers in (receive and delete on the triggers queue),
# pushes out (send on the pushes queue), and what scoring needs: read the live generation and the models.
# Plus the streaming role's one addition: send triggers.
# ---------------------------------------------------------------------------------------------------------

variable "trigger_queue_arn" {
  type = string
}

variable "push_queue_arn" {
  type = string
}

resource "aws_iam_role" "push_worker" {
  name               = "${var.prefix}-push-worker"
  description        = "Stillwater push worker: triggers queue in, pushes queue out, scores with the live generation"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

data "aws_iam_policy_document" "push_worker" {
  statement {
    sid       = "ConsumeTriggers"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [var.trigger_queue_arn]
  }

  statement {
    sid       = "SendPushes"
    actions   = ["sqs:SendMessage"]
    resources = [var.push_queue_arn]
  }

  statement {
    sid       = "ReadSlotTables"
    actions   = local.table_read
    resources = local.slot_table_arns
  }

  statement {
    sid       = "ReadRegistry"
    actions   = local.table_read
    resources = [var.registry_table_arn]
  }

  statement {
    sid       = "ReadModels"
    actions   = ["s3:GetObject"]
    resources = ["${local.models}/*"]
  }

  statement {
    sid       = "ListModels"
    actions   = ["s3:ListBucket"]
    resources = [var.models_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.models_prefix}/*"]
    }
  }

  # SSE-KMS queues: decrypt what it receives, generate a data key for what it sends.
  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "push_worker" {
  name   = "stillwater-push-worker"
  role   = aws_iam_role.push_worker.id
  policy = data.aws_iam_policy_document.push_worker.json
}

data "aws_iam_policy_document" "streaming_triggers" {
  statement {
    sid       = "SendTriggers"
    actions   = ["sqs:SendMessage"]
    resources = [var.trigger_queue_arn]
  }
}

resource "aws_iam_role_policy" "streaming_triggers" {
  name   = "stillwater-streaming-triggers"
  role   = aws_iam_role.streaming.id
  policy = data.aws_iam_policy_document.streaming_triggers.json
}

output "push_worker_role_arn" {
  value = aws_iam_role.push_worker.arn
}
