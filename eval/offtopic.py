"""off_topic by meaning and words: an item under a theme heading that says none of its
heading's words (nor their synonyms) and is closer in meaning to another theme heading of the
same plan (帮扶 text under a 组织覆盖 heading).

The e5 embeddings we ship put every pair of union sentences between cosine 0.78 and 0.98, so no
absolute threshold works: an item is compared with its own heading and with the plan's other
theme headings, and another heading must win by MARGIN. On the labelled set the embeddings alone
separate poorly (python -m eval.bench_agreement), so both signals are required: the judge is
tuned for precision and misses many off-topic items.
"""
from __future__ import annotations

from corpus.knowledge import knowledge
from eval.document import MONTH_LINE, Document
from eval.focus import addresses, content_words
from eval.items import PREAMBLE, Item, is_heading, items
from eval.kbtexts import groups_of
from eval.sections import section_type
from eval.vectors import Embed, VectorCache
from plandraft.lexicon import synonyms, themes_in

# How much closer another heading must be. At 0.025 the embeddings were right on 1 of 12 items
# over the three labelled sets; from 0.04 on they no longer overrule a heading on any of them.
MARGIN = 0.04
ITEM_CHARS = 120  # the opening of an item says what it is about
# Words of a heading that say how, not what ("扎实做好…工作").
_HOW = frozenset(("扎实", "做好", "抓好", "要求", "加大", "力度", "注重", "坚持", "确保", "积极",
                  "认真", "切实", "进一步"))


class TopicJudge:
    def __init__(self, embed: Embed, margin: float = MARGIN):
        self.vectors = VectorCache(embed)  # by text, across the plans of a batch
        self.margin = margin

    def prefetch(self, docs: list[Document]) -> None:
        """Embed what judging these plans can ask for, in one call (a batch at once is much
        faster): their theme headings and the items under them that say none of their words."""
        texts: list[str] = []
        for doc in docs:
            themes = theme_headings(doc)
            if len(themes) >= 2:
                texts += themes + [text_of(it) for it in unmentioned(items(doc), themes)]
        self.vectors(list(dict.fromkeys(texts)))

    def off_topic(self, doc: Document, its: list[Item], focus: list[str] = ()) -> list[str]:
        """A reason for each item that is off its heading's topic, else "". Under a heading
        that names a focus topic of the brief, saying none of the heading's words is enough:
        that section exists for the topic."""
        themes = theme_headings(doc)
        out = [""] * len(its)
        chosen = {id(it) for it in unmentioned(its, themes)}
        judged = [i for i, it in enumerate(its) if id(it) in chosen]
        for i in judged:
            topic = next((t for t in focus if addresses(t, its[i].heading)), None)
            if topic and not addresses(topic, its[i].text) and not kin(topic, its[i].text):
                out[i] = f"没有写到本部分的重点“{topic}”"
        judged = [i for i in judged if not out[i]]
        if not judged or len(themes) < 2:
            return out
        t = self.vectors(themes)
        v = self.vectors([text_of(its[i]) for i in judged])
        sims = v @ t.T  # items × headings
        for row, i in enumerate(judged):
            own = themes.index(its[i].heading)
            best = max((k for k in range(len(themes)) if k != own), key=lambda k: sims[row, k])
            if sims[row, best] - sims[row, own] > self.margin:
                out[i] = f"内容更接近“{themes[best][:20]}”，不属于“{its[i].heading[:20]}”"
        return out


def unmentioned(its: list[Item], themes: list[str]) -> list[Item]:
    """The items under a theme heading that say none of its words: the ones to judge."""
    return [it for it in its if it.heading in themes and not mentions_heading(it)]


def mentions_heading(item: Item) -> bool:
    """Does the item say a word of its heading, a synonym, or a keyword of the same theme of
    union work (校务公开 under a 民主管理 heading)? A heading of only how-words ("加强工作") has
    nothing to check and counts as mentioned."""
    words = [w for w in content_words(item.heading) if w not in _HOW]
    return (not words or any(s in item.text for w in words for s in synonyms(w))
            or bool(themes_in(item.heading) & themes_in(item.text)))


def kin(topic: str, text: str) -> bool:
    """Is the text a knowledge-base text of a theme in the same group of work as the topic's
    theme (a 送温暖 visit under a 困难职工帮扶 heading)? Such a text speaks of the topic in
    its own words."""
    theme = knowledge().match(topic)
    return theme is not None and theme.group in groups_of(text)


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
