#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that the C sources (*.c; headers are hand-aligned tables) under src/ and tests/ match .uncrustify.cfg; exits 77 (skip) without uncrustify.
#
# Usage: build-aux/check-format.sh [SOURCE_ROOT]
# Exit status: 0 formatted, 1 not formatted (run build-aux/format.sh), 77 skipped.
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
uncrustify=${UNCRUSTIFY:-uncrustify}

if ! command -v "$uncrustify" >/dev/null 2>&1; then
  echo "check-format: $uncrustify not found, skipping (build-aux/deps.sh installs it)" >&2
  exit 77
fi

cd "$root"

list_sources() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard -- 'src/*.c' 'tests/*.c'
  else
    find src tests -type f -name '*.c' -print0 2>/dev/null
  fi
}

unformatted=()
while IFS= read -r -d '' file; do
  [[ -f $file ]] || continue
  if ! "$uncrustify" -q -c .uncrustify.cfg --check -f "$file" >/dev/null 2>&1; then
    unformatted+=("$file")
  fi
done < <(list_sources | sort -z)

if [[ ${#unformatted[@]} -gt 0 ]]; then
  echo "These files do not match .uncrustify.cfg:" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  echo "Run build-aux/format.sh to fix them, then review the change." >&2
  exit 1
fi
