#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets up a Debian 12 machine (installs what is missing), builds Debrief and opens it
# on the embedded default: a local SQLite database and local files in the data dir.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${DEBRIEF_BUILDDIR:-$top/_build}

"$top/build-aux/deps.sh"

if [[ ! -f $builddir/build.ninja ]]; then
  meson setup "$builddir" "$top" -Ddevelopment=true >/dev/null
fi
ninja -C "$builddir" >/dev/null

# Uninstalled run: the schema is compiled into the build dir.
export GSETTINGS_SCHEMA_DIR="$builddir/data"

app=("$builddir/src/debrief" "$@")

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
  echo "No display: running Debrief under Xvfb until it is closed (Ctrl+C to stop)."
  exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "${app[@]}"
fi

exec "${app[@]}"
