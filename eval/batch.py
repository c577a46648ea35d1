"""Batch runner: evaluate many drafts, draft briefs first when asked, and evaluate the
baselines the report sets beside them (real plans of the corpus, compose drafts)."""
from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import mean
from typing import Iterable

from tqdm import tqdm

from eval.content import boilerplate
from eval.context import PlanContext
from eval.evaluate import Evaluator
from eval.findings import CHECKS, SCORES, Evaluation
from eval.inputs import BriefLine, Item
from eval.labels import LABELS
from plandraft.errors import PlandraftError
from plandraft.models import Brief
from plandraft.settings import Settings

GROUP_DRAFTS, GROUP_HUMAN, GROUP_COMPOSE = "评估草稿", "人工范文（基线）", "compose 草稿（基线）"


@dataclass
class Row:
    group: str
    input: str
    brief: dict | None
    evaluation: Evaluation

    @property
    def org_type(self) -> str:
        return self.evaluation.context.get("org_type", "")

    @property
    def period(self) -> str:
        return self.evaluation.context.get("period", "")

    def to_json(self) -> dict:
        ev = self.evaluation.to_json()
        return {"input": self.input, "brief": self.brief, "scores": ev["scores"],
                "findings": ev["findings"], "context": ev["context"], "items": ev["items"],
                **({"judge": ev["judge"]} if "judge" in ev else {})}


def evaluate_items(evaluator: Evaluator, items: Iterable[Item], brief: Brief | None = None,
                   reference: str | None = None, group: str = GROUP_DRAFTS) -> list[Row]:
    """brief (from --brief) applies to items that carry none of their own. The boilerplate score
    compares the items with each other, so it is set here, for the batch."""
    items = list(items)
    evaluator.prefetch([item.markdown for item in items])
    rows = []
    for item in items:
        b = item.brief or brief
        rows.append(Row(group, item.name, b.to_json() if b else None,
                        evaluator.evaluate(item.markdown, b, reference)))
    add_boilerplate(rows)
    return rows


def judge_rows(judge, rows: list[Row], items: list[Item]) -> None:
    """--judge llm: the model's verdict on each evaluated draft, with a progress bar."""
    by_name = {item.name: item for item in items}
    for r in tqdm(rows, desc="大模型评分", unit="篇"):
        ctx = PlanContext(**{k: v for k, v in r.evaluation.context.items()
                             if k in PlanContext.__dataclass_fields__})
        r.evaluation.judge = judge.judge(by_name[r.input].markdown, ctx).to_json()


def add_boilerplate(rows: list[Row]) -> None:
    """Share of each draft's items found, org words aside, in drafts of 3+ org types."""
    shares = boilerplate([(r.org_type, [x.item.text for x in r.evaluation.items]) for r in rows])
    for r, share in zip(rows, shares):
        if share is not None:
            r.evaluation.scores["boilerplate"] = share


def draft_briefs(settings: Settings, briefs: list[BriefLine],
                 writer: str) -> tuple[list[Item], list[str]]:
    """Draft each brief with the engine (each draft is saved as it is written), with a progress
    bar. A brief that fails is reported and skipped: (drafts, Chinese failure messages)."""
    from plandraft.engine import Engine
    engine = Engine(settings)
    engine.ensure_index()
    items, failures = [], []
    for line in tqdm(briefs, desc="起草", unit="篇"):
        try:
            draft = engine.draft(line.text, org_type=line.org_type, period=line.period,
                                 year=line.year, writer=writer)
        except PlandraftError as exc:
            failures.append(f"“{line.text[:30]}”未能起草：{exc}")
            continue
        items.append(Item(line.text, engine.markdown(draft), draft.brief))
    return items, failures


def human_baseline(evaluator: Evaluator, keys: set[tuple[str, str]]) -> list[Row]:
    """The corpus's real plans of the same org type and period; of the same org type where the
    corpus has none of that period; all of them when nothing matches."""
    plans = evaluator.corpus.baseline_plans()
    have = {(p.org_type, p.period) for p in plans}
    relaxed = {org for org, period in keys if (org, period) not in have}
    same = [p for p in plans if (p.org_type, p.period) in keys or p.org_type in relaxed]
    chosen = same or plans
    evaluator.prefetch([p.text for p in chosen])
    rows = []
    for p in chosen:
        ctx = PlanContext(p.org_type, p.period, p.year, source="corpus")
        rows.append(Row(GROUP_HUMAN, p.title or p.id, None,
                        evaluator.evaluate(p.text, context=ctx, exclude=p.id)))
    add_boilerplate(rows)
    return rows


# A plausible organisation name per type for the compose baseline's briefs.
BASELINE_NAMES = {"学校": "城南实验小学", "幼儿园": "城南幼儿园", "企业": "华信科技有限公司",
                  "机关事业单位": "市农业农村局机关", "乡镇街道": "城关镇", "县区总工会": "城南区总工会",
                  "社区": "城南社区", "医院": "城南人民医院", "其他": "城南文化中心"}


def baseline_brief(ctx: dict) -> BriefLine:
    year = ctx.get("year") or 2025
    period, term = ctx.get("period") or "年度", ctx.get("term") or ""
    when = {"年度": f"{year}年", "学期": term or f"{year}—{year + 1}学年第一学期",
            "季度": f"{year}年{term or '第一季度'}", "月度": f"{year}年{term or '9月'}"}.get(
        period, f"{year}年{period}")
    name = BASELINE_NAMES.get(ctx.get("org_type", ""), BASELINE_NAMES["其他"])
    return BriefLine(f"{union(name)}{when}工作计划", ctx.get("org_type"), period, year)


def union(name: str) -> str:
    """The union of an organisation: 城南实验小学 → 城南实验小学工会; 城南区总工会 stays."""
    return name if name.endswith("工会") else f"{name}工会"


def compose_baseline(settings: Settings, evaluator: Evaluator, rows: list[Row],
                     limit: int = 8) -> list[Row]:
    """One compose draft for each org type × period × year among the evaluated drafts. They are
    saved in a throw-away store, not among the user's own drafts."""
    keys = list(dict.fromkeys((r.org_type, r.period, r.evaluation.context.get("year"),
                               r.evaluation.context.get("term", "")) for r in rows))[:limit]
    briefs = [baseline_brief({"org_type": o, "period": p, "year": y, "term": t})
              for o, p, y, t in keys]
    if not briefs:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = replace(settings, drafts_file=Path(tmp) / "baseline.sqlite3")
        items, _ = draft_briefs(scratch, briefs, "compose")
    return evaluate_items(evaluator, items, group=GROUP_COMPOSE)


def summary(rows: list[Row]) -> dict:
    """Mean of each score, finding counts per check, drafts with at least one finding."""
    scores = {s: round(mean(vals), 4) for s in SCORES
              if (vals := [r.evaluation.scores[s] for r in rows if s in r.evaluation.scores])}
    counts = Counter(f.check for r in rows for f in r.evaluation.findings)
    labels = Counter(x.label for r in rows for x in r.evaluation.items)
    return {"count": len(rows), "mean_scores": scores,
            "findings": {c: counts[c] for c in CHECKS if counts[c]},
            "labels": {lab: labels[lab] for lab in LABELS if labels[lab]},
            "drafts_with_format_findings": sum(
                1 for r in rows if r.evaluation.scores.get("format", 1) < 1)}
