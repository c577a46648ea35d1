"""off_topic by meaning: an item under a theme heading that is clearly closer to another theme
than to its own heading (帮扶 text under a 组织覆盖 heading).

The e5 embeddings we ship put every pair of union sentences between cosine 0.78 and 0.98, so no
absolute threshold works; an item is compared with its own heading and with the other themes
(the plan's other theme headings and the themes of union work in plandraft/lexicon.py), and
called off topic when another theme wins by MARGIN. MARGIN was calibrated on the labelled set
(python -m eval.bench_agreement).
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from eval.document import MONTH_LINE, Document
from eval.items import PREAMBLE, Item, is_heading
from eval.sections import section_type
from plandraft.lexicon import THEMES

Embed = Callable[[list[str]], Sequence[Sequence[float]]]
MARGIN = 0.02  # how much closer another theme must be
ITEM_CHARS = 120  # the opening of an item says what it is about
# The themes of union work as short topic phrases: what an item can be about besides its heading.
ANCHORS = tuple(f"{name}：{'、'.join(words[:5])}" for name, words in THEMES.items())


class TopicJudge:
    def __init__(self, embed: Embed, margin: float = MARGIN):
        self.embed = embed
        self.margin = margin
        self._cache: dict[str, np.ndarray] = {}

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, cached by text across the plans of a batch (drafts repeat items)."""
        new = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if new:
            for t, v in zip(new, np.asarray(self.embed(new), dtype=np.float32)):
                self._cache[t] = v / (np.linalg.norm(v) or 1.0)
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1))

    def prefetch(self, texts: list[str]) -> None:
        """Embed many texts in one call (a batch of plans at once is much faster)."""
        self.vectors(list(dict.fromkeys(texts)))

    def off_topic(self, doc: Document, its: list[Item]) -> list[str]:
        """A reason for each item that is off its heading's topic, else ""."""
        themes = theme_headings(doc)
        judged = [i for i, it in enumerate(its) if it.heading in themes]
        out = [""] * len(its)
        if not judged:
            return out
        topics = list(dict.fromkeys(themes + list(ANCHORS)))
        t = self.vectors(topics)
        v = self.vectors([text_of(its[i]) for i in judged])
        sims = v @ t.T  # items × topics
        topic_sim = t @ t.T
        index = {name: k for k, name in enumerate(topics)}
        for row, i in enumerate(judged):
            own = index[its[i].heading]
            # Topics close to the heading itself are not "another theme".
            others = [k for k in range(len(topics)) if k != own and topic_sim[own, k] < 0.9]
            if not others:
                continue
            best = max(others, key=lambda k: sims[row, k])
            if sims[row, best] - sims[row, own] > self.margin:
                name = topics[best].split("：")[0]
                out[i] = f"内容更接近“{name[:20]}”，不属于“{its[i].heading[:20]}”"
        return out


def text_of(item: Item) -> str:
    return item.text[:ITEM_CHARS]


def theme_headings(doc: Document) -> list[str]:
    """Headings that name a theme of work (not 指导思想/工作目标/…, not months)."""
    out = []
    for node in doc.walk():
        if (is_heading(node) and node.family != "month" and node.title != PREAMBLE
                and not MONTH_LINE.match(node.title) and section_type(node) is None):
            out.append(node.title)
    return list(dict.fromkeys(out))
