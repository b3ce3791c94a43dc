#!/usr/bin/env bash
# Runs one fenced block of README.md, the one between <!-- BLOCK:begin --> and <!-- BLOCK:end -->,
# so that `make demo` runs exactly the commands the README shows (they cannot drift apart), and
# prints each line before it runs (bash -v: the source lines, so no secret value is echoed).
# Usage: run-readme-block.sh BLOCK   (from the repository's root; the block's variables come from the environment)
set -euo pipefail
block="${1:?usage: run-readme-block.sh BLOCK}"
readme="${README:-README.md}"
script="$(awk -v b="<!-- $block:begin -->" -v e="<!-- $block:end -->" '
  $0 == b { inside = 1; next }
  $0 == e { inside = 0; next }
  inside && /^```/ { fence = !fence; next }
  inside && fence { print }' "$readme")"
if [ -z "$script" ]; then
  echo "run-readme-block: no fenced block between '<!-- $block:begin -->' and '<!-- $block:end -->' in $readme" >&2
  exit 2
fi
exec bash -euo pipefail -v -c "$script"
