#!/usr/bin/env bash
# Compare proto/ with the previous commit on main; a breaking change needs a new package version (v2).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! git rev-parse -q --verify HEAD~1 >/dev/null || [ -z "$(git ls-tree HEAD~1 proto/ 2>/dev/null)" ]; then
  echo "buf breaking: no earlier proto/ to compare with"
  exit 0
fi
exec buf breaking proto --against ".git#ref=HEAD~1,subdir=proto"
