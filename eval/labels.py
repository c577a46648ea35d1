"""Item labels: what a careful cadre says of every list item and paragraph of a plan.

Exactly one label per item; when several apply, the first of PRECEDENCE wins. The rules read
their vocabulary from eval/data (item_rules.toml, stale_wording.toml); off_topic is judged by
meaning (eval/offtopic.py). Calibrated on the labelled set in eval/data/agreement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import jieba

from corpus.knowledge import knowledge
from eval.checks import ELSEWHERE
from drafting.similar import same_month_work
from eval.context import PlanContext
from eval.document import Document
from eval.findings import ITEM_CHECKS
from eval.items import Item, items
from eval.names import foreign_names
from eval.offtopic import TopicJudge
from eval.rules import Rules, rules
from eval.shingles import normalise
from plandraft import festivals
from plandraft.lexicon import (FESTIVAL_MONTHS, FILL_IN_RE, MONTH_RE, PAIRED, PLACEHOLDER_RE, names_festival, season_outside, month_number, period_calendar,
                               stale_references)

OK = "ok"
PRECEDENCE = ITEM_CHECKS  # when several labels apply, the first wins
LABELS = (OK,) + PRECEDENCE
LABEL_NAMES = {"ok": "可用", "stub": "空泛", "off_topic": "离题", "past_report": "总结口吻",
               "foreign": "他单位内容", "stale_wording": "过时内容", "broken": "残缺错误"}

LIST_ENTRY_MIN = 6  # characters of a short list entry that names an event
_MONTH_PREFIX = re.compile(r"^[^：:]{1,12}月份?[^：:]{0,4}[：:]")


@dataclass
class Labelled:
    item: Item
    label: str
    reason: str  # Simplified Chinese; empty for ok

    def to_json(self) -> dict:
        return {"section": self.item.section, "index": self.item.index, "label": self.label,
                "text": self.item.text, "reason": self.reason}


def strip_month(text: str) -> str:
    """An entry without the month it is scheduled in ("三月：召开…" → "召开…")."""
    return _MONTH_PREFIX.sub("", text, count=1)


def entry(item: Item) -> str:
    return strip_month(item.text)


def scheduled(item: Item) -> bool:
    """Is the item an entry of the month schedule?"""
    return item.kind == "月份安排" or entry(item) != item.text


class Labeller:
    def __init__(self, judge: TopicJudge | None = None, rule_set: Rules | None = None):
        """judge: decides off_topic by meaning; None leaves off_topic out."""
        self.judge = judge
        self.rules = rule_set or rules()

    def label(self, doc: Document, ctx: PlanContext) -> list[Labelled]:
        its = items(doc)
        found: list[tuple[str, str] | None] = [self._rules(it, ctx) for it in its]
        # a year holds the session its text promises (每年召开一次职代会); a shorter period
        # holds one only where its schedule says so
        dated = [it.text for it in its if scheduled(it)] if ctx.period != "年度" else []
        if not holds_session(dated or doc.lines, self.rules):
            for i, it in enumerate(its):
                step = session_step(it.text, self.rules)
                if found[i] is None and step:
                    found[i] = ("broken", f"计划期间没有召开职代会（教代会），“{step}”的工作无从谈起")
        if self.judge is not None:
            candidates = [i for i, f in enumerate(found) if f is None]
            verdicts = self.judge.off_topic(doc, [its[i] for i in candidates], ctx.focus)
            for i, why in zip(candidates, verdicts):
                if why:
                    found[i] = ("off_topic", why)
        return [Labelled(it, *(f or (OK, ""))) for it, f in zip(its, found)]

    def _rules(self, it: Item, ctx: PlanContext) -> tuple[str, str] | None:
        # A month outside the period inside a report of the past is the report's fault, not a
        # wrong date: dates are checked after past_report.
        for label, check in (("foreign", self.foreign), ("stale_wording", self.stale),
                             ("broken", self.broken), ("past_report", self.past_report),
                             ("broken", date_fault), ("stub", self.stub)):
            why = check(it, ctx)
            if why:
                return label, why
        return None

    # ---- one check per label; each returns the reason, or "" -------------------------------
    def foreign(self, it: Item, ctx: PlanContext) -> str:
        text = it.text
        words = [w for w in self.rules.foreign_org_words(ctx.org_type, bool(ctx.org_name))
                 if w in text]
        if words:
            return f"出现其他类型单位的用语“{words[0]}”"
        m = self.rules.local_campaign.search(text)
        if m:
            return f"出现外地的专项提法{m.group(0)}"
        if ctx.org_name:  # a kind of unit's plans do not use some words (a software firm: 车间)
            kb = knowledge()
            unused = [w for w in kb.excluded(ctx.org_type, ctx.org_name) if w in text]
            if unused:
                kind = kb.kinds(ctx.org_type, ctx.org_name)[0].name
                return f"“{unused[0]}”不是{kind}的说法"
        if ctx.org_name:  # without the unit's own name, no name can be told apart as foreign
            names = foreign_names(text, ctx.org_name, self.rules)
            if names:
                return f"出现其他单位或地方的名称“{names[0]}”"
        return ""

    def stale(self, it: Item, ctx: PlanContext) -> str:
        if ctx.year is None:  # a plan of unknown year is judged for its own time
            return ""
        for w in self.rules.stale:
            if ctx.year >= w.stale_from and w.pattern.search(it.text) and not (
                    w.unless and w.unless.search(it.text)):
                return f"{w.why}（{ctx.year}年计划）"
        refs = stale_references(it.text, ctx.year)
        if refs:
            return f"“{refs[0][0].group(0)}”在{ctx.year}年已不是现行提法"
        return ""

    def broken(self, it: Item, ctx: PlanContext) -> str:
        r, text = self.rules, FILL_IN_RE.sub("", it.text.strip())  # a field to fill is no leftover
        m = r.leftover.search(text) or PLACEHOLDER_RE.search(text)
        if m:
            return f"留有残留标记或占位符“{m.group(0)}”"
        if r.garbled.search(text):
            return "有乱码"
        if r.truncated_end.search(text) or _unbalanced(text):
            return "句子不完整（截断或引号、括号不配对）"
        twice = _repeated_clause(text, r.repeat_similarity) or (
            m.group(0) if (m := r.stutter.search(text)) else "")
        if twice:
            return f"同一条内语句重复：“{twice}”"
        if scheduled(it):  # a month line's activities: the same work twice in one month
            acts = [a for a in re.split(r"[；;]", entry(it).rstrip("。")) if a.strip()]
            again = next((b for i, a in enumerate(acts) for b in acts[i + 1:] if same_month_work(a, b)), "")
            if again:
                return f"同一个月重复安排了同一项工作：“{again}”"
        first, second = r.enumeration
        # "一是…" opening an item goes on in the next ones; inside an item it must go on there.
        if first in text[1:] and not text.startswith(first) and second not in text:
            return f"列举只有“{first}”，后文缺失"
        return ""

    def past_report(self, it: Item, ctx: PlanContext) -> str:
        for p in self.rules.past:
            m = p.search(it.text)
            if m and not self.rules.intent.search(it.text[:m.start()]):
                return f"是总结口吻（“{m.group(0)}”），不是计划"
        return ""

    def stub(self, it: Item, ctx: PlanContext) -> str:
        r = self.rules
        body = entry(it)
        n = len(normalise(body))
        if scheduled(it):
            if n < 4 or (r.vague_objects.search(body) and not r.events.search(
                    r.vague_objects.sub("", body))):
                return "安排过于笼统，没有具体活动"
            if body != it.text and n < r.month_min:
                return f"这个月的安排只有{n}个字，没有具体内容"
            return ""
        if it.kind == "工作目标":
            return "" if r.measurable.search(body) else \
                "目标没有可检查的指标（数量、比例、时间或明确结果）"
        if n < r.stub_min:
            if n >= LIST_ENTRY_MIN and r.named_events.search(body):
                return ""  # an entry of an activity list names its event
            return f"只有{n}个字，没有具体措施"
        if r.concrete.search(body):
            return ""
        if n <= r.slogan_max and _slogan(body, r):
            return "口号式表述，没有具体措施"
        return ""


def holds_session(lines: list[str], r: Rules | None = None) -> bool:
    """Does one of these lines (a plan's schedule, or all its lines) say a 职代会/教代会
    session is held?"""
    held = (r or rules()).session_held
    return any(held.search(line) for line in lines)


def session_step(text: str, r: Rules | None = None) -> str:
    """The words that make the text work of one session (闭会后, 大会期间 …), meaningless
    without one; "" for other work."""
    m = (r or rules()).session_steps.search(text)
    return m.group(0) if m else ""


def date_fault(it: Item, ctx: PlanContext) -> str:
    """A month, festival or season outside the plan's period, or a lunar festival scheduled in
    a month it does not fall in (or precede by one) in that year; "" when the dates are right."""
    months = set(ctx.months)
    mentioned = [(month_number(m.group(1)), m.start()) for m in MONTH_RE.finditer(it.text)]
    if ctx.period != "年度" and months:
        bad = [mo for mo, pos in mentioned
               if mo not in months and not ELSEWHERE.search(it.text[:pos])]
        if bad:
            return f"{bad[0]}月不在计划期间（{ctx.period}）内"
    return _festival_month(it, ctx, mentioned) or _season(it, ctx, months)


def _season(it: Item, ctx: PlanContext, months: set[int]) -> str:
    text = it.text
    for topic in ctx.focus:  # the brief's own words (医师节后续表彰 in a fourth quarter)
        text = text.replace(topic, "")
    calendar = period_calendar(ctx.period, ctx.term, ctx.year) if ctx.year else []
    word = season_outside(text, months, calendar) if ctx.period != "年度" and months else ""
    return f"“{word}”不在计划期间（{ctx.period}）内" if word else ""


def _festival_month(it: Item, ctx: PlanContext, mentioned: list[tuple[int, int]]) -> str:
    """A festival scheduled in a month it neither falls in nor is prepared in: lunar ones by
    that year's calendar, fixed ones by the months plans keep them in (教师节 in 八月 or 九月)."""
    if not mentioned:
        return ""
    month = mentioned[0][0]  # the month the entry is scheduled in
    year = ctx.year and dict((m, y) for y, m in period_calendar(
        ctx.period, ctx.term, ctx.year)).get(month, ctx.year)
    text = entry(it)
    for name in festivals.NAMES:
        if not names_festival(name, text) or (name in festivals.LUNAR_NAMES and year is None):
            continue
        partner = PAIRED.get(name)
        if partner and partner in text and _fits(partner, year, month):
            continue  # 元旦春节“两节”送温暖 starts with 元旦, in December
        if not _fits(name, year, month):
            if year is None:
                return f"{name}排在{month}月，但{name}在{festivals.month(name, 2000)}月"
            # the occurrence nearest the entry's month (十二月's 春节 is next year's)
            d = min((festivals.date(name, y) for y in (year - 1, year, year + 1)),
                    key=lambda x: abs((x.year - year) * 12 + x.month - month))
            return f"{name}排在{month}月，但{d.year}年{name}是{d.month}月{d.day}日"
    return ""


def _fits(name: str, year: int | None, month: int) -> bool:
    """Its own month or the one before when it falls early (五月 prepares 六一); a fixed day also
    in the months plans keep it in (教师节 in 八月)."""
    if name not in festivals.LUNAR_NAMES and month in FESTIVAL_MONTHS.get(name, ()):
        return True
    return festivals.fits(name, year or 2001, month)  # a fixed day is the same every year


def _unbalanced(text: str) -> bool:
    return any(text.count(a) != text.count(b) for a, b in (("“", "”"), ("（", "）"), ("《", "》")))


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _repeated_clause(text: str, threshold: float) -> str:
    """A clause that says again what another clause of the item said (丰富职工业余生活…，丰富职工
    业余文化生活), or "". Similarity: the share of the shorter clause's character bigrams that
    the other clause has. Only clauses of one sentence are compared: a lead phrase restated in
    the next sentence ("深化技术创新。深入实施职工技术创新工程") is how plans are written."""
    for sentence in re.split(r"[。；;！？]", text):
        clauses = [normalise(c) for c in re.split(r"[，,：:、]", sentence)]
        grams = [(c, _bigrams(c)) for c in clauses if len(c) >= 6]
        for i, (a, ga) in enumerate(grams):
            for b, gb in grams[i + 1:]:
                if len(ga & gb) / min(len(ga), len(gb)) >= threshold:
                    return b
    return ""


def _slogan(text: str, r: Rules) -> bool:
    """Every word is a general verb or abstraction: nothing says what will be done."""
    words = [w for w in jieba.lcut(normalise(text)) if len(w) > 1]
    specific = [w for w in words if w not in r.slogan_words]
    return len(specific) <= max(1, int(len(words) * r.slogan_share))
