output "api_task_role_arn" {
  value = aws_iam_role.api_task.arn
}

output "api_execution_role_arn" {
  value = aws_iam_role.api_execution.arn
}

output "batch_job_role_arn" {
  value = aws_iam_role.batch_job.arn
}

output "streaming_role_arn" {
  value = aws_iam_role.streaming.arn
}

output "scheduler_role_arn" {
  value = aws_iam_role.scheduler.arn
}
