"""The month-by-month schedule (月份安排; week by week for a 月度 plan), from the knowledge base
first (the main themes' month lines, the org type's calendar, its other usual themes), real
plans' month entries of the same org type only for a month still empty; a line tied to a
festival goes to the month the festival falls in that year, nothing outside the period."""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.knowledge import Entry, Theme, fill, knowledge
from drafting import period as plan_period
from drafting import themes
from drafting.adapt import adapt_line
from drafting.compose import passes
from drafting.numbering import strip_marker
from drafting.similar import same_month_work, similar
from drafting.specific import names_place
from eval.labels import holds_session
from eval.rules import rules
from eval.shingles import normalise
from plandraft import festivals, lexicon
from plandraft.models import Brief, Plan
from plandraft.numerals import to_chinese

PER_SLOT = 3
_ALIASES = {"迎新年": "元旦", "新年": "元旦", "新春": "春节", "三·八": "三八", "妇女节": "三八",
            "五·一": "五一", "劳动节": "五一"}  # festival words one month should not say twice
THEME_ENTRIES = 3  # month lines a main-work theme gives at most
# A month no source activity fits still gets the work every union does each month, said
# concretely (read blind, "八月：组织职工开展文体活动" named nothing to do).
ROUTINE = ("召开工会委员会会议，研究部署当月工作", "走访慰问困难{staff}，了解生活近况和实际需求",
           "组织{staff}开展一次健步走或球类友谊赛", "开展一次{staff}思想动态调研，梳理意见建议",
           "核对会员信息，整理当月工会经费收支凭证")
_MONTH_TITLE = re.compile(r"^(\d{1,2}|十[一二]|[一二三四五六七八九十])\s*月份?\s*[：:]?$")
_MONTH_LINE = re.compile(r"^(\d{1,2}|十[一二]|[一二三四五六七八九十])\s*月份?\s*[：:]\s*(.+)$")
_WEEKS = ("第一周", "第二周", "第三周", "第四周")
# The schedule opens with making the plan and closes with the summary itself: a source's own
# planning or summing-up entry would repeat them in the wrong month (二月：制定本期工作计划).
_FRAMING = re.compile(r"制定[^；;，,]*计划|计划的?制定|明确(?:全年|本期)?工作目标|总结")
# In an annual plan a half-year's plan or summary stays, at the turn of the year (上半年工作总结
# not in 八月).
_HALF_TIED = {"上半年": (6, 7), "下半年": (7,), "半年": (6, 7)}


@dataclass
class Activity:
    month: int  # the month it was planned for in its source
    text: str
    org_type: str


def _split(text: str) -> list[str]:
    return [strip_marker(p) for p in re.split(r"[\n；;]+|(?<=[。])", text) if strip_marker(p)]


def month_entries(plan: Plan) -> list[Activity]:
    out = []
    for top in plan.sections:
        for _, section in top.walk():
            m = _MONTH_TITLE.match(strip_marker(section.title))
            if m:
                month = lexicon.month_number(m.group(1))
                out += [Activity(month, t, plan.org_type) for t in _split(section.text)]
            for line in section.text.splitlines():
                lm = _MONTH_LINE.match(line.strip())
                if lm:
                    month = lexicon.month_number(lm.group(1))
                    out += [Activity(month, t, plan.org_type) for t in _split(lm.group(2))]
    return [a for a in out if 1 <= a.month <= 12]


def _tied_months(text: str, pairs: list[tuple[int, int]]) -> set[int] | None:
    """Months of the plan (pairs: (year, month)) an activity is tied to by a festival, season or
    half-year it names (None: not tied; empty: tied to none of the plan's months). Festivals
    are placed by their date in that year, a month early at most (preparing: 八月筹备中秋), by
    the same rule the evaluator checks (plandraft/festivals.py)."""
    months = [m for _, m in pairs]
    tied: set[int] | None = None
    for word, half in _HALF_TIED.items():
        if word in text and re.search(r"计划|总结", text):
            tied = set(half)
            break
    for name in festivals.NAMES:
        if name in text:
            tied = (tied or set()) | {m for y, m in pairs if festivals.fits(name, y, m)}
    for word, season in lexicon.SEASON_MONTHS.items():
        if word in text:
            tied = (tied or set()) | (set(season) & set(months))
    return tied


def _before(name: str, text: str, pairs: list[tuple[int, int]], inside: list[int]) -> int:
    """送温暖 before a 春节 in the first half of its month (春节前走访, 两节慰问方案) is done in
    the month before, when the period has it; else 0. (Other festivals' work is done in their
    own month: 端午 on 6月9日 is prepared in June.)"""
    if name != "春节" or not re.search(r"春节前|方案|筹备", text):
        return 0
    for y, m in pairs:
        d = festivals.date(name, y)
        if d and (d.year, d.month) == (y, m) and d.day <= 15:
            earlier = [mo for mo in inside if mo != m]
            return earlier[0] if earlier else 0
    return 0


def month_lines(brief: Brief, entries: tuple[Entry, ...], salt: str) -> list[tuple[int, str]]:
    """(month, text) of knowledge month lines of the period, in a seeded order: each in
    its month, a line naming a lunar festival in the month the festival falls in that year
    (or the one before, preparing)."""
    pairs = plan_period.months(brief)
    months = [m for _, m in pairs]
    fitting = [e for e in entries if e.fits(brief.org_type, brief.year)]
    themes.seed(brief, salt, "schedule").shuffle(fitting)
    out = []
    for e in fitting:
        text = themes.filled(e, brief)
        if text is None:
            continue
        month = e.month
        # a lunar festival ties the line to its month; named with its partner (元旦春节) it is
        # the partner's campaign and goes by the partner's month
        lunar = [lexicon.PAIRED[n] if lexicon.PAIRED.get(n, "\0") in text else n
                 for n in festivals.LUNAR_NAMES if n in text]
        if lunar:
            inside = [m for y, m in pairs if all(festivals.fits(n, y, m) for n in lunar)]
            month = month if month in inside else inside[-1] if inside else 0
            ahead = _before(lunar[0], text, pairs, inside)
            month = ahead or month
        # the evaluator's date checks have the last word (元旦春节“两节” begins with 元旦)
        if month in months and passes(f"{to_chinese(month)}月：{text}", brief, kind="月份安排"):
            out.append((month, text))
    return out


def _steps(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A process's month lines in order, holding its session once (the earliest, an org type's
    own 开园前召开教代会 before the general 三月 one), after the steps of its own month."""
    sessions = sorted(line for line in lines if holds_session([line[1]]))
    kept = [line for line in lines if line not in sessions[1:]]
    return sorted(kept, key=lambda line: (line[0], holds_session([line[1]]), line[1]))


class Scheduler:
    def __init__(self, plans: list[Plan]):
        self.activities = [a for p in plans for a in month_entries(p)]

    def _pool(self, brief: Brief) -> list[tuple[Activity, str]]:
        """(activity, adapted text) of the brief's org type that pass every content check (its
        month is not judged here: placing it decides that)."""
        pool: list[tuple[Activity, str]] = []
        for a in (a for a in self.activities if a.org_type == brief.org_type):
            text = adapt_line(a.text, brief, keep_partial=False)
            text = (text or "").rstrip("。；;，, ")
            if names_place(text, brief.org_type) or (
                    _FRAMING.search(text) and not ("半年" in text and brief.period == "年度")):
                continue
            if not passes(text, brief, kind="月份安排"):
                continue
            # it may be a month's only line: long enough to be one (八月：教师暑期活动 is not)
            if (rules().month_min <= len(normalise(text)) and len(text) <= 40
                    and not any(similar(text, t) for _, t in pool)):
                pool.append((a, text))
        return pool

    def schedule(self, brief: Brief, chosen: list[Theme]) -> list[str]:
        """Month lines (week lines for a 月度 plan), from the knowledge base first: the main
        themes' own work in its usual months, the org type's calendar (教师节, 护士节 …), then
        the type's other usual themes and real plans of the same type (entries that pass the
        checks) where a month has little, routine work where it has nothing."""
        pairs = plan_period.months(brief)
        months = [m for _, m in pairs]
        label = plan_period.label(brief)
        kb = knowledge()
        profile = kb.profile(brief.org_type)
        events = month_lines(brief, profile.events, "events")
        # a process (征集提案 → 召开大会 → 巡视) shows all its steps in order when it is a main
        # theme, and none of them when it is not
        own = [_steps(lines) if t.process else lines[:THEME_ENTRIES] for t, lines in
               ((t, month_lines(brief, t.schedule, t.id)) for t in chosen)]
        others = [kb.themes[i] for i in profile.themes if kb.themes[i].fits(brief.org_type, brief.year)
                  and kb.themes[i] not in chosen and not kb.themes[i].process]
        if brief.period == "月度" or not months:
            first = [lines[0][1] for lines in own if lines] + [t for m, t in events if m in months]
            first += [t for th in others for m, t in month_lines(brief, th.schedule, th.id)
                      if m in months]
            return self._weeks(first)
        slots: dict[int, list[str]] = {m: [] for m in months}
        used: list[str] = []

        def named(text: str) -> set[str]:
            return {_ALIASES.get(n, n) for n in (*festivals.NAMES, *_ALIASES) if n in text}

        def put(month: int, text: str, limit: int = PER_SLOT) -> bool:
            # not the same line twice (the same visit before 春节 and before 中秋 is two events),
            # one line per festival a month, and not the same work (or campaign) twice in a month
            quiet = month in profile.quiet_months and not any(w in text for w in profile.quiet_words)
            if (month in slots and len(slots[month]) < limit and not quiet
                    and not any(similar(text, u) and named(text) == named(u) for u in used)
                    and not any(named(text) & named(line) or same_month_work(text, line) for line in slots[month])):
                slots[month].append(text)
                used.append(text)
                return True
            return False

        # a main process theme holds its own session: the calendar's would hold a second one
        session = any(t.process and holds_session([x for _, x in lines]) for t, lines in zip(chosen, own))
        for month, text in events:  # the org type's calendar: its fixed days first
            if not (session and holds_session([text])):
                put(month, text)
        for theme, lines in zip(chosen, own):  # then the plan's own work, in its usual months
            placed = 0
            for line in lines:  # a process loses no step to a full month (大会 after 征集提案)
                placed += put(*line, limit=PER_SLOT + theme.process)
            for line in lines if not placed else ():  # its months are full: one more line there
                if put(*line, limit=PER_SLOT + 1):
                    break
        for line in (line for t in others for line in month_lines(brief, t.schedule, t.id)):
            put(*line, limit=2)  # months with little get the type's other usual work
        for a, text in self._pool(brief):  # a month still empty: a real plan's entry of the same org type
            tied = _tied_months(text, pairs)
            inside = [m for m in months if m in tied] if tied is not None else []
            if tied is None and a.month in slots:
                put(a.month, text, limit=1)
            elif inside:  # its own month when it has one, else the festival's (the latest)
                put(a.month if a.month in inside else inside[-1], text, limit=1)
        routine = [fill(r, brief.org_type, org_name=brief.org_name) for r in ROUTINE]
        for n, month in enumerate(months):
            if not slots[month]:  # routine work may recur: not through put's repeat check
                quiet = month in profile.quiet_months and profile.quiet_line
                slots[month].append(fill(profile.quiet_line, brief.org_type, org_name=brief.org_name) if quiet
                                    else routine[n % len(routine)].rstrip("。"))
        slots[months[0]].insert(0, f"制定{label}工会工作计划，召开工会委员会会议部署工作")
        slots[months[-1]].append(f"做好{label}工会工作总结" + (
            "，谋划下一年度工会工作" if brief.period == "年度" else ""))
        return [f"{to_chinese(m)}月：{'；'.join(slots[m])}。" for m in months if slots[m]]

    @staticmethod
    def _weeks(lines: list[str]) -> list[str]:
        """Week lines of a 月度 plan: the month's work spread from the second week on."""
        texts: list[str] = []
        for text in lines:
            if not any(similar(text, t) for t in texts):
                texts.append(text)
        texts = texts[: (len(_WEEKS) - 1) * 2]
        weeks = [[] for _ in _WEEKS]
        weeks[0].append("召开工会委员会会议，部署本月工作")  # the plan itself is made before the month
        for n, text in enumerate(texts):
            weeks[(n + 1) % len(_WEEKS)].append(text)  # from the second week on, round robin
        weeks[-1].append("做好本月工作小结")
        return [f"{w}：{'；'.join(acts)}。" for w, acts in zip(_WEEKS, weeks) if acts]
