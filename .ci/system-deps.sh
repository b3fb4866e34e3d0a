#!/usr/bin/env bash
# Installs the system packages the test suite drives, when missing: Debian's Chromium
# (Playwright never downloads a browser here), docker-compose (validates the compose file)
# and coturn (the TURN credential test runs its own turnserver on loopback).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v turnserver >/dev/null 2>&1 || need+=(coturn)
# Japanese glyphs for Chromium (the UI is Japanese by default; without them it shows boxes).
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing ${need[*]}: install them (apt-get install ${need[*]}) or run as root." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The tests start their own turnserver; never leave a system-wide relay listening.
  if [[ " ${need[*]} " == *" coturn "* ]] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --now coturn >/dev/null 2>&1 || true
  fi
fi
