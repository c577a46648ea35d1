#!/usr/bin/env bash
# Create .venv and install plandraft into it. Usage: scripts/setup.sh [EXTRAS], e.g. "test,llm-local".
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
# torch first, from the machine's local CPU wheel: otherwise pip pulls several GB of CUDA packages.
python -m pip install -q "torch==2.13.0"
python -m pip install -q -e ".${1:+[$1]}"
