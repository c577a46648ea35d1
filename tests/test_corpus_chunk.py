"""Section chunks: heading paths, token budget, nothing lost, content-hash ids."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from corpus.chunk import PREAMBLE_PATH, chunk_hash, chunk_plan, count_tokens
from corpus.headings import parse_headings
from corpus.load import load_corpus
from plandraft.models import PATH_SEP, Plan
from plandraft.settings import DEFAULT_CORPUS


@pytest.fixture(scope="module")
def plans():
    return load_corpus([DEFAULT_CORPUS]).plans


def _plan(text: str) -> Plan:
    return Plan(id="t#1", title="测试计划", source="t.txt", org_type="学校", period="年度", kind="计划",
                year=2025, text=text, sections=parse_headings(text))


@pytest.mark.parametrize("budget", [120, 400])
def test_budget_and_nothing_lost(plans, budget):
    for plan in plans:
        chunks = chunk_plan(plan, budget)
        assert chunks, plan.id
        for c in chunks:
            assert c.tokens == count_tokens(c.text)
            # Only a single sentence longer than the budget may exceed it.
            assert c.tokens <= budget or len(re.findall(r"[。！？；]", c.text)) <= 1, (plan.id, c.section_path)
        joined = re.sub(r"\s", "", "".join(c.text for c in chunks))
        bodies = [line for top in plan.sections for _, s in top.walk() for line in s.text.split("\n")]
        for line in bodies:  # every paragraph under every heading survives
            assert re.sub(r"\s", "", line) in joined, (plan.id, line[:30])


def test_chunks_carry_the_heading_path_and_metadata(plans):
    plan = next(p for p in plans if p.id == "000_f186568b1092f67c#2")
    chunks = chunk_plan(plan, 120)
    paths = [c.section_path for c in chunks]
    assert paths[0] == PREAMBLE_PATH
    assert f"凝聚职工智慧力量，进一步推动科学发展{PATH_SEP}提升技术创新能力" in paths
    c = chunks[1]
    assert (c.plan_id, c.plan_title, c.org_type, c.period, c.kind) == (
        plan.id, plan.title, "乡镇街道", "年度", "计划")
    assert not c.text.startswith("一、")  # the chunk's own heading is metadata, not text
    assert c.metadata()["year"] == 0 and "text" not in c.metadata()


def test_small_sections_stay_whole_with_sub_headings_as_lines():
    plan = _plan("一、主要工作\n（一）师德建设\n组织学习师德规范。\n（二）民主管理\n办好教代会。")
    chunks = chunk_plan(plan, 400)
    assert len(chunks) == 1
    assert chunks[0].section_path == "主要工作"
    assert chunks[0].text == "（一）师德建设\n组织学习师德规范。\n（二）民主管理\n办好教代会。"


def test_oversize_section_splits_and_tiny_children_merge_into_parent():
    long_point = "加强教职工队伍建设，组织教职工认真学习师德规范，开展师德标兵评选，树立先进典型。" * 4
    text = ("一、主要工作\n主要工作的总体要求是依法维权。\n"
            f"（一）师德建设\n1、{long_point}\n2、{long_point}\n3、{long_point}\n"
            "（二）小事\n做好。\n（三）文体活动\n" + "组织教职工开展丰富多彩的文体活动，增强体质。" * 6)
    chunks = chunk_plan(_plan(text), 150)
    paths = [c.section_path for c in chunks]
    assert f"主要工作{PATH_SEP}师德建设" in paths and f"主要工作{PATH_SEP}文体活动" in paths
    assert all(c.tokens <= 150 for c in chunks)
    # （二）小事 is too small to stand alone: it is packed under its parent's path.
    parent = [c for c in chunks if c.section_path == "主要工作"]
    assert any("（二）小事\n做好。" in c.text for c in parent)
    assert not any(p.endswith("小事") for p in paths)


def test_ids_are_content_hashes(plans):
    plan = plans[0]
    first = chunk_plan(plan, 400)
    assert [c.id for c in first] == [c.id for c in chunk_plan(plan, 400)]
    assert len({c.id for c in first}) == len(first)
    assert all(c.id == chunk_hash(plan, c.section_path, c.text) for c in first)
    changed = replace(plan, sections=[replace(s) for s in plan.sections])
    changed.sections[1].text += "新增一句。"
    after = chunk_plan(changed, 400)
    edited = [c for c in first if c.section_path == plan.sections[1].title][-1]
    assert edited.id not in {c.id for c in after}
    # Every other chunk keeps its id, so re-ingesting the edited plan re-embeds one chunk.
    assert {c.id for c in first} - {c.id for c in after} == {edited.id}
