"""The facts a draft is checked against: org type, period, year, term, focus topics.

Taken from the brief when there is one; otherwise read off the draft itself (its title first),
so that a plan from anywhere can be evaluated without a brief.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from eval.document import Document
from plandraft.lexicon import ORG_TERMS, own_words
from plandraft.models import Brief


@dataclass
class PlanContext:
    org_type: str
    period: str
    year: int | None
    term: str = ""
    focus: list[str] = field(default_factory=list)
    source: str = "brief"  # "brief" or "inferred"

    def to_json(self) -> dict:
        return asdict(self)


def from_brief(brief: Brief) -> PlanContext:
    return PlanContext(brief.org_type, brief.period, brief.year, brief.term, list(brief.focus))


def infer(doc: Document) -> PlanContext:
    """Best guess from the title and text; the org type falls back to 其他, the period to 年度."""
    head = doc.title + "\n" + "\n".join(doc.lines[:3])
    text = "\n".join(doc.lines)
    # The title decides; the opening lines only when the title says nothing about the period.
    period, term = _period_and_term(doc.title)
    if period == "年度" and not re.search(r"年度|全年", doc.title):
        period, term = _period_and_term(head)
    return PlanContext(infer_org_type(head, text), period, _year(head, text), term,
                       source="inferred")


def infer_org_type(head: str, text: str) -> str:
    """The org type whose own words (我校, 我园, 公司, 我院 …) occur most, title words first."""
    counts: Counter[str] = Counter()
    for org in ORG_TERMS:
        words = own_words(org)
        counts[org] = sum(text.count(w) for w in words) + 10 * sum(head.count(w) for w in words)
    for org, hints in _TITLE_HINTS.items():
        if any(h in head for h in hints):
            counts[org] += 20
    best, n = counts.most_common(1)[0]
    return best if n else "其他"


_TITLE_HINTS = {"学校": ("学校", "小学", "中学", "学院", "大学"), "幼儿园": ("幼儿园",),
                "企业": ("公司", "企业", "集团", "厂"), "医院": ("医院", "卫生院"),
                "机关事业单位": ("机关", "局", "委员会"), "乡镇街道": ("镇", "街道", "乡"),
                "县区总工会": ("总工会",), "社区": ("社区",)}


def _period_and_term(head: str) -> tuple[str, str]:
    if "上半年" in head:
        return "上半年", ""
    if "下半年" in head:
        return "下半年", ""
    m = re.search(r"(第[一二三四1-4]季度|[一二三四1-4]季度)", head)
    if m:
        return "季度", m.group(1) if m.group(1).startswith("第") else "第" + m.group(1)
    m = re.search(r"\d{4}\s*[-—–至~]\s*\d{4}学年[^，。\s]{0,6}学期|第[一二]学期|[春秋]季学期|[上下]学期",
                  head)
    if m or "学期" in head:
        return "学期", m.group(0) if m else ""
    m = re.search(r"(?<![\d])(1[0-2]|[1-9])月(?:份)?(?:工作)?计划", head)
    if m:
        return "月度", f"{m.group(1)}月"
    return "年度", ""


def _year(head: str, text: str) -> int | None:
    m = re.search(r"(20\d\d)\s*[-—–至~]\s*(20\d\d)\s*学年", head)
    if m:
        # A school year's first term is planned in its first calendar year.
        return int(m.group(2)) if re.search(r"第二学期|春季|下学期", head) else int(m.group(1))
    m = re.search(r"(20\d\d)\s*年", head)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"(?<!\d)(20\d\d)\s*年", text))
    return years.most_common(1)[0][0] if years else None
