#!/usr/bin/env bash
# Installs the Debian packages BrokerDesk needs beyond Python: the libraries Qt loads (even
# offscreen), poppler-utils for checking PDFs, gettext's msgfmt, sqlite3 for inspecting files.
# Does nothing when they are all there; needs root (or sudo) otherwise.
set -euo pipefail
PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
          libglib2.0-0 poppler-utils gettext sqlite3 python3-venv)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Please install the equivalents of: ${missing[*]}" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
