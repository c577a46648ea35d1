"""Near-duplicate tests for short Chinese texts: character bigrams; for two short activities
(a month line's pieces) also their content words."""
from __future__ import annotations

import re

from plandraft.lexicon import same_campaign

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


SHORT_ACTIVITY = 30  # characters: two activities this short are compared by their words too


def same_work(a: str, b: str, share: float = 0.6) -> bool:
    """Do two texts describe the same piece of work (also with another frequency or wording)?
    Near-identical, or most of the shorter one's bigrams in the other; for two short activities
    (举办迎新年教职工联欢活动 / 排练元旦文艺节目，举办迎新年联欢会), most of the fewer content words."""
    if similar(a, b) or a.rstrip("。") in b or overlap(a, b) >= share:
        return True
    if max(len(a), len(b)) > SHORT_ACTIVITY:  # a long text holds the words of many activities
        return False
    from eval.focus import content_words
    wa, wb = set(content_words(a)), set(content_words(b))
    small, big = sorted((wa, wb), key=len)
    return len(small) >= 2 and len(small & big) >= share * len(small)


def same_month_work(a: str, b: str) -> bool:
    """Are two activities of one month one piece of work: the same work in other words, or two
    lines of one campaign (plandraft.lexicon.CAMPAIGNS: 慰问高温岗位职工 and 高温季节慰问一线人员)?
    Shared by the scheduler, which puts no such second line, and the labeller, which calls one
    broken."""
    return same_work(a, b) or bool(same_campaign(a, b))
