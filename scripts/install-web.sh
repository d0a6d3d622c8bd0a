#!/usr/bin/env bash
# Installs the web page's front-end packages and base-map data (npm ci, pinned by
# package-lock.json) and builds what the page loads into the Python package
# (scripts/build_web.py -> src/truceline/serve/web/vendor/). Run by `make install` (so
# by `make demo` and `make test`) and by a wheel build (setup.py). Without npm it says
# so and stops; `truceline serve` and the page then say which files are missing.
set -u
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --ignore-scripts --prefer-offline --loglevel=error || exit 1
  else
    echo "note: npm is missing, so the web page's map and timeline files cannot be installed;" \
      "install Node.js and npm, then run \`make install\` again (the API works without them)" >&2
    exit 0
  fi
fi
"$PY" scripts/build_web.py
