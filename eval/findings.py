"""What an evaluation returns: scores in [0, 1] and findings, each under a fixed check name."""
from __future__ import annotations

from dataclasses import dataclass, field

# Fixed check names (JSON, CSV and the report group findings by these).
FORMAT_CHECKS = ("placeholder", "stale_reference", "numbering", "period", "org", "duplicate",
                 "length", "copy")
# Item labels other than ok (eval/labels.py), one finding per labelled item, in the order of
# precedence: when several apply to an item, the first wins.
ITEM_CHECKS = ("foreign", "stale_wording", "broken", "past_report", "stub", "off_topic")
CHECKS = FORMAT_CHECKS + ("missing_section", "focus", "theme", "reference") + ITEM_CHECKS \
    + ("calendar", "fill_in")
SCORES = ("sections", "themes", "focus", "soft_recall", "format", "usable", "focus_depth",
          "measurable_goals", "calendar", "boilerplate")
# The scores' names for people (report, CLI, app).
SCORE_LABELS = {"sections": "结构完整", "themes": "主题覆盖", "focus": "重点覆盖",
                "soft_recall": "提纲召回", "format": "格式规范", "usable": "可用条目",
                "focus_depth": "重点充实", "measurable_goals": "目标可量化", "calendar": "日程合历",
                "boilerplate": "套话雷同"}


@dataclass
class Finding:
    check: str  # one of CHECKS
    message: str  # Simplified Chinese, says what is wrong and what it should be
    location: str  # "第12行 · 三、加强工会自身建设" or "全文"
    line: int | None = None  # 1-based line in the evaluated text, when there is one

    def to_json(self) -> dict:
        return {"check": self.check, "message": self.message, "location": self.location}


@dataclass
class Evaluation:
    scores: dict[str, float]  # a subset of SCORES: a metric that does not apply is left out
    findings: list[Finding] = field(default_factory=list)
    context: dict = field(default_factory=dict)  # org_type, period, year, term, focus used
    items: list = field(default_factory=list)  # eval.labels.Labelled, one per item
    judge: dict = field(default_factory=dict)  # --judge llm: eval.judge.Verdict.to_json()

    def by_check(self, check: str) -> list[Finding]:
        return [f for f in self.findings if f.check == check]

    def to_json(self) -> dict:
        return {"scores": {k: round(v, 4) for k, v in self.scores.items()},
                "findings": [f.to_json() for f in self.findings], "context": self.context,
                "items": [x.to_json() for x in self.items],
                **({"judge": self.judge} if self.judge else {})}

    def label_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for x in self.items:
            counts[x.label] = counts.get(x.label, 0) + 1
        return counts
