#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Formats the C sources (*.c; headers are hand-aligned tables) under src/ and tests/ in place with uncrustify (.uncrustify.cfg).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

git ls-files -z --cached --others --exclude-standard -- 'src/*.c' 'tests/*.c' |
  xargs -0 -r uncrustify -q -c .uncrustify.cfg --no-backup
