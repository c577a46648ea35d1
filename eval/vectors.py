"""Unit vectors of texts, embedded once and cached by text: drafts of a batch repeat their
headings and items, and several checks ask for the same ones."""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

Embed = Callable[[list[str]], Sequence[Sequence[float]]]


class VectorCache:
    def __init__(self, embed: Embed):
        self.embed = embed
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        """One row per text (in order), L2-normalised; only texts not seen before are embedded,
        all in one call."""
        new = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if new:
            for t, v in zip(new, np.asarray(self.embed(new), dtype=np.float32)):
                self._cache[t] = v / (np.linalg.norm(v) or 1.0)
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1))
