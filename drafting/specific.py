"""What of a corpus sentence belongs to its own plan only, not to a plan action anyone could take:
places and regions (江苏省, 草原职工, 着眼全镇 in a company's plan), abbreviated school names
(北小), the writer's present situation (当前是公司的困难时期…) or a report of what was done
(已协调处理…, figures), statements of what something is (维护是工会的另一个职能), a quoted
verse opening a paragraph, and a clause left dangling where the sentence was cut
(…，对新加入工会组织的会员。).

`plan_action(text, org_type)` is the text without those parts, or None if nothing usable is left.
"""
from __future__ import annotations

import re

from drafting.adapt import CLAUSE

_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
              "广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门")
_CITIES = ("南京|苏州|无锡|常州|徐州|扬州|南通|杭州|宁波|温州|绍兴|嘉兴|广州|深圳|东莞|佛山|厦门|青岛|济南|"
           "武汉|长沙|成都|西安|郑州|合肥|南昌|福州|昆明|贵阳|南宁|哈尔滨|长春|沈阳|大连|石家庄|太原|"
           "呼和浩特|包头|兰州|西宁|银川|乌鲁木齐|拉萨|海口")
# A province, region or city by name, a named city/county/town body (苏州市总工会), a regional
# slogan's landscape word, a university's units (no org type of ours), or a school's short
# name (北小, 实小).
_PLACE = re.compile(rf"(?:{_PROVINCES}|{_CITIES})|草原|牧区|垦区|高校|院系|院部系"
                    r"|[\u4e00-\u9fff]{2}[省市县区镇乡](?:总工会|教育局|政府|人民|委员会)"
                    r"|(?<![大中小高初])[东南西北实][小中](?=十佳|工会|教师|教工|的)")
# "推动麒麟经济社会发展": a place named only by the economy it has.
_ECONOMY = re.compile(r"(?:推动|促进|服务|助推|助力)([\u4e00-\u9fff]{2})经济")
_NOT_A_NAME = {"地方", "区域", "当地", "本地", "社会", "国民", "实体", "民营", "县域", "城市", "农村"}
# Whole-area words: only a town's or county's plan speaks of its whole town or county.
_AREA = re.compile(r"[全我本][省市县区镇乡]|全街道|本街道")
_AREA_OK = {"乡镇街道": ("全镇", "全乡", "我镇", "我乡", "本镇", "本乡", "全街道", "本街道"),
            "县区总工会": ("全县", "全区", "全市", "我县", "我区", "我市", "本县", "本区", "本市")}
# The writer's situation or a quotation rather than a task: "当前是…时期", "近年来…", "正如…指出".
_SITUATION = re.compile(r"^(?:当前|目前|现阶段|近年来|近几年|今年是|明年是|今年，|去年|正如|我们相信|相信"
                        r"|今年[^，,。]{0,6}(?:前夕|以来|期间|初))")
# A report of what was done: "已协调处理…", or several figures (帮困职工260人，帮扶资金28000万).
_REPORT = re.compile(r"已(?:协调|处理|完成|建立|开展|举办|召开|发放|慰问|帮扶|筹集|走访)")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:人|万|元|户|次|名|家)")
# "X是Y的基础/职能…", "X具有…作用": a statement; a plan says what will be done.
_STATEMENT = re.compile(r"^[^，,；;。]{1,30}?(?:(?<![但还于就总若要凡只正更也])是(?!否|在|要)|具有[^，,；;。]*作用)")
_ACTION = re.compile(r"要|将|应|必须|需|努力|力争|坚持|开展|做好|抓好|加强|推进|落实")
_SLOGAN = re.compile(r"^“[^”]{4,}”[，,。！!]\s*")
# "…，对新加入工会组织的会员。" / "…，在党支部的领导下。": a preposition whose verb was cut off.
_DANGLING = re.compile(r"^(?:对于?|向|给|把|为|与|同)[^，,；;。]*的[^，,；;。的]{1,5}[，,；;。]?$"
                       r"|^(?:通过|随着|为了|根据|按照)[^，,；;。]{1,6}[，,；;。]?$"  # 通过这些活动。
                       r"|^在[^，,；;。]*[下中时前后上][，,；;。]?$")


def names_place(text: str, org_type: str) -> bool:
    """True if text names a place, region or other organisation that is not the brief's own."""
    if _PLACE.search(text) or any(m.group(1) not in _NOT_A_NAME and not _AREA.fullmatch(m.group(1))
                                  for m in _ECONOMY.finditer(text)):
        return True
    allowed = _AREA_OK.get(org_type, ())
    return any(m.group(0) not in allowed for m in _AREA.finditer(text))


def _sentence(sentence: str) -> str:
    """The sentence without leading statement clauses, or "" if it is a statement only."""
    clauses = CLAUSE.findall(sentence)
    if not clauses or not _STATEMENT.match(clauses[0]):
        return sentence
    if not _ACTION.search("".join(clauses[1:])):
        return ""
    while clauses and (_STATEMENT.match(clauses[0]) or not _ACTION.search(clauses[0])):
        clauses.pop(0)
    return "".join(clauses)


def plan_action(text: str, org_type: str) -> str | None:
    text = _SLOGAN.sub("", text.strip())
    if (not text or _SITUATION.match(text) or _REPORT.search(text) or len(_FIGURE.findall(text)) >= 2
            or names_place(text, org_type)):
        return None
    sentences = [s for s in (_sentence(s) for s in re.findall(r"[^。！？!?]+[。！？!?]?", text)) if s]
    clauses = CLAUSE.findall("".join(sentences))
    while len(clauses) > 1 and _DANGLING.match(clauses[-1]):
        clauses.pop()
    if len(clauses) == 1 and _DANGLING.match(clauses[0]):
        return None
    out = re.sub(r"[，,；;]$", "。", "".join(clauses))
    return out if len(out) >= 4 else None
