"""Domain word lists shared by generation (compose adapts text with them) and evaluation (checks
flag text with them), so that what we write and what we check agree.

- ORG_TERMS: for each org type, the word it uses for each concept (self-reference, the staff
  congress, open affairs, ethics ...). Adapting text = replacing other types' words by ours;
  the `org` check = finding other types' distinctive words.
- period_months / FESTIVAL_MONTHS: which months a period covers and when festivals fall.
- REFERENCES: congresses and five-year plans with the years they were current.
- PLACEHOLDER_RE: template leftovers such as 20xx, XX, __, ＊＊.
- THEMES: the recurring themes of union work plans and their keywords.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from plandraft import festivals, numerals

# ---- organisation words -------------------------------------------------------------------
# concept -> word, per org type. Order inside a tuple: the first is what adaptation writes,
# the rest are variants recognised as that type's word.
_CONCEPTS = ("self", "whole", "union", "staff", "congress", "congress_full", "openness", "ethics")
ORG_TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "学校": {"self": ("我校", "本校"), "whole": ("全校",), "union": ("校工会", "学校工会"),
             "staff": ("教职工", "教职员工"), "congress": ("教代会",),
             "congress_full": ("教职工代表大会",), "openness": ("校务公开",), "ethics": ("师德",)},
    "幼儿园": {"self": ("我园", "本园"), "whole": ("全园",), "union": ("园工会", "幼儿园工会"),
              "staff": ("教职工", "教职员工"), "congress": ("教代会",),
              "congress_full": ("教职工代表大会",), "openness": ("园务公开",), "ethics": ("师德",)},
    "企业": {"self": ("公司", "本公司", "我公司"), "whole": ("全公司",),
             "union": ("公司工会", "企业工会"), "staff": ("职工", "员工"), "congress": ("职代会",),
             "congress_full": ("职工代表大会",), "openness": ("厂务公开",),
             "ethics": ("职业道德",)},
    "机关事业单位": {"self": ("机关", "本单位", "本机关"), "whole": ("全体干部职工",),
                "union": ("机关工会",), "staff": ("干部职工",), "congress": ("职代会",),
                "congress_full": ("职工代表大会",), "openness": ("政务公开",),
                "ethics": ("职业道德",)},
    "乡镇街道": {"self": ("本镇", "全镇", "本街道"), "whole": ("全镇",),
              "union": ("镇总工会", "街道总工会", "镇工会"), "staff": ("职工",),
              "congress": ("职代会",), "congress_full": ("职工代表大会",),
              "openness": ("厂务公开",), "ethics": ("职业道德",)},
    "县区总工会": {"self": ("全区", "本区", "全县", "本县"), "whole": ("全区",),
               "union": ("区总工会", "县总工会"), "staff": ("职工",), "congress": ("职代会",),
               "congress_full": ("职工代表大会",), "openness": ("厂务公开",),
               "ethics": ("职业道德",)},
    "社区": {"self": ("社区", "本社区"), "whole": ("全社区",), "union": ("社区工会",),
             "staff": ("职工",), "congress": ("职代会",), "congress_full": ("职工代表大会",),
             "openness": ("居务公开",), "ethics": ("职业道德",)},
    "医院": {"self": ("我院", "本院"), "whole": ("全院",), "union": ("院工会", "医院工会"),
             "staff": ("职工", "医务人员"), "congress": ("职代会",),
             "congress_full": ("职工代表大会",), "openness": ("院务公开",), "ethics": ("医德",)},
}
ORG_TERMS["其他"] = {"self": ("本单位",), "whole": ("全体职工",), "union": ("工会",),
                     "staff": ("职工",), "congress": ("职代会",),
                     "congress_full": ("职工代表大会",), "openness": ("厂务公开",),
                     "ethics": ("职业道德",)}

# Words every org type may use, or that are too generic to mark a type (全区 appears in
# school plans as "全区教育系统"; 社区 as "走进社区"; 机关 as "上级机关").
_SHARED = {"职工", "员工", "职代会", "职工代表大会", "职业道德", "全区", "本区", "全县", "本县",
           "社区", "机关", "公司", "全镇", "全体干部职工", "全体职工", "干部职工", "工会",
           "本单位", "医务人员", "厂务公开",
           # higher-level unions any plan may name ("在区总工会的领导下")
           "区总工会", "县总工会", "镇总工会", "街道总工会"}

# Words that only one kind of organisation uses even though they are not in ORG_TERMS.
_DISTINCTIVE_EXTRA = {
    "学校": ("学生", "班主任"),
    "幼儿园": ("幼儿", "保教", "保育员", "家园共育"),
    "企业": ("车间", "班组", "生产经营"),
    "医院": ("患者", "医护人员", "医疗服务"),
}


def self_word(org_type: str) -> str:
    """How a plan of this org type refers to its own organisation (我校, 我园, 公司 ...)."""
    return ORG_TERMS.get(org_type, ORG_TERMS["其他"])["self"][0]


def adaptations(org_type: str) -> list[tuple[str, str]]:
    """(other type's word, our word) pairs, longest first, to rewrite text for org_type."""
    ours = ORG_TERMS.get(org_type, ORG_TERMS["其他"])
    pairs: dict[str, str] = {}
    for other, terms in ORG_TERMS.items():
        if other == org_type:
            continue
        for concept in _CONCEPTS:
            for word in terms[concept]:
                if word not in ours[concept] and word not in _SHARED:
                    pairs.setdefault(word, ours[concept][0])
    return sorted(pairs.items(), key=lambda p: -len(p[0]))


def own_words(org_type: str) -> set[str]:
    """Words that mark a plan as written by this org type (shared words excluded)."""
    terms = ORG_TERMS.get(org_type, ORG_TERMS["其他"])
    words = {w for ws in terms.values() for w in ws} | set(_DISTINCTIVE_EXTRA.get(org_type, ()))
    return words - _SHARED


def foreign_words(org_type: str) -> set[str]:
    """Words that betray another organisation type in a plan of org_type."""
    own = {w for words in ORG_TERMS.get(org_type, ORG_TERMS["其他"]).values() for w in words}
    own |= set(_DISTINCTIVE_EXTRA.get(org_type, ()))
    words = {w for pair in adaptations(org_type) for w in pair[:1]}
    words |= {w for t, extra in _DISTINCTIVE_EXTRA.items() if t != org_type for w in extra}
    return {w for w in words - own if w not in _SHARED}


# ---- periods, months, festivals -----------------------------------------------------------
def period_months(period: str, term: str = "") -> tuple[int, ...]:
    """Months (1-12, in calendar order of the period) a plan of this period covers.

    term refines 学期 (秋季/第一学期 → 9月–次年1月, 春季/第二学期 → 2–7月), 季度 (第N季度)
    and 月度 (N月)."""
    if period == "上半年":
        return tuple(range(1, 7))
    if period == "下半年":
        return tuple(range(7, 13))
    if period == "学期":
        if any(w in term for w in ("春", "第二学期", "下学期")):
            return (2, 3, 4, 5, 6, 7)
        return (9, 10, 11, 12, 1)
    if period == "季度":
        m = re.search(r"([一二三四1-4])季度", term)
        q = "一二三四".find(m.group(1)) + 1 if m and not m.group(1).isdigit() else int(m.group(1)) if m else 1
        return tuple(range(3 * q - 2, 3 * q + 1))
    if period == "月度":
        m = re.search(r"(\d{1,2})月", term)
        return (int(m.group(1)),) if m else ()
    return tuple(range(1, 13))


def period_calendar(period: str, term: str, year: int) -> list[tuple[int, int]]:
    """(year, month) pairs a plan of `year` covers, in order: an autumn term runs into the next
    January, so its January is next year's."""
    out, last = [], 0
    for m in period_months(period, term):
        if m < last:
            year += 1
        out.append((year, m))
        last = m
    return out


# "三月" and "3月" / "3月份"; 十一/十二 must be tried before 一/二. Not preceded by a digit or
# 十 so that "13月" or "十三月" do not match, nor by 个 ("三个月" is a duration).
MONTH_RE = re.compile(r"(?<![\d十个])(十[一二]|[一二三四五六七八九十]|1[0-2]|[1-9])月(?!份?[以之]?[内来])")


def month_number(token: str) -> int:
    """'十一' -> 11, '3' -> 3 (the group captured by MONTH_RE)."""
    return numerals.to_int(token)


# Festivals and the month(s) they fall in (solar months for lunar festivals: the usual range).
FESTIVAL_MONTHS: dict[str, tuple[int, ...]] = {
    "元旦": (12, 1), "春节": (1, 2), "除夕": (1, 2), "元宵": (2, 3), "三八": (3,), "妇女节": (3,),
    "植树节": (3,), "五一": (4, 5), "劳动节": (4, 5), "五四": (5,), "端午": (5, 6),
    "七一": (6, 7), "建党节": (7,), "八一": (7, 8), "建军节": (8,), "教师节": (8, 9),
    "中秋": (9, 10), "国庆": (9, 10), "重阳": (10, 11),
    # added by drafting: festivals met in the corpus's month schedules
    "清明": (4,), "青年节": (5,), "母亲节": (5,), "护士节": (5,), "六一": (6,), "儿童节": (6,),
    "父亲节": (6,), "七夕": (8,), "医师节": (8,), "冬至": (12,), "腊八": (1,),
    # days and weeks of union and public work with a fixed month
    "学雷锋": (3,), "世界读书日": (4,), "职业病防治法宣传周": (4,), "国际博物馆日": (5,),
    "安全生产月": (6,), "母乳喂养宣传周": (8,), "世界精神卫生日": (10,), "消防宣传月": (11,),
    "国际志愿者日": (12,), "宪法宣传周": (12,),
}
# Seasons and times of the year: a text naming one belongs to a plan whose period has one of
# its months (年底前 in a 上半年 plan, 期末 in an October plan, 年初 in a second-quarter plan are not).
SEASON_MONTHS: dict[str, tuple[int, ...]] = {
    "春季": (2, 3, 4, 5), "夏季": (6, 7, 8), "秋季": (8, 9, 10, 11), "冬季": (11, 12, 1, 2),
    "暑假": (7, 8), "暑假前": (5, 6), "寒假": (1, 2), "暑期": (7, 8), "寒暑假": (1, 2, 7, 8),
    "年底": (11, 12), "年末": (11, 12), "岁末": (12,), "年初": (1, 2, 3), "年中": (6, 7),
    "期末": (1, 6, 7), "开学": (2, 3, 8, 9), "期中": (4, 5, 10, 11), "毕业季": (5, 6, 7),
    "中考": (5, 6), "高考": (5, 6), "高温": (6, 7, 8, 9), "送清凉": (6, 7, 8, 9), "防暑降温": (6, 7, 8, 9),
    "入夏前": (4, 5, 6), "入冬前": (10, 11), "春运": (1, 2), "汛期前": (4, 5),
}
_SEASONS_LONGEST_FIRST = sorted(SEASON_MONTHS, key=len, reverse=True)
# Campaigns a month holds once: two activities of one in the same month are one piece of work
# said twice (慰问高温下坚守岗位的职工 and 高温季节慰问一线人员 are both the summer 送清凉).
CAMPAIGNS: dict[str, re.Pattern] = {
    "送清凉": re.compile(r"送清凉|防暑|高温[^；;。]{0,8}慰问|慰问[^；;。]{0,10}高温"),
    "送温暖": re.compile(r"送温暖"),
    "安全生产月": re.compile(r"安全生产月"),
    "两癌筛查": re.compile(r"两癌筛查"),
    "金秋助学": re.compile(r"金秋助学"),
    "春风行动": re.compile(r"春风行动|春送岗位"),
    # one round of visits a month (春节前走访慰问困难职工 and 走访慰问一线医护人员 in one 一月)
    "走访慰问": re.compile(r"走访慰问"),
    # one sports meet and one walk a month (车间岗位特色运动会 and 秋季职工运动会 in one 十月)
    "运动会": re.compile(r"运动会"),
    "健步走": re.compile(r"健步走|徒步"),
}


def same_campaign(a: str, b: str) -> str:
    """The campaign two activities of one month both belong to, else ""."""
    return next((name for name, p in CAMPAIGNS.items() if p.search(a) and p.search(b)), "")


# Spans that need every one of their parts inside the period (春秋两季: spring and autumn).
SPAN_MONTHS: dict[str, tuple[tuple[int, ...], ...]] = {
    "春秋两季": ((2, 3, 4, 5), (8, 9, 10, 11)), "春秋季": ((2, 3, 4, 5), (8, 9, 10, 11)),
    "上下半年": ((1, 2, 3, 4, 5, 6), (7, 8, 9, 10, 11, 12)),
    "全年": tuple((m,) for m in range(1, 13)),  # a whole year's count belongs to an annual plan
}


# How often something recurs or how long it counts over, and the months a plan needs to say it
# (in any text, in a goal): a month's plan cannot promise 每半年 (the blind readers let a quarter's
# plan say 每半年 and 年内: its work goes on), but a goal is a target for the plan's own period:
# 年内 or 每年 in a quarter's goals, 每学年 in a half-year's, promise what the plan does not cover.
RECURRENCE_MONTHS: dict[str, tuple[int, int]] = {
    "每学期": (2, 2), "每半年": (2, 6), "每学年": (2, 12), "每年": (2, 12), "年内": (2, 12),
    "全年": (0, 12), "今年": (0, 12),
}


# A festival's name inside an honour's name is no date (三八红旗手, 五一劳动奖章, 五四青年奖章).
_HONOUR = re.compile(r"红旗|劳动奖|青年奖|奖章|奖状")
# A festival named together with its partner (元旦春节“两节”) is one campaign that begins with the
# partner: its month is the partner's.
PAIRED = {"春节": "元旦"}
# ... when it is the campaign of visits; an event (元旦、春节前举办迎新春联欢会) in a plan that
# ends in December is next year's (read blind in three 下半年 and 第四季度 plans).
PAIRED_CAMPAIGN = re.compile(r"两节|送温暖|慰问|走访|帮扶|看望")


def names_festival(word: str, text: str) -> bool:
    """Does text name the festival `word` as a date (not inside an honour's name)?"""
    pos = text.find(word)
    return pos >= 0 and not _HONOUR.match(text, pos + len(word))


def festival_outside(text: str, months: set[int], calendar: list[tuple[int, int]] = ()) -> str:
    """The first festival or observance of text whose month is not among the period's months;
    with the period's (year, month) pairs, a lunar one by that year's calendar (中秋 on
    15 September 2027 is outside a fourth quarter although 中秋 may fall in October)."""
    for word, fest in FESTIVAL_MONTHS.items():
        if not names_festival(word, text):
            continue
        if calendar and word in festivals.LUNAR_NAMES:
            inside = any(festivals.fits(word, y, m) for y, m in calendar)
        else:
            inside = bool(months & set(fest))
        if inside:
            continue
        partner = PAIRED.get(word)
        if (partner and months & set(FESTIVAL_MONTHS[partner]) and PAIRED_CAMPAIGN.search(text)
                and word not in re.sub(f"{partner}[、和与及]?{word}", "", text)):
            continue  # every 春节 is the pair's (not 元旦春节送温暖…在春节前完成)
        return word
    return ""


def goal_beyond(text: str, months: set[int]) -> str:
    """The first recurrence or span word of a goal longer than the period's months, or ""."""
    return next((w for w, (_, goal) in RECURRENCE_MONTHS.items() if w in text and len(months) < goal), "")


def season_outside(text: str, months: set[int], calendar: list[tuple[int, int]] = ()) -> str:
    """The first festival, season or time-of-year word of text that falls outside the period's
    months (lunar festivals by the calendar's years when given), or a recurrence longer than
    the period, or ""."""
    for word, (needed, _) in RECURRENCE_MONTHS.items():
        if word in text and len(months) < needed:
            return word
    word = festival_outside(text, months, calendar)
    if word:
        return word
    for word in _SEASONS_LONGEST_FIRST:  # 暑假前 is judged, not its 暑假
        if word in text:
            if not months & set(SEASON_MONTHS[word]):
                return word
            text = text.replace(word, "")
    for word, parts in SPAN_MONTHS.items():
        if word in text and not all(months & set(p) for p in parts):
            return word
    return ""


# ---- references that go stale ------------------------------------------------------------
@dataclass(frozen=True)
class Reference:
    pattern: str  # regex matching the reference as written
    series: str  # "party", "union" or "fyp" (five-year plan)
    first_year: int  # first plan year it can be current for
    last_year: int  # last plan year it is current for


def _congress(series: str, prefix: str, ordinals: list[tuple[str, int]],
              overlap: int = 0) -> list[Reference]:
    """overlap: years an old one stays current after its successor's first year."""
    refs = []
    for i, (num, year) in enumerate(ordinals):
        last = ordinals[i + 1][1] - 1 + overlap if i + 1 < len(ordinals) else 9999
        refs.append(Reference(prefix.format(num=num), series, year, last))
    return refs


# Congresses and five-year plans with the year each began. Only those already held or adopted
# are listed (today is before 党的二十一大, 中国工会十九大 and “十六五”): the latest listed one
# stays current until its successor is added here, so no plan is told to cite a future congress.
_PARTY = [("十六", 2002), ("十七", 2007), ("十八", 2012), ("十九", 2017), ("二十", 2022)]
_UNION = [("十四", 2003), ("十五", 2008), ("十六", 2013), ("十七", 2018), ("十八", 2023)]
_FYP = [("十一", 2006), ("十二", 2011), ("十三", 2016), ("十四", 2021), ("十五", 2026)]

# Party congresses: 十八大 was Nov 2012, 二十大 Oct 2022. A plan written for the congress
# year itself may still cite the previous one, so the old one stays current through that year.
# "党的十八大以来" (since the 18th congress) is history, not a citation as current: not matched.
# "党的十八精神" (大 dropped, as scraped plans write it) is matched.
REFERENCES: list[Reference] = (
    _congress("party", r"(?:(?:党的|中共)[“\"]?{num}(?:大|(?=[”\"]?精神))|(?<![工会总第])[“\"]?{num}大"
                       r"(?=[”\"]|精神|报告|和|、|及))(?![”\"]?以来)", _PARTY, overlap=1)
    + _congress("party", r"{num}届[一二三四五六七]中全会", _PARTY, overlap=1)
    + _congress("union", r"(?:中国工会|全总|工会)(?:第)?{num}(?:次全国代表)?大(?![”\"]?以来)",
                _UNION, overlap=1)
    # Five-year plans run on calendar years: 十四五 is 2021–2025, 十五五 from 2026.
    + _congress("fyp", r"[“\"]?{num}五[”\"]?(?:规划|时期|期间|计划)", _FYP)
)


def current_reference(series: str, year: int) -> str:
    """What is current for a plan of `year`: '党的二十大', '中国工会十八大', '“十四五”'."""
    ordinals = {"party": _PARTY, "union": _UNION, "fyp": _FYP}[series]
    # The latest one begun in or before the plan's year (in that year the new one takes over:
    # plans for next year are written after the autumn congress).
    num = ordinals[0][0]
    for n, start in ordinals:
        if start <= year:
            num = n
    return {"party": f"党的{num}大", "union": f"中国工会{num}大", "fyp": f"“{num}五”"}[series]


def stale_references(text: str, year: int) -> list[tuple[re.Match, Reference]]:
    """References in text that were current only before `year` (cited as current = a fault)."""
    found = []
    for ref in REFERENCES:
        if ref.last_year < year:
            found += [(m, ref) for m in re.finditer(ref.pattern, text)]
    return found


# ---- placeholders -------------------------------------------------------------------------
# A figure only the user knows, left for them to fill in (新建工会驿站【　】个): not a template
# leftover; the app lists it as 待填写 and the evaluator counts it (fill_in), not as a fault.
FILL_IN = "【　】"
FILL_IN_RE = re.compile(r"【\s*】")  # as read back: text tools may turn its full-width space into " "

# 20xx年, XX月, ××, __, ＊＊, 20*年, *市, 某某, ‘’. Markdown bold (**text**) is not a placeholder.
PLACEHOLDER_RE = re.compile(
    r"(?:19|20)[xX×＊*]{1,2}"  # 20xx, 20*, 19XX
    r"|[xX×]{2,}"  # XX, ××
    r"|(?<![A-Za-z])[xX×](?=[年月日号届周位名个项次])"  # X月, x名
    r"|_{2,}|＿{2,}|＊{2,}"  # __, ＿＿, ＊＊
    r"|(?<!\*)[*＊](?=[年月日号市县区省镇乡村])"  # *年 ('计划*年工会主要工作'), *市
    r"|某某|（空）|\[\s*\]"
    r"|“\s*”|‘\s*’|《\s*》"  # quotes with the name left out (建功‘’)
)


# ---- themes -------------------------------------------------------------------------------
THEMES: dict[str, tuple[str, ...]] = {
    "民主管理": ("教代会", "职代会", "职工代表大会", "教职工代表大会", "民主管理", "民主监督",
             "校务公开", "厂务公开", "院务公开", "园务公开", "政务公开", "提案"),
    "队伍建设": ("师德", "队伍建设", "职业道德", "医德", "培训", "读书", "学习型", "素质"),
    "送温暖": ("送温暖", "帮扶", "慰问", "困难职工", "困难教职工", "五必访", "关爱", "互助",
            "看望", "金秋助学"),
    "文体活动": ("文体", "文艺", "体育", "运动会", "联欢", "健身", "拔河", "登山", "球赛",
             "兴趣小组", "协会", "趣味"),
    "女职工": ("女职工", "女教职工", "女工", "三八", "妇女节", "女性"),
    "自身建设": ("自身建设", "工会干部", "积极分子", "职工之家", "教工之家", "建家", "换届",
             "工会小组", "会员评家"),
    "劳动竞赛": ("劳动竞赛", "技能竞赛", "岗位练兵", "技术比武", "合理化建议", "劳模", "工匠",
             "技能比武"),
    "维权": ("维权", "合法权益", "集体协商", "集体合同", "工资协商", "劳动合同", "劳动争议",
           "调解"),
    "组建会员": ("组建", "入会", "会员", "建会", "农民工", "新就业形态"),
    "经费经审": ("经费", "经审", "财务", "审计", "会费"),
    "安全生产": ("安全生产", "劳动保护", "安全隐患", "职业病", "安康杯"),
    "职工健康": ("健康", "体检", "疗休养", "心理", "疗养"),
    "思想政治": ("思想政治", "政治学习", "理论学习", "宣传", "主题教育", "社会主义核心价值观"),
}


def themes_in(text: str) -> set[str]:
    """The themes whose keywords occur in text."""
    return {theme for theme, words in THEMES.items() if any(w in text for w in words)}


# ---- synonyms of focus topics -------------------------------------------------------------
# Words a plan may use for the same topic; a brief's focus "教代会" is covered by "职工代表大会".
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("教代会", "教职工代表大会", "职代会", "职工代表大会", "教职工大会", "会员代表大会"),
    ("师德", "师德师风", "职业道德", "医德", "医德医风", "师风"),
    ("送温暖", "帮扶", "慰问", "困难职工", "困难教职工", "帮困", "扶贫帮困"),
    ("女职工", "女教职工", "女工", "女性职工", "女医务人员"),
    ("健康", "体检", "疗休养", "身心健康", "心理健康", "健身"),
    ("文体活动", "文体", "文艺", "体育", "运动会", "联欢"),
    ("校务公开", "厂务公开", "院务公开", "园务公开", "政务公开", "居务公开", "事务公开"),
    ("劳动竞赛", "技能竞赛", "岗位练兵", "技术比武", "技能比武", "岗位技能"),
    ("集体协商", "集体合同", "工资协商", "工资集体协商", "平等协商"),
    ("维权", "合法权益", "权益维护", "权益保障"),
    ("职工之家", "教工之家", "建家", "模范职工之家", "职工小家"),
    ("经费", "经审", "财务管理", "会费", "经费审查"),
    ("安全生产", "安康杯", "劳动保护", "安全隐患", "安全管理"),
    ("新就业形态", "快递员", "外卖送餐员", "网约车司机", "货车司机"),
    ("入会", "会员发展", "建会", "组建工会"),
    ("读书", "书屋", "阅读", "读书会"),
    ("退休", "离退休", "老同志", "老干部"),
    ("青年", "青年教师", "青年职工", "新教师"),
    ("民主管理", "民主监督", "民主决策", "民主评议"),
)
# Words too general to decide whether a topic is covered.
GENERIC_WORDS = frozenset(("工作", "建设", "活动", "管理", "服务", "提升", "加强", "开展", "推进",
                           "做好", "教职工", "职工", "员工", "干部职工", "工会", "我校", "全面",
                           "进一步", "持续", "深化", "落实", "组织", "的", "和", "与", "及"))


def synonyms(word: str) -> set[str]:
    """word and every word of the synonym groups that contain it (or that it contains)."""
    out = {word}
    for group in SYNONYM_GROUPS:
        if any(w == word or (len(w) >= 2 and w in word) for w in group):
            out |= set(group)
    return out
