#!/usr/bin/env bash
# The README's run command: builds SuppLens, serves the demo article on 127.0.0.1 and opens Chromium
# with the extension loaded. Without a display it runs headless and writes screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent build >/dev/null
exec node --import tsx scripts/demo.ts "$@"
