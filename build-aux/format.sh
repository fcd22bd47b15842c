#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Formats the C sources under src/ and tests/ in place with clang-format and .clang-format.
#
# Usage: build-aux/format.sh [SOURCE_ROOT]
# SOURCE_ROOT defaults to the repository holding this script. Set CLANG_FORMAT to pick a binary
# (for example CLANG_FORMAT=clang-format-14).
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
clang_format=${CLANG_FORMAT:-clang-format}

if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "format: $clang_format not found; build-aux/deps.sh installs it" >&2
  exit 1
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

files=()
while IFS= read -r -d '' file; do
  [[ -f $file ]] && files+=("$file")
done < <(list_sources | sort -z)

if [[ ${#files[@]} -gt 0 ]]; then
  "$clang_format" --style=file -i "${files[@]}"
fi
