"""Revision operations one by one (drafting/instructions, drafting/revise), locks, hand edits,
diffs, the version history, the outline table, and the CLI verbs that reach them."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from drafting import outline_rows
from drafting.compose import passes
from drafting.diff import diff, summary, to_html, to_text
from drafting.instructions import parse
from drafting.outline_text import outline_from_markdown, outline_to_markdown
from drafting.body import items_of
from drafting.revise import keep_locked
from drafting.store import draft_from_dict, draft_to_dict
from plandraft.engine import Engine
from plandraft.errors import PlandraftError
from plandraft.models import DraftSection

BRIEF = "阳光幼儿园工会 2026年上半年工作计划，重点：女教职工关爱、师德师风、文体活动"


@pytest.mark.parametrize("instruction,expected", [
    ("写得更具体，加上女教职工工作", [("concrete", "", []), ("add", "女教职工工作", [])]),
    ("删去第三、五条", [("delete", "", [3, 5])]),
    ("删去第2至4条", [("delete", "", [2, 3, 4])]),
    ("把第2条和第4条合并", [("merge", "", [2, 4])]),
    ("第5条提前", [("move", "", [5])]),
    ("第3条和第1条对调", [("swap", "", [3, 1])]),
    ("精简到3条", [("count", "", [3])]),
    ("只保留第1、2条", [("keep", "", [1, 2])]),
    ("删去关于微博的内容", [("remove", "微博", [])]),
    ("加上困难职工帮扶和女职工两癌筛查", [("add", "困难职工帮扶", []), ("add", "女职工两癌筛查", [])]),
    ("加上和谐劳动关系", [("add", "和谐劳动关系", [])]),
    ("重写这一部分", [("rewrite", "", [])]),
    ("写得更生动", [("unknown", "", [])]),
])
def test_instructions_are_read_as_operations(instruction, expected):
    assert [(op.kind, op.topic, op.numbers) for op in parse(instruction)] == expected


def test_rewording_and_replacement_keep_their_own_commas():
    (op,) = parse("把第3条改成：组织职工参加健步走，每季度一次")
    assert (op.kind, op.numbers, op.new) == ("replace", [3], "组织职工参加健步走，每季度一次")
    first, second = parse("把“职工，教师”改成“教职工”，删去第2条")
    assert (first.kind, first.old, first.new) == ("reword", "职工，教师", "教职工")
    assert (second.kind, second.numbers) == ("delete", [2])
    assert [(o.kind, o.month, o.topic) for o in parse("九月加上教师节慰问")] == [("add", 9, "教师节慰问")]


@pytest.fixture(scope="module")
def engine(drafting_settings):
    return Engine(drafting_settings, today=date(2026, 11, 21))


@pytest.fixture
def fresh(engine):
    return engine.draft(BRIEF)


def _main(draft, nth=0) -> int:
    return [i for i, it in enumerate(draft.outline.items, 1) if it.kind == "主要工作"][nth]


def _kind(draft, kind) -> int:
    return next(i for i, it in enumerate(draft.outline.items, 1) if it.kind == kind)


def _note(draft, n) -> str:
    return draft.sections[n - 1].versions[-1].note


def test_numbered_operations_use_the_numbers_the_user_saw(engine, fresh):
    n = _main(fresh)
    items = items_of(fresh.sections[n - 1].text)
    assert len(items) >= 4
    after = items_of(engine.revise(fresh.id, n, "删去第2条，第4条提前").sections[n - 1].text)
    assert after == [items[3], items[0], items[2], *items[4:]]
    after = items_of(engine.revise(fresh.id, n, "第1条和第2条对调，第2条放到最后").sections[n - 1].text)
    # numbers as shown before this instruction (1 = items[3], 2 = items[0]), also after the swap
    assert after == [items[3], items[2], *items[4:], items[0]]


def test_merge_reword_replace_and_count(engine, fresh):
    n = _main(fresh, 1)
    items = items_of(fresh.sections[n - 1].text)
    merged = items_of(engine.revise(fresh.id, n, "合并第1、2条").sections[n - 1].text)
    assert len(merged) == len(items) - 1
    assert merged[0].startswith(items[0].rstrip("。")) and items[1].rstrip("。") in merged[0]
    word = "幼儿园工会" if "幼儿园工会" in merged[1] else merged[1][2:5]
    reworded = engine.revise(fresh.id, n, f"把“{word}”改成“园工会”")
    assert word not in items_of(reworded.sections[n - 1].text)[1]
    assert "改成“园工会”" in _note(reworded, n)
    replaced = items_of(engine.revise(fresh.id, n, "把第1条改成：组织教职工参加健步走，每季度一次").sections[n - 1].text)
    assert replaced[0] == "组织教职工参加健步走，每季度一次。"
    three = items_of(engine.revise(fresh.id, n, "改成3条").sections[n - 1].text)
    assert len(three) == 3 and replaced[0] in three  # the user's own item is the strongest? kept
    five = engine.revise(fresh.id, n, "写成5条")
    assert len(items_of(five.sections[n - 1].text)) == 5 and "补充 2 条" in _note(five, n)


def test_added_items_are_the_theme_for_this_org_type_and_pass_the_checks(engine, fresh):
    n = _main(fresh, 2)
    before = items_of(fresh.sections[n - 1].text)
    revised = engine.revise(fresh.id, n, "加上困难职工帮扶")
    new = [t for t in items_of(revised.sections[n - 1].text) if t not in before]
    assert len(new) == 2 and all(passes(t, fresh.brief) for t in new)
    assert all("困难" in t or "帮扶" in t for t in new)
    assert not any(w in "".join(new) for w in ("我校", "车间", "患者", "社区居民"))
    goals = _kind(fresh, "工作目标")
    revised = engine.revise(fresh.id, goals, "加上职工之家建设")
    added = [t for t in items_of(revised.sections[goals - 1].text)
             if t not in items_of(fresh.sections[goals - 1].text)]
    assert added and all(any(ch.isdigit() for ch in t) or "【" in t for t in added)  # measurable


def test_a_topic_nothing_knows_is_said_so_and_nothing_is_padded(engine, fresh):
    n = _main(fresh)
    with pytest.raises(PlandraftError, match="知识库里没有“火星探测科普”.*llm"):
        engine.revise(fresh.id, n, "加上火星探测科普")
    assert engine.get(fresh.id).sections[n - 1].text == fresh.sections[n - 1].text
    # an item of another theme that only shares a broad word is not added for a specific topic
    try:
        revised = engine.revise(fresh.id, n, "加上女职工两癌筛查")
    except PlandraftError as exc:  # the draft may say it already: then that is what it says
        assert "两癌筛查" in str(exc)
    else:
        new = [t for t in items_of(revised.sections[n - 1].text) if t not in items_of(fresh.sections[n - 1].text)]
        assert new and all("两癌" in t or "筛查" in t for t in new)


def test_month_additions_go_into_their_month(engine, fresh):
    n = _kind(fresh, "月份安排")
    revised = engine.revise(fresh.id, n, "四月加上教职工读书分享会")
    april = next(t for t in items_of(revised.sections[n - 1].text) if t.startswith("四月："))
    assert "读书分享会" in april
    with pytest.raises(PlandraftError, match="九月不在本计划的期间内"):
        engine.revise(fresh.id, n, "九月加上教师节慰问")  # a 上半年 plan


def test_what_cannot_be_done_is_named_and_the_rest_is_done(engine, fresh):
    n = _main(fresh)
    revised = engine.revise(fresh.id, n, "写得更生动，删去第1条")
    note = _note(revised, n)
    assert "删去第 1 条" in note and "没有做到" in note and "写得更生动" in note
    assert items_of(revised.sections[n - 1].text) == items_of(fresh.sections[n - 1].text)[1:]
    before = engine.get(fresh.id).sections[n - 1].text
    with pytest.raises(PlandraftError, match="没有第 40 条"):
        engine.revise(fresh.id, n, "删去第40条")
    assert engine.get(fresh.id).sections[n - 1].text == before


def test_locked_items_stay_through_revisions(engine, fresh):
    n = _main(fresh)
    items = items_of(fresh.sections[n - 1].text)
    engine.lock(fresh.id, n, [1, 3])
    with pytest.raises(PlandraftError, match="第 1 条已锁定"):
        engine.revise(fresh.id, n, "删去第1条")
    rewritten = engine.revise(fresh.id, n, "重写")
    now = items_of(rewritten.sections[n - 1].text)
    assert now[0] == items[0] and now[2] == items[2] and now[1] != items[1]
    shorter = items_of(engine.revise(fresh.id, n, "改成2条").sections[n - 1].text)
    assert shorter == [items[0], items[2]]
    engine.lock(fresh.id, n, [1], locked=False)
    assert engine.get(fresh.id).sections[n - 1].locked == [items[2]]
    with pytest.raises(PlandraftError, match="没有第 9 条"):
        engine.lock(fresh.id, n, [9])


def test_keep_locked_puts_back_what_a_model_dropped():
    old = "1. 甲项工作要做实。\n\n2. 乙项工作要做细。\n\n3. 丙项工作要做好。"
    new = "1. 改写后的甲。\n\n2. 改写后的丙。"
    assert items_of(keep_locked(old, new, ["乙项工作要做细。"], "主要工作")) == [
        "改写后的甲。", "乙项工作要做细。", "改写后的丙。"]
    assert keep_locked(old, new, [], "主要工作") == new


def test_hand_edits_are_versions_and_bad_ones_change_nothing(engine, fresh):
    n = _main(fresh)
    edited = engine.edit(fresh.id, n, "组织教职工羽毛球比赛，每学期一次。\n\n开展合唱排练，每周一次。")
    section = edited.sections[n - 1]
    assert section.text == "1. 组织教职工羽毛球比赛，每学期一次。\n\n2. 开展合唱排练，每周一次。"
    assert section.versions[-1].action == "手工修改"
    for text, needle in (("  ", "是空的"), (section.text, "没有变化"), ("字" * 6000, "太长")):
        with pytest.raises(PlandraftError, match=needle):
            engine.edit(fresh.id, n, text)
    assert engine.get(fresh.id).sections[n - 1].text == section.text
    assert engine.undo(fresh.id, n).sections[n - 1].text == fresh.sections[n - 1].text


def test_version_history_model_and_old_drafts_load():
    s = DraftSection("甲", "一")
    s.commit("二", "精简")
    s.commit("三", "手工修改")
    assert s.undo() and s.undo() and s.text == "一" and not s.undo()
    assert s.redo() and s.text == "二"
    s.commit("四", "加上")  # a new branch: redo is gone, nothing is deleted
    assert not s.redo() and [v.text for v in s.versions] == ["一", "二", "三", "四"]
    s.restore(2)
    assert s.text == "三" and s.undo() and s.text == "四"
    # a draft saved before versions had times: its earlier texts become versions
    from plandraft.models import Brief, Draft, Outline, OutlineItem
    d = Draft("x", Brief("b", "单位", "企业", 2026, "年度"), Outline("t", [OutlineItem("甲")]),
              sections=[DraftSection("甲", "三")])
    data = draft_to_dict(d)
    data["sections"][0].update(versions=["一", "二"])
    for key in ("current", "undo_stack", "redo_stack", "locked"):
        data["sections"][0].pop(key)
    old = draft_from_dict(data).sections[0]
    assert [v.text for v in old.versions] == ["一", "二", "三"] and old.text == "三"
    assert old.undo() and old.text == "二" and old.undo() and old.text == "一"


def test_diff_marks_items_and_words_not_numbers():
    old = "1. 组织教职工参加健步走活动。\n\n2. 开展读书月活动。\n\n3. 召开座谈会。"
    new = "1. 组织全体教职工参加健步走活动。\n\n2. 召开座谈会。\n\n3. 举办书画展。"
    changes = diff(old, new)
    assert [c.tag for c in changes] == ["changed", "removed", "same", "added"]
    assert ("insert", "全体") in changes[0].words()
    assert summary(changes) == "新增 1 条，删去 1 条，改动 1 条"
    assert "<ins>全体</ins>" in to_html(changes) and "<del>开展读书月活动。</del>" in to_html(changes)
    assert to_text(changes).splitlines()[1] == "- 开展读书月活动。"
    assert [c.tag for c in diff(old, old.replace("1. ", "一、"))] == ["same"] * 3


def test_outline_table_round_trip_and_problems_beside_rows():
    md = ("# 青山纺织厂工会2026年工作计划\n## 一、指导思想\n- 坚持以职工为中心\n## 二、主要工作\n"
          "### （一）开展技能比武\n- 组织挡车工技能比武\n- 评选技术能手\n"
          "### （二）开好职代会，保障职工民主权利\n- 征集提案\n## 三、月份工作安排\n"
          "- 一月：制定计划；走访困难职工\n- 二月：开展技能培训\n## 四、加强组织保障\n- 明确分工\n")
    outline = outline_from_markdown(md)
    rows = outline_rows.to_rows(outline)
    assert rows[1][:3] == ["开展技能比武", "组织挡车工技能比武；评选技术能手", "主要工作"]
    # 保障 in a work item's words is no 保障措施 section; 加强组织保障 is one
    assert [r[2] for r in rows[2:]] == ["主要工作", "月份安排", "保障措施"]
    assert rows[3][1] == "一月：制定计划；走访困难职工；二月：开展技能培训"
    back = outline_rows.to_outline(outline.title, rows)
    assert outline_to_markdown(back) == outline_to_markdown(outline)
    assert outline_rows.same(outline, outline.title, rows)
    assert outline_rows.to_write(outline.title, rows, md, dirty=False) == back
    edited = md.replace("### （一）", "### 开展读书活动\n### （一）")  # an edit the table never got
    with pytest.raises(PlandraftError, match="不一致"):
        outline_rows.to_write(outline.title, rows, edited, dirty=False)
    assert outline_rows.to_write(outline.title, rows, edited, dirty=True).items[1].title == "开展读书活动"
    rows = outline_rows.insert(rows, 0)
    rows[1][1] = "没有标题的要点"
    rows = outline_rows.checked(rows + [["开展技能比武", "", "", ""]])
    assert rows[1][3].startswith("标题不能为空") and rows[-1][3] == "与第 3 行标题重复"
    with pytest.raises(PlandraftError, match="第 2 行：标题不能为空.*第 7 行：与第 3 行标题重复"):
        outline_rows.to_outline(outline.title, rows)
    rows = outline_rows.delete(outline_rows.delete(rows, 6), 1)
    assert [r[0] for r in outline_rows.move(rows, 1, -1)][:2] == ["开展技能比武", "指导思想"]
    many = [[f"工作{n}", "", "", ""] for n in range(31)]
    assert outline_rows.checked(many)[-1][3] == "超过 30 个部分，请合并"
    with pytest.raises(PlandraftError, match="计划标题"):
        outline_rows.to_outline(" ", rows)


def _cli(settings, *args, stdin=None):
    env = {"PLANDRAFT_HOME": str(settings.home), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "plandraft.cli", *args], input=stdin, text=True,
                          capture_output=True, env=env, timeout=300)


def test_cli_edit_versions_redo_and_lock(engine, fresh, drafting_settings):
    n = _main(fresh)
    done = _cli(drafting_settings, "edit", fresh.id, "--section", str(n),
                stdin="组织教职工羽毛球比赛，每学期一次。\n开展合唱排练，每周一次。\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1. 组织教职工羽毛球比赛") and "新增 2 条" in done.stderr
    listed = _cli(drafting_settings, "versions", fresh.id, "--section", str(n), "--json")
    rows = json.loads(listed.stdout)
    assert [r["action"] for r in rows] == ["初稿", "手工修改"] and rows[1]["current"]
    shown = _cli(drafting_settings, "versions", fresh.id, "--section", str(n), "--show", "1")
    assert shown.stdout.strip() == fresh.sections[n - 1].text and "+ " in shown.stderr
    back = _cli(drafting_settings, "versions", fresh.id, "--section", str(n), "--restore", "1")
    assert back.returncode == 0 and engine.get(fresh.id).sections[n - 1].text == fresh.sections[n - 1].text
    assert _cli(drafting_settings, "undo", fresh.id, "--section", str(n)).returncode == 0
    redo = _cli(drafting_settings, "redo", fresh.id, "--section", str(n))
    assert redo.returncode == 0 and engine.get(fresh.id).sections[n - 1].text == fresh.sections[n - 1].text
    locked = _cli(drafting_settings, "lock", fresh.id, "--section", str(n), "--item", "2")
    assert locked.returncode == 0 and locked.stdout.splitlines()[1].startswith("［锁定］2. ")
    bad = _cli(drafting_settings, "edit", fresh.id, "--section", str(n), "--file", "/nonexistent.txt")
    assert bad.returncode == 2 and "找不到文件" in bad.stderr
    nothing = _cli(drafting_settings, "redo", fresh.id, "--section", str(n))
    assert nothing.returncode == 2 and "没有可以重做" in nothing.stderr


def test_a_pasted_passage_is_not_added_and_an_llm_draft_revises_offline_without_a_model(engine, fresh):
    n = _main(fresh)
    with pytest.raises(PlandraftError, match="太长"):
        engine.revise(fresh.id, n, "加上" + "职工书屋建设和读书活动的具体安排" * 3)
    fresh.writer = "llm"  # written by a model once; no model is configured now
    engine.store.save(fresh)
    revised = engine.revise(fresh.id, n, "删去第1条")
    assert items_of(revised.sections[n - 1].text) == items_of(fresh.sections[n - 1].text)[1:]
    assert any("没有配置大模型，已用离线写法修改" in note for note in revised.notes)
