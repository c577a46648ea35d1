"""The guard every model answer passes before it reaches a draft (the llm writer and reviser).

A weak or misbehaving model echoes the prompt's own scaffolding, pastes its sources, or writes
another unit's names, outdated work and slogans. The guard finds all of these with the same
measures the evaluator uses — the copy measure (eval/shingles.py) against the section's own
sources and the item labels (eval/labels.py) for the brief — and says what it found, in Chinese,
so the writer can ask once more naming the faults, and then fall back to compose.
"""
from __future__ import annotations

import re
from functools import lru_cache

import prompts
from eval.context import from_brief
from eval.document import parse
from eval.labels import LABEL_NAMES, PRECEDENCE, Labeller
from eval.offtopic import TopicJudge
from eval.shingles import ShingleIndex
from plandraft.models import Brief, DraftSection, Hit
from plandraft.settings import Settings

COPY_MAX = 0.3  # share of an answer that may come word for word from one source
FRAGMENT_MIN = 6  # shorter fixed pieces of a prompt ("单位") are ordinary words too
# Pieces of every prompt: the fixed text between placeholders, and the labels of the brief's
# fields and of the sources, however a model reformats them.
_LABELS = re.compile(r"^\W*(?:\d+[.、]\s*)?(?:单位|计划期间|本部分要点|写法|写字|参考材料|修改要求)[：:]"
                     r"|【材料\d+】|这一部分的?正文")
_TEMPLATES = ("section_system", "section_user", "revise_user", "guides")
# Every fault label keeps an answer out of a draft.
REJECTED = PRECEDENCE
# What is dropped from the compose section that stands in for a rejected answer: compose is
# the fallback, not a licence for another unit's text or outdated work.
DROPPED_FROM_FALLBACK = ("foreign", "stale_wording")


@lru_cache(maxsize=1)
def _fragments() -> tuple[str, ...]:
    """The fixed pieces of the prompt templates, long enough to mean an echo."""
    out: set[str] = set()
    for name in _TEMPLATES:
        for line in prompts.load(name).splitlines():
            line = line.split(":", 1)[1] if name == "guides" and ":" in line else line
            for piece in re.split(r"\{[^}]*\}|[“”\"（）()：:，,。]", line):
                piece = re.sub(r"^\d+[.、]\s*", "", piece.strip(" -*#"))
                if len(piece) >= FRAGMENT_MIN:
                    out.add(piece)
    return tuple(sorted(out, key=len, reverse=True))


def scaffolding(item: str) -> str:
    """The piece of a prompt the item repeats, or ""."""
    m = _LABELS.search(item)
    if m:
        return m.group(0)
    return next((f for f in _fragments() if f in item), "")


def section_markdown(title: str, kind: str, text: str) -> str:
    """A section alone as a plan the evaluator can read: its canonical part, and its own
    heading when it is a theme of the main work."""
    head = f"（一）{title}\n" if kind == "主要工作" else ""
    return f"一、{kind}\n{head}{text}\n"


class AnswerGuard:
    def __init__(self, settings: Settings | None = None):
        """settings: where the off_topic judge's embeddings come from (loaded only if a section
        ever has two theme headings to compare)."""
        def embed(texts: list[str]):
            from retrieval.embeddings import get_embeddings
            return get_embeddings(settings or Settings.from_env()).embed_documents(texts)

        self.labeller = Labeller(TopicJudge(embed))

    def faults(self, brief: Brief, title: str, kind: str, text: str,
               sources: list[Hit]) -> list[str]:
        """What is wrong with an answer laid out as section text; [] when it may be used."""
        out = []
        echoed = [piece for ln in text.splitlines() if (piece := scaffolding(ln.strip()))]
        out += [f"照搬了提示词（“{piece[:16]}”）" for piece in echoed[:2]]
        doc = parse(section_markdown(title, kind, text))
        if sources:
            index = ShingleIndex((h.chunk.id, h.chunk.plan_title, h.chunk.text) for h in sources)
            copied = [c for c in index.matches(doc) if c.share > COPY_MAX]
            out += [f"{c.share:.0%}的文字照抄参考材料《{c.title}》" for c in copied[:1]]
        for x in self.labeller.label(doc, from_brief(brief)):
            if x.label in REJECTED:
                out.append(f"{LABEL_NAMES[x.label]}：{x.reason}（“{x.item.text[:16]}…”）")
        return out

    def clean(self, brief: Brief, kind: str, section: DraftSection) -> DraftSection:
        """The fallback section without items of another unit or outdated work."""
        doc = parse(section_markdown(section.title, kind, section.text))
        bad = {x.item.line for x in self.labeller.label(doc, from_brief(brief))
               if x.label in DROPPED_FROM_FALLBACK}
        if not bad:
            return section
        heading_lines = 2 if kind == "主要工作" else 1  # section_markdown's own heading lines
        kept = [ln for i, ln in enumerate(doc.lines, 1) if i not in bad][heading_lines:]
        section.text = "\n".join(kept).strip()
        return section
