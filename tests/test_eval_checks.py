"""Each format/consistency check catches a fault planted in a clean plan (a computed edit of
tests/eval_plans.CLEAN_PLAN) and is silent on the clean plan itself."""
from __future__ import annotations

from dataclasses import replace

import pytest

from eval.corpusdata import load
from eval.evaluate import Evaluator
from eval.findings import FORMAT_CHECKS
from plandraft.settings import Settings
from tests.eval_plans import CLEAN_BRIEF, CLEAN_PLAN


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator(load(Settings()))


def checks_of(evaluator, text, brief=CLEAN_BRIEF):
    return {f.check for f in evaluator.evaluate(text, brief).findings}


def plant(old: str, new: str, text: str = CLEAN_PLAN) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_clean_plan_has_no_findings(evaluator):
    ev = evaluator.evaluate(CLEAN_PLAN, CLEAN_BRIEF)
    assert ev.findings == []
    assert ev.scores == {"sections": 1.0, "themes": 1.0, "focus": 1.0, "format": 1.0,
                         "usable": 1.0, "focus_depth": 1.0, "measurable_goals": 1.0,
                         "calendar": 1.0}
    assert {x.label for x in ev.items} == {"ok"} and len(ev.items) > 25


def test_clean_plan_without_brief_is_understood(evaluator):
    ev = evaluator.evaluate(CLEAN_PLAN)
    assert (ev.context["org_type"], ev.context["period"], ev.context["year"]) == ("学校", "下半年", 2025)
    assert ev.findings == []


@pytest.mark.parametrize("token", ["20xx", "XX", "__", "＊＊", "××", "x月"])
def test_placeholder(evaluator, token):
    text = plant("（一）加强组织领导。", f"（一）加强组织领导，由{token}负责。")
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("placeholder")
    assert len(found) == 1 and found[0].line == text.splitlines().index(
        next(line for line in text.splitlines() if token in line)) + 1


def test_markdown_bold_is_not_a_placeholder(evaluator):
    text = plant("（一）加强组织领导。", "（一）**加强组织领导**。")
    assert "placeholder" not in checks_of(evaluator, text)


@pytest.mark.parametrize("old, new, year", [
    ("党的二十大", "党的十九大", 2025),
    ("中国工会十八大", "中国工会十七大", 2025),
    ("围绕学校教育教学中心工作", "围绕“十三五”规划和学校中心工作", 2025),
    ("围绕学校教育教学中心工作", "围绕“十四五”规划和学校中心工作", 2026),
])
def test_stale_reference(evaluator, old, new, year):
    text = plant(old, new)
    brief = replace(CLEAN_BRIEF, year=year)
    found = evaluator.evaluate(text.replace("2025年", f"{year}年"), brief).by_check("stale_reference")
    assert found and all("不是现行提法" in f.message for f in found)


def test_current_references_are_not_stale(evaluator):
    text = plant("围绕学校教育教学中心工作", "围绕“十四五”规划收官和学校中心工作")
    assert "stale_reference" not in checks_of(evaluator, text)
    history = plant("深入学习贯彻", "回顾党的十八大以来的成就，深入学习贯彻")
    assert "stale_reference" not in checks_of(evaluator, history)


def test_numbering_gap(evaluator):
    text = plant("（二）加强师德建设", "（三）加强师德建设")
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("numbering")
    assert any("不连续" in f.message and "（三）" in f.message for f in found)


def test_numbering_top_level_gap(evaluator):
    text = plant("三、主要工作", "五、主要工作")
    assert "numbering" in checks_of(evaluator, text)


def test_numbering_wrong_nesting(evaluator):
    # A second-level heading written with a first-level marker inside a section.
    text = plant("（二）加强师德建设，提升教师素养", "二、加强师德建设，提升教师素养")
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("numbering")
    assert found


@pytest.mark.parametrize("old, new, bad", [
    ("十一月：举办教职工趣味运动会", "三月：举办教职工趣味运动会", "三月"),
    ("在中秋、国庆和元旦前夕", "在三八节、国庆和元旦前夕", "三八"),
    ("1. 十一月举办教职工趣味运动会", "1. 春季举办教职工趣味运动会", "春季"),
])
def test_period_months_outside(evaluator, old, new, bad):
    text = plant(old, new)
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("period")
    assert len(found) == 1 and bad in found[0].message


def test_period_wrong_year(evaluator):
    text = plant("年底对照计划逐项检查", "2023年底对照计划逐项检查")
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("period")
    assert len(found) == 1 and "2023年" in found[0].message


def test_period_relative_month_is_fine(evaluator):
    text = plant("年底对照计划逐项检查", "年底对照计划逐项检查，明年3月向教代会报告")
    assert "period" not in checks_of(evaluator, text)


@pytest.mark.parametrize("old, new, word", [
    ("校务公开栏", "院务公开栏", "院务公开"),
    ("为建设人民满意的学校贡献力量", "为建设人民满意的我园贡献力量", "我园"),
    ("改善教工之家活动室设施", "改善公司工会活动室设施", "公司工会"),
])
def test_org_words_of_another_type(evaluator, old, new, word):
    found = evaluator.evaluate(plant(old, new), CLEAN_BRIEF).by_check("org")
    assert len(found) == 1 and word in found[0].message


def test_org_check_follows_the_brief(evaluator):
    # The same school plan is foreign to a company.
    found = evaluator.evaluate(CLEAN_PLAN, replace(CLEAN_BRIEF, org_type="企业")).by_check("org")
    assert any("教代会" in f.message for f in found)


def test_duplicate_paragraph(evaluator):
    line = "2. 组织青年教师与骨干教师结对，每月开展一次课堂教学交流和读书分享。"
    text = plant("3. 改善教工之家活动室设施", line.replace("2.", "3.") + "\n4. 改善教工之家活动室设施")
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("duplicate")
    assert len(found) == 1 and f"第{CLEAN_PLAN.splitlines().index(line) + 1}行" in found[0].message


def test_length_far_too_short(evaluator):
    text = "\n".join(CLEAN_PLAN.splitlines()[:8])
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("length")
    assert any("远短于" in f.message for f in found)


def test_length_far_too_long(evaluator):
    lines = CLEAN_PLAN.splitlines()
    start = lines.index("四、月份安排")
    # Many distinct schedule lines: long without being duplicates.
    extra = [f"十二月：第{i}项安排，组织第{i}批教职工参加志愿服务和岗位培训，做好记录与反馈。"
             for i in range(1, 400)]
    text = "\n".join(lines[:start + 1] + extra + lines[start + 1:])
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("length")
    assert any("远长于" in f.message for f in found)


def test_length_empty_section(evaluator):
    text = CLEAN_PLAN.split("五、保障措施")[0] + "五、保障措施\n"
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("length")
    assert len(found) == 1 and "保障措施" in found[0].message


def test_copy_from_a_source_plan(evaluator):
    source = max(evaluator.corpus.baseline_plans(), key=lambda p: len(p.text))
    lines = [ln for ln in source.text.splitlines() if len(ln) > 60]
    passage = "".join(lines[:3])[:240]
    text = plant("3. 举办教职工信息技术应用培训", passage + "\n4. 举办教职工信息技术应用培训")
    found = evaluator.evaluate(text, CLEAN_BRIEF).by_check("copy")
    assert len(found) >= 1 and any(source.title in f.message for f in found)


def test_missing_sections(evaluator):
    lines = CLEAN_PLAN.splitlines()
    goal = lines.index("二、工作目标")
    work = lines.index("三、主要工作")
    text = "\n".join(lines[:goal] + lines[work:])
    ev = evaluator.evaluate(text, CLEAN_BRIEF)
    assert [f.message for f in ev.by_check("missing_section")] == [
        next(f.message for f in ev.findings if "工作目标" in f.message)]
    # It costs what real plans of the kind make it worth: the share of them with goals.
    weight = evaluator.corpus.sections.weights("学校", "下半年")["工作目标"]
    assert ev.scores["sections"] == pytest.approx(1 - weight / 4)


def test_month_schedule_required_by_period(evaluator):
    text = CLEAN_PLAN.split("四、月份安排")[0] + ("四、保障措施\n（一）工会主席每月向学校党支部汇报一次"
                                               "工作进展，年底向教代会报告全年计划完成情况。\n")
    half_year = evaluator.evaluate(text, CLEAN_BRIEF)
    assert any("月份安排" in f.message for f in half_year.by_check("missing_section"))
    quarter = evaluator.evaluate(text, replace(CLEAN_BRIEF, period="季度", term="第四季度"))
    assert not quarter.by_check("missing_section")


def test_section_synonyms(evaluator):
    text = (plant("一、指导思想", "一、总体思路").replace("二、工作目标", "二、目标任务")
            .replace("三、主要工作", "三、具体措施").replace("四、月份安排", "附：月工作安排")
            .replace("五、保障措施", "四、保障措施"))
    ev = evaluator.evaluate(text, CLEAN_BRIEF)
    assert ev.scores["sections"] == 1.0 and not ev.by_check("missing_section")


def test_focus_missing_and_synonyms(evaluator):
    brief = replace(CLEAN_BRIEF, focus=["职工代表大会", "师德师风", "劳动竞赛"])
    ev = evaluator.evaluate(CLEAN_PLAN, brief)
    assert [f.message for f in ev.by_check("focus")] == ["重点“劳动竞赛”没有出现在任何标题或条目中",
                                                         "重点“劳动竞赛”只有0条可用的具体内容（至少需要3条）"]
    assert ev.scores["focus_depth"] == pytest.approx(2 / 3)
    assert ev.scores["focus"] == pytest.approx(2 / 3)


def test_every_format_check_has_a_planted_fault_test():
    planted = {name[len("test_"):].split("_")[0] for name in globals() if name.startswith("test_")}
    aliases = {"stale": "stale_reference", "copy": "copy"}
    assert set(FORMAT_CHECKS) <= {aliases.get(p, p) for p in planted}


def test_period_school_term_outside_schools(evaluator):
    text = plant("年底对照计划逐项检查", "本学期末对照计划逐项检查")
    company = replace(CLEAN_BRIEF, org_type="企业")
    found = evaluator.evaluate(text, company).by_check("period")
    assert len(found) == 1 and "本学期" in found[0].message
    assert "period" not in checks_of(evaluator, text)  # a school may speak of its term
