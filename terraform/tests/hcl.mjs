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

/** Every `${...}` expression string inside a value, recursively, with the JSON path it was found at. */
export function expressions(value, path = "") {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => expressions(v, `${path}[${i}]`));
  if (typeof value === "object") return Object.entries(value).flatMap(([k, v]) => expressions(v, path ? `${path}.${k}` : k));
  return typeof value === "string" && value.includes("${") ? [{ path, expr: value }] : [];
}

// Names bound inside expressions or blocks, not references to declared objects.
const SCOPED = new Set(["each", "count", "self", "path", "terraform"]);

/**
 * What `terraform validate` would report about references, without the provider: undeclared var./local./module./
 * data./resource references, module calls with unknown or missing arguments, module outputs that do not exist.
 * `modules` is loadModules' result; module sources are resolved relative to the calling module.
 */
export function referenceProblems(modules) {
  const problems = [];
  for (const [dir, doc] of Object.entries(modules)) {
    const declared = {
      var: new Set(Object.keys(doc.variable ?? {})),
      local: new Set(Object.keys(locals(doc))),
      module: new Set(Object.keys(doc.module ?? {})),
      data: new Set(Object.entries(doc.data ?? {}).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`))),
      resource: new Set(Object.entries(doc.resource ?? {}).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`))),
    };
    const iterators = new Set();
    for (const { expr } of expressions(doc)) {
      for (const m of expr.matchAll(/for\s+(\w+)(?:\s*,\s*(\w+))?\s+in\b/g)) { iterators.add(m[1]); if (m[2]) iterators.add(m[2]); }
    }
    // dynamic "x" { content { ... x.value ... } } binds x.
    for (const { path } of expressions(doc)) {
      for (const m of path.matchAll(/dynamic\.(\w+)/g)) iterators.add(m[1]);
    }
    for (const { path, expr } of expressions(doc)) {
      for (const code of interpolations(expr)) {
        for (const m of code.matchAll(/(?<![\w.])([a-z_][\w-]*)\.([\w-]+)(?:\.([\w-]+))?/g)) {
          const [, head, a, b] = m;
          const where = `${dir}: ${path}: ${head}.${a}${b ? "." + b : ""}`;
          if (head === "var") {
            if (!declared.var.has(a)) problems.push(`${where}: undeclared variable`);
          } else if (head === "local") {
            if (!declared.local.has(a)) problems.push(`${where}: undeclared local`);
          } else if (head === "module") {
            if (!declared.module.has(a)) problems.push(`${where}: no such module call`);
            else if (b && !modules[moduleDir(dir, doc.module[a][0].source)]?.output?.[b]) {
              problems.push(`${where}: the module has no output "${b}"`);
            }
          } else if (head === "data") {
            if (!b || !declared.data.has(`${a}.${b}`)) problems.push(`${where}: undeclared data source`);
          } else if (/^(aws|random)_/.test(head)) {
            if (!declared.resource.has(`${head}.${a}`)) problems.push(`${where}: undeclared resource`);
          } else if (!SCOPED.has(head) && !iterators.has(head)) {
            problems.push(`${where}: unknown reference "${head}"`);
          }
        }
      }
    }
    for (const [name, calls] of Object.entries(doc.module ?? {})) {
      const target = modules[moduleDir(dir, calls[0].source)];
      if (!target) { problems.push(`${dir}: module "${name}": no configuration at ${calls[0].source}`); continue; }
      const meta = new Set(["source", "version", "providers", "depends_on", "count", "for_each"]);
      const args = Object.keys(calls[0]).filter((k) => !meta.has(k));
      const vars = target.variable ?? {};
      for (const a of args) if (!vars[a]) problems.push(`${dir}: module "${name}": unknown argument "${a}"`);
      for (const [v, [decl]] of Object.entries(vars)) {
        if (!("default" in decl) && !args.includes(v)) problems.push(`${dir}: module "${name}": missing required "${v}"`);
      }
    }
  }
  return problems;
}

/**
 * The code of every `${...}` in a template string, string literals inside it blanked (their own interpolations
 * are returned as separate entries), so only real references remain.
 */
export function interpolations(template) {
  const out = [];
  let i = 0;
  const text = (end) => {
    while (i < template.length) {
      const c = template[i];
      if (end && c === end) { i++; return; }
      if (c === "\\") { i += 2; continue; }
      if (c === "$" && template[i + 1] === "{") { i += 2; code(); continue; }
      i++;
    }
  };
  const code = () => {
    let depth = 0;
    let buf = "";
    while (i < template.length) {
      const c = template[i];
      if (c === '"') { i++; text('"'); buf += '""'; continue; }
      if (c === "}" && depth === 0) { i++; break; }
      if ("{([".includes(c)) depth++;
      if ("})]".includes(c)) depth--;
      buf += c;
      i++;
    }
    out.push(buf);
  };
  text(undefined);
  return out;
}

function moduleDir(fromDir, source) {
  const parts = (fromDir === "." ? [] : fromDir.split("/"));
  for (const seg of source.replace(/^\.\//, "").split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/") || ".";
}
