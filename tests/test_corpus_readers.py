"""Reading user documents: encodings, Word files, traditional Chinese, bad files."""
from __future__ import annotations

import pytest
from docx import Document

from corpus.load import load_corpus
from corpus.readers import UnreadableDocument, read_document

PLAN = ("实验小学工会2025年下半年工作计划\n"
        "一、指导思想\n以习近平新时代中国特色社会主义思想为指导，团结动员全校教职工。\n"
        "二、主要工作\n（一）加强师德建设\n1、组织教职工学习师德规范，开展师德标兵评选活动。\n"
        "（二）办好教代会\n1、召开教职工代表大会，审议学校重大事项。\n")
TRADITIONAL = ("實驗小學工會2025年下半年工作計劃\n一、指導思想\n團結動員全校教職工，為學校發展貢獻力量。\n"
               "二、主要工作\n（一）加強師德建設\n組織教職工學習師德規範，開展師德標兵評選活動。\n")


def test_utf8_and_gb18030_read_the_same(tmp_path):
    utf8 = tmp_path / "a.txt"
    gb = tmp_path / "b.txt"
    utf8.write_text(PLAN, encoding="utf-8")
    gb.write_bytes(PLAN.encode("gb18030"))
    assert read_document(gb) == read_document(utf8) == PLAN


def test_markdown_file(tmp_path):
    md = tmp_path / "plan.md"
    md.write_text("# 实验小学工会工作计划\n\n## 一、指导思想\n\n团结动员教职工。\n", encoding="utf-8")
    assert "## 一、指导思想" in read_document(md)


def test_docx_keeps_heading_paragraphs_as_lines(tmp_path):
    doc = Document()
    doc.add_heading("实验小学工会2025年下半年工作计划", level=1)
    doc.add_heading("一、指导思想", level=2)
    doc.add_paragraph("以习近平新时代中国特色社会主义思想为指导，团结动员全校教职工。")
    doc.add_heading("二、主要工作", level=2)
    doc.add_paragraph("（一）加强师德建设")
    path = tmp_path / "plan.docx"
    doc.save(path)
    lines = read_document(path).split("\n")
    assert lines[:3] == ["实验小学工会2025年下半年工作计划", "一、指导思想",
                         "以习近平新时代中国特色社会主义思想为指导，团结动员全校教职工。"]
    plan = load_corpus([path]).plans[0]
    assert plan.title == "实验小学工会2025年下半年工作计划"
    assert [s.title for s in plan.sections] == ["指导思想", "主要工作"]
    assert (plan.org_type, plan.period) == ("学校", "下半年")


def test_traditional_chinese_is_converted(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_text(TRADITIONAL, encoding="utf-8")
    text = read_document(path)
    assert text.startswith("实验小学工会2025年下半年工作计划\n一、指导思想")
    assert "团结动员全校教职工，为学校发展贡献力量" in text
    assert "學" not in text and "會" not in text


def test_traditional_in_gb18030_docx_too(tmp_path):
    doc = Document()
    for line in TRADITIONAL.split("\n"):
        doc.add_paragraph(line)
    path = tmp_path / "trad.docx"
    doc.save(path)
    assert "实验小学工会" in read_document(path)


def test_simplified_text_is_left_alone(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(PLAN, encoding="utf-8")
    assert read_document(path) == PLAN


@pytest.mark.parametrize(("name", "data", "fragment"), [
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "二进制"),
    ("garbage.txt", bytes((i * 37 + 11) % 256 for i in range(4000)).replace(b"\x00", b"\x01"), "编码"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "Word"),
    ("report.pdf", b"%PDF-1.4 ...", "不支持"),
    ("old.doc", b"\xd0\xcf\x11\xe0", ".docx"),
    ("empty.txt", b"   \n", "没有文字"),
])
def test_bad_files_raise_with_a_chinese_reason_naming_the_file(tmp_path, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument) as err:
        read_document(path)
    message = str(err.value)
    assert name in message and fragment in message


def test_load_corpus_skips_bad_files_and_loads_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "good2.txt").write_bytes(PLAN.replace("实验小学", "城东中学").encode("gb18030"))
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "notes.xlsx").write_bytes(b"PK")  # not a supported type: ignored inside a folder
    missing = tmp_path / "missing.txt"
    result = load_corpus([tmp_path, missing])
    assert sorted(p.id for p in result.plans) == ["good#1", "good2#1"]
    skipped = dict(result.skipped)
    assert set(skipped) == {str(tmp_path / "bad.txt"), str(missing)}
    assert "bad.txt" in skipped[str(tmp_path / "bad.txt")] and "二进制" in skipped[str(tmp_path / "bad.txt")]
    assert "找不到" in skipped[str(missing)]


def test_user_file_indented_with_one_space_is_one_plan_titled_by_its_file(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(" 一、指导思想\n 团结动员全校教职工，为学校发展贡献力量。\n"
                    " 在新的一年里，我校工会将继续努力做好各项工作。\n 二、主要工作\n 办好教代会，推进校务公开。",
                    encoding="utf-8")
    plans = load_corpus([path]).plans
    assert len(plans) == 1 and plans[0].title == "mine"
