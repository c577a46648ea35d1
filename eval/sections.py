"""Canonical sections of a plan (指导思想, 工作目标, 主要工作, 月份安排, 保障措施), recognised
by the many names real plans give them, and which of them a plan of a given period needs."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from eval.document import Document, Node, locate
from eval.findings import Finding

# Checked in this order: the more specific names first ("目标任务" is a goal, not a task list).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "月份安排": ("月份安排", "月工作安排", "月份工作安排", "工作安排", "行事历", "活动安排",
             "工作日程", "逐月安排", "具体安排", "时间安排", "工作进度", "月历", "活动计划"),
    "保障措施": ("保障措施", "工作要求", "组织保障", "保障机制", "工作保障", "有关要求"),
    "指导思想": ("指导思想", "总体思路", "工作思路", "总体要求", "总的要求", "指导方针",
             "基本思路", "工作理念", "总体目标与思路"),
    "工作目标": ("工作目标", "目标任务", "总体目标", "主要目标", "奋斗目标", "目标要求",
             "工作任务与目标", "任务目标"),
    "主要工作": ("主要工作", "工作重点", "重点工作", "具体措施", "主要任务", "工作措施",
             "工作内容", "具体工作", "主要措施", "落实措施", "工作任务", "重点任务", "常规工作"),
}
OPTIONAL = ("保障措施",)
_HEADING_MAX = 16  # longer lines are items that merely mention a section word
# A preamble that states the guiding thought counts as the 指导思想 section.
_GUIDING = re.compile(r"为指导|指导思想|总体思路|总体要求|为统领")


def required(period: str) -> tuple[str, ...]:
    """Sections a plan of this period is expected to have (a month schedule for periods of
    several months: a semester, half year or year)."""
    base = ("指导思想", "工作目标", "主要工作")
    return base + ("月份安排",) if period in ("年度", "上半年", "下半年", "学期") else base


def section_type(node: Node) -> str | None:
    """The canonical type a heading names, if it names one."""
    title = re.sub(r"^附[件录]?\s*\d*[：:]?\s*", "", node.title).strip("：: ")
    if len(title) > _HEADING_MAX:
        return None
    for kind, names in SYNONYMS.items():
        if any(n in title for n in names):
            return kind
    return None


def find_sections(doc: Document) -> dict[str, int | None]:
    """Canonical type -> line where the plan has it (None: it has it without a heading line)."""
    found: dict[str, int | None] = {}
    heads = doc.headings()
    for node in heads:
        kind = section_type(node)
        if kind and kind not in found:
            found[kind] = node.line
    # Plans often state the guiding thought in an opening paragraph, list the main work as
    # top-level items and give the schedule as month lines without a heading of its own.
    if "指导思想" not in found:
        for p in doc.preamble:
            if _GUIDING.search(p.text):
                found["指导思想"] = p.line
                break
    if "主要工作" not in found:
        work = [n for n in heads if n.parent is None and section_type(n) is None]
        if len(work) >= 2:
            found["主要工作"] = work[0].line
    if "月份安排" not in found:
        months = [n for n in doc.walk() if n.family == "month"]
        if len(months) >= 2:
            found["月份安排"] = months[0].line
    return found


MIN_PLANS = 3  # fewer real plans of a kind than this: weigh by a wider kind
EXPECTED = 0.5  # a section is expected when at least this share of real plans have it


class SectionProfiles:
    """Per org type: the share of its real plans that have each canonical section. Real plans
    are the gold standard of structure: a section most of them leave out weighs little."""

    def __init__(self, plans: Iterable[tuple[str, str, Document]]):
        """plans: (org_type, period, parsed text) of real plans."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        totals: dict[str, int] = defaultdict(int)
        for org_type, period, doc in plans:
            found = find_sections(doc)
            for key in (f"{org_type}·{period}", org_type, "*"):
                totals[key] += 1
                for kind in found:
                    counts[key][kind] += 1
        self.shares = {key: {k: counts[key][k] / n for k in SYNONYMS} for key, n in totals.items()}
        self.sizes = dict(totals)

    def weights(self, org_type: str, period: str) -> dict[str, float]:
        """Section -> its weight for this org type and period: the share of real plans that
        have it, and 0 for a section most of them do without (it is not expected of a plan of
        that kind). Plans of the same type and period when there are enough, else of the same
        type, else all."""
        key = next((k for k in (f"{org_type}·{period}", org_type)
                    if self.sizes.get(k, 0) >= MIN_PLANS), "*")
        return {k: (v if v >= EXPECTED else 0.0) for k, v in self.shares.get(key, {}).items()}


def score(doc: Document, period: str, weights: dict[str, float],
          parts: dict[str, tuple[int, bool]]) -> tuple[float, list[Finding]]:
    """Structure as a cadre sees it: presence × substance.

    presence: each section the period needs, a missing one costing as much as the share of real
    plans of the org type that have it (weights; all 1 without a corpus; 0 for a section most of
    them leave out), so a plan is not marked down for leaving out what real plans of its kind
    leave out. The finding is reported all the same.
    substance: the share of the plan's parts (heading -> (line, has a usable item)) that hold at
    least one usable item: a heading over stubs and stitched text is not a section."""
    need = required(period)
    found = find_sections(doc)
    findings, lost = [], 0.0
    for kind in need:
        if kind not in found:
            lost += weights.get(kind, 1.0) if weights else 1.0
            findings.append(Finding("missing_section", f"缺少“{kind}”部分{_why(kind, period)}"
                                    f"（可用标题：{'、'.join(SYNONYMS[kind][:3])}）", "全文"))
    hollow = [(title, line) for title, (line, ok) in parts.items() if not ok]
    findings += [Finding("missing_section", f"“{title[:20]}”下没有一条可用的内容",
                         locate(doc, line), line) for title, line in hollow]
    presence = 1 - lost / len(need)
    substance = 1 - len(hollow) / len(parts) if parts else 0.0
    return presence * substance, findings


def _why(kind: str, period: str) -> str:
    return f"：{period}计划应附逐月的工作安排" if kind == "月份安排" else ""
