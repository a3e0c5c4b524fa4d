variable "aws_region" {
  description = "AWS region for every resource; also the application's AWS_REGION."
  type        = string
}

variable "name" {
  description = "Name prefix for every resource."
  type        = string
  default     = "stillwater"
}

variable "environment" {
  description = "Environment suffix (prod, staging, ...): resource names are <name>-<environment>-..."
  type        = string
  default     = "prod"
}

variable "tags" {
  description = "Extra tags on every resource (merged into the provider's default_tags)."
  type        = map(string)
  default     = {}
}

# --- Kinesis -----------------------------------------------------------------------------------------------

variable "stream_mode" {
  description = "Kinesis capacity mode for the app-events stream: ON_DEMAND or PROVISIONED."
  type        = string
  default     = "ON_DEMAND"
  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.stream_mode)
    error_message = "stream_mode must be ON_DEMAND or PROVISIONED."
  }
}

variable "stream_shard_count" {
  description = "Shards when stream_mode = PROVISIONED (ignored on demand)."
  type        = number
  default     = 2
}

variable "stream_retention_hours" {
  description = "How long the stream keeps records. A standby slot replays from the watermark's position, so keep this longer than the time between the backfill watermark and the flip (24 h minimum)."
  type        = number
  default     = 168
}

# --- S3 ----------------------------------------------------------------------------------------------------

variable "dead_letter_expiration_days" {
  description = "Dead-lettered events under <lake>/dead_letter/ are deleted after this many days."
  type        = number
  default     = 30
}

variable "noncurrent_version_expiration_days" {
  description = "Overwritten or deleted object versions are kept this many days (all buckets)."
  type        = number
  default     = 30
}

variable "job_log_expiration_days" {
  description = "EMR Serverless job logs under the artifacts bucket's emr-logs/ are deleted after this many days."
  type        = number
  default     = 30
}

variable "force_destroy_buckets" {
  description = "Let terraform destroy delete non-empty buckets. Keep false outside throwaway environments."
  type        = bool
  default     = false
}

# --- DynamoDB ----------------------------------------------------------------------------------------------

variable "table_deletion_protection" {
  description = "Deletion protection on the slot and registry tables."
  type        = bool
  default     = true
}

variable "slot_ttl_attribute" {
  description = "Epoch-seconds attribute for DynamoDB TTL on the slot tables; empty (the default) leaves TTL off because the store writes no expiry attribute today (docs/configuration.md)."
  type        = string
  default     = ""
}

# --- Artifacts (jars uploaded by the deployment guide) -----------------------------------------------------

variable "pipelines_jar_key" {
  description = "Key in the artifacts bucket of the Spark bundle (pipelines/target/stillwater-pipelines-*-spark.jar)."
  type        = string
  default     = "jars/stillwater-pipelines-0.1.0-SNAPSHOT-spark.jar"
}

variable "retrain_jar_key" {
  description = "Key in the artifacts bucket of the jar of the scheduled job run (default: the Spark bundle)."
  type        = string
  default     = "jars/stillwater-pipelines-0.1.0-SNAPSHOT-spark.jar"
}

variable "retrain_main_class" {
  description = "Main class of the scheduled job run. Default: the backfill (the Spark bundle's BackfillPipeline), the first step of a retrain; no class runs a whole retrain on AWS yet (docs/deploy.md step 5)."
  type        = string
  default     = "io.stillwater.pipelines.backfill.BackfillPipeline"
}

variable "retrain_arguments" {
  description = "Arguments after the main class; null: the nightly backfill's (history and stream archive up to now, into the lake). The STILLWATER_* settings reach the job as environment variables."
  type        = list(string)
  default     = null
}

variable "streaming_jar_key" {
  description = "Key in the artifacts bucket of the Flink application jar (pipelines-flink/target/stillwater-stream-flink-*.jar from -Pflink-bundle; Main-Class io.stillwater.pipelines.flink.ManagedFlinkMain)."
  type        = string
  default     = "jars/stillwater-stream-flink-0.1.0-SNAPSHOT.jar"
}

# --- Batch (EMR Serverless) --------------------------------------------------------------------------------

variable "emr_release_label" {
  description = "EMR Serverless release: emr-7.x has Spark 3.5 on Java 17, the versions the pipelines are built for."
  type        = string
  default     = "emr-7.5.0"
}

variable "emr_max_cpu" {
  description = "EMR Serverless application cap: total vCPU."
  type        = string
  default     = "64 vCPU"
}

variable "emr_max_memory" {
  description = "EMR Serverless application cap: total memory."
  type        = string
  default     = "256 GB"
}

variable "emr_subnet_ids" {
  description = "Private subnets for EMR Serverless jobs (empty: no VPC, AWS services only)."
  type        = list(string)
  default     = []
}

variable "emr_security_group_ids" {
  description = "Security groups for EMR Serverless jobs when emr_subnet_ids is set."
  type        = list(string)
  default     = []
}

variable "retrain_timeout_minutes" {
  description = "A scheduled retrain run is cancelled after this many minutes."
  type        = number
  default     = 240
}

# --- Schedule ----------------------------------------------------------------------------------------------

variable "retrain_schedule_expression" {
  description = "EventBridge Scheduler expression for the retrain run."
  type        = string
  default     = "cron(0 3 * * ? *)"
}

variable "retrain_schedule_timezone" {
  description = "Time zone of retrain_schedule_expression."
  type        = string
  default     = "UTC"
}

variable "retrain_schedule_enabled" {
  description = "ENABLED when true; leave false until the first manual retrain has succeeded."
  type        = bool
  default     = false
}

# --- Streaming (Managed Service for Apache Flink) ----------------------------------------------------------

variable "streaming_slot" {
  description = "The feature-store slot the streaming application writes (property STILLWATER_STREAM_SLOT)."
  type        = string
  default     = "blue"

  validation {
    condition     = contains(["blue", "green"], var.streaming_slot)
    error_message = "streaming_slot must be blue or green."
  }
}

variable "streaming_start_at" {
  description = "Where the streaming application reads from when it starts without a snapshot (property STILLWATER_STREAM_START_AT): TRIM_HORIZON, LATEST or an ISO-8601 time (a retrain's watermark, docs/deploy.md step 5)."
  type        = string
  default     = "TRIM_HORIZON"
}

variable "flink_runtime" {
  description = "Managed Flink runtime; the Beam Flink runner is built for Flink 1.19."
  type        = string
  default     = "FLINK-1_19"
}

variable "flink_parallelism" {
  description = "Initial parallelism of the streaming application."
  type        = number
  default     = 2
}

variable "flink_checkpoint_interval_ms" {
  description = "Checkpoint interval of the streaming application."
  type        = number
  default     = 60000
}

variable "start_streaming_application" {
  description = "Start the Flink application on apply. Leave false until its jar is uploaded (docs/deploy.md)."
  type        = bool
  default     = false
}

# --- Serving (ECS Fargate behind an ALB) -------------------------------------------------------------------

variable "vpc_id" {
  description = "VPC for the load balancer and the API tasks."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets (two or more AZs) for the internet-facing load balancer."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets for the API tasks; they need a NAT gateway or VPC endpoints for ECR, S3, DynamoDB, Kinesis, Secrets Manager and CloudWatch Logs."
  type        = list(string)
}

variable "alb_ingress_cidrs" {
  description = "CIDR blocks allowed to reach the load balancer."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS on the load balancer; empty serves plain HTTP (testing only)."
  type        = string
  default     = ""
}

variable "api_image_tag" {
  description = "Tag of the API image in the ECR repository this configuration creates."
  type        = string
  default     = "0.1.0"
}

variable "api_cpu" {
  description = "Fargate task CPU units."
  type        = number
  default     = 1024
}

variable "api_memory" {
  description = "Fargate task memory (MiB)."
  type        = number
  default     = 3072
}

variable "api_desired_count" {
  description = "Tasks at first deploy; autoscaling owns the count afterwards."
  type        = number
  default     = 2
}

variable "api_min_count" {
  description = "Autoscaling minimum."
  type        = number
  default     = 2
}

variable "api_max_count" {
  description = "Autoscaling maximum."
  type        = number
  default     = 10
}

variable "api_cpu_target_percent" {
  description = "Target average CPU utilisation of the API service."
  type        = number
  default     = 60
}

variable "api_requests_per_target" {
  description = "Target ALB requests per task per minute (ALBRequestCountPerTarget)."
  type        = number
  default     = 3000
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention for the API and the Flink application."
  type        = number
  default     = 30
}
