#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Debian needs to build, run and test Debrief.
# Idempotent and quiet when everything is already there.
set -euo pipefail

packages=(
  meson ninja-build pkg-config gcc uncrustify
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-libav gstreamer1.0-tools
  libsoup-3.0-dev libjson-glib-dev libsecret-1-dev libsqlite3-dev libarchive-dev
  sqlite3 xvfb xauth dbus dbus-x11 at-spi2-core
  desktop-file-utils appstream gettext itstool
  adwaita-icon-theme fonts-cantarell fonts-dejavu-core
  flatpak-builder python3
  opus-tools espeak-ng python3-botocore rclone awscli unzip
)

# npm for the test data and the S3 test server, unless Node.js is already installed.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
