"""Heading soft recall against a reference outline (STORM, Shao et al. 2024, eval/metrics.py).

card(A) = Σ_i 1 / Σ_j sim(a_i, a_j); soft recall(R, D) = (card(R) + card(D) − card(R ∪ D)) / card(R),
with R and D taken as sets of heading strings. STORM's MiniLM puts unrelated headings near cosine
0; our e5 embeddings put them near 0.85 (cosines sit in a narrow band), which would make every
set's soft cardinality close to 1. So cosines are first rescaled against the baseline of this
embedding model: the median cosine between unrelated plan headings (ANCHORS), clipped to [0, 1].
"""
from __future__ import annotations

import numpy as np

from eval.vectors import Embed, VectorCache


# Headings of unrelated topics from union plans: their pairwise cosine is "unrelated" for a model.
ANCHORS = ("指导思想", "女职工工作", "工会经费审查", "文体活动安排", "安全生产监督",
           "困难职工帮扶", "教代会建设", "工会干部培训", "劳动竞赛", "月份工作安排")


class SoftRecall:
    """Caches heading vectors by text: the same headings recur across drafts of a batch."""

    def __init__(self, embed: Embed):
        self.vectors = VectorCache(embed)
        self._baseline: float | None = None

    @property
    def baseline(self) -> float:
        if self._baseline is None:
            v = self.vectors(list(ANCHORS))
            sims = v @ v.T
            self._baseline = float(np.median(sims[~np.eye(len(ANCHORS), dtype=bool)]))
        return self._baseline

    def similarity(self, texts: list[str]) -> np.ndarray:
        v = self.vectors(texts)
        b = self.baseline
        sim = np.clip((v @ v.T - b) / (1 - b), 0.0, 1.0)
        np.fill_diagonal(sim, 1.0)  # a heading is itself, whatever the rounding
        return sim

    def card(self, headings: set[str]) -> float:
        texts = sorted(headings)
        return float((1.0 / self.similarity(texts).sum(axis=1)).sum())

    def recall(self, reference: list[str], draft: list[str]) -> float:
        r, d = set(reference), set(draft)
        if not r:
            raise ValueError("reference outline has no headings")
        if not d:
            return 0.0
        card_r = self.card(r)
        return float(np.clip((card_r + self.card(d) - self.card(r | d)) / card_r, 0.0, 1.0))

    def unmatched(self, reference: list[str], draft: list[str]) -> list[str]:
        """Reference headings that no draft heading resembles (rescaled similarity < 0.5)."""
        if not draft:
            return list(reference)
        texts = list(dict.fromkeys(reference + draft))
        sim = self.similarity(texts)
        idx = {t: i for i, t in enumerate(texts)}
        cols = [idx[t] for t in draft]
        return [t for t in reference if sim[idx[t], cols].max() < 0.5]
