"""Format and consistency checks. Each returns findings under its fixed check name; none of
them needs the corpus (the copy check, which does, lives in shingles.py)."""
from __future__ import annotations

import re

from eval.context import PlanContext
from eval.document import FAMILY_LABEL, Document, Node, locate
from eval.findings import Finding
from plandraft.lexicon import (FESTIVAL_MONTHS, MONTH_RE, PLACEHOLDER_RE, SEASON_MONTHS,
                               current_reference, foreign_words, month_number,
                               stale_references)

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_QUOTES = re.compile("[“”\"'‘’]")


def _unquote(text: str) -> str:
    return _QUOTES.sub("", text)


def _lines(doc: Document):
    """(line number, text) of every non-empty input line, Markdown bold unwrapped."""
    for i, raw in enumerate(doc.lines, start=1):
        text = _BOLD.sub(r"\1", raw).strip()
        if text:
            yield i, text


def placeholder(doc: Document) -> list[Finding]:
    out = []
    for i, text in _lines(doc):
        hits = dict.fromkeys(m.group(0) for m in PLACEHOLDER_RE.finditer(text))
        if hits:
            out.append(Finding("placeholder", f"留有未填写的占位符：{'、'.join(hits)}",
                               locate(doc, i), i))
    return out


def stale_reference(doc: Document, ctx: PlanContext) -> list[Finding]:
    if ctx.year is None:
        return []
    out = []
    for i, text in _lines(doc):
        for m, ref in stale_references(text, ctx.year):
            current = current_reference(ref.series, ctx.year)
            out.append(Finding("stale_reference",
                               f"“{_unquote(m.group(0))}”在{ctx.year}年已不是现行提法，"
                               f"应为{current}",
                               locate(doc, i), i))
    return out


def numbering(doc: Document) -> list[Finding]:
    """Siblings of one numbered family go 1, 2, 3 … from 1; siblings of different numbered
    families under one parent mean a marker is nested at the wrong level."""
    out = []
    groups = [doc.nodes] + [n.children for n in doc.walk()]
    for siblings in groups:
        numbered = [n for n in siblings if n.numbered]
        families = dict.fromkeys(n.family for n in numbered)
        if len(families) > 1:
            first = {f: next(n for n in numbered if n.family == f) for f in families}
            late = max(first.values(), key=lambda n: n.line)
            labels = "与".join(f"“{FAMILY_LABEL[f]}”" for f in families)
            out.append(Finding("numbering", f"同一层级混用{labels}编号（“{late.marker}”层级不对）",
                               locate(doc, late.line), late.line))
        for family in families:
            out += _sequence(doc, [n for n in numbered if n.family == family])
    return out


def _sequence(doc: Document, items: list[Node]) -> list[Finding]:
    out, expected = [], 1
    for node in items:
        if node.number != expected:
            what = "应从1开始" if expected == 1 else f"前一项是第{expected - 1}项"
            out.append(Finding("numbering", f"编号不连续：“{node.marker}”处{what}",
                               locate(doc, node.line), node.line))
        expected = (node.number or expected) + 1
    return out


# Relative time words: a month after them is outside the plan on purpose (明年3月).
ELSEWHERE = re.compile(r"(明年|来年|次年|去年|上年|上一年|下一年|每年|每月|往年)[^，。；]{0,4}$")


def period(doc: Document, ctx: PlanContext) -> list[Finding]:
    """Months, festivals and seasons outside the plan's months; years other than the plan's."""
    out = []
    months = set(ctx.months)
    check_months = ctx.period != "年度" and bool(months)
    for i, text in _lines(doc):
        bad: list[str] = []
        if check_months:
            for m in MONTH_RE.finditer(text):
                if month_number(m.group(1)) not in months and not ELSEWHERE.search(
                        text[:m.start()]):
                    bad.append(m.group(0))
            for word, ms in {**FESTIVAL_MONTHS, **SEASON_MONTHS}.items():
                pos = text.find(word)
                if pos >= 0 and not months & set(ms) and not ELSEWHERE.search(text[:pos]):
                    bad.append(word)
        if ctx.period != "学期" and ctx.org_type not in ("学校", "幼儿园"):
            bad += _TERM_WORDS.findall(text)  # a school term in a plan that has none
        if bad:
            out.append(Finding("period", f"提到计划期间（{_label(ctx)}）以外的时间：{'、'.join(dict.fromkeys(bad))}",
                               locate(doc, i), i))
        if ctx.year is not None:
            years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?=\s*年(?!代))", text)]
            wrong = [y for y in dict.fromkeys(years) if y not in _allowed_years(ctx)]
            if wrong:
                out.append(Finding("period", f"年份与计划年度（{ctx.year}年）不符：{'、'.join(f'{y}年' for y in wrong)}",
                                   locate(doc, i), i))
    return out


_TERM_WORDS = re.compile(r"本学期|本学年|新学期|上学期|下学期")


def _allowed_years(ctx: PlanContext) -> set[int]:
    assert ctx.year is not None
    if ctx.period == "学期":  # a school year spans two calendar years
        return {ctx.year - 1, ctx.year, ctx.year + 1}
    return {ctx.year}


def _label(ctx: PlanContext) -> str:
    return f"{ctx.period}{'·' + ctx.term if ctx.term else ''}"


def org(doc: Document, ctx: PlanContext) -> list[Finding]:
    """Words of another organisation type (我校 in a company's plan), first place each occurs."""
    if ctx.org_type == "其他" and ctx.source != "brief":  # unknown type: nothing is foreign
        return []
    words = sorted(foreign_words(ctx.org_type), key=len, reverse=True)
    seen: dict[str, tuple[int, int]] = {}
    for i, text in _lines(doc):
        for w in words:
            n = text.count(w)
            if n and not any(w in longer for longer in seen if longer != w and longer in text):
                first, count = seen.get(w, (i, 0))
                seen[w] = (first, count + n)
    return [Finding("org", f"出现其他类型单位的用语“{w}”（共{n}处），与{ctx.org_type}不符",
                    locate(doc, line), line) for w, (line, n) in seen.items()]


_NORMALISE = re.compile(r"[\s\W_]+")
DUPLICATE_MIN = 12  # shorter lines ("开展慰问活动") may repeat legitimately


def duplicate(doc: Document) -> list[Finding]:
    first: dict[str, int] = {}
    out = []
    for p in doc.paragraphs():
        key = _NORMALISE.sub("", p.text)
        if len(key) < DUPLICATE_MIN:
            continue
        if key in first:
            out.append(Finding("duplicate", f"与第{first[key]}行内容重复：“{p.text[:24]}…”",
                               locate(doc, p.line), p.line))
        else:
            first[key] = p.line
    return out


def length(doc: Document, bounds: tuple[int, int]) -> list[Finding]:
    """Far too short or long for a plan (bounds from the corpus), and empty sections."""
    low, high = bounds
    n = doc.char_count
    out = []
    if n < low:
        out.append(Finding("length", f"全文仅{n}字，远短于常见工作计划（至少约{low}字）", "全文"))
    elif n > high:
        out.append(Finding("length", f"全文{n}字，远长于常见工作计划（一般不超过约{high}字）", "全文"))
    for node in doc.nodes:
        if not node.children and not node.body and len(node.text) <= 20:
            out.append(Finding("length", f"“{node.marker}{node.title}”下没有内容",
                               locate(doc, node.line), node.line))
    return out
