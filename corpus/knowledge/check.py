"""Checks of the knowledge base beyond its schema, shared by the tests and
`python -m corpus.knowledge`: coverage (enough items and goals for every org type a theme fits),
item length, the evaluator's own content checks on every filled-in text (no foreign, stale,
broken, past-report or stub text), headings the outline editor reads as main work, and no run
copied from the source plans."""
from __future__ import annotations

import re
from pathlib import Path

from corpus.knowledge.base import Entry, Knowledge, Theme, fill
from drafting.sections import kind_of
from plandraft.lexicon import FILL_IN

MIN_ITEMS = 8
MIN_GOALS = 3
MIN_HEADINGS = 2
ITEM_CHARS = (30, 90)
COPY_RUN = 14  # characters in a row shared with a source plan = copied, not our own words
CHECK_YEAR = 2026  # themes are checked for this plan year when they are current in it
_CJK = re.compile(r"[\u4e00-\u9fff]")


def check_year(theme: Theme) -> int:
    return min(max(CHECK_YEAR, theme.valid_from), theme.valid_to)


def coverage(kb: Knowledge) -> list[str]:
    out = []
    for theme in kb.themes.values():
        year = check_year(theme)
        if len(theme.headings) < MIN_HEADINGS:
            out.append(f"{theme.file}：标题写法少于 {MIN_HEADINGS} 种")
        for org_type in sorted(theme.org_types):
            n = sum(e.fits(org_type, year) for e in theme.items)
            if n < MIN_ITEMS:
                out.append(f"{theme.file}：{org_type}{year}年可用的工作条目只有 {n} 条（至少 {MIN_ITEMS} 条）")
            g = sum(e.fits(org_type, year) for e in theme.goals)
            if g < MIN_GOALS:
                out.append(f"{theme.file}：{org_type}{year}年可用的目标只有 {g} 条（至少 {MIN_GOALS} 条）")
            if not any(e.fits(org_type, year) for e in theme.schedule):
                out.append(f"{theme.file}：{org_type}{year}年没有月份安排条目")
    return out


def lengths(kb: Knowledge) -> list[str]:
    out = []
    for theme in kb.themes.values():
        for e in theme.items:
            for org_type in sorted(e.org_types):  # slot words differ in length by org type
                n = len(fill(e.text, org_type))
                if not ITEM_CHARS[0] <= n <= ITEM_CHARS[1]:
                    out.append(f"{theme.file}：{org_type}：条目 {n} 字（应为 {ITEM_CHARS[0]}—{ITEM_CHARS[1]} 字）：{e.text}")
                    break
    return out


def headings(kb: Knowledge) -> list[str]:
    """A theme's heading is a main-work item: the outline editor must not read it as one of the
    fixed sections (its 属于 column, and the writer chosen, come from the heading's words)."""
    return [f"{theme.file}：标题“{h}”会被当作“{kind_of(h)}”部分" for theme in kb.themes.values()
            for h in theme.headings if kind_of(h) != "主要工作"]


def _texts(theme: Theme):
    """(kind, entry) of every text of a theme, as the evaluator sees it."""
    for e in theme.items:
        yield "主要工作", e
    for e in theme.goals:
        yield "工作目标", e
    for e in theme.measures:
        yield "保障措施", e
    for e in theme.schedule:
        yield "月份安排", e
    for h in theme.headings:
        yield "标题", Entry(h, theme.org_types, theme.valid_from, theme.valid_to)


def content(kb: Knowledge) -> list[str]:
    """The evaluator's labels of every text, filled in for every org type it fits."""
    from eval.context import PlanContext
    from eval.items import Item
    from eval.labels import Labeller

    labeller = Labeller()
    out = []
    sources = [(t.file, list(_texts(t))) for t in kb.themes.values()]
    sources += [("org_types.toml", [("保障措施", e) for e in p.measures] + [("月份安排", e) for e in p.events])
                for p in kb.profiles.values()]
    for file, texts in sources:
        for kind, e in texts:
            year = min(max(CHECK_YEAR, e.valid_from), e.valid_to)
            for org_type in sorted(e.org_types):
                text = fill(e.text, org_type)
                if kind == "月份安排":
                    text = f"{e.month}月：{text}"
                ctx = PlanContext(org_type, "年度", year, org_name="星光")
                item = Item(kind, None if kind in ("主要工作", "标题") else kind, "", 1,
                            text.replace(FILL_IN, "5"), 1)
                checks = [labeller.foreign, labeller.stale, labeller.broken, labeller.past_report]
                if kind != "标题":
                    checks.append(labeller.stub)
                why = next((w for c in checks if (w := c(item, ctx))), "")
                if why:
                    out.append(f"{file}：{org_type}：{why}：{text}")
                    break
    return out


def copied(kb: Knowledge, raw: Path | None = None) -> list[str]:
    """Texts sharing a run of COPY_RUN characters with a source plan (corpus/raw)."""
    from corpus.readers import read_document
    from eval.shingles import normalise

    raw = raw or Path(__file__).parent.parent / "raw"
    grams: set[str] = set()
    for path in sorted(raw.iterdir()):
        text = normalise(read_document(path))
        grams |= {text[i:i + COPY_RUN] for i in range(len(text) - COPY_RUN + 1)}
    out = []
    for theme in kb.themes.values():
        for _, e in _texts(theme):
            text = normalise(fill(e.text, sorted(e.org_types)[0]))
            run = next((text[i:i + COPY_RUN] for i in range(len(text) - COPY_RUN + 1)
                        if text[i:i + COPY_RUN] in grams), "")
            if run:
                out.append(f"{theme.file}：与范文原句雷同（“{run}”）：{e.text}")
    return out


def problems(kb: Knowledge) -> list[str]:
    return coverage(kb) + lengths(kb) + headings(kb) + content(kb) + copied(kb)
