"""Plan-level content scores built on the item labels: usable, focus_depth, measurable_goals,
calendar (one plan) and boilerplate (a batch of plans)."""
from __future__ import annotations

import re
from collections import defaultdict

from eval.context import PlanContext
from eval.document import Document, locate
from eval.findings import Finding
from eval.focus import addresses
from eval.labels import OK, Labelled, date_fault, scheduled, strip_month
from eval.rules import Rules
from eval.shingles import normalise
from plandraft import festivals
from plandraft.lexicon import MONTH_RE, ORG_TERMS

FOCUS_ITEMS = 3  # substantive items a focus topic needs
# Events a real plan of the type has in its schedule, when the period covers their month.
ORG_EVENTS = {"学校": ("教师节",), "幼儿园": ("教师节",), "医院": ("护士节", "医师节")}


def usable(labelled: list[Labelled]) -> float | None:
    return sum(1 for x in labelled if x.label == OK) / len(labelled) if labelled else None


def focus_depth(labelled: list[Labelled], focus: list[str]) -> tuple[float | None, list[Finding]]:
    """For each focus topic: usable items that speak of it themselves (a heading alone does not
    count), FOCUS_ITEMS or more for full marks."""
    topics = [t.strip() for t in focus if t.strip()]
    if not topics:
        return None, []
    shares, findings = [], []
    for topic in topics:
        n = sum(1 for x in labelled if x.label == OK and addresses(topic, x.item.text))
        shares.append(min(n, FOCUS_ITEMS) / FOCUS_ITEMS)
        if n < FOCUS_ITEMS:
            findings.append(Finding("focus", f"重点“{topic}”只有{n}条可用的具体内容"
                                             f"（至少需要{FOCUS_ITEMS}条）", "全文"))
    return sum(shares) / len(shares), findings


def measurable_goals(labelled: list[Labelled], rules: Rules) -> float | None:
    goals = [x for x in labelled if x.item.kind == "工作目标"]
    if not goals:
        return None
    return sum(1 for x in goals if rules.measurable.search(x.item.text)) / len(goals)


def calendar(doc: Document, labelled: list[Labelled],
             ctx: PlanContext) -> tuple[float | None, list[Finding]]:
    """Schedule entries with festivals in their real month for the year, no month outside the
    period, and the org type's own days where the period covers them."""
    months = set(ctx.months)
    entries = [x for x in labelled if scheduled(x.item)]
    if not entries:
        return None, []
    checks, findings = 0, []
    for x in entries:
        if not MONTH_RE.search(x.item.text):
            continue
        checks += 1
        wrong = date_fault(x.item, ctx)
        if wrong:
            findings.append(Finding("calendar", wrong, locate(doc, x.item.line), x.item.line))
    text = "\n".join(x.item.text for x in entries)
    for event in ORG_EVENTS.get(ctx.org_type, ()):
        if ctx.year is not None and festivals.month(event, ctx.year) in months:
            checks += 1
            if event not in text:
                findings.append(Finding("calendar", f"{ctx.org_type}的月份安排里没有{event}"
                                        f"（{festivals.month(event, ctx.year)}月）", "全文"))
    if not checks:
        return None, []
    return 1 - len(findings) / checks, findings


_ORG_WORDS = sorted({w for terms in ORG_TERMS.values() for ws in terms.values() for w in ws},
                    key=len, reverse=True)
_ORG_RE = re.compile("|".join(map(re.escape, _ORG_WORDS)))
BOILERPLATE_TYPES = 3  # an item found in drafts of this many org types is boilerplate
BOILERPLATE_MIN = 12  # shorter items (开展慰问活动) may recur legitimately


def item_key(text: str) -> str:
    """An item's text with the organisation words taken out: the same sentence adapted to
    another org type gives the same key."""
    return normalise(_ORG_RE.sub("", strip_month(text)))


def boilerplate(plans: list[tuple[str, list[str]]]) -> list[float | None]:
    """plans: (org_type, item texts). For each plan, the share of its items that occur (org words
    aside) in plans of BOILERPLATE_TYPES or more org types of the batch."""
    types: dict[str, set[str]] = defaultdict(set)
    keys = [[item_key(t) for t in texts] for _, texts in plans]
    for (org_type, _), ks in zip(plans, keys):
        for k in ks:
            types[k].add(org_type)
    out: list[float | None] = []
    for ks in keys:
        ks = [k for k in ks if len(k) >= BOILERPLATE_MIN]
        out.append(sum(1 for k in ks if len(types[k]) >= BOILERPLATE_TYPES) / len(ks)
                   if ks else None)
    return out
