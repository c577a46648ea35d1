"""Brief parsing: every org type and period, defaults recorded as notes, flags override, bad input."""
from datetime import date

import pytest

from drafting.brief import MAX_CHARS, parse_brief
from drafting.period import label, months, plan_title
from plandraft.errors import PlandraftError
from plandraft.vocab import ORG_TYPES, PERIODS

NOV = date(2026, 11, 21)
MAY = date(2026, 5, 10)

ORG_BRIEFS = {
    "学校": "实验小学工会 2025年下半年工作计划，重点：教代会、师德建设、教职工健康",
    "幼儿园": "阳光幼儿园工会2026年工作计划",
    "企业": "红星机械有限公司工会2026年第三季度工作计划，重点是劳动竞赛和安全生产",
    "机关事业单位": "市教育局机关工会2026年工作计划",
    "乡镇街道": "东城街道总工会2026年上半年工作计划",
    "县区总工会": "海淀区总工会2026年工作计划",
    "社区": "幸福社区工会2026年10月份工作计划",
    "医院": "县人民医院工会2026年上半年工作计划，重点：医德医风、女职工",
    "其他": "2026年工会工作计划",
}


@pytest.mark.parametrize("org_type", ORG_TYPES)
def test_every_org_type_is_recognised(org_type):
    brief = parse_brief(ORG_BRIEFS[org_type], today=NOV)
    assert brief.org_type == org_type
    if org_type == "其他":
        assert any("其他" in n for n in brief.notes)


def test_the_issue_example():
    b = parse_brief(ORG_BRIEFS["学校"], today=NOV)
    assert (b.org_name, b.year, b.period, b.term) == ("实验小学", 2025, "下半年", "")
    assert b.focus == ["教代会", "师德建设", "教职工健康"]
    assert b.notes == []
    assert plan_title(b) == "实验小学工会2025年下半年工作计划"


@pytest.mark.parametrize("text,period,term,first,last", [
    ("实验小学工会2025年工作计划", "年度", "", (2025, 1), (2025, 12)),
    ("实验小学工会2025年上半年工作计划", "上半年", "", (2025, 1), (2025, 6)),
    ("实验小学工会2025年下半年工作计划", "下半年", "", (2025, 7), (2025, 12)),
    ("实验小学工会2025-2026学年第一学期工作计划", "学期", "2025—2026学年第一学期", (2025, 9), (2026, 1)),
    ("实验小学工会2025-2026学年第二学期工作计划", "学期", "2025—2026学年第二学期", (2026, 2), (2026, 7)),
    ("实验小学工会2025年第三季度工作计划", "季度", "第三季度", (2025, 7), (2025, 9)),
    ("实验小学工会2025年9月份工作计划", "月度", "9月", (2025, 9), (2025, 9)),
])
def test_every_period_and_its_months(text, period, term, first, last):
    b = parse_brief(text, today=NOV)
    assert (b.period, b.term) == (period, term)
    ms = months(b)
    assert (ms[0], ms[-1]) == (first, last)
    assert str(b.year) in label(b) or "学年" in label(b)


def test_all_periods_covered_by_the_table_above():
    texts = [parse_brief(t, today=NOV).period for t in (
        "实验小学工会2025年工作计划", "实验小学工会2025年上半年工作计划", "实验小学工会2025年下半年工作计划",
        "实验小学工会秋季学期工作计划", "实验小学工会第一季度工作计划", "实验小学工会9月份工作计划")]
    assert set(texts) == set(PERIODS)


def test_default_year_is_the_coming_year_late_in_the_year():
    late = parse_brief("红星公司工会工作计划", today=NOV)
    early = parse_brief("红星公司工会工作计划", today=MAY)
    assert (late.year, early.year) == (2027, 2026)
    assert any("未写明年份，按2027年" in n for n in late.notes)
    assert any("年度计划" in n for n in late.notes)


def test_semester_without_season_follows_the_calendar():
    assert "第二学期" in parse_brief("实验小学工会学期工作计划", today=NOV).term  # next spring
    assert "第一学期" in parse_brief("实验小学工会学期工作计划", today=date(2026, 8, 20)).term
    assert parse_brief("实验小学工会新学年工作计划", today=MAY).term.endswith("第一学期")


def test_flags_override_the_text():
    b = parse_brief(ORG_BRIEFS["学校"], org_type="企业", period="年度", year=2027, today=NOV)
    assert (b.org_type, b.period, b.year) == ("企业", "年度", 2027)
    with pytest.raises(PlandraftError, match="单位类型"):
        parse_brief(ORG_BRIEFS["学校"], org_type="工厂")
    with pytest.raises(PlandraftError, match="计划期间"):
        parse_brief(ORG_BRIEFS["学校"], period="全年")


@pytest.mark.parametrize("text,needle", [
    ("", "为空"), ("   \n ", "为空"),
    ("x" * 10_000, "太长"), ("工会计划" * 2500, "太长"),
    ("Union work plan for the second half of 2025", "中文"),
    ("🎉🎉🙂👍", "没有可识别的中文"), ("2025 !!!", "没有可识别的中文"),
])
def test_bad_briefs_get_a_chinese_message(text, needle):
    with pytest.raises(PlandraftError, match=needle) as info:
        parse_brief(text, today=NOV)
    assert "例如" in str(info.value)  # says what to write instead


def test_a_long_but_reasonable_brief_is_accepted():
    text = ORG_BRIEFS["学校"] + "。" + "另外请注意突出教职工关爱。" * 20
    assert len(text) < MAX_CHARS
    assert parse_brief(text, today=NOV).org_type == "学校"


@pytest.mark.parametrize("text, focus", [
    ("晨光幼儿园工会2027年上半年工作计划，围绕保教支持、女教职工权益", ["保教支持", "女教职工权益"]),
    ("启明学院工会2027年工作计划，聚焦劳模工匠、数字化工会", ["劳模工匠", "数字化工会"]),
    ("蓝海化工集团工会2027年下半年工作计划，关注职业病防护和夏送清凉", ["职业病防护", "夏送清凉"]),
    ("城东小学工会2027年工作计划：教代会、师德师风", ["教代会", "师德师风"]),
])
def test_focus_is_read_after_every_cue(text, focus):
    assert parse_brief(text, today=date(2026, 11, 30)).focus == focus


def test_a_monthly_schedule_asked_for_is_not_a_monthly_plan_nor_a_focus():
    b = parse_brief("向阳幼儿园工会2027年工作计划，附月度活动安排，重点：师德师风", today=date(2026, 11, 30))
    assert (b.period, b.focus) == ("年度", ["师德师风"])
    b = parse_brief("阳光实验学校工会2026—2027学年第二学期工作计划，附月度活动安排", today=date(2026, 11, 30))
    assert b.period == "学期" and b.focus == []
