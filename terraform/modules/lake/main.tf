variable "lake_bucket" {
  description = "Bucket of the lake (STILLWATER_LAKE = s3://<lake_bucket>/<lake_prefix>)."
  type        = string
}

variable "models_bucket" {
  description = "Bucket of the model registry (STILLWATER_MODELS)."
  type        = string
}

variable "artifacts_bucket" {
  description = "Bucket for deployable jars (jars/) and EMR Serverless job logs."
  type        = string
}

variable "lake_prefix" {
  description = "Lake root inside the lake bucket."
  type        = string
}

variable "job_logs_prefix" {
  description = "EMR Serverless job logs inside the artifacts bucket."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key for SSE-KMS on every bucket."
  type        = string
}

variable "dead_letter_expiration_days" {
  type = number
}

variable "noncurrent_version_expiration_days" {
  type = number
}

variable "job_log_expiration_days" {
  type = number
}

variable "force_destroy" {
  type = bool
}

locals {
  # Per bucket: prefixes whose objects expire (current versions) after a number of days.
  buckets = {
    lake = {
      name = var.lake_bucket
      expire = {
        "dead-letters"        = { prefix = "${var.lake_prefix}/dead_letter/", days = var.dead_letter_expiration_days }
        "stream-dead-letters" = { prefix = "${var.lake_prefix}/stream_dead_letter/", days = var.dead_letter_expiration_days }
      }
    }
    models = {
      name   = var.models_bucket
      expire = {}
    }
    artifacts = {
      name   = var.artifacts_bucket
      expire = { "job-logs" = { prefix = "${var.job_logs_prefix}/", days = var.job_log_expiration_days } }
    }
  }
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket        = each.value.name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  dynamic "rule" {
    for_each = each.value.expire
    content {
      id     = "expire-${rule.key}"
      status = "Enabled"
      filter {
        prefix = rule.value.prefix
      }
      expiration {
        days = rule.value.days
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

# TLS only: any request over plain HTTP is denied, whoever makes it.
data "aws_iam_policy_document" "tls_only" {
  for_each = local.buckets

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this[each.key].arn,
      "${aws_s3_bucket.this[each.key].arn}/*",
    ]
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

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

output "lake_bucket" {
  value = aws_s3_bucket.this["lake"].bucket
}

output "lake_bucket_arn" {
  value = aws_s3_bucket.this["lake"].arn
}

output "models_bucket" {
  value = aws_s3_bucket.this["models"].bucket
}

output "models_bucket_arn" {
  value = aws_s3_bucket.this["models"].arn
}

output "artifacts_bucket" {
  value = aws_s3_bucket.this["artifacts"].bucket
}

output "artifacts_bucket_arn" {
  value = aws_s3_bucket.this["artifacts"].arn
}
