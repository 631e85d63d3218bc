#!/usr/bin/env bash
# Set up and run every check: protobuf generation and lint, build, typecheck, eslint, then all jest
# tests (unit, and integration against real nats-server/redis-server processes the tests start).
# Results: .tmp/jest-unit.json and .tmp/jest-integration.json; the last line is "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
require_node
ensure_servers
ensure_pnpm
install_deps
mkdir -p .tmp
rm -f .tmp/jest-unit.json .tmp/jest-integration.json

step() { echo "== $*"; }
step "gen, build, typecheck, lint"
pnpm turbo run gen build typecheck lint --output-logs=errors-only || { echo "gen/build/typecheck/lint failed"; node scripts/summary.mjs .tmp/jest-unit.json .tmp/jest-integration.json; exit 1; }
step "root tests: typecheck and lint"
pnpm exec tsc -p test/tsconfig.json && pnpm exec eslint test --max-warnings 0 || { echo "typecheck/lint of test/ failed"; node scripts/summary.mjs; exit 1; }
step "format check"
pnpm exec prettier --check . >/dev/null || { pnpm exec prettier --list-different .; echo "files above are not formatted: run pnpm format"; node scripts/summary.mjs; exit 1; }
step "buf lint"
pnpm --silent buf:lint || { echo "buf lint failed"; node scripts/summary.mjs; exit 1; }
step "buf breaking"
pnpm --silent buf:breaking || { echo "buf breaking failed"; node scripts/summary.mjs; exit 1; }

JEST="node --experimental-vm-modules node_modules/jest/bin/jest.js"
step "unit tests"
$JEST --selectProjects unit --json --outputFile=.tmp/jest-unit.json 2> >(grep -v ExperimentalWarning >&2)
unit=$?
# Integration suites start their own servers and service processes: one at a time on a two-core machine.
step "integration tests"
$JEST --selectProjects integration --runInBand --forceExit --json --outputFile=.tmp/jest-integration.json 2> >(grep -v ExperimentalWarning >&2)
integration=$?
node scripts/summary.mjs .tmp/jest-unit.json .tmp/jest-integration.json
[ $unit -eq 0 ] && [ $integration -eq 0 ]
