"""`--writer compose`: the offline writer, themes first. A main-work section is written from its
knowledge-base theme (corpus/knowledge): the outline's points (the theme's items chosen for this
brief, or the user's own), a short point expanded into the theme's item that says it in full,
topped up from the theme. A section no theme covers is written from real plans' items that speak
of it and pass every content check of the evaluator (eval.labels, the same implementation), else
as an honest frame with a field to fill in. (Read blind, real plans' sentences under a theme the
knowledge base covers were most of what a cadre struck out: slogans, other units' campaigns.)
Deterministic: same brief and outline, same text.
"""
from __future__ import annotations

import re

from corpus.knowledge import Theme, knowledge
from drafting import period as plan_period
from drafting import themes
from drafting.adapt import CLAUSE, adapt_line
from drafting.body import layout
from drafting.numbering import strip_marker
from drafting.similar import overlap, similar
from drafting.sources import to_sources
from drafting.specific import plan_action
from eval.context import from_brief
from eval.items import Item
from eval.labels import Labeller
from eval.shingles import normalise
from plandraft.interfaces import Writer
from plandraft.models import Brief, DraftSection, Hit, OutlineItem, Source

MIN_ITEMS, MAX_ITEMS = 3, 6
FULL = 20  # a point this long (content characters) is an item already, not a phrase to expand
MAX_CHARS = 90  # a corpus item longer than this is cut at a clause boundary
CORPUS_CHARS = (25, 90)
_ENUM = re.compile(r"^(?:[一二三四五六七八九十][是要]|首先|其次|再次|最后)[，,：:]?")
_HEADING_LIKE = re.compile(r"[：:]$")
_LABELLER = Labeller()


def trim(text: str, limit: int = MAX_CHARS) -> str:
    """text cut after the last clause that ends within limit characters."""
    if len(text) <= limit:
        return text
    out = ""
    for clause in CLAUSE.findall(text):
        if len(out) + len(clause) > limit and out:
            break
        out += clause
    clauses = CLAUSE.findall(out)
    if len(clauses) > 1 and len(clauses[-1]) < 6:  # a stub such as "同时，" reads as cut off
        out = "".join(clauses[:-1])
    return re.sub(r"[，,；;]$", "。", out)


def fault(text: str, brief: Brief, kind: str = "主要工作", heading: str = "") -> str:
    """The reason the evaluator's content checks (foreign, stale, broken, past report, stub) give
    against the text, or "" when it passes them all."""
    item = Item(heading or kind, None if kind == "主要工作" else kind, heading, 1, text, 1)
    found = _LABELLER._rules(item, from_brief(brief))
    return found[1] if found else ""


def passes(text: str, brief: Brief, kind: str = "主要工作", heading: str = "") -> bool:
    return not fault(text, brief, kind, heading)


def units(hits: list[Hit]) -> list[tuple[Hit, str]]:
    """(source, item text) for every list item or paragraph of the sources, in rank order."""
    out = []
    for hit in hits:
        for line in hit.chunk.text.splitlines():
            text = _ENUM.sub("", strip_marker(line.strip()))
            if len(text) >= 12 and not _HEADING_LIKE.search(text):
                out.append((hit, text))
    return out


def theme_source(theme: Theme, used: list[str]) -> Source:
    """The knowledge base cited like a plan: the theme, its file, the texts taken from it."""
    return Source(plan_title=f"工会工作知识库：{theme.title}", section_path=f"corpus/knowledge/themes/{theme.file}",
                  org_type="", period="", text="\n".join(used))


class ComposeWriter(Writer):
    name = "compose"

    def __init__(self) -> None:
        self.written: list[str] = []  # items already in the draft (no repeats across sections)

    def candidates(self, brief: Brief, hits: list[Hit], heading: str = "") -> list[tuple[Hit, str]]:
        """Corpus items of the sources adapted to the brief that pass every content check."""
        out: list[tuple[Hit, str]] = []
        for hit, text in units(hits):
            adapted = adapt_line(text, brief)
            adapted = adapted and plan_action(trim(adapted), brief.org_type)
            if (not adapted or not CORPUS_CHARS[0] <= len(adapted) <= CORPUS_CHARS[1]
                    or not passes(adapted, brief, heading=heading)):
                continue
            if not any(similar(adapted, t) for _, t in out) and not any(similar(adapted, t) for t in self.written):
                out.append((hit, adapted))
        return out

    def theme_items(self, brief: Brief, theme: Theme, n: int, near: str = "") -> list[str]:
        """n items of a theme not yet in the draft, those closest to `near` first."""
        pool = themes.pick(theme.items, brief, len(theme.items), theme.id, self.written)
        if near:
            pool.sort(key=lambda t: -overlap(near, t))
        return pool[:n]

    def _expand(self, brief: Brief, point: str, theme: Theme | None, heading: str) -> str | None:
        """A point as an item: kept when it is one already, else the theme's item that says
        it in full, else the point as written (the user's own words)."""
        text = adapt_line(point, brief)
        if not text:
            return None
        if len(normalise(text)) >= FULL and passes(text, brief, heading=heading):
            return text
        own = themes.match(text, brief.org_type, brief.year) or theme
        if own is not None:
            found = [t for t in self.theme_items(brief, own, len(own.items), near=text)
                     if overlap(re.sub(r"工作|活动", "", text), t) >= 0.5]
            if found:
                return found[0]
        return text

    def _main(self, brief: Brief, item: OutlineItem, hits: list[Hit]) -> tuple[list[str], list[Source]]:
        theme = themes.theme_of(brief, item)
        chosen: list[str] = []
        for point in item.points:
            text = self._expand(brief, point, theme, item.title)
            if text and not any(similar(text, c) for c in chosen + self.written):
                chosen.append(text)
        if theme is not None and len(chosen) < MIN_ITEMS:
            self.written += chosen
            chosen += self.theme_items(brief, theme, MIN_ITEMS - len(chosen), near=item.title)
        sources = [theme_source(theme, list(chosen))] if theme else []
        used: list[Hit] = []
        if theme is None:  # no knowledge of it: real plans' items that speak of it, if any pass
            for hit, text in self.candidates(brief, hits, item.title):
                if _addresses(item.title, text) and not any(similar(text, c) for c in chosen):
                    chosen.append(text)
                    used.append(hit)
                    if len(chosen) >= MIN_ITEMS + 1:
                        break
        if not chosen:  # nothing known about it: an honest frame to fill in
            chosen = [honest(brief, item.title)]
        return chosen[:MAX_ITEMS], sources + to_sources(used)

    def _guiding(self, brief: Brief, item: OutlineItem) -> str:
        union = knowledge().terms(brief.org_type, brief.org_name)["union"]
        first = f"{plan_period.label(brief)}，{union}将{item.points[0]}" if item.points else ""
        rest = f"，{item.points[1]}" if len(item.points) > 1 else ""
        text = f"{first}{rest}。" if first else ""
        return text + "".join(f"{p.rstrip('。')}。" for p in item.points[2:])

    def write(self, brief: Brief, item: OutlineItem, sources: list[Hit]) -> DraftSection:
        cited: list[Source] = []
        if item.kind == "指导思想":
            text = self._guiding(brief, item)
        elif item.kind in ("工作目标", "保障措施", "月份安排"):
            items = [t for t in (adapt_line(p, brief, keep_partial=item.kind != "月份安排")
                                 for p in item.points) if t]
            text = layout(items, item.kind)
        else:
            items, cited = self._main(brief, item, sources)
            self.written += items
            text = layout(items, item.kind)
        return DraftSection(title=item.title, text=text, sources=cited or to_sources(sources))


def _addresses(topic: str, text: str) -> bool:
    from eval.focus import addresses
    core = re.sub(r"^(?:做好|抓好|加强|开展|推进)|(?:工作|活动)$", "", topic)
    return bool(core) and addresses(core, text)


def honest(brief: Brief, title: str) -> str:
    """The one line written for a section nothing is known about: who, by when, what to decide."""
    union = knowledge().terms(brief.org_type, brief.org_name)["union"]
    topic = re.sub(r"^(?:做好|抓好|加强|开展|推进)", "", title)
    return (f"由{union}确定专人负责{topic}，于【　】月底前拟定具体方案，写明目标、措施、责任人和完成时间，"
            "经工会委员会研究后组织实施。")
