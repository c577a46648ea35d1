"""`python -m corpus.knowledge [FILE.toml ...]`: load the knowledge base and list every problem
(schema, coverage, length, content checks, copied text); exit 1 if there is any. With files,
only the themes of those files are checked (the schema of all is still loaded)."""
from __future__ import annotations

import sys
from pathlib import Path

from corpus.knowledge.base import Knowledge, KnowledgeError, load
from corpus.knowledge.check import problems


def main(argv: list[str]) -> int:
    try:
        kb = load()
    except KnowledgeError as exc:
        print(exc)
        return 1
    if argv:
        names = {Path(a).name for a in argv}
        kb = Knowledge({k: t for k, t in kb.themes.items() if t.file in names}, kb.profiles)
    found = problems(kb)
    for p in found:
        print(p)
    items = sum(len(t.items) for t in kb.themes.values())
    print(f"{len(kb.themes)} 个主题，{items} 条工作条目；问题 {len(found)} 个。")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
