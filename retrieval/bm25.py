"""BM25 over jieba tokens (bm25s): the lexical half of hybrid search.

Chinese has no spaces, so texts are segmented with jieba's search mode (which also emits the
parts of long words: 教职工代表大会 → 职工, 代表, 大会, …) and whitespace/punctuation tokens dropped.
"""
from __future__ import annotations

import logging
import unicodedata

import bm25s
import jieba
import numpy as np

jieba.setLogLevel(60)  # silence "Building prefix dict…" on every process start
logging.getLogger("bm25s").setLevel(logging.WARNING)


def tokenize(text: str) -> list[str]:
    return [t for t in jieba.cut_for_search(text) if _is_word(t)]


def _is_word(token: str) -> bool:
    token = token.strip()
    return bool(token) and not all(unicodedata.category(ch)[0] in "PSZC" for ch in token)


class BM25Index:
    """Scores every indexed text for a query; callers mask and rank (filters live outside)."""

    def __init__(self, texts: list[str]):
        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        # bm25s cannot index an empty token list; a placeholder token keeps positions aligned.
        self._bm25.index([tokenize(t) or ["\u0000"] for t in texts], show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        tokens = tokenize(query)
        if not tokens or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
