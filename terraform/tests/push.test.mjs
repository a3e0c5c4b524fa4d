// Structural tests of the push queues and the push worker's IAM (issue 11). Run by terraform/tests/run.sh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadModules, resources, roleStatements } from "./hcl.mjs";

const TF = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = await loadModules(TF);
const root = modules["."];
const queues = modules["modules/queues"];
const iam = modules["modules/iam"];

test("the root module calls the queues module with the stack's KMS key", () => {
  const call = root.module?.queues?.[0];
  assert.ok(call, 'module "queues" not called');
  assert.equal(call.source, "./modules/queues");
  assert.equal(call.kms_key_arn, "${aws_kms_key.data.arn}");
});

test("queues: triggers and pushes, each SSE-KMS encrypted with a redrive policy to its own dead-letter queue", () => {
  const [queue] = resources({ queues }, "aws_sqs_queue").filter((r) => r.name === "queue");
  const [dlq] = resources({ queues }, "aws_sqs_queue").filter((r) => r.name === "dead_letter");
  assert.ok(queue && dlq, "aws_sqs_queue.queue and aws_sqs_queue.dead_letter");
  assert.equal(queue.body.for_each, "${local.queues}");
  assert.equal(dlq.body.for_each, "${local.queues}");
  const names = Object.keys(queues.locals[0].queues).sort();
  assert.deepEqual(names, ["pushes", "triggers"], `queues: ${names}`);
  for (const q of [queue, dlq]) {
    assert.equal(q.body.kms_master_key_id, "${var.kms_key_arn}", `${q.name}: not SSE-KMS`);
  }
  assert.match(queue.body.redrive_policy, /deadLetterTargetArn\s*=\s*aws_sqs_queue\.dead_letter\[each\.key\]\.arn/);
  assert.match(queue.body.redrive_policy, /maxReceiveCount\s*=\s*var\.max_receive_count/);
  const [allow] = resources({ queues }, "aws_sqs_queue_redrive_allow_policy");
  assert.match(allow.body.redrive_allow_policy, /byQueue/);
  assert.match(allow.body.redrive_allow_policy, /aws_sqs_queue\.queue\[each\.key\]\.arn/);
  const [tls] = resources({ queues }, "aws_sqs_queue_policy");
  assert.ok(tls, "no TLS-only queue policy");
});

test("IAM: the push worker receives and deletes triggers, sends pushes, and nothing else on SQS", () => {
  const roles = roleStatements(iam);
  const worker = roles.push_worker;
  assert.ok(worker, "no push_worker role policy");
  const sqs = worker.flatMap((st) => st.actions.filter((a) => a.startsWith("sqs:")).map((a) => `${a} ${st.resources.join(",")}`)).sort();
  assert.deepEqual(sqs, [
    "sqs:DeleteMessage ${var.trigger_queue_arn}",
    "sqs:ReceiveMessage ${var.trigger_queue_arn}",
    "sqs:SendMessage ${var.push_queue_arn}",
  ]);
  assert.ok(worker.every((st) => st.effect === "Allow" && !st.actions.some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))),
    "the worker writes no table");
  assert.ok(worker.some((st) => st.actions.includes("kms:Decrypt") && st.actions.includes("kms:GenerateDataKey")), "SSE-KMS queues");

  const streamingSqs = roles.streaming.flatMap((st) => st.actions.filter((a) => a.startsWith("sqs:")).map((a) => `${a} ${st.resources.join(",")}`));
  assert.deepEqual(streamingSqs, ["sqs:SendMessage ${var.trigger_queue_arn}"], "streaming sends triggers only");
  for (const [role, sts] of Object.entries(roles)) {
    if (role === "push_worker" || role === "streaming") continue;
    assert.deepEqual(sts.flatMap((st) => st.actions.filter((a) => a.startsWith("sqs:"))), [], `${role} touches SQS`);
  }
});

test("the module's queue URLs reach the application as configuration", () => {
  const env = root.locals.find((l) => l.app_environment)?.app_environment ?? root.locals[0].app_environment;
  assert.equal(env.STILLWATER_TRIGGER_QUEUE_URL, "${module.queues.trigger_queue_url}");
  assert.equal(env.STILLWATER_PUSH_QUEUE_URL, "${module.queues.push_queue_url}");
  assert.equal(env.STILLWATER_TRIGGER_SOURCE, "sqs");
  assert.equal(env.STILLWATER_TRIGGER_SINK, "sqs");
  assert.equal(env.STILLWATER_PUSH_SINK, "sqs");
});
