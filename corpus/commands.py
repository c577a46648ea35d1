"""`plandraft corpus stats`: how many plans the corpus holds per org_type × period × kind."""
from __future__ import annotations

import unicodedata
from collections import Counter

from corpus.load import LoadResult, load_corpus
from plandraft.settings import Settings
from plandraft.vocab import KINDS, ORG_TYPES, PERIODS


def stats(settings: Settings) -> int:
    result = load_corpus([settings.corpus_dir])
    print(format_stats(result, str(settings.corpus_dir)))
    return 0


def format_stats(result: LoadResult, where: str) -> str:
    """A table in Chinese: one row per org type, one column per period × kind that occurs."""
    counts = Counter((p.org_type, p.period, p.kind) for p in result.plans)
    columns = [(period, kind) for period in PERIODS for kind in KINDS
               if any(key[1:] == (period, kind) for key in counts)]
    header = ["单位类型", *(f"{period}{kind}" for period, kind in columns), "合计"]
    rows = [header]
    for org in ORG_TYPES:
        cells = [counts[(org, period, kind)] for period, kind in columns]
        if sum(cells):
            rows.append([org, *(str(c) if c else "-" for c in cells), str(sum(cells))])
    totals = [sum(counts[(o, period, kind)] for o in ORG_TYPES) for period, kind in columns]
    rows.append(["合计", *(str(t) for t in totals), str(len(result.plans))])
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    lines = [f"范文库：{where}", f"共 {len(result.plans)} 篇范文（来自 {len({p.source for p in result.plans})} 个文件）", ""]
    for n, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, widths[i], left=i == 0) for i, cell in enumerate(row)))
        if n == 0 or n == len(rows) - 2:
            lines.append("  ".join("-" * w for w in widths))
    for path, reason in result.skipped:
        lines.append(f"已跳过：{path}（{reason}）")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, left: bool) -> str:
    space = " " * (width - _width(text))
    return text + space if left else space + text
