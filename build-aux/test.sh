#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a Debian 12 machine like run.sh, builds Debrief and runs every test
# headless (Xvfb, a private D-Bus session); exits non-zero on any failure.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${DEBRIEF_BUILDDIR:-$top/_build}

"$top/build-aux/deps.sh"

if [[ ! -f $builddir/build.ninja ]]; then
  meson setup "$builddir" "$top" >/dev/null
fi

# Test data from npm (AWS's SigV4 vectors, the S3 test server).
"$top/build-aux/npm-deps.sh" "$builddir"

# Warnings are errors in spirit: the build must be clean.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! ninja -C "$builddir" >"$log" 2>&1; then
  cat "$log"
  exit 1
fi
if grep -E 'warning:' "$log"; then
  echo "test.sh: the build has warnings (above); fix them." >&2
  exit 1
fi

xvfb-run -a -s "-screen 0 1280x1024x24" \
  dbus-run-session -- \
  meson test -C "$builddir" --print-errorlogs "$@"

echo "Screenshots of the UI tests: $builddir/*.png"
