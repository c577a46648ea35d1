"""Each outline item's own sources: the query it is retrieved with, the search, the citations."""
from __future__ import annotations

from plandraft import lexicon
from plandraft.interfaces import Retriever
from plandraft.models import Brief, Hit, OutlineItem, Source

K = 8
MIN_ON_THEME = 3  # fewer passages about the item's theme than this: look in other org types too
# What to ask the index for a canonical section (its own words find its own kind of passage).
_KIND_QUERY = {
    "指导思想": "指导思想 以为指导 深入贯彻 围绕中心 服务大局",
    "工作目标": "工作目标 力争 达到 目标任务",
    "月份安排": "月份工作安排 月 召开 开展 组织",
    "保障措施": "保障措施 加强领导 经费保障 组织保障 工作要求",
}


QUERY_CHARS = 80  # a short query embeds in a fraction of the time and ranks as well


def query_for(item: OutlineItem, brief: Brief) -> str:
    words = [_KIND_QUERY[item.kind]] if item.kind in _KIND_QUERY else [item.title, *item.points[:2]]
    return " ".join(words)[:QUERY_CHARS]


def gather(retriever: Retriever, brief: Brief, item: OutlineItem, k: int = K) -> tuple[list[Hit], list[str]]:
    """(hits, relaxed filters) for one outline item: plans of the brief's org type first, the
    retriever relaxing the filters when there are too few."""
    org_type = None if brief.org_type == "其他" else brief.org_type
    # What a section says depends on the org type; the period only shapes the schedule (other
    # periods' wording is adapted or dropped), and more plans to draw from means less copying.
    period = brief.period if item.kind == "月份安排" else None
    query = query_for(item, brief)
    result = retriever.search(query, org_type=org_type, period=period, kind="计划", k=k)
    hits, relaxed = result.hits, result.relaxed
    themes = lexicon.themes_in(f"{item.title} {' '.join(item.points)}")
    # A passage is about the theme when its heading is: one that only mentions it in passing
    # gives a sentence at most, and other sections of the draft may already have used it.
    on_theme = sum(bool(themes & lexicon.themes_in(h.chunk.section_path)) for h in hits)
    if org_type and themes and on_theme < MIN_ON_THEME:
        # The org type's plans say little on this theme: other types' plans do (adapted).
        seen = {h.chunk.id for h in hits}
        more = retriever.search(query, period=period, kind="计划", k=k).hits
        hits = hits + [h for h in more if h.chunk.id not in seen]
        relaxed = [*relaxed, "org_type"] if "org_type" not in relaxed else relaxed
    return hits, relaxed


def to_sources(hits: list[Hit]) -> list[Source]:
    return [Source(plan_title=h.chunk.plan_title, section_path=h.chunk.section_path,
                   org_type=h.chunk.org_type, period=h.chunk.period, text=h.chunk.text)
            for h in hits]
