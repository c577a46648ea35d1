"""`--writer compose`: the offline writer. Each section is made of real corpus items from that
section's own sources — selected for the outline item's points and title, de-duplicated, trimmed
and adapted to the brief (drafting.adapt). Deterministic: same sources, same text.

To stay a plan of its own rather than a copy of one exemplar, an item is trimmed to a few
clauses and no plan supplies more than PER_PLAN items to one draft while others can.
"""
from __future__ import annotations

import re
from collections import Counter

from drafting import period as plan_period
from drafting.adapt import CLAUSE, adapt_line
from drafting.body import layout
from drafting.numbering import strip_marker
from drafting.similar import overlap, similar
from drafting.sources import to_sources
from drafting.specific import plan_action
from plandraft import lexicon
from plandraft.interfaces import Writer
from plandraft.models import Brief, DraftSection, Hit, OutlineItem

ITEMS = {"工作目标": 4, "主要工作": 5, "保障措施": 3}
MAX_CHARS = 80  # an item longer than this is cut at a clause boundary
PER_PLAN = 3
MIN_ITEMS = 2
MIN_MATCH = 0.5  # share of a point's bigrams (generic verbs left out) an item must cover
_GUIDING = re.compile(r"为指导|指导思想|为统领|为主线|为目标|为中心")
_GOAL = re.compile(r"力争|确保|达到|实现|创建|争创")
_HEADING_LIKE = re.compile(r"[：:]$")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十][是要]|首先|其次|再次|最后)[，,：:]?")
_STRAY_NUMBER = re.compile(r"^\d{1,2}\s*。")
_MID_ENUM = re.compile(r"(?<=[。；])\s*(?:[一二三四五六七八九十][是要]|其次|再次)")
_BAD_START = "年月日号，,。、；;：:”）)》"  # a fragment whose beginning was cut off
_GENERIC = re.compile(r"^(?:扎实|切实|认真|积极|进一步|继续)?(?:做好|抓好|加强|开展|推进|落实)|工作$|[。，]$")
_RUN_ON = re.compile(r"[。；]\s*(?:\d{1,2}|[一二三四五六七八九十]+)\s*[。.．、]")  # two source items run together


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


def units(hits: list[Hit]) -> list[tuple[str, str]]:
    """(plan id, item text) for every list item or paragraph of the sources, in rank order."""
    out = []
    for hit in hits:
        for line in hit.chunk.text.splitlines():
            text = _ENUM.sub("", strip_marker(line.strip()))
            text = _MID_ENUM.split(text, maxsplit=1)[0]  # "…。二是…": the next point starts
            if (len(text) >= 12 and not _HEADING_LIKE.search(text) and not _RUN_ON.search(text)
                    and not _STRAY_NUMBER.match(text) and text[0] not in _BAD_START):
                out.append((hit.chunk.plan_id, text))
    return out


class ComposeWriter(Writer):
    name = "compose"

    def __init__(self) -> None:
        self.used: Counter[str] = Counter()  # items taken per source plan, across the draft
        self.written: list[str] = []  # items already in the draft (no repeats across sections)

    def candidates(self, brief: Brief, hits: list[Hit]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for plan_id, text in units(hits):
            adapted = adapt_line(text, brief)
            adapted = adapted and plan_action(adapted, brief.org_type)
            if not adapted or len(adapted) < 12:
                continue
            adapted = plan_action(trim(adapted), brief.org_type)  # a cut may leave a dangling clause
            if not adapted:
                continue
            if any(similar(adapted, t) for _, t in out) or any(similar(adapted, t) for t in self.written):
                continue
            out.append((plan_id, adapted))
        return out

    def _take(self, plan_id: str, text: str, chosen: list[str]) -> None:
        chosen.append(text)
        self.used[plan_id] += 1
        self.written.append(text)

    def _select(self, brief: Brief, item: OutlineItem, candidates: list[tuple[str, str]],
                n: int) -> list[str]:
        chosen: list[str] = []
        pool = list(candidates)
        title_themes = lexicon.themes_in(item.title)

        def fits(text: str) -> bool:  # not about another theme than the heading names
            themes = lexicon.themes_in(text)
            return not (title_themes and themes) or bool(title_themes & themes)
        adapted = (adapt_line(p, brief) for p in item.points)
        actions = (plan_action(p, brief.org_type) for p in adapted if p)
        points = [p.rstrip("。") for p in actions if p and fits(p)]
        for point in points:  # one item per point: its best match, else the point itself
            core = _GENERIC.sub("", point) or point
            score = {i: overlap(core, t) for i, (_, t) in enumerate(pool)}
            matches = [i for i, v in score.items() if v >= MIN_MATCH and fits(pool[i][1])]
            fresh = [i for i in matches if self.used[pool[i][0]] < PER_PLAN]
            if matches:  # the best match, from a plan not yet used much if there is one
                plan_id, text = pool.pop(max(fresh or matches, key=lambda i: (score[i], -i)))
                self._take(plan_id, text if point[:4] in text else f"{point}。{text}", chosen)
            else:
                chosen.append(f"{point}。")
        themes = title_themes or lexicon.themes_in(" ".join([item.title, *points]))

        def on_theme(text: str) -> bool:
            return bool(themes & lexicon.themes_in(text)) if themes else True
        # on-theme items only; the others serve just to keep a section from being empty
        rest = sorted((i for i in range(len(pool)) if on_theme(pool[i][1])),
                      key=lambda i: (-overlap(item.title, pool[i][1]), i))
        last = ""
        while len(chosen) < max(n, len(points)):
            # the most relevant usable item, from another plan than the one before it if
            # possible: two neighbouring items of one source would read as a copied passage
            usable = [i for i in rest if self.used[pool[i][0]] < PER_PLAN
                      and not any(similar(pool[i][1], c) for c in chosen)]
            if not usable:
                break
            i = next((i for i in usable if pool[i][0] != last), usable[0])
            rest.remove(i)
            last = pool[i][0]
            self._take(*pool[i], chosen)
        heading = _GENERIC.sub("", item.title) or item.title

        def related(text: str) -> bool:  # a theme-less item must share words with the heading
            return on_theme(text) or not title_themes or overlap(heading, text) > 0
        for i in sorted(range(len(pool)), key=lambda i: (not on_theme(pool[i][1]), i)):
            if len(chosen) >= MIN_ITEMS:  # never an empty section, whatever it takes
                break
            plan_id, text = pool[i]
            if (fits(text) and related(text) and text not in chosen
                    and not any(similar(text, c) for c in chosen)):
                self._take(plan_id, text, chosen)
        return chosen or [f"{item.title}。"]  # nothing usable left: at least say what to do

    def _goals(self, brief: Brief, item: OutlineItem, candidates: list[tuple[str, str]]) -> list[str]:
        """The outline's goals as sentences, then short goal statements of real plans."""
        goals = [g for g in (adapt_line(p, brief) for p in item.points) if g]
        for plan_id, text in candidates:
            if len(goals) >= ITEMS["工作目标"] + 1:
                break
            if _GOAL.search(text) and len(text) <= 60 and not any(similar(text, g) for g in goals):
                self._take(plan_id, text, goals)
        return goals

    def _guiding(self, brief: Brief, item: OutlineItem, candidates: list[tuple[str, str]]) -> str:
        terms = lexicon.ORG_TERMS.get(brief.org_type, lexicon.ORG_TERMS["其他"])
        opening = f"{plan_period.label(brief)}，{terms['union'][0] if brief.org_type != '其他' else '工会'}"
        paragraphs = [f"{opening}将{item.points[0]}。" if item.points else ""]
        body = [t for _, t in candidates if _GUIDING.search(t)]
        if body:  # written down: the same paragraph must not come back in a later section
            paragraphs.append(trim(body[0], 160))
            self.written.append(paragraphs[-1])
        if brief.focus:
            paragraphs.append(f"重点抓好{'、'.join(brief.focus)}等工作，"
                              f"{item.points[1] if len(item.points) > 1 else '推动工会工作再上新台阶'}。")
        return "".join(p for p in paragraphs if p)

    def write(self, brief: Brief, item: OutlineItem, sources: list[Hit]) -> DraftSection:
        if item.kind == "月份安排":
            items = [t for t in (adapt_line(p, brief, keep_partial=False) for p in item.points) if t]
            text = layout(items, item.kind)
        else:
            candidates = self.candidates(brief, sources)
            if item.kind == "指导思想":
                text = self._guiding(brief, item, candidates)
            elif item.kind == "工作目标":
                text = layout(self._goals(brief, item, candidates), item.kind)
            else:
                text = layout(self._select(brief, item, candidates, ITEMS.get(item.kind, 5)),
                              item.kind)
        return DraftSection(title=item.title, text=text, sources=to_sources(sources))
