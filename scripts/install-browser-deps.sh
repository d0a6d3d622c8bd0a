#!/usr/bin/env bash
# Installs what the web page's browser tests need: Debian's chromium + chromedriver
# (system packages) and the front-end packages pinned in package-lock.json (npm ci).
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
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  else
    echo "note: npm missing; the web page's front-end packages are not installed, browser tests will skip"
  fi
fi
exit 0
