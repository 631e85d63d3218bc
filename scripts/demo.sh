#!/usr/bin/env bash
# Set up and run one parent order end to end in a single process (no NATS, Redis or venue needed).
# Extra arguments go to `tranche demo`, e.g. --qty 10 --horizon 30m --slices 12 --side sell.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
require_node
ensure_pnpm
install_deps
pnpm turbo run build --filter=@tranche/cli... --output-logs=errors-only >/dev/null || die "build failed: run 'pnpm turbo run build --filter=@tranche/cli...' to see why"
exec node apps/cli/dist/main.js demo "$@"
