"""Parsing heading trees: nested numbering, points vs headings, month schedules."""
from __future__ import annotations

import pytest

from corpus.headings import parse_headings
from corpus.load import load_corpus
from plandraft.settings import DEFAULT_CORPUS

NESTED = """\
以科学发展观为指导，团结动员全体教职工。
一、指导思想
坚持全心全意依靠教职工办学。
二、主要工作
（一）加强师德建设
1、开展师德教育
组织教职工学习师德规范。
（1）举办师德讲座
（2）评选师德标兵
2、落实教代会职权。每学期召开一次教代会，审议学校重大事项。
（二）关心教职工生活
1、做好送温暖工作，对生病或有困难的教职工及时慰问，把组织的温暖送到教职工心里。
2、组织教职工体检，关心女教职工的特殊权益，按时做好妇女病普查工作，保障身体健康。
三、保障措施
## 经费保障
工会经费专款专用。
附月份工作安排
二月：
1、召开工会委员会会议。
2、制定工作计划。
9月份:
1、庆祝教师节。
"""


def _outline(sections, depth=0):
    rows = []
    for s in sections:
        rows.append((depth, s.level, s.marker, s.title))
        rows.extend(_outline(s.children, depth + 1))
    return rows


def test_nested_sample():
    sections = parse_headings(NESTED)
    assert sections[0].level == 0 and sections[0].title == ""
    assert sections[0].text == "以科学发展观为指导，团结动员全体教职工。"
    assert _outline(sections[1:]) == [
        (0, 1, "一、", "指导思想"),
        (0, 1, "二、", "主要工作"),
        (1, 2, "（一）", "加强师德建设"),
        (2, 3, "1、", "开展师德教育"),
        (2, 3, "2、", "落实教代会职权"),
        (1, 2, "（二）", "关心教职工生活"),
        (0, 1, "三、", "保障措施"),
        (1, 2, "", "经费保障"),
        (0, 1, "", "附月份工作安排"),
        (1, 2, "", "二月"),
        (1, 2, "", "9月份"),
    ]
    main = sections[2]
    teacher = main.children[0].children[0]
    # (1)(2) are short items with nothing under them: points, kept as the parent's text.
    assert teacher.text == "组织教职工学习师德规范。\n（1）举办师德讲座\n（2）评选师德标兵"
    assert main.children[0].children[1].text == "每学期召开一次教代会，审议学校重大事项。"
    # Long numbered sentences are points of （二）, not headings.
    care = main.children[1]
    assert care.children == [] and care.text.startswith("1、做好送温暖工作") and "\n2、组织教职工体检" in care.text
    schedule = sections[4]
    assert schedule.children[0].text == "1、召开工会委员会会议。\n2、制定工作计划。"


def test_walk_gives_heading_paths():
    sections = parse_headings(NESTED)
    paths = [path for top in sections for path, _ in top.walk()]
    assert ("主要工作", "加强师德建设", "开展师德教育") in paths


@pytest.fixture(scope="module")
def by_id():
    return {p.id: p for p in load_corpus([DEFAULT_CORPUS]).plans}


def test_real_plan_with_lead_sentence_items(by_id):
    """000 篇二: 一、…五、 each with items like “1、深化劳动竞赛活动。着眼全镇…”."""
    sections = by_id["000_f186568b1092f67c#2"].sections
    assert sections[0].level == 0 and sections[0].text.startswith("20xx年，镇总工会工作的总体思路是")
    top = sections[1:]
    assert [s.marker for s in top] == ["一、", "二、", "三、", "四、", "五、"]
    assert top[0].title == "凝聚职工智慧力量，进一步推动科学发展"
    assert [len(s.children) for s in top] == [3, 5, 2, 3, 3]
    first = top[0].children[0]
    assert (first.level, first.marker, first.title) == (2, "1、", "深化劳动竞赛活动")
    assert first.text.startswith("着眼全镇发展目标")


def test_real_plan_points_stay_in_parent_and_months_nest(by_id):
    """000 篇一: （一）… with long numbered points; then 月份工作安排 > 二月 … 十二月."""
    sections = by_id["000_f186568b1092f67c#1"].sections
    titled = [s for s in sections if s.title]
    assert [s.title for s in titled[:5]] == ["重视教职工队伍建设", "加强工会自身建设", "不断推进学校民主建设",
                                             "加大送温暖工作力度", "积极开展形式多样的文体活动"]
    assert titled[0].children == []
    assert titled[0].text.startswith("1.积极配合学校党政") and "\n5、积极推进学校“三名工程”建设" in titled[0].text
    schedule = titled[5]
    assert schedule.title == "月份工作安排"
    assert [c.title for c in schedule.children] == ["二月", "三月", "四月", "五月", "六月", "九月", "十月",
                                                    "十一月", "十二月"]
    assert schedule.children[4].text.startswith("1、召开工会干部例会")


def test_real_plan_three_levels(by_id):
    """002's second plan: 四、重点工作 > （三）加强师德建设 > 1、铸师魂."""
    sections = by_id["002_1b749907c5a84fb5#2"].sections
    key = next(s for s in sections if s.title == "重点工作")
    ethics = next(c for c in key.children if c.title == "加强师德建设，促进教师队伍的发展")
    assert [c.title for c in ethics.children] == ["铸师魂", "练师功", "强师能"]
    assert ethics.children[0].level == 3
    assert sections[-1].title == "附月份工作安排" and len(sections[-1].children) == 6


def test_markdown_numbered_headings(by_id):
    """003 篇一 writes ## 二、 and ### 三、 for the same level and ### 1. 一、二月 for months."""
    sections = by_id["003_5af1446764a84d13#1"].sections
    top = [s.title for s in sections]
    assert top[-3:] == ["总的要求", "落实措施", "活动安排"]
    assert sections[-1].children[0].title == "一、二月"
