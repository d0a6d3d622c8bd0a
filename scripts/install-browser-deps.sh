#!/usr/bin/env bash
# Installs what the web page's browser tests need: Debian's chromium + chromedriver
# (system packages) and the page's own files (scripts/install-web.sh: npm ci, then
# scripts/build_web.py).
# Where it cannot (not root, no apt-get, no npm) it says so; the browser tests then skip
# with a message, except under CI=true where they fail.
set -u
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian chromium and chromium-driver for the browser tests"
    apt-get update -qq >/dev/null && \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "note: chromium/chromedriver missing and not installable here (need root + apt-get); browser tests will skip"
  fi
fi
bash scripts/install-web.sh
exit 0
