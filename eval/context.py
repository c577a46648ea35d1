"""The facts a draft is checked against: org type, period, year, term, focus topics.

Taken from the brief when there is one; otherwise read off the draft itself with the corpus
classifier (the same one that labels the real plans), so a plan from anywhere can be evaluated.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from eval.document import Document
from plandraft.lexicon import period_months
from plandraft.models import Brief


@dataclass
class PlanContext:
    org_type: str
    period: str
    year: int | None
    term: str = ""
    focus: list[str] = field(default_factory=list)
    source: str = "brief"  # "brief", "inferred" or "corpus"
    org_name: str = ""  # the unit's own name: its names are not foreign

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def months(self) -> tuple[int, ...]:
        """The months the plan covers; empty when a term plan's term or a quarter's number is
        unknown (a real plan titled only 工会工作计划: its months cannot be checked)."""
        if self.period in ("学期", "季度") and not self.term:
            return ()
        return period_months(self.period, self.term)


def from_brief(brief: Brief) -> PlanContext:
    return PlanContext(brief.org_type, brief.period, brief.year, brief.term, list(brief.focus),
                       org_name=brief.org_name)


def infer(doc: Document) -> PlanContext:
    from corpus.classify import classify
    text = "\n".join(doc.lines)
    months = {n.title for n in doc.walk() if n.family == "month"}
    c = classify(doc.title, text, month_headings=len(months))
    t = term(doc.title, c.period)
    return PlanContext(c.org_type, c.period, c.year or _school_year(t), t, source="inferred")


def _school_year(term_: str) -> int | None:
    """The calendar year a term of "2025—2026学年" falls in: the first for the first term."""
    years = re.findall(r"20\d\d", term_)
    if len(years) != 2:
        return None
    return int(years[1] if re.search(r"第二|下学期|春", term_) else years[0])


def term(title: str, period: str) -> str:
    """Which semester, quarter or month a title names ("第一学期", "第三季度", "9月")."""
    patterns = {"学期": r"\d{4}\s*[-—–至~]\s*\d{4}学年[^，。\s]{0,6}学期|第[一二]学期|[春秋]季学期|[上下]学期",
                "季度": r"第?[一二三四1-4]季度", "月度": r"(?:1[0-2]|[1-9])月"}
    m = re.search(patterns[period], title) if period in patterns else None
    return m.group(0) if m else ""
