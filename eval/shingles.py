"""The copy check: long verbatim runs shared with one source plan, found with character
shingles (n-grams of the text with whitespace and punctuation removed) indexed once."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from eval.document import Document, locate
from eval.findings import Finding

N = 15  # shingle length in characters: short enough to survive small edits around it
RUN_MIN = 100  # a verbatim run this long (characters) from one plan is a copy
SHARE_MAX = 0.4  # or this share of the whole draft from one plan
_DROP = re.compile(r"[\s\W_]+")


def normalise(text: str) -> str:
    return _DROP.sub("", text)


@dataclass
class Copied:
    source: str  # the source plan's id
    title: str
    longest: int  # characters of the longest verbatim run
    start_line: int  # where that run starts in the draft
    share: float  # share of the draft's characters inside runs from this plan


class ShingleIndex:
    def __init__(self, plans: Iterable[tuple[str, str, str]]):
        """plans: (id, title, text)."""
        self.titles: dict[str, str] = {}
        ids: list[str] = []
        index: dict[str, list[int]] = defaultdict(list)
        for plan_id, title, text in plans:
            k = len(ids)
            ids.append(plan_id)
            self.titles[plan_id] = title
            s = normalise(text)
            for g in {s[i:i + N] for i in range(len(s) - N + 1)}:
                index[g].append(k)
        self.ids = ids
        self.index = dict(index)

    def __len__(self) -> int:
        return len(self.ids)

    def matches(self, doc: Document, exclude: str | None = None) -> list[Copied]:
        """Per source plan sharing text with doc: its longest run and its share of doc."""
        chars, lines = [], []
        for i, raw in enumerate(doc.lines, start=1):
            s = normalise(raw)
            chars.append(s)
            lines += [i] * len(s)
        text = "".join(chars)
        skip = self.ids.index(exclude) if exclude in self.titles else -1
        runs: dict[int, list[list[int]]] = defaultdict(list)  # plan -> [[first, last] shingle]
        for i in range(len(text) - N + 1):
            for k in self.index.get(text[i:i + N], ()):
                if k == skip:
                    continue
                plan_runs = runs[k]
                if plan_runs and plan_runs[-1][1] == i - 1:
                    plan_runs[-1][1] = i
                else:
                    plan_runs.append([i, i])
        out = []
        for k, plan_runs in runs.items():
            covered = _covered(plan_runs)
            first, last = max(plan_runs, key=lambda r: r[1] - r[0])
            pid = self.ids[k]
            out.append(Copied(pid, self.titles[pid], last - first + N, lines[first],
                              covered / max(len(text), 1)))
        return sorted(out, key=lambda c: -c.longest)


def _covered(runs: list[list[int]]) -> int:
    """Characters inside the union of the runs' spans (runs are in increasing order)."""
    total, end = 0, -1
    for first, last in runs:
        lo, hi = max(first, end), last + N
        if hi > lo:
            total += hi - lo
        end = max(end, hi)
    return total


def copy(doc: Document, index: ShingleIndex, exclude: str | None = None) -> list[Finding]:
    out = []
    for c in index.matches(doc, exclude):
        if c.longest >= RUN_MIN or c.share >= SHARE_MAX:
            out.append(Finding(
                "copy", f"有连续{c.longest}字与范文《{c.title}》完全相同（全文{c.share:.0%}的文字"
                        f"出自该篇），请改写或注明", locate(doc, c.start_line), c.start_line))
    return out
