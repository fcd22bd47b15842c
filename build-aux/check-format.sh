#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that the C sources under src/ and tests/ match .clang-format; exits 77 (skip) without clang-format.
#
# Usage: build-aux/check-format.sh [SOURCE_ROOT]
# SOURCE_ROOT defaults to the repository holding this script. Set CLANG_FORMAT to pick a binary
# (for example CLANG_FORMAT=clang-format-14). Exit status: 0 formatted, 1 not formatted, 77 skipped.
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
clang_format=${CLANG_FORMAT:-clang-format}

if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "check-format: $clang_format not found, skipping (build-aux/deps.sh installs it)" >&2
  exit 77
fi

cd "$root"

# Tracked and untracked-but-not-ignored files when in git; every file otherwise (a tarball).
list_sources() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard -- 'src/*.[ch]' 'tests/*.[ch]'
  else
    find src tests -type f -name '*.[ch]' -print0 2>/dev/null
  fi
}

unformatted=()
while IFS= read -r -d '' file; do
  # --cached also lists files deleted from the work tree.
  [[ -f $file ]] || continue
  if ! "$clang_format" --style=file --dry-run --Werror "$file" >/dev/null 2>&1; then
    unformatted+=("$file")
  fi
done < <(list_sources | sort -z)

if [[ ${#unformatted[@]} -gt 0 ]]; then
  echo "These files do not match .clang-format ($("$clang_format" --version | head -n 1)):" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  echo "Run build-aux/format.sh to fix them, then review the change." >&2
  exit 1
fi

exit 0
