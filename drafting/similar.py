"""Near-duplicate test for short Chinese texts: character bigrams, no tokenizer needed."""
from __future__ import annotations

import re

_DROP = re.compile(r"[\s\W_\d]+")


def bigrams(text: str) -> set[str]:
    s = _DROP.sub("", text)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def overlap(query: str, text: str) -> float:
    """Share of the query's bigrams found in text (how well text covers the query)."""
    q = bigrams(query)
    return len(q & bigrams(text)) / len(q) if q else 0.0


def similar(a: str, b: str, threshold: float = 0.5) -> bool:
    """True if a and b say nearly the same thing (bigram Jaccard, or one contains the other)."""
    sa, sb = _DROP.sub("", a), _DROP.sub("", b)
    if not sa or not sb:
        return sa == sb
    if len(min(sa, sb, key=len)) >= 4 and (sa in sb or sb in sa):
        return True
    ba, bb = bigrams(a), bigrams(b)
    return bool(ba | bb) and len(ba & bb) / len(ba | bb) >= threshold
