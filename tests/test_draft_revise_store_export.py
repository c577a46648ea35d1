"""Revision touches only its section and undo restores it; drafts are saved as they are written;
Word and Markdown export in the 公文 look, with safe file names."""
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from drafting.export import safe_name
from plandraft.engine import Engine
from plandraft.errors import PlandraftError

BRIEF = "实验小学工会 2025年下半年工作计划，重点：教代会、师德建设、教职工健康"


@pytest.fixture(scope="module")
def engine(drafting_settings):
    return Engine(drafting_settings, today=date(2026, 11, 21))


@pytest.fixture(scope="module")
def draft(engine):
    return engine.draft(BRIEF)


def _main_index(draft, nth=0) -> int:
    """1-based index of the nth main-work section."""
    return [i for i, it in enumerate(draft.outline.items, 1) if it.kind == "主要工作"][nth]


def _items(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_revise_more_concrete_and_add_topic_touches_only_that_section(engine, draft):
    n = _main_index(draft, 1)
    before = engine.get(draft.id)
    after = engine.revise(draft.id, n, "把这部分写得更具体，加上女教职工工作")
    old, new = before.sections[n - 1].text, after.sections[n - 1].text
    assert len(_items(new)) > len(_items(old))
    assert "女教职工" in new and "女教职工" not in old
    assert [v.text for v in after.sections[n - 1].versions] == [old, new]
    assert after.sections[n - 1].versions[-1].action == "把这部分写得更具体，加上女教职工工作"
    for i, (a, b) in enumerate(zip(before.sections, after.sections), 1):
        if i != n:
            assert (a.text, a.versions) == (b.text, b.versions)
    stored = engine.get(draft.id)
    assert stored.sections[n - 1].text == new


def test_shorten_and_remove(engine, draft):
    n = _main_index(draft, 2)
    old = engine.get(draft.id).sections[n - 1].text
    short = engine.revise(draft.id, n, "精简").sections[n - 1].text
    assert len(short) < len(old) and len(_items(short)) <= len(_items(old))
    word = _items(short)[0].split("。")[0][-4:]  # a phrase of the first item
    removed = engine.revise(draft.id, n, f"删去{word}").sections[n - 1].text
    assert word not in removed


def test_undo_and_redo_walk_the_versions_and_lose_nothing(engine, draft):
    n = _main_index(draft, 3)
    original = engine.get(draft.id).sections[n - 1].text
    first = engine.revise(draft.id, n, "写得更具体").sections[n - 1].text
    second = engine.revise(draft.id, n, "精简").sections[n - 1].text
    assert [v.text for v in engine.get(draft.id).sections[n - 1].versions] == [original, first, second]
    assert engine.undo(draft.id, n).sections[n - 1].text == first
    assert engine.undo(draft.id, n).sections[n - 1].text == original
    with pytest.raises(PlandraftError, match="没有可以撤销"):
        engine.undo(draft.id, n)
    assert engine.redo(draft.id, n).sections[n - 1].text == first
    assert engine.redo(draft.id, n).sections[n - 1].text == second
    with pytest.raises(PlandraftError, match="没有可以重做"):
        engine.redo(draft.id, n)
    # A new change after an undo: redo is gone, but the undone text stays in the list.
    engine.undo(draft.id, n)
    third = engine.revise(draft.id, n, "删去第1条").sections[n - 1]
    assert not third.redo_stack and [v.text for v in third.versions][:3] == [original, first, second]
    assert engine.undo(draft.id, n).sections[n - 1].text == first


def test_restore_shows_an_old_version_and_undo_goes_back(engine, draft):
    n = _main_index(draft, 0)
    original = engine.get(draft.id).sections[n - 1].text
    revised = engine.revise(draft.id, n, "精简").sections[n - 1].text
    back = engine.restore(draft.id, n, 1).sections[n - 1]
    assert back.text == original and [v.text for v in back.versions] == [original, revised]
    with pytest.raises(PlandraftError, match="就是第 1 版"):
        engine.restore(draft.id, n, 1)
    with pytest.raises(PlandraftError, match="没有第 9 版"):
        engine.restore(draft.id, n, 9)
    assert engine.undo(draft.id, n).sections[n - 1].text == revised
    rows = engine.versions(draft.id, n)
    assert [r["action"] for r in rows] == ["初稿", "精简"] and rows[1]["current"]
    assert rows[0]["time"] and "保留" in rows[1]["note"]


@pytest.mark.parametrize("section,instruction,needle", [
    (0, "写得更具体", "没有第 0 部分"), (99, "写得更具体", "没有第 99 部分"),
    (3, "  ", "修改要求为空"), (3, "请用更优美的文笔", "离线写法做不到"),
    (3, "删去火星探测", "没有提到“火星探测”"),
])
def test_bad_revisions_change_nothing(engine, draft, section, instruction, needle):
    before = engine.get(draft.id)
    with pytest.raises(PlandraftError, match=needle):
        engine.revise(draft.id, section, instruction)
    after = engine.get(draft.id)
    assert [s.text for s in after.sections] == [s.text for s in before.sections]


def test_schedule_revisions_keep_every_month_in_place(engine, draft):
    n = next(i for i, it in enumerate(draft.outline.items, 1) if it.kind == "月份安排")
    before = engine.get(draft.id).sections[n - 1].text
    richer = engine.revise(draft.id, n, "写得更具体").sections[n - 1].text
    assert [line[:3] for line in _items(richer)] == [line[:3] for line in _items(before)]
    assert len(richer) > len(before)
    shorter = engine.revise(draft.id, n, "精简").sections[n - 1].text
    assert [line[:3] for line in _items(shorter)] == [line[:3] for line in _items(before)]
    assert len(shorter) < len(richer)
    assert all(line.count("；") <= 1 for line in _items(shorter))


def test_unknown_draft_id(engine):
    with pytest.raises(PlandraftError, match="找不到草稿"):
        engine.get("nosuchdraft")


def test_draft_is_saved_after_every_section(drafting_settings):
    engine = Engine(drafting_settings, today=date(2026, 11, 21))
    brief = engine.parse_brief("红星机械有限公司工会2026年工作计划")
    outline = engine.outline(brief)
    writing = engine.write(brief, outline)
    first = next(writing)
    second = next(writing)
    writing.close()  # the process stops here, as after a crash or kill
    stored = Engine(drafting_settings).get(first.id)  # a new process would see this
    assert [s.title for s in stored.sections] == [it.title for it in outline.items[:2]]
    assert stored.sections[1].text == second.sections[1].text
    assert stored.outline.items == outline.items  # the whole outline is kept for resuming
    assert any(row["id"] == first.id and row["sections"] == 2 for row in engine.list_drafts())


def test_docx_has_title_headings_and_official_fonts(engine, draft, tmp_path):
    path = engine.export_docx(draft, tmp_path / "计划.docx")
    doc = Document(str(path))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    assert paragraphs[0].text == draft.outline.title
    assert paragraphs[0].alignment == 1  # centred

    def east_asian(p):
        return p.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    fonts = {p.text: east_asian(p) for p in paragraphs}
    assert fonts[draft.outline.title] == "方正小标宋简体"
    assert fonts["一、指导思想"] == "黑体" and fonts["三、主要工作"] == "黑体"
    level2 = [t for t in fonts if t.startswith("（一）")]
    assert level2 and fonts[level2[0]] == "楷体"
    body = [p for p in paragraphs if p.text.startswith("1. ")]
    assert body and east_asian(body[0]) == "仿宋"
    assert body[0].runs[0].font.size.pt == 16 and paragraphs[0].runs[0].font.size.pt == 22
    assert body[0].paragraph_format.line_spacing.pt == 28
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    for sec in draft.sections:  # every section's text made it into the document
        assert sec.text.splitlines()[0].strip()[:10] in "\n".join(p.text for p in paragraphs)


def test_export_into_a_folder_uses_a_safe_file_name(engine, draft, tmp_path):
    md = engine.export_markdown(draft, tmp_path)
    assert md.parent == tmp_path and md.name == f"{draft.outline.title}.md"
    assert md.read_text(encoding="utf-8") == engine.markdown(draft)
    assert safe_name('a/b:c*?"<>|', ".docx") == "a_b_c.docx"
    assert safe_name("", ".md") == "工作计划草稿.md"
    bad = engine.export_docx(draft, tmp_path / "sub" / "x:y?.docx")
    assert bad.name == "x_y.docx" and bad.exists()


def test_export_to_an_unwritable_place_says_so(engine, draft, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PlandraftError, match="无法创建文件夹"):
        engine.export_docx(draft, blocker / "sub" / "a.docx")


def test_a_pasted_text_as_instruction_is_refused_and_nothing_changes(engine):
    from plandraft.engine import MAX_INSTRUCTION
    draft = engine.draft("实验小学工会2026年下半年工作计划，重点：教代会")
    before = [s.text for s in engine.get(draft.id).sections]
    with pytest.raises(PlandraftError, match=f"修改要求太长.*上限 {MAX_INSTRUCTION} 字"):
        engine.revise(draft.id, 3, "加上" + "组织教职工开展读书活动。" * 40)
    assert [s.text for s in engine.get(draft.id).sections] == before
