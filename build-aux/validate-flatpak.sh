#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the Flatpak manifest offline: well-formed JSON, read by flatpak-builder
# without a single warning, and carrying the fields Debrief's build relies on.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 MANIFEST.json" >&2
  exit 2
fi
manifest=$(realpath -- "$1")

python3 -m json.tool "$manifest" >/dev/null

# flatpak-builder keeps its state in .flatpak-builder/ under the working
# directory, so run it somewhere disposable.
workdir=$(mktemp -d)
trap 'rm -rf -- "$workdir"' EXIT

# Unknown or mistyped keys are only warnings for flatpak-builder (exit status 0),
# so anything it prints on stderr fails the check.
if ! (cd "$workdir" && flatpak-builder --show-manifest "$manifest" >"$workdir/shown.json" 2>"$workdir/stderr"); then
  cat "$workdir/stderr" >&2
  echo "$1: flatpak-builder cannot read the manifest" >&2
  exit 1
fi
if [[ -s $workdir/stderr ]]; then
  cat "$workdir/stderr" >&2
  echo "$1: flatpak-builder warns about the manifest" >&2
  exit 1
fi

python3 - "$manifest" "$workdir/shown.json" <<'PY'
import json
import os
import sys

path, shown_path = sys.argv[1], sys.argv[2]
with open(shown_path, encoding="utf-8") as f:
    m = json.load(f)

problems = []
expected_id = os.path.basename(path).removesuffix(".json")
app_id = m.get("id") or m.get("app-id")
if app_id != expected_id:
    problems.append(f"id is {app_id!r}, expected {expected_id!r} (the file name)")
for key, want in (("runtime", "org.gnome.Platform"), ("sdk", "org.gnome.Sdk"), ("command", "debrief")):
    if m.get(key) != want:
        problems.append(f"{key} is {m.get(key)!r}, expected {want!r}")
if not isinstance(m.get("runtime-version"), str) or not m["runtime-version"]:
    problems.append("runtime-version must be a non-empty string")

args = m.get("finish-args", [])
if len(args) != len(set(args)):
    problems.append("finish-args has duplicates")
for needed in ("--socket=wayland", "--socket=fallback-x11", "--socket=pulseaudio"):
    if needed not in args:
        problems.append(f"finish-args lacks {needed}")

modules = m.get("modules") or []
if not modules:
    problems.append("no modules")
else:
    app = modules[-1]
    if app.get("buildsystem") != "meson":
        problems.append("the last module (the app) must use the meson buildsystem")
    dirs = [s for s in app.get("sources", []) if s.get("type") == "dir"]
    if not dirs:
        problems.append("the app module needs a 'dir' source pointing at the source tree")
    else:
        root = os.path.normpath(os.path.join(os.path.dirname(path), dirs[0]["path"]))
        if not os.path.isfile(os.path.join(root, "meson.build")):
            problems.append(f"dir source {dirs[0]['path']!r} does not lead to a meson project ({root})")

for p in problems:
    print(f"{path}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY

echo "$1: OK"
