# Shared setup for the project's scripts: Node check and a pinned pnpm that
# needs neither root nor corepack (corepack cannot verify signatures on some registries).
PNPM_VERSION=10.34.9
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1

die() { echo "error: $*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null 2>&1 || die "Node.js >= 20.19 is required (https://nodejs.org); install it and re-run."
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js >= 20.19 is required, found $(node --version)."
}

# Puts the pinned pnpm on PATH, installing it under .tools/ when the one on PATH is missing or another version.
ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then return; fi
  if [ ! -x "$ROOT/.tools/node_modules/.bin/pnpm" ] || [ "$("$ROOT/.tools/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    echo "installing pnpm $PNPM_VERSION into .tools/ ..."
    npm install --silent --no-audit --no-fund --prefix "$ROOT/.tools" "pnpm@$PNPM_VERSION" >/dev/null || die "could not install pnpm $PNPM_VERSION with npm"
  fi
  export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
}

install_deps() {
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only) || die "pnpm install failed (see above)"
}

# nats-server and redis-server come from the system package manager when missing.
ensure_servers() {
  local missing=()
  command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]}: install them with your package manager (the tests start their own instances)"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing ${missing[*]} with apt-get ..."
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get could not install ${missing[*]}"
  # The packages start system services; the tests do not need them running.
  export PATH="$PATH:/usr/sbin:/usr/bin"
}
