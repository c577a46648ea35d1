"""Export a draft as Markdown or as a Word document in the usual 公文 look (GB/T 9704 style).

Title 方正小标宋简体 二号 centred; level-1 headings 黑体 三号; level-2 headings 楷体 三号; body
仿宋 三号 with a two-character first-line indent; fixed 28 pt line spacing; A4 with the margins of
official documents. East-Asian fonts are set through w:rFonts/@w:eastAsia (python-docx's
font.name only sets the Latin font). 楷体/仿宋 are the names every Windows since Vista has; Word
substitutes a similar face where 方正小标宋简体 is not installed.
"""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from drafting.assemble import draft_to_markdown, headings
from drafting.numbering import renumber
from plandraft.cleantext import clean
from plandraft.errors import PlandraftError
from plandraft.interfaces import Exporter
from plandraft.models import Draft

TITLE_FONT, H1_FONT, H2_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体", "仿宋"
TITLE_SIZE, TEXT_SIZE = Pt(22), Pt(16)  # 二号, 三号
LINE_SPACING = Pt(28)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_name(title: str, suffix: str) -> str:
    """A file name from a title: no path separators or characters Windows refuses, ≤ 80 chars."""
    name = _UNSAFE.sub("_", title).strip(" ._") or "工作计划草稿"
    return name[:80] + suffix


def target_path(path: Path | str, title: str, suffix: str) -> Path:
    """path itself if it names a file (its name made safe, suffix enforced), or a safe file name
    from the title inside path if it is a folder."""
    path = Path(path).expanduser()
    if path.is_dir() or str(path).endswith(("/", "\\")):
        path = path / safe_name(title, suffix)
    else:
        stem = path.name[: -len(path.suffix)] if path.suffix.lower() == suffix else path.name
        path = path.with_name(safe_name(stem, suffix))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlandraftError(f"无法创建文件夹“{path.parent}”：{exc.strerror or exc}。请换一个保存位置。") from exc
    return path


def _write(path: Path, write) -> Path:
    try:
        write(path)
    except OSError as exc:
        raise PlandraftError(f"无法写入“{path}”：{exc.strerror or exc}。请检查路径和权限，"
                             "或换一个保存位置；草稿已保存在草稿库中，不会丢失。") from exc
    return path


def _style_run(run, font: str, size: Pt, bold: bool = False) -> None:
    run.font.name = font
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def _paragraph(doc, text: str, font: str, size: Pt, *, centred: bool = False,
               indent: bool = False, bold: bool = False):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    if centred:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    # A draft stored before text was cleaned at the door may hold control characters: Word
    # (XML) cannot.
    _style_run(p.add_run(clean(text).replace("**", "")), font, size, bold)
    return p


class MarkdownExporter(Exporter):
    suffix = ".md"

    def export(self, draft: Draft, path: Path) -> Path:
        path = target_path(path, draft.outline.title, self.suffix)
        text = draft_to_markdown(draft)
        return _write(path, lambda p: p.write_text(text, encoding="utf-8"))


class DocxExporter(Exporter):
    suffix = ".docx"

    def export(self, draft: Draft, path: Path) -> Path:
        path = target_path(path, draft.outline.title, self.suffix)
        doc = Document()
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        title = _paragraph(doc, draft.outline.title, TITLE_FONT, TITLE_SIZE, centred=True)
        title.paragraph_format.space_after = LINE_SPACING  # one blank line under the title
        for level, heading, section in headings(draft):
            font = H1_FONT if level == 1 else H2_FONT
            _paragraph(doc, heading, font, TEXT_SIZE, indent=True)
            if section is None:
                continue
            for line in renumber(clean(section.text)).splitlines():
                if line.strip():
                    _paragraph(doc, line.strip(), BODY_FONT, TEXT_SIZE, indent=True)
        return _write(path, lambda p: doc.save(str(p)))
