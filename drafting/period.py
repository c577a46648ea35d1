"""A plan's period in words and months: labels for titles, the (year, month) pairs it covers."""
from __future__ import annotations

from plandraft.lexicon import period_calendar
from plandraft.models import Brief


def months(brief: Brief) -> list[tuple[int, int]]:
    """(year, month) pairs the plan covers, in order; an autumn term runs into next January."""
    return period_calendar(brief.period, brief.term, brief.year)


def label(brief: Brief) -> str:
    """The period as a title writes it: 2025年下半年, 2025—2026学年第一学期, 2025年第三季度."""
    if brief.period == "学期" and "学年" in brief.term:
        return brief.term
    if brief.period in ("季度", "月度") and brief.term:
        return f"{brief.year}年{brief.term}"
    if brief.period == "年度":
        return f"{brief.year}年"
    return f"{brief.year}年{brief.period}"


def plan_title(brief: Brief) -> str:
    name = brief.org_name
    union = "" if name.endswith("工会") else "工会"
    return f"{name}{union}{label(brief)}工作计划"


def this_period(brief: Brief) -> str:
    """How the text refers to the plan's own period: 本学期, 下半年, 今年 …"""
    return {"年度": "今年", "上半年": "上半年", "下半年": "下半年", "学期": "本学期",
            "季度": "本季度", "月度": "本月"}[brief.period]
