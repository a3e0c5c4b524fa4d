provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge({ Project = "stillwater", Environment = var.environment }, var.tags)
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  prefix     = "${var.name}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # Bucket names are global: the account id keeps them unique.
  lake_bucket      = "${local.prefix}-lake-${local.account_id}"
  models_bucket    = "${local.prefix}-models-${local.account_id}"
  artifacts_bucket = "${local.prefix}-artifacts-${local.account_id}"
  lake_prefix      = "lake"
  models_prefix    = "models"
  jars_prefix      = "jars"
  job_logs_prefix  = "emr-logs"

  table_prefix         = local.prefix
  stream_name          = "${local.prefix}-app-events"
  ecr_repository_name  = "${local.prefix}-api"
  api_log_group_name   = "/stillwater/${local.prefix}/api"
  flink_log_group_name = "/stillwater/${local.prefix}/stream"
  flink_app_name       = "${local.prefix}-stream"

  # The application's configuration (docs/configuration.md), except the admin token, which is a secret: ECS
  # injects it from Secrets Manager and the stillwater_admin_token output names the secret, never its value.
  app_environment = {
    AWS_REGION                = var.aws_region
    STILLWATER_LAKE           = "s3://${module.lake.lake_bucket}/${local.lake_prefix}"
    STILLWATER_MODELS         = "s3://${module.lake.models_bucket}/${local.models_prefix}"
    STILLWATER_STORE_BACKEND  = "dynamodb"
    STILLWATER_TABLE_PREFIX   = module.feature_store.table_prefix
    STILLWATER_KINESIS_STREAM = module.stream.name
    # push worker (issue 11, docs/push.md)
    STILLWATER_TRIGGER_SINK      = "sqs"
    STILLWATER_TRIGGER_SOURCE    = "sqs"
    STILLWATER_TRIGGER_QUEUE_URL = module.queues.trigger_queue_url
    STILLWATER_PUSH_SINK         = "sqs"
    STILLWATER_PUSH_QUEUE_URL    = module.queues.push_queue_url
  }
}

locals {
  # The scheduled job run by default (docs/deploy.md step 5): the backfill of the uploaded history and of the
  # events the stream archived, up to the time it runs, rebuilding the lake's training table and adding a snapshot.
  scheduled_backfill_arguments = [
    "--runner=SparkRunner",
    "--events=${local.app_environment.STILLWATER_LAKE}/raw/history",
    "--streamArchive=${local.app_environment.STILLWATER_LAKE}/stream_events",
    "--until=now",
    "--lake=${local.app_environment.STILLWATER_LAKE}",
    "--awsRegion=${var.aws_region}",
  ]
}

# One customer-managed key encrypts the stream, the buckets, the tables, the admin-token secret and the ECR
# repository. The default key policy delegates to IAM, so each role's policy (modules/iam) says what it may do.
resource "aws_kms_key" "data" {
  description             = "Stillwater ${local.prefix}: stream, lake, models, feature store, admin token"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "data" {
  name          = "alias/${local.prefix}-data"
  target_key_id = aws_kms_key.data.key_id
}

# The API's admin bearer token. The generated value lands in the Terraform state: keep the state in an encrypted,
# access-controlled backend, or rotate it afterwards with `aws secretsmanager put-secret-value` (Terraform
# ignores later changes to the value).
resource "random_password" "admin_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "admin_token" {
  name                    = "${local.prefix}/admin-token"
  description             = "Stillwater API admin bearer token (STILLWATER_ADMIN_TOKEN)"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "admin_token" {
  secret_id     = aws_secretsmanager_secret.admin_token.id
  secret_string = random_password.admin_token.result

  lifecycle {
    ignore_changes = [secret_string]
  }
}

module "stream" {
  source = "./modules/stream"

  name            = local.stream_name
  mode            = var.stream_mode
  shard_count     = var.stream_shard_count
  retention_hours = var.stream_retention_hours
  kms_key_arn     = aws_kms_key.data.arn
}

module "lake" {
  source = "./modules/lake"

  lake_bucket                        = local.lake_bucket
  models_bucket                      = local.models_bucket
  artifacts_bucket                   = local.artifacts_bucket
  lake_prefix                        = local.lake_prefix
  job_logs_prefix                    = local.job_logs_prefix
  kms_key_arn                        = aws_kms_key.data.arn
  dead_letter_expiration_days        = var.dead_letter_expiration_days
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  job_log_expiration_days            = var.job_log_expiration_days
  force_destroy                      = var.force_destroy_buckets
}

module "feature_store" {
  source = "./modules/feature_store"

  table_prefix        = local.table_prefix
  kms_key_arn         = aws_kms_key.data.arn
  deletion_protection = var.table_deletion_protection
  slot_ttl_attribute  = var.slot_ttl_attribute
}

module "batch" {
  source = "./modules/batch"

  name               = "${local.prefix}-batch"
  release_label      = var.emr_release_label
  max_cpu            = var.emr_max_cpu
  max_memory         = var.emr_max_memory
  subnet_ids         = var.emr_subnet_ids
  security_group_ids = var.emr_security_group_ids

  artifacts_bucket   = module.lake.artifacts_bucket
  pipelines_jar_key  = var.pipelines_jar_key
  retrain_jar_key    = var.retrain_jar_key
  retrain_main_class = var.retrain_main_class
  retrain_arguments  = var.retrain_arguments != null ? var.retrain_arguments : local.scheduled_backfill_arguments
  job_logs_prefix    = local.job_logs_prefix
  app_environment    = local.app_environment
}

module "iam" {
  source = "./modules/iam"

  prefix     = local.prefix
  partition  = local.partition
  region     = var.aws_region
  account_id = local.account_id

  kms_key_arn            = aws_kms_key.data.arn
  stream_arn             = module.stream.arn
  lake_bucket_arn        = module.lake.lake_bucket_arn
  lake_prefix            = local.lake_prefix
  models_bucket_arn      = module.lake.models_bucket_arn
  models_prefix          = local.models_prefix
  artifacts_bucket_arn   = module.lake.artifacts_bucket_arn
  jars_prefix            = local.jars_prefix
  job_logs_prefix        = local.job_logs_prefix
  slot_table_arns        = module.feature_store.slot_table_arns
  registry_table_arn     = module.feature_store.registry_table_arn
  admin_token_secret_arn = aws_secretsmanager_secret.admin_token.arn
  ecr_repository_name    = local.ecr_repository_name
  api_log_group_name     = local.api_log_group_name
  flink_log_group_name   = local.flink_log_group_name
  emr_application_arn    = module.batch.application_arn
  trigger_queue_arn      = module.queues.trigger_queue_arn
  push_queue_arn         = module.queues.push_queue_arn
}

module "streaming" {
  source = "./modules/streaming"

  name                   = local.flink_app_name
  runtime                = var.flink_runtime
  service_role_arn       = module.iam.streaming_role_arn
  artifacts_bucket_arn   = module.lake.artifacts_bucket_arn
  jar_key                = var.streaming_jar_key
  slot                   = var.streaming_slot
  start_at               = var.streaming_start_at
  parallelism            = var.flink_parallelism
  checkpoint_interval_ms = var.flink_checkpoint_interval_ms
  start                  = var.start_streaming_application
  log_group_name         = local.flink_log_group_name
  log_retention_days     = var.log_retention_days
  app_environment        = local.app_environment
}

module "serving" {
  source = "./modules/serving"

  prefix              = local.prefix
  region              = var.aws_region
  vpc_id              = var.vpc_id
  public_subnet_ids   = var.public_subnet_ids
  private_subnet_ids  = var.private_subnet_ids
  alb_ingress_cidrs   = var.alb_ingress_cidrs
  certificate_arn     = var.certificate_arn
  ecr_repository_name = local.ecr_repository_name
  image_tag           = var.api_image_tag
  kms_key_arn         = aws_kms_key.data.arn
  cpu                 = var.api_cpu
  memory              = var.api_memory
  desired_count       = var.api_desired_count
  min_count           = var.api_min_count
  max_count           = var.api_max_count
  cpu_target_percent  = var.api_cpu_target_percent
  requests_per_target = var.api_requests_per_target
  log_group_name      = local.api_log_group_name
  log_retention_days  = var.log_retention_days

  task_role_arn          = module.iam.api_task_role_arn
  execution_role_arn     = module.iam.api_execution_role_arn
  app_environment        = local.app_environment
  admin_token_secret_arn = aws_secretsmanager_secret.admin_token.arn
}

module "schedule" {
  source = "./modules/schedule"

  name                = "${local.prefix}-retrain"
  schedule_expression = var.retrain_schedule_expression
  timezone            = var.retrain_schedule_timezone
  enabled             = var.retrain_schedule_enabled
  role_arn            = module.iam.scheduler_role_arn
  application_id      = module.batch.application_id
  job_role_arn        = module.iam.batch_job_role_arn
  job_driver          = module.batch.retrain_job_driver
  job_log_uri         = module.batch.job_log_uri
  timeout_minutes     = var.retrain_timeout_minutes
}
