variable "name" {
  description = "Managed Flink application name."
  type        = string
}

variable "runtime" {
  type = string
}

variable "service_role_arn" {
  type = string
}

variable "artifacts_bucket_arn" {
  type = string
}

variable "jar_key" {
  description = "Key of the stream command's Flink jar in the artifacts bucket."
  type        = string
}

variable "parallelism" {
  type = number
}

variable "checkpoint_interval_ms" {
  type = number
}

variable "start" {
  type = bool
}

variable "log_group_name" {
  type = string
}

variable "log_retention_days" {
  type = number
}

variable "app_environment" {
  description = "STILLWATER_* settings; Managed Flink has no environment variables, so they are a property group."
  type        = map(string)
}

variable "slot" {
  description = "The feature-store slot the application writes (STILLWATER_STREAM_SLOT): blue or green."
  type        = string
}

variable "start_at" {
  description = "Where a start without a snapshot begins reading (STILLWATER_STREAM_START_AT)."
  type        = string
}

resource "aws_cloudwatch_log_group" "flink" {
  name              = var.log_group_name
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_stream" "flink" {
  name           = "application"
  log_group_name = aws_cloudwatch_log_group.flink.name
}

# The stream command (Beam on the Flink runner) as a Managed Service for Apache Flink application: it reads
# the app-events stream and upserts the slot tables. Checkpointing is on, so a restart resumes from the last
# checkpoint's shard positions; snapshots are kept on stop/update.
resource "aws_kinesisanalyticsv2_application" "stream" {
  name                   = var.name
  runtime_environment    = var.runtime
  service_execution_role = var.service_role_arn
  start_application      = var.start

  application_configuration {
    application_code_configuration {
      code_content_type = "ZIPFILE"
      code_content {
        s3_content_location {
          bucket_arn = var.artifacts_bucket_arn
          file_key   = var.jar_key
        }
      }
    }

    application_snapshot_configuration {
      snapshots_enabled = true
    }

    environment_properties {
      # Read by io.stillwater.pipelines.flink.ManagedFlinkMain, the jar's Main-Class, with
      # KinesisAnalyticsRuntime.getApplicationProperties().get("StillwaterConfig").
      property_group {
        property_group_id = "StillwaterConfig"
        property_map = merge(var.app_environment, {
          STILLWATER_STREAM_SLOT     = var.slot
          STILLWATER_STREAM_START_AT = var.start_at
        })
      }
    }

    flink_application_configuration {
      checkpoint_configuration {
        configuration_type            = "CUSTOM"
        checkpointing_enabled         = true
        checkpoint_interval           = var.checkpoint_interval_ms
        min_pause_between_checkpoints = 5000
      }

      monitoring_configuration {
        configuration_type = "CUSTOM"
        log_level          = "INFO"
        metrics_level      = "OPERATOR"
      }

      parallelism_configuration {
        configuration_type   = "CUSTOM"
        auto_scaling_enabled = true
        parallelism          = var.parallelism
        parallelism_per_kpu  = 1
      }
    }
  }

  cloudwatch_logging_options {
    log_stream_arn = aws_cloudwatch_log_stream.flink.arn
  }
}

output "application_name" {
  value = aws_kinesisanalyticsv2_application.stream.name
}

output "application_arn" {
  value = aws_kinesisanalyticsv2_application.stream.arn
}
