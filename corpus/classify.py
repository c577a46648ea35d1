"""Classify a plan by org_type, period, kind and year from weighted keyword evidence.

Evidence comes from the plan's own title (strongest), the site's intro naming the plan, the
opening lines (where a plan names its subject: “镇总工会工作的总体思路是…”) and the body.
Mentions of superior bodies (“在区总工会的指导下”, “根据市总工会…精神”) name who the plan
follows, not who wrote it, so they are removed before counting organisation words. A title
that a collection repeats for every plan (“学校工会工作计划工作思路 篇三”) is weak evidence of
the organisation but still states the collection's period and kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from plandraft.vocab import KINDS, ORG_TYPES, PERIODS

_CAP = 6  # count a keyword at most this often, so one repeated word cannot decide alone
_OPENING_CHARS = 160

ORG_KEYWORDS: dict[str, dict[str, float]] = {
    "幼儿园": {"幼儿园": 3, "我园": 3, "园务": 3, "全园": 3, "办园": 2, "幼儿": 2, "保育": 3, "园长": 2,
             "园党支部": 3, "园工会": 3, "幼教": 2, "园行政": 3},
    "学校": {"学校": 1.5, "我校": 3, "校务公开": 2, "全校": 2, "校园": 1, "教师": 1, "教职工": 1,
           "教代会": 1, "教学": 1, "小学": 3, "中学": 3, "高校": 3, "学院": 2, "学期": 1, "学年": 1,
           "师德": 1, "校工会": 3, "校党": 2, "课堂": 1, "教研": 1, "学生": 1},
    "企业": {"公司": 2, "我公司": 3, "企业工会": 2, "员工": 1.5, "班组": 1.5, "车间": 2, "集团": 2,
           "分公司": 3, "项目部": 3, "厂务公开": 0.5, "安全生产": 0.5, "企务公开": 2, "分会": 1},
    "机关事业单位": {"机关工会": 3, "机关干部": 3, "机关": 1.5, "处室": 3, "事业单位": 1, "科室": 1,
                "局机关": 3, "供销社": 2, "公务": 2, "干部职工": 1, "服务型机关": 3},
    "乡镇街道": {"镇总工会": 4, "镇工会": 4, "全镇": 3, "镇党委": 3, "我镇": 3, "本镇": 3, "乡镇": 1,
             "街道工会": 4, "街道": 1.5, "镇政府": 3, "镇机关": 2},
    "县区总工会": {"县总工会": 4, "区总工会": 4, "市总工会": 1, "全县": 3, "全区": 3, "全市": 2,
               "县委": 3, "区委": 3, "市委": 2, "我县": 3, "我区": 2, "我市": 2, "县域": 3,
               "各级工会": 1, "工会组建": 1, "建会": 1, "农民工": 1},
    "社区": {"社区工会": 4, "社区": 2, "居民": 2, "居委": 3, "居务": 3},
    "医院": {"医院": 3, "医务": 3, "医护": 3, "患者": 3, "病人": 2, "护士": 3, "医疗质量": 3,
           "医德": 2, "卫生院": 3, "病区": 3},
}
PERIOD_KEYWORDS: dict[str, dict[str, float]] = {
    "上半年": {"上半年": 2},
    "下半年": {"下半年": 2},
    "学期": {"本学期": 3, "新学期": 3, "新学年": 4, "学年": 2, "第一学期": 4, "第二学期": 4, "学期": 1,
           "期末": 1, "开学": 1, "本期": 2},
    "季度": {"季度": 3, "本季度": 4},
    "月度": {"本月": 3, "月度": 3},
    "年度": {"全年": 2, "本年度": 3, "年度": 2, "新的一年": 3, "今年": 0.5, "明年": 2, "年初": 1,
           "年终": 1, "一年": 1},
}
KIND_KEYWORDS: dict[str, dict[str, float]] = {
    "总结": {"取得了": 2, "开展了": 1, "组织了": 1, "举办了": 1, "完成了": 1.5, "一年来": 3, "以来": 1,
           "已经": 1, "已": 0.5, "截止": 2, "共计": 1, "被评为": 2, "荣获": 2, "获得了": 1, "进行了": 1,
           "召开了": 1, "参加了": 1, "回顾": 2, "总结": 0.5, "成绩": 1, "小结": 2, "汇报": 1},
    "计划": {"将": 1, "要": 0.5, "拟": 2, "力争": 2, "争取": 1.5, "计划": 1, "继续": 1, "进一步": 0.5,
           "确保": 1, "打算": 2, "安排": 0.5, "要点": 1},
}
_TITLE_KIND = {"总结": re.compile(r"总结|小结|汇报|回顾|述职"), "计划": re.compile(r"计划|要点|打算|思路|安排|方案")}
# “在区总工会的指导下”, “根据市总工会…精神”, “贯彻…区总工会第x次代表大会精神”: superiors, not the author.
_TITLE_PERIOD = {"上半年": re.compile("上半年"), "下半年": re.compile("下半年"),
                 "学期": re.compile("学期|学年"), "季度": re.compile("季度"),
                 "月度": re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?工作|月度"),
                 "年度": re.compile(r"\d{4}年(?:度)?工作|年度|明年|全年")}
_SUPERIOR = re.compile(
    r"在[^，。；]{0,30}?(?:指导|领导|支持)下|(?:根据|按照|依据|贯彻|落实|学习)[^，。；]{0,40}?(?:精神|要求|部署|规定|意见)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"([一二三四五六七八九〇零○]{4})\s*年")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_MIN_ORG_SCORE = 3  # below this no organisation type is evident: 其他


@dataclass
class Classification:
    org_type: str
    period: str
    kind: str
    year: int | None


def classify(title: str, text: str, *, hint: str = "", generic_title: bool = False,
             month_headings: int = 0) -> Classification:
    """Classify one plan. month_headings: how many distinct months its schedule lists."""
    opening = text[:_OPENING_CHARS]
    org_sources = [(title, 0.5 if generic_title else 4), (hint, 2),
                   (_SUPERIOR.sub("", opening), 3), (_SUPERIOR.sub("", text), 1)]
    org_scores = _scores(ORG_KEYWORDS, org_sources)
    org_type = max(org_scores, key=org_scores.get)
    if org_scores[org_type] < _MIN_ORG_SCORE:
        org_type = "其他"

    sources = [(title, 5), (hint, 3), (opening, 3), (text, 1)]
    period_scores = _scores(PERIOD_KEYWORDS, sources)
    if month_headings >= 8:  # a month-by-month schedule over most of the year
        period_scores["年度"] += 6
    elif 3 <= month_headings <= 6 and org_type in ("学校", "幼儿园"):
        period_scores["学期"] += 3
    period = _title_period(title) or _title_period(hint) or max(PERIODS, key=lambda p: (period_scores[p], p == "年度"))
    if period_scores[period] < 3:
        period = "年度"

    kind_scores = _scores(KIND_KEYWORDS, [(opening, 2), (text, 1)])
    for source, weight in ((title, 3 if generic_title else 6), (hint, 4)):
        for kind, pattern in _TITLE_KIND.items():
            kind_scores[kind] += weight * bool(pattern.search(source))
    kind = "总结" if kind_scores["总结"] > kind_scores["计划"] else "计划"

    assert org_type in ORG_TYPES and period in PERIODS and kind in KINDS
    return Classification(org_type, period, kind, find_year(title if not generic_title else "", text))


def _title_period(title: str) -> str | None:
    """A period the title states outright (“下半年工作计划”, “新学年…”, “一季度…”) decides."""
    found = [p for p, pattern in _TITLE_PERIOD.items() if pattern.search(title)]
    return found[0] if len(found) == 1 else None


def _scores(table: dict[str, dict[str, float]], sources: list[tuple[str, float]]) -> dict[str, float]:
    scores = dict.fromkeys(table, 0.0)
    for label, keywords in table.items():
        for word, weight in keywords.items():
            for source, source_weight in sources:
                if source:
                    scores[label] += weight * source_weight * min(source.count(word), _CAP)
    return scores


def find_year(title: str, text: str) -> int | None:
    """The year a plan states for itself: in its title, its opening, or its closing date."""
    for source in (title, text[:_OPENING_CHARS * 2], text[-40:]):
        m = _YEAR.search(source)
        if m:
            return int(m.group(1))
        m = _CN_YEAR.search(source)
        if m:
            return int("".join(_CN_DIGIT[c] for c in m.group(1)))
    return None
