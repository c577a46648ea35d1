#!/usr/bin/env bash
# Quick start 1: set up and serve the app on the embedded defaults (http://127.0.0.1:7860).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/plandraft serve "$@"
