"""Focus coverage: does every focus topic of the brief appear in a heading or point?

A topic counts as covered by its own words, a synonym (教代会 ~ 职工代表大会), or all of its
content words (jieba) in one heading or point (“教职工健康” ~ “关心教职工身心健康”)."""
from __future__ import annotations

from functools import lru_cache

import jieba

from corpus.knowledge import knowledge
from eval.document import Document, Paragraph
from eval.findings import Finding
from plandraft.lexicon import GENERIC_WORDS, SYNONYM_GROUPS, THEMES, synonyms

jieba.setLogLevel(60)
for _word in {w for g in SYNONYM_GROUPS for w in g} | {w for ws in THEMES.values() for w in ws}:
    jieba.add_word(_word)  # keep domain terms (新就业形态, 安全生产) in one piece


def content_words(topic: str) -> list[str]:
    """The words of a topic that carry its meaning (generic words like 加强/工作 dropped)."""
    words = [w for w in jieba.lcut(topic) if w.strip() and w not in GENERIC_WORDS]
    longer = [w for w in words if len(w) > 1]  # a lone 月/新 would match anything
    return longer or words or [topic]


@lru_cache(maxsize=4096)
def topic_words(topic: str) -> frozenset[str]:
    """The topic's own words and synonyms: lexicon's synonym groups, and the words of the
    knowledge-base theme the topic names (数字化工会 ~ 网上工会 ~ 智慧工会), the same words the
    drafting stage reads a brief with."""
    words = synonyms(topic)
    theme = knowledge().match(topic, loose=False)
    return frozenset(words | set(theme.words()) if theme else words)


def addresses(topic: str, text: str) -> bool:
    """Does the text itself speak of the topic (its words, a synonym, or all its content words)?"""
    if any(w in text for w in topic_words(topic)):
        return True
    return all(any(w in text for w in synonyms(word)) or _split(word, text) for word in content_words(topic))


def _split(word: str, text: str) -> bool:
    """A four-character compound said in two places (篮球联赛: 篮球、乒乓球或羽毛球联赛)."""
    return len(word) == 4 and word[:2] in text and word[2:] in text


def match(topic: str, paragraphs: list[Paragraph]) -> Paragraph | None:
    """The first heading or point covering the topic, or None."""
    for words in ({topic}, topic_words(topic)):
        for p in paragraphs:
            if any(w in p.text for w in words):
                return p
    parts = content_words(topic)
    alternatives = [synonyms(w) for w in parts]
    for p in paragraphs:
        if all(any(w in p.text for w in alt) for alt in alternatives):
            return p
    return None


def score(doc: Document, focus: list[str]) -> tuple[float | None, list[Finding]]:
    topics = [t.strip() for t in focus if t.strip()]
    if not topics:
        return None, []
    paragraphs = list(doc.paragraphs())
    missing = [t for t in topics if match(t, paragraphs) is None]
    findings = [Finding("focus", f"重点“{t}”没有出现在任何标题或条目中", "全文") for t in missing]
    return 1 - len(missing) / len(topics), findings
