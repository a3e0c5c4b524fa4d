# terraform apply -var-file=example.tfvars (copy it and fill in your account's values; docs/deploy.md)

aws_region  = "eu-west-1"
name        = "stillwater"
environment = "prod"

# Network for the API: an existing VPC with public subnets (load balancer) and private subnets with a NAT
# gateway or VPC endpoints (API tasks).
vpc_id             = "vpc-0123456789abcdef0"
public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
private_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
alb_ingress_cidrs  = ["0.0.0.0/0"]
certificate_arn    = "" # an ACM certificate ARN turns on HTTPS (and HTTP redirects to it)

# Kinesis: ON_DEMAND, or PROVISIONED with a shard count.
stream_mode            = "ON_DEMAND"
stream_shard_count     = 2
stream_retention_hours = 168

# Jars uploaded to s3://stillwater-prod-artifacts-<account>/ by the deployment guide.
pipelines_jar_key = "jars/stillwater-pipelines-0.1.0-SNAPSHOT-spark.jar"
retrain_jar_key   = "jars/stillwater-pipelines-0.1.0-SNAPSHOT-spark.jar"
streaming_jar_key = "jars/stillwater-stream-flink-0.1.0-SNAPSHOT.jar"

# The slot the streaming application writes and where it starts without a snapshot (docs/deploy.md steps 4, 5).
streaming_slot     = "blue"
streaming_start_at = "TRIM_HORIZON"

# The scheduled job run: by default (retrain_main_class, retrain_arguments unset) the nightly backfill, the first
# step of a retrain; docs/deploy.md step 5 runs the others by hand. No class runs a whole retrain on AWS yet.

retrain_schedule_expression = "cron(0 3 * * ? *)"
retrain_schedule_timezone   = "UTC"
retrain_schedule_enabled    = false

emr_release_label = "emr-7.5.0"

flink_parallelism            = 2
flink_checkpoint_interval_ms = 60000
start_streaming_application  = false

api_image_tag     = "0.1.0"
api_cpu           = 1024
api_memory        = 3072
api_desired_count = 2
api_min_count     = 2
api_max_count     = 10

tags = {
  Owner = "platform"
}
