#!/usr/bin/env bash
# Quick start 2: set up and run the whole test suite (real Chroma, real embeddings, real browser,
# a real llama.cpp OpenAI-compatible server).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  # Debian's chromium for the browser tests (Playwright drives it; no browser download).
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  # Debian's PostgreSQL server for the tests that run drafts and accounts on a real one
  # (tests/pg.py starts a throw-away cluster; the package's own cluster is not used).
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
bash scripts/setup.sh "test,llm-local"
set +e
.venv/bin/python -m pytest -q "$@"
rc=$?
set -e
# pytest exit 5 = no tests collected: that is a failure, not a pass.
[ "$rc" -eq 5 ] && { echo "没有收集到任何测试" >&2; exit 1; }
exit "$rc"
