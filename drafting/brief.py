"""Free-text brief → Brief (org name and type, year, period, term, focus topics).

Flags given on the command line override what the text says. Whatever had to be assumed is
recorded in Brief.notes in Chinese. A brief is a short request: more than MAX_CHARS characters is
refused with a message (a pasted whole plan belongs in the corpus, not in the brief), so nothing
is silently cut away.
"""
from __future__ import annotations

import re
from datetime import date

from plandraft.cleantext import clean
from plandraft.errors import PlandraftError
from plandraft.models import Brief
from plandraft.vocab import check_org_type, check_period

MAX_CHARS = 1000
EXAMPLE = "例如：实验小学工会 2025年下半年工作计划，重点：教代会、师德建设"

# Name cues → org type, most specific first ("XX小学附属幼儿园" is a kindergarten, "区总工会"
# must win over the 区 of 社区).
ORG_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("幼儿园", ("幼儿园", "幼教", "托儿所", "保育院")),
    ("医院", ("医院", "卫生院", "卫生服务中心", "妇幼保健", "疾控", "医疗")),
    ("乡镇街道", ("街道总工会", "镇总工会", "乡总工会", "街道工会", "镇工会", "乡工会")),
    ("县区总工会", ("区总工会", "县总工会", "市总工会", "县区总工会", "总工会")),
    ("学校", ("小学", "中学", "大学", "学院", "学校", "高中", "初中", "职校", "中专", "技校",
             "一中", "二中", "实验学校", "校工会", "教职工")),
    ("社区", ("社区", "居委会", "村委会")),
    ("乡镇街道", ("街道", "乡镇", "镇政府", "乡政府", "镇")),
    ("企业", ("公司", "集团", "企业", "工厂", "厂", "银行", "酒店", "宾馆", "饭店", "车间", "有限", "股份")),
    ("机关事业单位", ("机关", "局", "委员会", "事业单位", "政府", "中心", "办公室", "法院",
                "检察院", "税务", "研究所", "站", "馆")),
)
_CN_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
_YEAR = re.compile(r"((?:19|20)\d{2}|[二][〇零][〇零一二三四五六七八九]{2})\s*年")
_SCHOOL_YEAR = re.compile(r"(20\d{2})\s*[-—–~至到]\s*(20\d{2})\s*学年(?:度)?")
_QUARTER = re.compile(r"第?([一二三四1-4])\s*季度")
_MONTH = re.compile(r"(?<!\d)(1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])\s*月份?(?:的)?(?:工会)?(?:工作)?计划")
_FOCUS_CUE = re.compile(r"(?:工作重点|重点工作|重点|侧重|突出|围绕|聚焦|关注|主要内容|内容|包括|要求)\s*(?:是|为|有|在于)?\s*[:：]?"
                        r"|[:：]")
# "附月度活动安排": a yearly (or term) plan that carries a month-by-month schedule, not a 月度
# plan and not a focus topic. Taken out before the period and the focus are read.
_SCHEDULE_ASK = re.compile(r"[，,；;]?\s*(?:并|另)?附(?:上|带)?(?:全年|每月|逐月|月度|月份|各月)?(?:工作|活动)?(?:安排|计划|行事历)表?")
_SPLIT = re.compile(r"[、，,；;。.！!？?\n/|]+|\s+|以及|(?<=[\u4e00-\u9fff]{2})[和及与](?=[\u4e00-\u9fff]{2})")
_NOISE = re.compile(r"^(?:请|帮我|帮忙|麻烦|给我|帮|为)*(?:写|起草|拟|制定|做)?(?:一份|一篇|个)?")
# Time words removed before looking for the name (the name may follow them).
_TIME_WORDS = re.compile(r"(?:19|20)\d{2}\s*[-—–~至到]\s*(?:19|20)\d{2}\s*学年度?|(?:19|20)\d{2}\s*年度?"
                         r"|二[〇零][〇零一二三四五六七八九]{2}年度?|本年度?|今年|明年|全年|上半年|下半年"
                         r"|第?[一二三四1-4]\s*季度|(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])\s*月份?"
                         r"|(?:第[一二]|春季|秋季|上|下|新|本)?学期|新学年|学年度?|季度|月度")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _cn_year(text: str) -> int:
    return int("".join(_CN_DIGITS.get(ch, ch) for ch in text))


def _cn_small(token: str) -> int:
    """Quarter or month number: '3', '三', '十一' → int."""
    if token.isdigit():
        return int(token)
    if token.startswith("十"):
        return 10 + ("一二".find(token[1:]) + 1 if len(token) > 1 else 0)
    return "一二三四五六七八九".find(token) + 1


def validate(text: str) -> str:
    """The brief stripped (control characters removed), or a PlandraftError saying what to write
    instead."""
    text = clean(text).strip()
    if not text:
        raise PlandraftError(f"简要需求为空：请写明单位、年份、计划期间和工作重点。{EXAMPLE}")
    if len(text) > MAX_CHARS:
        raise PlandraftError(
            f"简要需求太长（{len(text)} 字，上限 {MAX_CHARS} 字）：请只写单位、年份、期间和几个工作重点。"
            f"已有的计划或材料请用“添加范文”（plandraft ingest 文件）加入范文库。{EXAMPLE}")
    if len(_CJK.findall(text)) < 2:
        if re.search(r"[A-Za-z]", text):
            raise PlandraftError(f"请用中文写简要需求（目前只识别到英文）。{EXAMPLE}")
        raise PlandraftError(f"简要需求里没有可识别的中文内容（只有符号、数字或表情）。{EXAMPLE}")
    return text


def default_year(today: date) -> int:
    """Plans are written ahead: from November on, the coming year."""
    return today.year + 1 if today.month >= 11 else today.year


def _org_type(text: str) -> str | None:
    for org_type, cues in ORG_CUES:
        if any(cue in text for cue in cues):
            return org_type
    return None


def _org_name(text: str) -> str:
    first = re.split(r"[，,。；;\n]", text, maxsplit=1)[0]
    first = _NOISE.sub("", _TIME_WORDS.sub(" ", first).strip())
    m = re.search(r"([^\s]+?)\s*(?:工会|工作计划|计划)", first)
    name = (m.group(1) if m else "").strip(" 　:：-—")
    name = _NOISE.sub("", name)
    if m and m.group(0).endswith("工会") and name.endswith(("总", "机关")):
        name += "工会"  # 区总工会, 机关工会 keep their union word
    elif name.endswith("工会") and not name.endswith(("总工会", "机关工会")):
        name = name[:-2]
    return name if _CJK.search(name) and name != "工作" else ""


def _period(text: str, today: date, year: int | None, notes: list[str]) -> tuple[str, int | None, str]:
    """(period, year if the period pins it, term)."""
    sy = _SCHOOL_YEAR.search(text)
    if "学期" in text or "新学年" in text:
        spring = any(w in text for w in ("春季", "第二学期", "下学期"))
        autumn = any(w in text for w in ("秋季", "第一学期", "上学期", "新学年"))
        if sy:
            start = int(sy.group(1))
        elif year is not None:
            start = year - 1 if spring else year
        elif spring or autumn:
            start = today.year - 1 if spring and today.month < 11 else today.year
        else:
            # The term being planned: spring if we are in Nov–Jun, else autumn.
            spring = today.month >= 11 or today.month <= 6
            start = today.year if today.month >= 7 else today.year - 1
            notes.append(f"未写明哪个学期，按{'春季（第二学期）' if spring else '秋季（第一学期）'}起草。")
        if not spring and not autumn and (sy or year is not None):
            notes.append("未写明第一还是第二学期，按第一学期（秋季）起草。")
        term = f"{start}—{start + 1}学年{'第二学期' if spring else '第一学期'}"
        return "学期", start + 1 if spring else start, term
    if "上半年" in text:
        return "上半年", None, ""
    if "下半年" in text:
        return "下半年", None, ""
    q = _QUARTER.search(text)
    if q or "季度" in text:
        if q:
            return "季度", None, f"第{'一二三四'[_cn_small(q.group(1)) - 1]}季度"
        n = (today.month - 1) // 3 + 1
        nxt, y = (n + 1, None) if n < 4 else (1, today.year + 1)
        notes.append(f"未写明第几季度，按下一季度（第{'一二三四'[nxt - 1]}季度）起草。")
        return "季度", y if year is None else None, f"第{'一二三四'[nxt - 1]}季度"
    m = _MONTH.search(text)
    if m or "月度" in text:
        if m:
            return "月度", None, f"{_cn_small(m.group(1))}月"
        nxt = today.month % 12 + 1
        notes.append(f"未写明月份，按下个月（{nxt}月）起草。")
        return "月度", (today.year + 1 if nxt == 1 else None) if year is None else None, f"{nxt}月"
    if "学年" in text:
        return "年度", int(sy.group(1)) if sy else None, ""
    if not any(w in text for w in ("年度", "全年", "年工作计划", "年工会工作计划", "一年")):
        notes.append("未写明计划期间，按年度计划起草。")
    return "年度", None, ""


def _focus(text: str, notes: list[str]) -> list[str]:
    """The focus topics after a cue; one written without Chinese is named in a note, not used."""
    m = _FOCUS_CUE.search(text)
    if not m:
        return []
    topics: list[str] = []
    for part in _SPLIT.split(text[m.end():]):
        part = re.sub(r"^(?:和|及|与|加强|抓好|做好)?(.+?)(?:等方面|等工作|等)?$", r"\1", part.strip())
        if _CJK.search(part) and part not in topics:
            topics.append(part)
        elif re.search(r"[A-Za-z]{2,}", part):
            notes.append(f"重点“{part}”不是中文，没有识别为工作重点：请用中文写明（如“网上工会”“心理关爱”）。")
    return topics[:8]


def parse_brief(text: str, org_type: str | None = None, period: str | None = None,
                year: int | None = None, today: date | None = None) -> Brief:
    text = validate(text)
    org_type, period = check_org_type(org_type), check_period(period)
    today = today or date.today()
    notes: list[str] = []

    asked = _SCHEDULE_ASK.sub("", text)
    y = _YEAR.search(text)
    text_year = _cn_year(y.group(1)) if y else (
        today.year + 1 if "明年" in text else today.year if "今年" in text else None)
    p, period_year, term = _period(asked, today, year or text_year, notes)
    if period and period != p:
        p, term = period, ""
        if period == "学期":
            term = f"{(year or text_year or today.year)}—{(year or text_year or today.year) + 1}学年第一学期"
        elif period == "季度":
            term = "第一季度"
            notes.append("按 --period 指定的季度起草，未写明第几季度，按第一季度。")
        elif period == "月度":
            term = f"{today.month % 12 + 1}月"
            notes.append(f"按 --period 指定的月度计划起草，未写明月份，按{term}。")
        notes[:] = [n for n in notes if "计划期间" not in n]
    final_year = year or period_year or text_year
    if final_year is None:
        final_year = default_year(today)
        notes.append(f"未写明年份，按{final_year}年起草。")
    if not 1990 <= final_year <= 2100:
        raise PlandraftError(f"年份“{final_year}”不合理：请写 1990—2100 之间的年份。")

    name = _org_name(text)
    found_type = _org_type(name) or _org_type(text)
    if org_type is None:
        org_type = found_type or "其他"
        if found_type is None:
            notes.append("未能从简要需求判断单位类型，按“其他”起草（检索时放宽单位类型）；"
                         "可用 --org-type 指定。")
    if not name:
        notes.append("未写明单位名称，标题只写“工会”。")
    return Brief(text=text, org_name=name, org_type=org_type, year=final_year, period=p,
                 term=term, focus=_focus(asked, notes), notes=notes)
