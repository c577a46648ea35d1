"""Adapt a sentence from another plan to this brief, or drop what cannot be adapted.

Both writers pass every line through `adapt_line` (compose on corpus items, llm on model output),
so point 4 of the issue holds whatever produced the text:
- organisation words of other types → ours (lexicon.adaptations); a clause still carrying a
  foreign word (学生 in an enterprise plan) is dropped;
- year placeholders and other years → the plan's year; other placeholders → clause dropped;
- stale references (党的十八大 in a 2025 plan) → what is current for the year; plenary sessions
  of past congresses → clause dropped;
- months, festivals and seasons outside the plan's period → clause dropped; words of another
  period (本学期 in an annual plan) → the plan's own period word.
A line that loses its first clause or more than half of its clauses is dropped whole: what is
left of it would not read as a sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

from drafting import period as plan_period
from drafting.numbering import strip_marker
from plandraft import lexicon
from plandraft.models import Brief

CLAUSE = re.compile(r"[^，,；;。！!？?]+[，,；;。！!？?]?")
_YEAR_PH = re.compile(r"(?:19|20)[xX×＊*]{1,2}(?=\s*年)|[xX×＊*_＿]{2,}(?=\s*年)|(?<![\d])[*＊](?=年)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")
_SCHOOL_YEAR = re.compile(r"(?:(?:19|20)[\dxX×＊*]{2})\s*[-—–~至]\s*(?:(?:19|20)[\dxX×＊*]{2})\s*学年(?:度)?")
_ORDINAL = re.compile(r"[一二三四五六七八九十]+")
_TERM_WORDS = ("本学年度", "本学年", "本学期", "新学年", "新学期", "这学期")
_YEAR_WORDS = ("本年度", "今年", "全年")
_STILL_TODO = re.compile(r"已经|已于|取得了|完成了|共向|共计开展|圆满完成|回顾|去年|参加了|举办了|开展了|"
                         r"获得了|荣获|评为|(?:完善|推动|建立|召开|组织|成立|实现|加强|提高|落实)了")
# Guiding formulas and campaigns of earlier years: a clause naming one is dropped.
_DATED = re.compile(r"邓小平理论|三个代表|科学发展|先进性教育|群众路线教育实践|创先争优|八荣八耻|和谐社会|"
                    r"小康社会|两学一做|不忘初心、牢记使命主题教育")
_HALVES = {"上半年": (1, 2, 3, 4, 5, 6), "下半年": (7, 8, 9, 10, 11, 12)}
# Broader than lexicon.REFERENCES (which must not flag history such as “十八大以来”): any
# party congress or five-year plan named in a clause that is not about the past.
_ANY_CONGRESS = re.compile(r"(?<![工会总])(十[六七八九]|二十一|二十)大(?!以来)|(?<=党的)(十[六七八九]|二十)(?=精神)")
_ANY_FYP = re.compile(r"(十[一二三四五六])五(?=[”\"]|规划|时期|期间|计划|发展|开局|目标)")
_CN_ORD = ("十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一")
# Words of one kind of organisation that adaptation cannot map (drafting-side, stricter than the
# eval check): a clause with one of them is dropped from another type's plan. _SHARED_WITH: the
# other types that may use a group's words too (a town's plan speaks of 企业).
_TYPE_WORDS: dict[str, re.Pattern] = {
    "学校": re.compile(r"(?<!党)校|教师|师德|师风|育人|教学|学生|家长|班主任|教工|暑假|寒假|学期|学年"
                     r"|教育系统|教育局|开学|办学|教育工会|教育的?改革|教育事业|老师|期末|迎考|课件|教导处"),
    "幼儿园": re.compile(r"幼儿|保教|园长|园行政|在园|园训|家长|教师|教学|教工|暑假|寒假|学期|学年|开学"),
    "医院": re.compile(r"患者|病人|医护|医疗服务|医务|医德"),
    "企业": re.compile(r"车间|班组|生产经营|厂务|企务|企业|分公司|项目部|集团公司|施工"),
    "乡镇街道": re.compile(r"乡镇|村镇|镇总工会"),
}
# (A federation speaks of every kind of unit in its area: 深入企业、学校、医院开展宣讲.)
_SHARED_WITH = {"企业": {"乡镇街道", "县区总工会", "其他"}, "幼儿园": {"学校"},
                "乡镇街道": {"县区总工会", "其他"}, "学校": {"县区总工会", "乡镇街道"},
                "医院": {"县区总工会", "乡镇街道"}}
# School words a kindergarten uses too (it has teachers and terms, not a 校 or 学生).
_KINDERGARTEN_OK = {"教师", "教学", "家长", "暑假", "寒假", "学期", "学年", "开学", "教工", "师德",
                    "师风", "教育系统", "教育局", "教育工会", "教育事业", "老师", "教育改革", "教育的改革"}
_ASCII_STARS = re.compile(r"[*＊]")  # standing for a name (markdown bold is removed earlier)


def _months_ok(clause: str, months: set[int], calendar: list[tuple[int, int]] = ()) -> bool:
    if "元月" in clause and 1 not in months:
        return False
    for m in lexicon.MONTH_RE.finditer(clause):
        if lexicon.month_number(m.group(1)) not in months:
            return False
    return not lexicon.season_outside(clause, months, calendar)


def _halves_ok(clause: str, brief: Brief) -> bool:
    for word, half in _HALVES.items():
        if word in clause and brief.period != "年度" and not set(half) >= set(
                lexicon.period_months(brief.period, brief.term)):
            return False
    return True


def _fix_references(clause: str, year: int) -> str | None:
    for match, ref in sorted(lexicon.stale_references(clause, year),
                             key=lambda mr: -mr[0].start()):
        if "届" in match.group(0):
            return None  # a past plenary session has no current counterpart
        current = _ORDINAL.search(lexicon.current_reference(ref.series, year)).group(0)
        old = match.group(0)
        new = _ORDINAL.sub(current, old, count=1) if ref.series != "party" else \
            re.sub(r"[一二三四五六七八九十]+(?=大)", current, old, count=1)
        clause = clause[:match.start()] + new + clause[match.end():]
    clause = _fix_ordinals(clause, year)
    # "党的十八大、十九大精神" becomes "二十大、二十大": say it once.
    return re.sub(r"([一二三四五六七八九十]+大)(?:[、和与及]\s*(?:党的)?\1)+", r"\1", clause)


def _fix_ordinals(clause: str, year: int) -> str:
    party = _ORDINAL.search(lexicon.current_reference("party", year)).group(0)
    fyp = _ORDINAL.search(lexicon.current_reference("fyp", year)).group(0)[:-1]  # 十四五 → 十四
    clause = _ANY_CONGRESS.sub(
        lambda m: f"{party}大" if _CN_ORD.index(m.group(1) or m.group(2)) < _CN_ORD.index(party)
        else m.group(0),
        clause)
    return _ANY_FYP.sub(
        lambda m: f"{fyp}五" if _CN_ORD.index(m.group(1)) < _CN_ORD.index(fyp) else m.group(0),
        clause)


@lru_cache(maxsize=None)
def _adaptations(org_type: str) -> tuple[tuple[str, str], ...]:
    """lexicon's pairs, plus "我校工会" → our union word (not "我公司工会"), longest first."""
    ours = lexicon.ORG_TERMS.get(org_type, lexicon.ORG_TERMS["其他"])
    unions = {f"{w}工会": ours["union"][0] for t, terms in lexicon.ORG_TERMS.items() if t != org_type
              for w in terms["self"] if w not in ours["self"]}
    pairs = list(unions.items()) + lexicon.adaptations(org_type)
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=None)
def foreign(org_type: str) -> frozenset[str]:
    """Words that betray another organisation type (lexicon's list, as the eval check uses)."""
    return frozenset(lexicon.foreign_words(org_type))


def is_foreign(clause: str, org_type: str) -> bool:
    if any(w in clause for w in foreign(org_type)):
        return True
    for owner, pattern in _TYPE_WORDS.items():
        if owner == org_type or org_type in _SHARED_WITH.get(owner, ()):
            continue
        ok = _KINDERGARTEN_OK if (owner, org_type) == ("学校", "幼儿园") else set()
        if any(m.group(0) not in ok for m in pattern.finditer(clause)):
            return True
    return False


def _fix_years(clause: str, brief: Brief) -> str:
    if _SCHOOL_YEAR.search(clause):
        start = brief.year if brief.period != "学期" or "第一" in brief.term else brief.year - 1
        clause = _SCHOOL_YEAR.sub(f"{start}—{start + 1}学年", clause)
    clause = _YEAR_PH.sub(str(brief.year), clause)
    return _YEAR.sub(str(brief.year), clause)


def _fix_period_words(clause: str, brief: Brief) -> str:
    own = plan_period.this_period(brief)
    if brief.period != "学期":
        for word in _TERM_WORDS:
            clause = clause.replace(word, own)
    else:
        for word in _YEAR_WORDS:
            clause = clause.replace(word, own)
    return clause


def in_period(text: str, brief: Brief) -> bool:
    """Does every clause of text fall inside the plan's period (months, festivals, seasons,
    halves of the year)? Text written for the brief's org type needs only this check."""
    months = set(lexicon.period_months(brief.period, brief.term))
    calendar = lexicon.period_calendar(brief.period, brief.term, brief.year) if brief.year else []
    return all(_months_ok(c, months, calendar) and _halves_ok(c, brief) for c in CLAUSE.findall(text))


def adapt_clause(clause: str, brief: Brief, months: set[int]) -> str | None:
    """The clause rewritten for the brief, or None when it cannot be kept."""
    for old, new in _adaptations(brief.org_type):
        clause = clause.replace(old, new)
    clause = _fix_period_words(_fix_years(clause, brief), brief)
    clause = _fix_references(clause, brief.year)
    if (clause is None or lexicon.PLACEHOLDER_RE.search(clause) or _DATED.search(clause)
            or _ASCII_STARS.search(clause)):
        return None
    if is_foreign(clause, brief.org_type):
        return None
    if not _months_ok(clause, months) or not _halves_ok(clause, brief):
        return None
    return clause


def adapt_line(line: str, brief: Brief, *, keep_partial: bool = True) -> str | None:
    """One line (item or paragraph) adapted clause by clause; None if it must go."""
    text = strip_marker(line.strip())
    if not text or _STILL_TODO.search(text):
        return None
    clauses = CLAUSE.findall(text)
    months = set(lexicon.period_months(brief.period, brief.term))
    kept = [adapt_clause(c, brief, months) for c in clauses]
    if kept[0] is None or sum(k is not None for k in kept) * 2 < len(kept):
        return None
    if not keep_partial and None in kept:
        return None
    out = "".join(k for k in kept if k is not None).strip()
    if None in kept and out.count("“") != out.count("”"):
        return None  # a dropped clause took half of a quotation with it
    out = re.sub(r"[，,；;]$", "。", out)
    out = re.sub(r"([”\"])、(?=精神)", r"\1", out)  # “十八大”、精神: a stray mark of the source
    return out if out.endswith(("。", "！", "？", "：")) else out + "。"


def problems(text: str, brief: Brief) -> list[str]:
    """Point-4 faults left in text (empty = correct for the brief); used to verify output.
    A Markdown title line (# …) is the user's own organisation name and is not checked."""
    text = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    found = []
    months = set(lexicon.period_months(brief.period, brief.term))
    if m := lexicon.PLACEHOLDER_RE.search(text):
        found.append(f"占位符“{m.group(0)}”")
    for match, _ in lexicon.stale_references(text, brief.year):
        found.append(f"过时提法“{match.group(0)}”")
    for clause in CLAUSE.findall(text):
        if is_foreign(clause, brief.org_type):
            found.append(f"其他单位类型的用语：“{clause}”")
    for clause in CLAUSE.findall(text):
        if not _months_ok(clause, months):
            found.append(f"计划期间以外的时间：“{clause}”")
    for y in _YEAR.findall(text):
        if int(y) not in {brief.year, brief.year + 1, brief.year - 1} or (
                int(y) != brief.year and brief.period != "学期"):
            found.append(f"年份“{y}”与计划年份{brief.year}不一致")
    return found
