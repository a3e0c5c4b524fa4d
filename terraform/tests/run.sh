#!/usr/bin/env bash
# Structural tests of terraform/: installs @cdktf/hcl2json (pinned in package-lock.json) into
# terraform/tests/node_modules (gitignored) once, with npm's cache under the repository's .cache/ (gitignored),
# then runs node's built-in test runner. Quiet unless something fails.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"

want="$(node -p 'require("./package.json").dependencies["@cdktf/hcl2json"]')"
have="$(node -p 'try { require("./node_modules/@cdktf/hcl2json/package.json").version } catch (e) { "" }')"
if [[ "$have" != "$want" ]]; then
  npm ci --silent --no-audit --no-fund --cache "$ROOT/.cache/npm" >/dev/null
fi

exec node --test --test-reporter="${TEST_REPORTER:-dot}" terraform.test.mjs push.test.mjs
