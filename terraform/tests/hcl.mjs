// Loads terraform/ as JSON (one object per module directory) with @cdktf/hcl2json, and the small resolvers the
// structural tests need. No provider, no plan: this reads the configuration as written.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "@cdktf/hcl2json";

const SKIP_DIRS = new Set(["node_modules", ".terraform", "tests"]);

function tfFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...tfFiles(path));
    } else if (name.endsWith(".tf")) {
      out.push(path);
    }
  }
  return out;
}

// Block-type maps from several files merge one level down (resource.aws_s3_bucket.lake, variable.x, ...).
function merge(into, doc) {
  for (const [blockType, byLabel] of Object.entries(doc)) {
    into[blockType] ??= {};
    if (blockType === "locals" || blockType === "terraform") {
      into[blockType] = [...(Array.isArray(into[blockType]) ? into[blockType] : []), ...byLabel];
      continue;
    }
    for (const [label, value] of Object.entries(byLabel)) {
      if (blockType === "resource" || blockType === "data") {
        into[blockType][label] ??= {};
        Object.assign(into[blockType][label], value);
      } else {
        into[blockType][label] = value;
      }
    }
  }
  return into;
}

/** Parses HCL text (a fixture or a file's content) into hcl2json's JSON. */
export async function parseHcl(filename, text) {
  return parse(filename, text);
}

/** Every module under root: { ".": {...}, "modules/lake": {...} }. */
export async function loadModules(root) {
  const modules = {};
  for (const file of tfFiles(root)) {
    const dir = relative(root, join(file, "..")) || ".";
    modules[dir] ??= {};
    merge(modules[dir], await parse(file, readFileSync(file, "utf8")));
  }
  return modules;
}

/** Merges parsed documents as loadModules does (for fixtures). */
export function mergeDocs(...docs) {
  return docs.reduce((acc, d) => merge(acc, d), {});
}

/** [{module, type, name, body}] of resources (or data sources) across modules, optionally of one type. */
export function blocks(modules, kind, type) {
  const out = [];
  for (const [module, doc] of Object.entries(modules)) {
    for (const [t, byName] of Object.entries(doc[kind] ?? {})) {
      if (type && t !== type) continue;
      for (const [name, bodies] of Object.entries(byName)) {
        for (const body of bodies) out.push({ module, type: t, name, body });
      }
    }
  }
  return out;
}

export const resources = (modules, type) => blocks(modules, "resource", type);

/** One nested block (hcl2json gives every block as a list). */
export function one(body, key) {
  const v = body?.[key];
  return Array.isArray(v) ? v[0] : v;
}

/** All locals of a module, merged. */
export function locals(doc) {
  return Object.assign({}, ...(doc.locals ?? []));
}

const QUOTED = /"([^"$]+)"/g;
const LOCAL_REF = /\blocal\.([A-Za-z0-9_]+)/g;

/**
 * The string values an attribute can take, for lists of actions or resources: literals stay; expressions
 * (`${concat(local.table_read, ["dynamodb:Scan"])}`) yield their quoted literals and, recursively, the values of
 * the locals they name. References to variables/resources are kept as the expression text, so a test can ask
 * which ARNs a statement names.
 */
export function resolveStrings(value, localValues, seen = new Set()) {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => resolveStrings(v, localValues, seen));
  if (typeof value === "object") return Object.values(value).flatMap((v) => resolveStrings(v, localValues, seen));
  const s = String(value);
  if (!s.includes("${")) return [s];
  const out = [];
  for (const m of s.matchAll(LOCAL_REF)) {
    if (!seen.has(m[1])) out.push(...resolveStrings(localValues[m[1]], localValues, new Set([...seen, m[1]])));
  }
  for (const m of s.replace(/\\"/g, '"').matchAll(QUOTED)) out.push(m[1]);
  out.push(s); // the expression itself, for reference checks (callers drop it where only literals count)
  return [...new Set(out)];
}

/** Policy statements of every aws_iam_policy_document in a module: [{doc, sid, effect, actions, resources, raw}]. */
export function policyStatements(doc, docName) {
  const loc = locals(doc);
  const out = [];
  for (const [name, bodies] of Object.entries(doc.data?.aws_iam_policy_document ?? {})) {
    if (docName && name !== docName) continue;
    for (const body of bodies) {
      for (const st of body.statement ?? []) {
        out.push({
          doc: name,
          sid: st.sid ?? "",
          effect: st.effect ?? "Allow",
          actions: resolveStrings(st.actions, loc).filter((a) => !a.includes("${")),
          resources: resolveStrings(st.resources, loc),
          raw: st,
        });
      }
    }
  }
  return out;
}

/** role resource name -> its Allow/Deny statements (through aws_iam_role_policy -> policy document). */
export function roleStatements(doc) {
  const byRole = {};
  for (const [, bodies] of Object.entries(doc.resource?.aws_iam_role_policy ?? {})) {
    for (const body of bodies) {
      const role = /aws_iam_role\.([A-Za-z0-9_]+)\./.exec(body.role ?? "")?.[1];
      const policyDoc = /data\.aws_iam_policy_document\.([A-Za-z0-9_]+)\.json/.exec(body.policy ?? "")?.[1];
      if (!role || !policyDoc) throw new Error(`aws_iam_role_policy must attach a policy document to a role: ${JSON.stringify(body)}`);
      (byRole[role] ??= []).push(...policyStatements(doc, policyDoc));
    }
  }
  return byRole;
}

/** DynamoDB actions that change data or tables. */
export const DYNAMO_WRITE = /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite|PartiQL(Insert|Update|Delete)|Create|Restore|Import)/;

/** Violations of "no wildcard actions; no * resource except the documented exceptions" in Allow statements. */
export function wildcardViolations(statements, allowedStarResourceActions) {
  const problems = [];
  for (const st of statements) {
    if (st.effect !== "Allow") continue;
    for (const a of st.actions) {
      if (a.includes("*")) problems.push(`${st.doc}/${st.sid}: wildcard action ${a}`);
    }
    if (st.resources.includes("*")) {
      const extra = st.actions.filter((a) => !allowedStarResourceActions.includes(a));
      if (extra.length) problems.push(`${st.doc}/${st.sid}: resource "*" for ${extra.join(", ")}`);
    }
  }
  return problems;
}

/** Rows of the first Markdown table whose header contains `column`: [{header: cell}]. */
export function markdownTable(markdown, column) {
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length - 1; i++) {
    const header = cells(lines[i]);
    if (!header || !header.includes(column) || !/^\|?\s*:?-{3,}/.test(lines[i + 1].trim())) continue;
    const rows = [];
    for (let j = i + 2; j < lines.length && cells(lines[j]); j++) {
      const c = cells(lines[j]);
      rows.push(Object.fromEntries(header.map((h, k) => [h, c[k] ?? ""])));
    }
    return rows;
  }
  throw new Error(`no table with a "${column}" column`);
}

function cells(line) {
  const t = line.trim();
  if (!t.startsWith("|")) return null;
  return t.replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
}

/** The first `code` span of a cell. */
export function code(cell) {
  return /`([^`]+)`/.exec(cell ?? "")?.[1];
}
