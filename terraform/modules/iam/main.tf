# Least privilege per component. No Allow statement has a wildcard action, and the only "*" resource is
# ecr:GetAuthorizationToken, which AWS defines on no resource (docs/configuration.md lists every exception).
# Who writes what:
#   API (ECS task)      reads slot tables and the registry; GetObject on models; PutObject under predictions/ and
#                       prediction_features/ (the prediction log's two tables);
#                       PutRecords on the stream. It writes no table.
#   batch (EMR job)     the retrain/backfill run: the only role that writes the slot tables AND the registry item.
#   streaming (Flink)   reads the stream, writes the slot tables, reads the registry item (never writes it) and
#                       writes only its progress items (pk "progress#...") in the registry table.
#   scheduler           starts the retrain job run, passing the batch role to EMR Serverless only.

locals {
  slot_table_arns = values(var.slot_table_arns)
  lake            = "${var.lake_bucket_arn}/${var.lake_prefix}"
  models          = "${var.models_bucket_arn}/${var.models_prefix}"
  ecr_repository  = "arn:${var.partition}:ecr:${var.region}:${var.account_id}:repository/${var.ecr_repository_name}"
  api_log_group   = "arn:${var.partition}:logs:${var.region}:${var.account_id}:log-group:${var.api_log_group_name}"
  flink_log_group = "arn:${var.partition}:logs:${var.region}:${var.account_id}:log-group:${var.flink_log_group_name}"
  all_log_groups  = "arn:${var.partition}:logs:${var.region}:${var.account_id}:log-group:*"

  # Read-only DynamoDB actions on the store (GetItem/BatchGetItem/DescribeTable are all the readers call).
  table_read = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"]
  # Writers of a slot: guarded PutItem (upsert), BatchWriteItem (bulkLoad); the batch role also Scans (verify,
  # count) and may DeleteItem (clearing a standby slot item by item).
  slot_write = ["dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem"]
}

# ---------------------------------------------------------------------------------------------------------
# API: ECS task role (what the application may do)
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "api_task" {
  name               = "${var.prefix}-api-task"
  description        = "Stillwater serving API: read the live generation, models; log predictions; put events"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

data "aws_iam_policy_document" "api_task" {
  statement {
    sid       = "ReadSlotTables"
    actions   = local.table_read
    resources = local.slot_table_arns
  }

  # The warm-up before /health/ready (docs/serving.md) lists some user ids of the live slot: a Scan of ids, one
  # page at a time. GetItem already reads any item; this only lets the API find ids.
  statement {
    sid       = "ListSlotIdsForWarmUp"
    actions   = ["dynamodb:Scan"]
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

  statement {
    sid       = "WritePredictionLogs"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${local.lake}/predictions/*", "${local.lake}/prediction_features/*"]
  }

  statement {
    sid       = "PutEvents"
    actions   = ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"]
    resources = [var.stream_arn]
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "api_task" {
  name   = "stillwater-api"
  role   = aws_iam_role.api_task.id
  policy = data.aws_iam_policy_document.api_task.json
}

# ---------------------------------------------------------------------------------------------------------
# API: ECS task execution role (what ECS does to start the task: pull the image, logs, inject the secret)
# ---------------------------------------------------------------------------------------------------------

resource "aws_iam_role" "api_execution" {
  name               = "${var.prefix}-api-execution"
  description        = "ECS agent for the Stillwater API: pull the image, write logs, read the admin token"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

data "aws_iam_policy_document" "api_execution" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # AWS: GetAuthorizationToken takes no resource; "*" is the only valid value.
  }

  statement {
    sid       = "PullImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
    resources = [local.ecr_repository]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.api_log_group}:*"]
  }

  statement {
    sid       = "ReadAdminToken"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.admin_token_secret_arn]
  }

  statement {
    sid       = "DecryptSecretAndImage"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "api_execution" {
  name   = "stillwater-api-execution"
  role   = aws_iam_role.api_execution.id
  policy = data.aws_iam_policy_document.api_execution.json
}

# ---------------------------------------------------------------------------------------------------------
# Batch: EMR Serverless job execution role (backfill and the scheduled retrain)
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "emr_serverless_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["emr-serverless.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "batch_job" {
  name               = "${var.prefix}-batch-job"
  description        = "Stillwater backfill/retrain on EMR Serverless: the only writer of slot tables and the registry"
  assume_role_policy = data.aws_iam_policy_document.emr_serverless_trust.json
}

data "aws_iam_policy_document" "batch_job" {
  statement {
    sid       = "ReadJars"
    actions   = ["s3:GetObject"]
    resources = ["${var.artifacts_bucket_arn}/${var.jars_prefix}/*"]
  }

  statement {
    sid       = "WriteJobLogs"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${var.artifacts_bucket_arn}/${var.job_logs_prefix}/*"]
  }

  statement {
    sid     = "ReadWriteLakeTables"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [
      "${local.lake}/events/*",
      "${local.lake}/dead_letter/*",
      "${local.lake}/training/*",
      "${local.lake}/snapshots/*",
      "${local.lake}/manifests/*",
    ]
  }

  # Backfill input: the uploaded history, and the stream's archive (--streamArchive), which only streaming writes.
  statement {
    sid       = "ReadRawHistory"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake}/raw/*", "${local.lake}/stream_events/*"]
  }

  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [var.lake_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.lake_prefix}/*"]
    }
  }

  statement {
    sid       = "PublishModels"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
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

  statement {
    sid       = "WriteSlotTables"
    actions   = concat(local.table_read, local.slot_write, ["dynamodb:Scan"])
    resources = local.slot_table_arns
  }

  statement {
    sid       = "FlipRegistry"
    actions   = concat(local.table_read, ["dynamodb:PutItem", "dynamodb:UpdateItem"])
    resources = [var.registry_table_arn]
  }

  # `generation stream-status` reads the stream's progress items with a Scan of the registry table.
  statement {
    sid       = "ReadStreamProgress"
    actions   = ["dynamodb:Scan"]
    resources = [var.registry_table_arn]
  }

  statement {
    sid       = "ReadStreamPosition"
    actions   = ["kinesis:DescribeStreamSummary", "kinesis:ListShards"]
    resources = [var.stream_arn]
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "batch_job" {
  name   = "stillwater-batch"
  role   = aws_iam_role.batch_job.id
  policy = data.aws_iam_policy_document.batch_job.json
}

# ---------------------------------------------------------------------------------------------------------
# Streaming: Managed Service for Apache Flink service execution role
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "flink_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["kinesisanalytics.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "streaming" {
  name               = "${var.prefix}-streaming"
  description        = "Stillwater stream job on Managed Flink: read app events, write slot tables and the raw archive"
  assume_role_policy = data.aws_iam_policy_document.flink_trust.json
}

data "aws_iam_policy_document" "streaming" {
  statement {
    sid       = "ReadApplicationJar"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${var.artifacts_bucket_arn}/${var.jars_prefix}/*"]
  }

  statement {
    sid = "ReadStream"
    actions = [
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:GetRecords",
      "kinesis:GetShardIterator",
      "kinesis:ListShards",
    ]
    resources = [var.stream_arn]
  }

  statement {
    sid       = "WriteSlotTables"
    actions   = concat(local.table_read, ["dynamodb:PutItem", "dynamodb:BatchWriteItem"])
    resources = local.slot_table_arns
  }

  statement {
    sid       = "ReadRegistry"
    actions   = local.table_read
    resources = [var.registry_table_arn]
  }

  # The caught-up signal (DynamoDbStreamProgressStore.java): each store writer replaces its own item
  # pk = "progress#<slot>#<writer>" in the registry table. Only keys with that prefix, so the registry's item
  # (pk = "registry") stays the batch role's alone.
  statement {
    sid       = "WriteStreamProgress"
    actions   = ["dynamodb:PutItem"]
    resources = [var.registry_table_arn]
    condition {
      test     = "ForAllValues:StringLike"
      variable = "dynamodb:LeadingKeys"
      values   = ["progress#*"]
    }
  }

  # The stream's own archive tables (StreamingPipeline.ARCHIVE_EVENTS, ARCHIVE_DEAD_LETTERS): a backfill rebuilds
  # events/ and dead_letter/, so the stream never writes those.
  statement {
    sid     = "ArchiveEventsAndDeadLetters"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [
      "${local.lake}/stream_events/*",
      "${local.lake}/stream_dead_letter/*",
    ]
  }

  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket"]
    resources = [var.lake_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.lake_prefix}/stream_events/*", "${var.lake_prefix}/stream_dead_letter/*"]
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${local.flink_log_group}:*"]
  }

  statement {
    sid       = "FindLogGroup"
    actions   = ["logs:DescribeLogGroups"]
    resources = [local.all_log_groups] # DescribeLogGroups is authorised on the account's log-group:* only.
  }

  statement {
    sid       = "UseDataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "streaming" {
  name   = "stillwater-streaming"
  role   = aws_iam_role.streaming.id
  policy = data.aws_iam_policy_document.streaming.json
}

# ---------------------------------------------------------------------------------------------------------
# Scheduler: starts the retrain job run
# ---------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "scheduler_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.prefix}-retrain-scheduler"
  description        = "EventBridge Scheduler: start the Stillwater retrain job run on EMR Serverless"
  assume_role_policy = data.aws_iam_policy_document.scheduler_trust.json
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "StartRetrain"
    actions   = ["emr-serverless:StartJobRun"]
    resources = [var.emr_application_arn]
  }

  statement {
    sid       = "PassBatchRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.batch_job.arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["emr-serverless.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "stillwater-retrain-scheduler"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}
