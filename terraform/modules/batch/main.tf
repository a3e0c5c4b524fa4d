variable "name" {
  description = "EMR Serverless application name."
  type        = string
}

variable "release_label" {
  type = string
}

variable "max_cpu" {
  type = string
}

variable "max_memory" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "artifacts_bucket" {
  type = string
}

variable "pipelines_jar_key" {
  type = string
}

variable "retrain_jar_key" {
  type = string
}

variable "retrain_main_class" {
  type = string
}

variable "retrain_arguments" {
  type = list(string)
}

variable "job_logs_prefix" {
  type = string
}

variable "app_environment" {
  description = "STILLWATER_* settings, passed to the driver and executors as environment variables."
  type        = map(string)
}

# Spark for backfill and retrain runs. It scales to zero: it starts on the first job run and stops when idle.
resource "aws_emrserverless_application" "spark" {
  name          = var.name
  release_label = var.release_label
  type          = "spark"
  architecture  = "X86_64"

  maximum_capacity {
    cpu    = var.max_cpu
    memory = var.max_memory
  }

  auto_start_configuration {
    enabled = true
  }

  auto_stop_configuration {
    enabled              = true
    idle_timeout_minutes = 15
  }

  dynamic "network_configuration" {
    for_each = length(var.subnet_ids) > 0 ? [1] : []
    content {
      subnet_ids         = var.subnet_ids
      security_group_ids = var.security_group_ids
    }
  }
}

locals {
  # The STILLWATER_* settings reach the picocli defaults (${env:NAME:-default}) of driver and executors.
  env_conf = join(" ", flatten([
    for k, v in var.app_environment : [
      "--conf spark.emr-serverless.driverEnv.${k}=${v}",
      "--conf spark.executorEnv.${k}=${v}",
    ]
  ]))

  # Spark 3.5 adds its own Java 17 --add-opens (JavaModuleOptions); EMR 7 runs Java 17 by default.
  # StartJobRun's JobDriver.SparkSubmit for the scheduled retrain (modules/schedule) and for manual runs.
  retrain_job_driver = {
    EntryPoint            = "s3://${var.artifacts_bucket}/${var.retrain_jar_key}"
    EntryPointArguments   = var.retrain_arguments
    SparkSubmitParameters = "--class ${var.retrain_main_class} ${local.env_conf}"
  }

  # A backfill on its own (BackfillPipeline, the spark-bundle jar's Main-Class); arguments are given per run.
  backfill_job_driver = {
    EntryPoint            = "s3://${var.artifacts_bucket}/${var.pipelines_jar_key}"
    SparkSubmitParameters = "--class io.stillwater.pipelines.backfill.BackfillPipeline ${local.env_conf}"
  }
}

output "application_id" {
  value = aws_emrserverless_application.spark.id
}

output "application_arn" {
  value = aws_emrserverless_application.spark.arn
}

output "retrain_job_driver" {
  value = local.retrain_job_driver
}

output "backfill_job_driver" {
  value = local.backfill_job_driver
}

output "job_log_uri" {
  value = "s3://${var.artifacts_bucket}/${var.job_logs_prefix}/"
}
