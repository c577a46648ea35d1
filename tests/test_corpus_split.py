"""Splitting the real seed collections into single plans."""
from __future__ import annotations

import pytest

from corpus.load import load_corpus
from corpus.split import split_collection
from plandraft.settings import DEFAULT_CORPUS

# 000, 001 and 004 counts are given; 002 and 003 were counted by reading them: 002 is one
# marked plan (篇1) with two more glued on at a line starting with a space (城东中学 is the
# third), 003 has 篇一–篇五 (篇五's marker sits on its own line under the title line).
EXPECTED = {"000": 5, "001": 6, "002": 3, "003": 5, "004": 12}


@pytest.fixture(scope="module")
def plans():
    result = load_corpus([DEFAULT_CORPUS])
    assert not result.skipped
    return result.plans


def test_split_counts(plans):
    counts = {}
    for plan in plans:
        prefix = plan.source[:3]
        counts[prefix] = counts.get(prefix, 0) + 1
    assert counts == EXPECTED


def test_ids_are_stem_and_index_in_order(plans):
    for prefix, n in EXPECTED.items():
        ids = [p.id for p in plans if p.source.startswith(prefix)]
        stem = next(p.source for p in plans if p.source.startswith(prefix)).rsplit(".", 1)[0]
        assert ids == [f"{stem}#{i}" for i in range(1, n + 1)]
    assert len({p.id for p in plans}) == len(plans)


def test_ids_are_stable_across_loads(plans):
    again = load_corpus([DEFAULT_CORPUS]).plans
    assert [(p.id, p.title, p.text) for p in again] == [(p.id, p.title, p.text) for p in plans]


def test_plans_start_where_their_marker_is(plans):
    by_id = {p.id: p for p in plans}
    first = by_id["000_f186568b1092f67c#1"]
    assert first.text.startswith("本学年度，我校工会")
    assert by_id["000_f186568b1092f67c#2"].text.startswith("20xx年，镇总工会工作的总体思路是")
    assert by_id["002_1b749907c5a84fb5#1"].title == "新学年小学工会工作计划"
    assert by_id["002_1b749907c5a84fb5#2"].text.startswith("一、指导思想")
    assert by_id["002_1b749907c5a84fb5#3"].text.startswith("在新的一年里，城东中学工会")
    assert by_id["002_1b749907c5a84fb5#3"].title == "城东中学工会工作计划"
    # 篇五's title line sits above a lone "## 篇五" line: it must not stay in 篇四's text.
    assert "学校工会工作计划工作思路" not in by_id["003_5af1446764a84d13#4"].text
    assert by_id["004_bf61c35d47157a57#12"].text.startswith("以邓小平理论和“三个代表”重要思想为指导")


def test_marker_forms():
    text = "总标题(大全3篇)\n\n计划篇一\n甲校工会第一份计划正文。\n计划 篇2\n乙园工会第二份。\n篇3：丙公司工会计划\n正文三。\n写一篇学习心得，这一行不是标记。"
    parts = split_collection(text)
    assert [p.title for p in parts] == ["计划 篇一", "计划 篇2", "丙公司工会计划"]
    assert parts[2].body.strip().endswith("这一行不是标记。")


def test_text_without_markers_is_one_plan_and_first_short_line_is_title():
    parts = split_collection("实验小学工会2025年工作计划\n一、指导思想\n正文。")
    assert len(parts) == 1
    assert parts[0].title == "实验小学工会2025年工作计划"
    assert parts[0].body.startswith("一、指导思想")


def test_glued_plan_splits_but_an_indented_text_does_not():
    text = "一、甲\n正文一。\n 在新的一年里，乙校工会将继续努力。\n二、乙"
    assert len(split_collection(text)) == 2
    indented = "\n".join(f" {n}、我校工会第{n}项工作，做好。" for n in range(1, 8))
    assert len(split_collection(indented)) == 1


def test_markdown_titles_split_a_user_collection():
    text = ("# 实验小学工会2025年工作计划\n\n## 一、指导思想\n团结教职工。\n\n"
            "# 城东中学工会2025年工作计划\n\n## 一、指导思想\n服务教职工。\n")
    parts = split_collection(text)
    assert [p.title for p in parts] == ["实验小学工会2025年工作计划", "城东中学工会2025年工作计划"]
    assert "服务教职工" in parts[1].body and "服务教职工" not in parts[0].body
