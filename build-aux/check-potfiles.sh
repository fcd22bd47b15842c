#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a file with translatable strings is missing from po/POTFILES.in,
# or when POTFILES.in names a file that does not exist.
set -euo pipefail

top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"

listed=$(grep -vE '^\s*(#|$)' po/POTFILES.in | sort -u)
status=0

while IFS= read -r f; do
  [[ -f $f ]] || { echo "po/POTFILES.in lists $f, which does not exist"; status=1; }
done <<<"$listed"

candidates=$(
  {
    grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\s*\(' src --include='*.c' || true
    grep -rl 'translatable="yes"' resources data --include='*.ui' --include='*.xml' --include='*.in' || true
    grep -rlE '^(Name|GenericName|Comment|Keywords)=' data --include='*.desktop.in*' || true
    grep -rlE '<(summary|description)>' data --include='*.gschema.xml' || true
    grep -rlE '<(name|summary|description|caption)' data --include='*.metainfo.xml.in*' || true
  } | sort -u
)

while IFS= read -r f; do
  [[ -z $f ]] && continue
  if ! grep -qxF "$f" <<<"$listed"; then
    echo "$f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done <<<"$candidates"

exit $status
