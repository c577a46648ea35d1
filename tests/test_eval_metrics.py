"""The document parser and the structure metrics, on Chinese text: sections, themes, focus,
and heading soft recall (STORM's formula) with the real bundled embeddings."""
from __future__ import annotations

import numpy as np
import pytest

from eval.corpusdata import load
from eval.document import parse
from eval.evaluate import Evaluator, heading_titles
from eval.focus import content_words
from eval.shingles import normalise
from eval.softrecall import SoftRecall
from plandraft.lexicon import THEMES
from plandraft.settings import Settings
from tests.conftest import make_settings
from tests.eval_plans import CLEAN_BRIEF, CLEAN_PLAN


@pytest.fixture(scope="module")
def corpus():
    return load(Settings())


def test_parser_reads_the_heading_tree():
    doc = parse(CLEAN_PLAN)
    assert doc.title == "实验小学工会2025年下半年工作计划" and doc.title_line == 1
    top = [(n.marker, n.title) for n in doc.nodes]
    assert top == [("一、", "指导思想"), ("二、", "工作目标"), ("三、", "主要工作"),
                   ("四、", "月份安排"), ("五、", "保障措施")]
    work = doc.nodes[2]
    assert [c.marker for c in work.children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert [c.number for c in work.children[0].children] == [1, 2, 3]
    months = [c.title for c in doc.nodes[3].children]
    assert months == ["七月", "八月", "九月", "十月", "十一月", "十二月"]
    first_item = work.children[0].children[0]
    assert CLEAN_PLAN.splitlines()[first_item.line - 1].startswith("1. 九月开学后")


def test_parser_markdown_and_half_width_markers():
    text = "# 城关镇总工会2026年工作计划\n## 一、指导思想\n以……为指导。\n## 二、主要工作\n(一)建会入会\n1、推进新就业形态劳动者入会。\n(1)摸清底数。\n(2)集中入会。\n(二)维权服务\n"
    doc = parse(text)
    assert doc.title == "城关镇总工会2026年工作计划"
    work = doc.nodes[1]
    assert work.md_level == 2 and [c.family for c in work.children] == ["paren_cn", "paren_cn"]
    item = work.children[0].children[0]
    assert item.family == "arabic" and [c.number for c in item.children] == [1, 2]


def test_chinese_text_is_scored_not_dropped():
    # Scorers that keep only [a-z0-9] would reduce every Chinese line to "" and match everything.
    assert normalise("加强工会自身建设，提升服务水平。") == "加强工会自身建设提升服务水平"
    assert content_words("教职工健康") == ["健康"]
    assert content_words("新就业形态劳动者入会") == ["新就业形态", "劳动者", "入会"]


def test_sections_score_and_order_of_synonyms(corpus):
    ev = Evaluator(corpus, topics=False).evaluate(
        "一、目标任务\n（一）提案办结率百分之百。\n二、工作重点\n（一）办好教代会。\n（二）做好慰问。\n",
        CLEAN_BRIEF)
    messages = [f.message for f in ev.by_check("missing_section")]
    missing = {m.split("”")[0].split("“")[1] for m in messages if m.startswith("缺少")}
    assert missing == {"指导思想", "月份安排"}  # 目标任务 is a goal section, 工作重点 main work
    # Two stubs under 工作重点: the part is there but holds nothing usable.
    assert any(m.startswith("“工作重点”下没有一条可用的内容") for m in messages)
    weights = corpus.sections.weights(CLEAN_BRIEF.org_type, CLEAN_BRIEF.period)
    presence = 1 - (weights["指导思想"] + weights["月份安排"]) / 4
    assert ev.scores["sections"] == pytest.approx(presence * (1 - 1 / 2))


def test_section_weights_follow_real_plans(corpus):
    """A section most real plans of the kind leave out weighs nothing; one they all have, 1."""
    weights = corpus.sections.weights("学校", "年度")
    assert weights["主要工作"] >= 0.5
    assert weights["工作目标"] == 0.0  # few real school plans have a goals heading
    plan = "一、主要工作\n（一）九月召开教代会，审议绩效工资分配方案，听取提案办理情况报告。\n"
    without_goals = Evaluator(corpus, topics=False).evaluate(plan, CLEAN_BRIEF)
    assert any("缺少“工作目标”" in f.message for f in without_goals.findings)  # still reported


def test_theme_profile_is_mined_from_real_plans(corpus):
    profile = corpus.profiles.profile("学校")
    assert "民主管理" in profile and all(0.5 <= s <= 1 for s in profile.values())
    # Remove every line touching one profiled theme: coverage drops and the theme is named.
    theme = "文体活动"
    assert theme in profile
    kept = [ln for ln in CLEAN_PLAN.splitlines() if not any(w in ln for w in THEMES[theme])]
    ev = Evaluator(corpus).evaluate("\n".join(kept), CLEAN_BRIEF)
    assert any(f"“{theme}”" in f.message for f in ev.by_check("theme"))
    assert ev.scores["themes"] == pytest.approx(1 - 1 / len(profile))


def _one_hot(texts: list[str]) -> np.ndarray:
    """Orthogonal vector per distinct text: soft recall must then equal plain set recall."""
    vocab = {t: i for i, t in enumerate(sorted(set(texts)))}
    out = np.zeros((len(texts), 1000), dtype=np.float32)
    for row, t in enumerate(texts):
        out[row, hash(t) % 1000 if t not in vocab else vocab[t]] = 1.0
    return out


def test_soft_recall_formula_reduces_to_set_recall_for_orthogonal_headings():
    soft = SoftRecall(_one_hot)
    ref = ["指导思想", "工作目标", "主要工作", "月份安排"]
    assert soft.card(set(ref)) == pytest.approx(4.0)
    assert soft.recall(ref, ["指导思想", "主要工作", "女职工工作"]) == pytest.approx(2 / 4)
    assert soft.recall(ref, []) == 0.0


@pytest.fixture(scope="module")
def real_soft(tmp_path_factory, shared_models_dir):
    from retrieval.embeddings import get_embeddings
    settings = make_settings(tmp_path_factory.mktemp("eval-home"), shared_models_dir)
    return SoftRecall(get_embeddings(settings).embed_documents)


def test_soft_recall_with_real_embeddings(real_soft):
    ref = heading_titles(parse(CLEAN_PLAN))
    assert len(ref) >= 10
    assert real_soft.recall(ref, ref) == pytest.approx(1.0)
    half = ref[: len(ref) // 2]
    paraphrased = ["总体思路", "目标任务", "具体措施", "推进民主管理，开好教代会", "加强师德师风建设",
                   "关心职工生活，做好帮扶工作", "开展文体活动", "加强自身建设", "月工作安排", "保障措施"]
    unrelated = ["安全生产月活动", "劳动竞赛与技能比武", "集体协商要约", "农民工入会集中行动"]
    r_half = real_soft.recall(ref, half)
    r_para = real_soft.recall(ref, paraphrased)
    r_unrel = real_soft.recall(ref, unrelated)
    assert 0 < r_unrel < r_half < 1
    assert r_unrel < r_para
    # Distinct Chinese headings are not one blob: their soft cardinality is well above 1.
    assert real_soft.card(set(ref)) > 3


def test_reference_outline_in_evaluate(corpus, real_soft):
    ev = Evaluator(corpus, embed=real_soft.vectors.embed)
    reference = "一、指导思想\n二、工作目标\n三、主要工作\n（一）安全生产\n（二）劳动竞赛\n四、月份安排\n"
    result = ev.evaluate(CLEAN_PLAN, CLEAN_BRIEF, reference)
    assert 0 < result.scores["soft_recall"] < 1
    missed = " ".join(f.message for f in result.by_check("reference"))
    assert "安全生产" in missed and "指导思想" not in missed
