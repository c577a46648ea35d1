"""Classifying plans by org_type / period / kind / year with the shared vocabulary."""
from __future__ import annotations

import pytest

from corpus.classify import classify, find_year
from corpus.load import load_corpus
from plandraft.settings import DEFAULT_CORPUS
from plandraft.vocab import KINDS, ORG_TYPES, PERIODS


@pytest.fixture(scope="module")
def by_id():
    return {p.id: p for p in load_corpus([DEFAULT_CORPUS]).plans}


def test_every_label_is_in_the_vocabulary(by_id):
    for plan in by_id.values():
        assert plan.org_type in ORG_TYPES and plan.period in PERIODS and plan.kind in KINDS, plan.id


def test_known_org_types(by_id):
    assert by_id["000_f186568b1092f67c#2"].org_type == "乡镇街道"  # 镇总工会, though it names 区总工会 above it
    assert by_id["000_f186568b1092f67c#4"].org_type == "幼儿园"
    assert by_id["000_f186568b1092f67c#5"].org_type == "幼儿园"
    assert by_id["001_09a6458b8873b521#3"].org_type == "县区总工会"  # 区总工会
    assert by_id["000_f186568b1092f67c#3"].org_type == "县区总工会"  # 县总工会
    assert by_id["003_5af1446764a84d13#3"].org_type == "县区总工会"  # signed **区总工会, title says 学校
    assert by_id["004_bf61c35d47157a57#10"].org_type == "乡镇街道"  # 横河镇工会
    assert by_id["004_bf61c35d47157a57#12"].org_type == "社区"
    assert by_id["004_bf61c35d47157a57#1"].org_type == "机关事业单位"
    assert by_id["001_09a6458b8873b521#5"].org_type == "企业"  # 分公司工会


def test_known_periods(by_id):
    for plan_id, plan in by_id.items():
        if plan_id.startswith("004_"):
            assert plan.period == "下半年", plan_id
    assert by_id["002_1b749907c5a84fb5#1"].period == "学期"  # 新学年
    assert by_id["001_09a6458b8873b521#2"].period == "季度"  # the site's intro: 一季度分工会工作计划
    assert by_id["000_f186568b1092f67c#1"].period == "年度"  # 二月…十二月 schedule


def test_known_kinds(by_id):
    assert by_id["003_5af1446764a84d13#5"].kind == "总结"  # reports what was done (…取得了明显成绩)
    assert by_id["000_f186568b1092f67c#2"].kind == "计划"
    assert sum(p.kind == "计划" for p in by_id.values()) >= len(by_id) - 3


def test_superior_bodies_do_not_decide_org_type():
    text = "在区总工会的指导下和镇党委的领导下，镇总工会今年要做好以下工作。一、全镇职工劳动竞赛。"
    assert classify("", text).org_type == "乡镇街道"


@pytest.mark.parametrize(("text", "org_type"), [
    ("我院工会围绕医院中心工作，关心医护人员，改善患者就医体验，开展医德医风教育。", "医院"),
    ("社区工会联系辖区居民，推进居务公开，组织居民开展文体活动。", "社区"),
    ("公司工会组织员工开展班组劳动竞赛，车间开展技术比武。", "企业"),
    ("机关工会组织机关干部开展文明处室创建。", "机关事业单位"),
    ("本文只谈天气。", "其他"),
])
def test_org_type_from_body(text, org_type):
    assert classify("", text).org_type == org_type


def test_summary_and_year():
    text = ("2023年，我校工会在党支部领导下开展了一系列工作，取得了较好成绩。一年来共组织了三次教代会，"
            "被评为先进教工之家。")
    label = classify("学校工会2023年工作总结", text)
    assert (label.kind, label.year, label.period) == ("总结", 2023, "年度")


def test_title_period_decides():
    assert classify("某中学工会第一季度工作计划", "全年工作要有安排。今年要做好。").period == "季度"
    assert classify("某镇工会2024年9月份工作计划", "本月要做好。").period == "月度"


def test_year_only_when_stated():
    assert find_year("", "20xx年，镇总工会工作的总体思路是") is None
    assert find_year("", "……\n**区总工会\n二〇一三年四月") == 2013
