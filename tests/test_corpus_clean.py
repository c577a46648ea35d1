"""Cleaning the noisy seeds: no site boilerplate survives in any chunk; repairs hold."""
from __future__ import annotations

import pytest

from corpus.chunk import chunk_plan
from corpus.clean import clean
from corpus.load import load_corpus
from plandraft.settings import DEFAULT_CORPUS

# Strings seen in corpus/raw/ that belong to the web pages, not to any plan.
BOILERPLATE = [
    "您的位置", "快淘范文网", "投诉建议", "时间:2021", "时间：2021", "小编", "计划是人们在面对",
    "时间过得真快", "时间流逝得如此之快", "光阴的迅速", "一个好的工作计划能使", "仅供参考", "欢迎大家阅读",
    "希望对大家", "一起来看", "相关文章", "有关工会年终工作总结范文", "其他网友还浏览了",
    "市科技局上半年工作总结", "本文档由", "zhann", "由网站收集整理", "大全5篇", "范文6篇", "优秀5篇",
    "(20__年幼儿园工会工作计划)", "\\*", "\\_", '\\"', "`", "^v^", "...", "□", "篇一2、",
]


@pytest.fixture(scope="module")
def plans():
    return load_corpus([DEFAULT_CORPUS]).plans


@pytest.fixture(scope="module")
def chunks(plans):
    return [c for plan in plans for c in chunk_plan(plan, 400)]


def test_no_boilerplate_in_any_chunk(chunks):
    assert len(chunks) > 100
    found = [(c.plan_id, s) for c in chunks for s in BOILERPLATE if s in c.text]
    assert found == []


def test_no_boilerplate_in_plan_text_or_titles(plans):
    found = [(p.id, s) for p in plans for s in BOILERPLATE if s in p.text or s in p.title]
    assert found == []


def test_lines_broken_mid_sentence_are_rejoined(plans):
    text = "\n".join(p.text for p in plans)
    for joined in ("进一步提高广大教职工的道德素养", "参与安全事故的调查处理和“三同时”工作",
                   "社会主义核心价值体系、职业道德建设", "并及时向有关部门反映，尽量给职工一个满意的答复",
                   "开展教代会代表的培训", "探索和完善职工成长成才的有效途径"):
        assert joined in text, joined


def test_markdown_escapes_and_stray_marks_repaired(plans):
    text = "\n".join(p.text for p in plans)
    assert "富有情趣的业余文化生活环境" in text  # was 的`业余
    assert "推进“三项工程”为重点" in text  # was \"三项工程\"
    assert "倾听员工的意见和建议" in text  # was 员工的'意见
    assert "__年，积极落实学校新的工作目标" in text  # \_\_ placeholder kept as __


def test_teaser_line_removed_but_its_content_kept(plans):
    first = next(p for p in plans if p.id == "004_bf61c35d47157a57#1")
    assert first.text.startswith("2、积极倡导文明机关、文明处室、文明岗位的创建活动")
    assert first.text.count("积极倡导文明机关") == 1


def test_clean_rules_on_small_inputs():
    raw = ("您的位置:某网>范文\n投诉建议\n时间:2021-12-30 12:57:46 工会工作计划\n"
           "下面是小编收集整理的工会工作计划，仅供参考。\n"
           "一、加强民主管理,推进校务公开\n"
           "要坚持\\\"两个普遍\\\"，进一步提高广大教\n\n职工的道德素养[由网站收集整理]。\n"
           "- 1、召开工会委员会会议\n"
           "【有关工会工作计划】相关文章:\n有关工会年终工作总结范文九篇02-12\n")
    assert clean(raw) == ("一、加强民主管理，推进校务公开\n"
                          "要坚持“两个普遍”，进一步提高广大教职工的道德素养。\n"
                          "1、召开工会委员会会议")


def test_clock_times_keep_their_colon():
    assert "7:00-7:30" in clean("每天7:00-7:30开放健身房，鼓励教师锻炼。")
