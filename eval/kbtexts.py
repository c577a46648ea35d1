"""Which knowledge-base themes a plan's text was written from (corpus/knowledge/).

Every text of the knowledge base was written for one theme of union work, so an item that is
one of them speaks of that theme even where it says none of the theme's trigger words (a ball
game under 心理关爱 comes from 文体活动, a group of its own; a 团圆饭 for people far from home
under 困难职工帮扶 comes from 送温暖, the same group). Texts are matched by character bigrams
with their slots ({union}, {staff} …) left out, so a text filled in for any org type matches.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from corpus.knowledge import knowledge
from drafting.similar import bigrams

SAME = 0.8  # share of a knowledge text's bigrams the item must have, and the other way round
_SLOT = re.compile(r"\{[a-z_]+\}")


def _grams(text: str) -> frozenset[str]:
    """Bigrams of a text's pieces between slots (none across a slot)."""
    return frozenset(g for piece in _SLOT.split(text) for g in bigrams(piece))


@lru_cache(maxsize=1)
def _index() -> tuple[list[tuple[frozenset[str], str]], dict[str, list[int]]]:
    texts: list[tuple[frozenset[str], str]] = []
    postings: dict[str, list[int]] = defaultdict(list)
    for theme in knowledge().themes.values():
        for e in theme.items + theme.goals + theme.measures + theme.schedule:
            grams = _grams(e.text)
            if grams:
                for g in grams:
                    postings[g].append(len(texts))
                texts.append((grams, theme.id))
    return texts, dict(postings)


@lru_cache(maxsize=8192)
def themes_of(text: str) -> frozenset[str]:
    """Ids of the themes that have a text saying nearly the same (empty for text of elsewhere)."""
    texts, postings = _index()
    item = bigrams(text)
    if not item:
        return frozenset()
    hits = Counter(i for g in item for i in postings.get(g, ()))
    return frozenset(texts[i][1] for i, n in hits.items()
                     if n >= SAME * len(texts[i][0]) and n >= SAME * len(item) * 0.75)


def groups_of(text: str) -> frozenset[str]:
    """The coarse themes (plandraft.lexicon.THEMES) of the knowledge themes the text is from."""
    kb = knowledge()
    return frozenset(kb.themes[t].group for t in themes_of(text))
