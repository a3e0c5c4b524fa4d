variable "name" {
  type = string
}

variable "schedule_expression" {
  type = string
}

variable "timezone" {
  type = string
}

variable "enabled" {
  type = bool
}

variable "role_arn" {
  description = "Role the scheduler assumes: may StartJobRun on this application and pass job_role_arn."
  type        = string
}

variable "application_id" {
  description = "EMR Serverless application that runs the retrain."
  type        = string
}

variable "job_role_arn" {
  description = "Execution role of the retrain job run (the batch role)."
  type        = string
}

variable "job_driver" {
  description = "JobDriver.SparkSubmit of the retrain run (modules/batch output retrain_job_driver)."
  type = object({
    EntryPoint            = string
    EntryPointArguments   = list(string)
    SparkSubmitParameters = string
  })
}

variable "job_log_uri" {
  type = string
}

variable "timeout_minutes" {
  type = number
}

# Starts the retrain job run through EventBridge Scheduler's universal target for the EMR Serverless API.
# The run is idempotent per scheduled execution (ClientToken), and retrain itself resumes from its last step.
resource "aws_scheduler_schedule" "retrain" {
  name                         = var.name
  description                  = "Stillwater: the scheduled job run (by default the nightly backfill; docs/deploy.md step 5)"
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.timezone
  state                        = var.enabled ? "ENABLED" : "DISABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = "arn:aws:scheduler:::aws-sdk:emrserverless:startJobRun"
    role_arn = var.role_arn

    input = jsonencode({
      ApplicationId           = var.application_id
      ClientToken             = "<aws.scheduler.execution-id>"
      ExecutionRoleArn        = var.job_role_arn
      Name                    = "retrain"
      ExecutionTimeoutMinutes = var.timeout_minutes
      JobDriver = {
        SparkSubmit = var.job_driver
      }
      ConfigurationOverrides = {
        MonitoringConfiguration = {
          S3MonitoringConfiguration = {
            LogUri = var.job_log_uri
          }
        }
      }
    })

    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 2
    }
  }
}

output "schedule_arn" {
  value = aws_scheduler_schedule.retrain.arn
}
