// Structural tests of terraform/ (issue 9). The AWS provider cannot be downloaded here, so there is no
// `terraform validate` or plan: these parse the HCL with @cdktf/hcl2json and assert what the deployment relies on.
// Run: terraform/tests/run.sh (installs the parser into terraform/tests/node_modules, gitignored).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DYNAMO_WRITE, code, loadModules, locals, markdownTable, mergeDocs, one, parseHcl, policyStatements,
  referenceProblems, resources, roleStatements, wildcardViolations,
} from "./hcl.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const TF = join(here, "..");
const REPO = join(TF, "..");
const modules = await loadModules(TF);
const root = modules["."];
const iam = modules["modules/iam"];

const ALLOWED_STAR_RESOURCE = ["ecr:GetAuthorizationToken"]; // docs/configuration.md lists why

function javaSource(relPath) {
  return readFileSync(join(REPO, relPath), "utf8");
}

function findFile(dir, pattern) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      const hit = findFile(p, pattern);
      if (hit) return hit;
    } else if (pattern.test(readFileSync(p, "utf8"))) {
      return p;
    }
  }
  return null;
}

function only(type) {
  const rs = resources(modules, type);
  assert.ok(rs.length > 0, `no ${type}`);
  return rs;
}

test("every required resource type exists", () => {
  const required = [
    "aws_kms_key", "aws_kinesis_stream",
    "aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_policy",
    "aws_dynamodb_table", "aws_emrserverless_application", "aws_kinesisanalyticsv2_application",
    "aws_ecr_repository", "aws_ecs_cluster", "aws_ecs_task_definition", "aws_ecs_service",
    "aws_lb", "aws_lb_target_group", "aws_lb_listener", "aws_appautoscaling_target", "aws_appautoscaling_policy",
    "aws_secretsmanager_secret", "aws_scheduler_schedule", "aws_iam_role", "aws_iam_role_policy",
  ];
  const missing = required.filter((t) => resources(modules, t).length === 0);
  assert.deepEqual(missing, []);
});

test("the root module calls every child module, and each exists", () => {
  const calls = root.module ?? {};
  for (const m of ["stream", "lake", "feature_store", "batch", "streaming", "serving", "schedule", "iam"]) {
    assert.ok(calls[m], `module "${m}" not called`);
    assert.equal(calls[m][0].source, `./modules/${m}`);
    assert.ok(modules[`modules/${m}`], `terraform/modules/${m} has no .tf files`);
  }
});

test("references resolve: variables, locals, resources, data, module arguments and outputs", () => {
  // The part of `terraform validate` that needs no provider.
  assert.deepEqual(referenceProblems(modules), []);
});

test("example.tfvars sets only declared variables, and every required one", async () => {
  const tfvars = await parseHcl("example.tfvars", readFileSync(join(TF, "example.tfvars"), "utf8"));
  const declared = root.variable;
  assert.deepEqual(Object.keys(tfvars).filter((k) => !declared[k]), [], "undeclared variables set");
  const required = Object.entries(declared).filter(([, [d]]) => !("default" in d)).map(([k]) => k);
  assert.deepEqual(required.filter((k) => !(k in tfvars)), [], "required variables not set");
});

test("providers are pinned and example.tfvars exists", () => {
  const rp = one(root.terraform.find((t) => t.required_providers), "required_providers");
  assert.equal(rp.aws.source, "hashicorp/aws");
  assert.match(rp.aws.version, /\d/);
  assert.ok(root.terraform.some((t) => t.required_version), "required_version");
  assert.ok(existsSync(join(TF, "example.tfvars")));
});

test("the stream is KMS-encrypted", () => {
  for (const { name, body } of only("aws_kinesis_stream")) {
    assert.equal(body.encryption_type, "KMS", name);
    assert.ok(body.kms_key_id, `${name}: kms_key_id`);
    assert.ok(one(body, "stream_mode_details")?.stream_mode, `${name}: stream mode`);
  }
});

test("every bucket: public access blocked, encrypted, versioned, TLS-only policy", () => {
  for (const { module, name } of only("aws_s3_bucket")) {
    const ref = new RegExp(`aws_s3_bucket\\.${name}[\\.\\[]`);
    const sibling = (type) => resources({ [module]: modules[module] }, type).find((r) => ref.test(r.body.bucket ?? ""));

    const pab = sibling("aws_s3_bucket_public_access_block");
    assert.ok(pab, `${module}/${name}: no public access block`);
    for (const k of ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]) {
      assert.equal(pab.body[k], true, `${module}/${name}: ${k}`);
    }

    const sse = sibling("aws_s3_bucket_server_side_encryption_configuration");
    assert.ok(sse, `${module}/${name}: no SSE configuration`);
    const alg = one(one(sse.body, "rule"), "apply_server_side_encryption_by_default").sse_algorithm;
    assert.ok(["aws:kms", "AES256"].includes(alg), `${module}/${name}: sse ${alg}`);

    const ver = sibling("aws_s3_bucket_versioning");
    assert.equal(one(ver?.body, "versioning_configuration")?.status, "Enabled", `${module}/${name}: versioning`);

    const pol = sibling("aws_s3_bucket_policy");
    assert.ok(pol, `${module}/${name}: no bucket policy`);
    const docName = /data\.aws_iam_policy_document\.([A-Za-z0-9_]+)/.exec(pol.body.policy)[1];
    const deny = policyStatements(modules[module], docName).find((s) => s.effect === "Deny");
    assert.ok(deny, `${module}/${name}: policy has no Deny`);
    const cond = one(deny.raw, "condition");
    assert.equal(cond.variable, "aws:SecureTransport");
    assert.deepEqual(cond.values, ["false"]);

    assert.ok(sibling("aws_s3_bucket_lifecycle_configuration"), `${module}/${name}: no lifecycle configuration`);
  }
});

test("dead letters expire", () => {
  const lake = modules["modules/lake"];
  const buckets = locals(lake).buckets;
  const expire = Object.values(buckets.lake.expire);
  assert.ok(expire.some((e) => /dead_letter\/$/.test(e.prefix) && e.days), "lake bucket: no dead_letter/ expiry");
  const lc = resources({ lake }, "aws_s3_bucket_lifecycle_configuration")[0].body;
  const dyn = one(lc.dynamic, "rule");
  assert.ok(dyn && one(dyn.content[0], "expiration"), "expiry rules are not rendered into the lifecycle");
});

test("DynamoDB tables: blue, green, registry; on demand, PITR, SSE, the store's key schema", () => {
  // The key the Java store creates and reads (DynamoTables.ensure, DynamoDbOnlineStore.pk, the registry item).
  const tables = javaSource("feature-store/src/main/java/io/stillwater/featurestore/dynamodb/DynamoTables.java");
  const javaKey = /attributeName\("([^"]+)"\)/.exec(tables)[1];
  const slots = javaSource("feature-store/src/main/java/io/stillwater/featurestore/dynamodb/DynamoSlots.java");
  assert.match(slots, /prefix \+ "-registry"/);
  assert.match(slots, /prefix \+ "-" \+ slot\.wireName\(\)/);

  const all = only("aws_dynamodb_table");
  const names = all.map((t) => t.body.name);
  assert.ok(names.includes("${var.table_prefix}-${each.key}"), names.join());
  assert.ok(names.includes("${var.table_prefix}-registry"), names.join());
  const slotTable = all.find((t) => t.body.name === "${var.table_prefix}-${each.key}");
  const slotSet = JSON.stringify(locals(modules[slotTable.module]));
  assert.match(slotSet, /blue/);
  assert.match(slotSet, /green/);

  for (const { name, body } of all) {
    assert.equal(body.billing_mode, "PAY_PER_REQUEST", name);
    assert.equal(body.hash_key, javaKey, `${name}: hash key`);
    assert.equal(body.range_key, undefined, `${name}: the store uses no range key`);
    assert.deepEqual(body.attribute, [{ name: javaKey, type: "S" }], `${name}: attributes`);
    assert.equal(one(body, "point_in_time_recovery")?.enabled, true, `${name}: PITR`);
    assert.equal(one(body, "server_side_encryption")?.enabled, true, `${name}: SSE`);
  }
  const registry = all.find((t) => t.body.name.endsWith("-registry"));
  assert.equal(registry.body.ttl, undefined, "the registry item must never expire");
});

test("API: ALB health check on /health/ready, which the server serves", () => {
  const tg = only("aws_lb_target_group");
  assert.ok(tg.every(({ body }) => one(body, "health_check")?.path === "/health/ready"));
  const server = findFile(join(REPO, "serving-api/src/main/java"), /"\/health\/ready"/);
  assert.ok(server, "serving-api does not route /health/ready");
});

test("API: autoscaling on CPU and on ALB requests per target", () => {
  const metrics = only("aws_appautoscaling_policy").map(({ body }) =>
    one(one(body, "target_tracking_scaling_policy_configuration"), "predefined_metric_specification")?.predefined_metric_type);
  assert.ok(metrics.includes("ECSServiceAverageCPUUtilization"), metrics.join());
  assert.ok(metrics.includes("ALBRequestCountPerTarget"), metrics.join());
});

test("API: Fargate task gets app_environment and the admin token from Secrets Manager", () => {
  const [td] = only("aws_ecs_task_definition");
  assert.deepEqual(td.body.requires_compatibilities, ["FARGATE"]);
  const defs = td.body.container_definitions;
  assert.match(defs, /local\.container_environment/);
  const env = locals(modules[td.module]).container_environment;
  assert.match(env, /^\$\{merge\(var\.app_environment,/, "the task environment starts from app_environment");
  assert.match(env, /STILLWATER_EVENT_SINK\s*=\s*"kinesis"/, "events posted to the API go to Kinesis");
  assert.match(defs, /name\s*=\s*"STILLWATER_ADMIN_TOKEN"[\s\S]*valueFrom\s*=\s*var\.admin_token_secret_arn/);
  assert.match(defs, /containerPort\s*=\s*local\.container_port/);
  assert.equal(locals(modules[td.module]).container_port, 7070);
  const serving = root.module.serving[0];
  assert.equal(serving.app_environment, "${local.app_environment}");
  assert.equal(serving.admin_token_secret_arn, "${aws_secretsmanager_secret.admin_token.arn}");
  const [secret] = only("aws_secretsmanager_secret");
  assert.ok(secret.body.kms_key_id, "secret encrypted with the stack's key");
});

test("streaming: Managed Flink with checkpointing on, code from S3", () => {
  const [app] = only("aws_kinesisanalyticsv2_application");
  const conf = one(app.body, "application_configuration");
  const cp = one(one(conf, "flink_application_configuration"), "checkpoint_configuration");
  assert.equal(cp.checkpointing_enabled, true);
  assert.equal(cp.configuration_type, "CUSTOM");
  const code_ = one(conf, "application_code_configuration");
  assert.ok(one(one(code_, "code_content"), "s3_content_location").file_key);
  assert.equal(root.module.streaming[0].service_role_arn, "${module.iam.streaming_role_arn}");
  // ManagedFlinkMain reads the property group StillwaterConfig: app_environment plus the slot it writes.
  const group = one(one(conf, "environment_properties"), "property_group");
  assert.equal(group.property_group_id, "StillwaterConfig");
  assert.match(group.property_map, /^\$\{merge\(var\.app_environment, \{/);
  assert.match(group.property_map, /STILLWATER_STREAM_SLOT\s*=\s*var\.slot\b/);
  assert.match(group.property_map, /STILLWATER_STREAM_START_AT\s*=\s*var\.start_at\b/);
  assert.equal(root.module.streaming[0].app_environment, "${local.app_environment}");
  assert.equal(root.module.streaming[0].slot, "${var.streaming_slot}");
  assert.equal(root.module.streaming[0].start_at, "${var.streaming_start_at}");
  // The jar key defaults to the file the flink-bundle profile builds (pipelines-flink/pom.xml).
  const pom = readFileSync(join(REPO, "pipelines-flink/pom.xml"), "utf8");
  assert.match(pom, /stillwater-stream-flink-\$\{project\.version\}\.jar/);
  const version = readFileSync(join(REPO, "pom.xml"), "utf8").match(/<artifactId>stillwater-parent<\/artifactId>\s*<version>([^<]+)</)[1];
  const jarKey = root.variable.streaming_jar_key[0].default;
  assert.equal(jarKey, `jars/stillwater-stream-flink-${version}.jar`);
});

test("the schedule starts the retrain job run on EMR Serverless with the batch role", () => {
  const [s] = only("aws_scheduler_schedule");
  const target = one(s.body, "target");
  assert.equal(target.arn, "arn:aws:scheduler:::aws-sdk:emrserverless:startJobRun");
  assert.match(target.input, /ApplicationId\s*=\s*var\.application_id/);
  assert.match(target.input, /ExecutionRoleArn\s*=\s*var\.job_role_arn/);
  assert.match(target.input, /SparkSubmit\s*=\s*var\.job_driver/);
  const call = root.module.schedule[0];
  assert.equal(call.application_id, "${module.batch.application_id}");
  assert.equal(call.job_role_arn, "${module.iam.batch_job_role_arn}");
  assert.equal(call.job_driver, "${module.batch.retrain_job_driver}");
  assert.equal(call.role_arn, "${module.iam.scheduler_role_arn}");
  const batch = modules["modules/batch"];
  assert.match(locals(batch).retrain_job_driver.SparkSubmitParameters, /--class \$\{var\.retrain_main_class\}/);
  assert.equal(resources({ batch }, "aws_emrserverless_application")[0].body.type, "spark");
});

test("the scheduled job run's default class exists in the Spark bundle, with arguments it accepts", () => {
  const mainClass = root.variable.retrain_main_class[0].default;
  const source = join(REPO, "pipelines/src/main/java", mainClass.replaceAll(".", "/") + ".java");
  assert.ok(existsSync(source), `${mainClass} is not in pipelines/ (the spark-bundle jar)`);
  const bundle = readFileSync(join(REPO, "pipelines/pom.xml"), "utf8");
  assert.match(bundle, new RegExp(`<mainClass>${mainClass.replaceAll(".", "\\.")}</mainClass>`));
  const options = readFileSync(join(REPO, "pipelines/src/main/java/io/stillwater/pipelines/backfill/BackfillOptions.java"), "utf8");
  const args = locals(root).scheduled_backfill_arguments;
  for (const arg of args) {
    const name = arg.match(/^--([A-Za-z]+)=/)[1];
    if (name === "runner" || name === "awsRegion") continue; // Beam's and the AWS module's own options
    const getter = "get" + name[0].toUpperCase() + name.slice(1) + "()";
    assert.ok(options.includes(getter), `BackfillOptions has no ${getter} for ${arg}`);
  }
  assert.ok(args.includes("--until=now"));
  assert.match(root.module.batch[0].retrain_arguments, /local\.scheduled_backfill_arguments/);
});

test("IAM: no wildcard actions, no * resources beyond the documented exceptions", () => {
  for (const [module, doc] of Object.entries(modules)) {
    assert.deepEqual(wildcardViolations(policyStatements(doc), ALLOWED_STAR_RESOURCE), [], module);
  }
  // Every attached policy is a policy document (so the checks above see it), not inline JSON.
  for (const { body } of only("aws_iam_role_policy")) assert.match(body.policy, /^\$\{data\.aws_iam_policy_document\./);
  assert.deepEqual(resources(modules, "aws_iam_policy"), [], "standalone policies are not checked: attach documents");
});

test("IAM: the API reads tables, never writes them; only the batch role flips the registry", () => {
  const roles = roleStatements(iam);
  const touches = (st, re) => st.resources.some((r) => re.test(r));
  const SLOTS = /slot_table_arns/;
  const REGISTRY = /registry_table_arn/;
  const writers = (re) => Object.entries(roles)
    .filter(([, sts]) => sts.some((st) => st.effect === "Allow" && touches(st, re) && st.actions.some((a) => DYNAMO_WRITE.test(a))))
    .map(([role]) => role).sort();

  // The stream writes only its progress items in the registry table (the next test); unconditionally, only batch.
  const unconditional = Object.fromEntries(Object.entries(roles)
    .map(([role, sts]) => [role, sts.filter((st) => !st.raw.condition)]));
  const registryWriters = Object.entries(unconditional)
    .filter(([, sts]) => sts.some((st) => st.effect === "Allow" && touches(st, REGISTRY) && st.actions.some((a) => DYNAMO_WRITE.test(a))))
    .map(([role]) => role).sort();
  assert.deepEqual(registryWriters, ["batch_job"], "registry writers");
  assert.deepEqual(writers(REGISTRY), ["batch_job", "streaming"], "registry table writers, with conditions");
  assert.deepEqual(writers(SLOTS), ["batch_job", "streaming"], "slot table writers");

  const api = roles.api_task;
  assert.ok(api, "no api_task role policy");
  const apiDynamo = api.flatMap((st) => st.actions.filter((a) => a.startsWith("dynamodb:")));
  assert.deepEqual(apiDynamo.filter((a) => DYNAMO_WRITE.test(a)), [], "API dynamodb writes");
  assert.ok(apiDynamo.includes("dynamodb:GetItem"));
  // the warm-up lists ids of the slot tables, and scans nothing else (the registry's progress items are the batch role's)
  const apiScans = api.filter((st) => st.actions.includes("dynamodb:Scan")).flatMap((st) => st.resources);
  assert.ok(apiScans.length > 0 && apiScans.every((r) => /slot_table_arns/.test(r)), `API scans only the slot tables: ${apiScans}`);
  for (const st of api) {
    if (st.actions.some((a) => /^s3:(Put|Delete)/.test(a))) {
      assert.ok(st.resources.every((r) => /\/(predictions|prediction_features)\/\*$/.test(r) || !r.endsWith("*")), `${st.sid}: ${st.resources}`);
      assert.ok(st.resources.some((r) => /\/predictions\/\*$/.test(r)), `${st.sid}: S3 writes only under predictions/`);
    }
    if (st.actions.some((a) => a.startsWith("s3:Get"))) assert.ok(st.resources.some((r) => /models/.test(r)), st.sid);
  }
  assert.ok(api.some((st) => st.actions.includes("kinesis:PutRecords") && touches(st, /stream_arn/)), "API PutRecords");
  assert.deepEqual(api.flatMap((st) => st.actions.filter((a) => /^kinesis:Get/.test(a))), [], "API reads the stream");

  const streaming = roles.streaming;
  assert.ok(streaming.some((st) => st.actions.includes("kinesis:GetRecords") && touches(st, /stream_arn/)));

  const batch = roles.batch_job;
  assert.ok(batch.some((st) => touches(st, REGISTRY) && st.actions.includes("dynamodb:PutItem")), "batch flips the registry");

  const pass = roles.scheduler.filter((st) => st.actions.includes("iam:PassRole"));
  assert.equal(pass.length, 1);
  assert.deepEqual(pass[0].resources, ["${aws_iam_role.batch_job.arn}"]);
  assert.equal(one(pass[0].raw, "condition").variable, "iam:PassedToService");
});

test("IAM: the stream writes only its progress items in the registry table, and the operator's role reads them", () => {
  const roles = roleStatements(iam);
  const REGISTRY = /registry_table_arn/;
  const onRegistry = roles.streaming.filter((st) => st.effect === "Allow" && st.resources.some((r) => REGISTRY.test(r)));
  const writes = onRegistry.filter((st) => st.actions.some((a) => DYNAMO_WRITE.test(a)));
  assert.equal(writes.length, 1, "one statement lets the stream write in the registry table");
  assert.deepEqual(writes[0].actions, ["dynamodb:PutItem"]);
  const condition = one(writes[0].raw, "condition");
  assert.equal(condition.test, "ForAllValues:StringLike");
  assert.equal(condition.variable, "dynamodb:LeadingKeys");
  // the key prefix the code writes (DynamoDbStreamProgressStore.KEY_PREFIX) is the one the condition allows
  const prefix = /KEY_PREFIX = "([^"]+)"/.exec(javaSource(
    "feature-store/src/main/java/io/stillwater/featurestore/progress/DynamoDbStreamProgressStore.java"))?.[1];
  assert.equal(prefix, "progress#");
  assert.deepEqual(condition.values, [`${prefix}*`]);
  // DynamoTables.ensure describes the table before the first write
  assert.ok(onRegistry.some((st) => st.actions.includes("dynamodb:DescribeTable")), "stream describes the registry table");

  // `generation stream-status` from the batch role (the guide's step 5): Scan and GetItem on the registry table
  const batch = roles.batch_job.filter((st) => st.resources.some((r) => REGISTRY.test(r)));
  assert.ok(batch.some((st) => st.actions.includes("dynamodb:Scan")), "batch role scans the progress items");
  assert.ok(batch.some((st) => st.actions.includes("dynamodb:GetItem")), "batch role reads the registry item");
});

test("IAM: the API fetches models (Get + List under models/) and uploads the prediction log only; the push worker only fetches", () => {
  // What the code calls (trainer/.../S3ModelSource, serving-api/.../S3LakeUpload): ListObjectsV2 under
  // <models>/<id>/ and GetObject of each object; PutObject of <lake>/{predictions,prediction_features}/date=…/part-….parquet.
  const roles = roleStatements(iam);
  const s3 = (sts) => sts.flatMap((st) => st.actions.filter((a) => a.startsWith("s3:")).map((a) => ({ a, st })));
  // Object ARNs as written (the parser also lists each local's expansion, e.g. "${var.models_bucket_arn}/…",
  // which names a bucket prefix, not objects: keep what ends in "*")
  const grants = (sts, action) => s3(sts).filter((g) => g.a === action).flatMap((g) => g.st.resources)
    .filter((r) => r.endsWith("*"));
  const listPrefixes = (sts, bucket) => s3(sts)
    .filter((g) => g.a === "s3:ListBucket" && g.st.resources.includes(bucket))
    .flatMap((g) => { const c = one(g.st.raw, "condition"); return c && c.variable === "s3:prefix" ? c.values : ["<no prefix condition>"]; });

  for (const role of ["api_task", "push_worker"]) {
    const sts = roles[role];
    assert.deepEqual(grants(sts, "s3:GetObject"), ["${local.models}/*"], `${role} GetObject: models only`);
    assert.deepEqual(listPrefixes(sts, "${var.models_bucket_arn}"), ["${var.models_prefix}/*"], `${role} lists models/ only`);
    assert.deepEqual(listPrefixes(sts, "${var.lake_bucket_arn}"), [], `${role} lists the lake`);
    assert.deepEqual(grants(sts, "s3:DeleteObject"), [], `${role} deletes objects`);
    assert.ok(sts.some((st) => st.actions.includes("kms:Decrypt") && st.resources.includes("${var.kms_key_arn}")), `${role} decrypts models`);
  }
  assert.equal(locals(iam).models, "${var.models_bucket_arn}/${var.models_prefix}");
  assert.deepEqual(grants(roles.api_task, "s3:PutObject"), ["${local.lake}/predictions/*", "${local.lake}/prediction_features/*"],
    "API PutObject: the prediction log's two tables only");
  assert.ok(roles.api_task.some((st) => st.actions.includes("kms:GenerateDataKey")), "API encrypts uploads (SSE-KMS)");
  assert.deepEqual(grants(roles.push_worker, "s3:PutObject"), [], "the push worker writes nothing to S3");
});

test("the checks catch what they guard (fixtures)", async () => {
  const bad = mergeDocs(await parseHcl("bad.tf", `
    locals { rw = ["dynamodb:PutItem"] }
    data "aws_iam_policy_document" "d" {
      statement {
        actions   = ["s3:*"]
        resources = ["arn:aws:s3:::b/*"]
      }
      statement {
        actions   = concat(local.rw, ["dynamodb:GetItem"])
        resources = ["*"]
      }
    }
    resource "aws_iam_role_policy" "p" {
      role   = aws_iam_role.api_task.id
      policy = data.aws_iam_policy_document.d.json
    }
  `));
  const problems = wildcardViolations(policyStatements(bad), ALLOWED_STAR_RESOURCE);
  assert.equal(problems.length, 2, problems.join("\n"));
  const actions = roleStatements(bad).api_task.flatMap((s) => s.actions);
  assert.ok(actions.includes("dynamodb:PutItem"), "actions from locals inside concat() are resolved");

  const child = await parseHcl("child.tf", `
    variable "needed" {}
    output "out" { value = var.needed }
  `);
  const caller = await parseHcl("main.tf", `
    variable "region" {}
    module "child" {
      source  = "./modules/child"
      unknown = 1
    }
    output "a" { value = module.child.missing }
    output "b" { value = "\${var.regoin}-\${local.nope}" }
    output "c" { value = aws_s3_bucket.nope.arn }
  `);
  const wiring = referenceProblems({ ".": mergeDocs(caller), "modules/child": mergeDocs(child) }).join("\n");
  for (const expected of ['unknown argument "unknown"', 'missing required "needed"', 'no output "missing"',
    "var.regoin: undeclared variable", "local.nope: undeclared local", "aws_s3_bucket.nope.arn: undeclared resource"]) {
    assert.ok(wiring.includes(expected), `not caught: ${expected}\n${wiring}`);
  }
});

test("outputs are exactly the configuration keys of docs/configuration.md", () => {
  const rows = markdownTable(readFileSync(join(REPO, "docs/configuration.md"), "utf8"), "Terraform output");
  const keys = rows.map((r) => code(r.Variable));
  assert.ok(keys.length >= 7 && keys.every(Boolean), `keys: ${keys}`);
  for (const r of rows) {
    assert.equal(code(r["Terraform output"]), code(r.Variable).toLowerCase(), `${code(r.Variable)}: output column`);
  }
  const outputs = Object.keys(root.output).sort();
  assert.deepEqual(outputs, [...keys.map((k) => k.toLowerCase()), "app_environment"].sort());

  const inEnv = rows.filter((r) => /^yes/i.test(r["In `app_environment`"])).map((r) => code(r.Variable)).sort();
  assert.deepEqual(Object.keys(locals(root).app_environment).sort(), inEnv, "app_environment keys");
  assert.equal(root.output.app_environment[0].value, "${local.app_environment}");
  // Keys left out of app_environment reach the API as ECS secrets.
  const secrets = keys.filter((k) => !inEnv.includes(k));
  const [td] = resources(modules, "aws_ecs_task_definition");
  for (const k of secrets) assert.match(td.body.container_definitions, new RegExp(`"${k}"`), `${k} not injected`);
});

test("every configuration key, and the API's event sink, is read by the application", () => {
  const rows = markdownTable(readFileSync(join(REPO, "docs/configuration.md"), "utf8"), "Terraform output");
  const sources = readdirSync(REPO)
    .map((m) => join(REPO, m, "src/main/java"))
    .filter((d) => existsSync(d));
  for (const key of [...rows.map((r) => code(r.Variable)), "STILLWATER_EVENT_SINK"]) {
    const re = new RegExp(`env:${key}\\b|"${key}"`);
    assert.ok(sources.some((d) => findFile(d, re)), `no command reads ${key}`);
  }
});
