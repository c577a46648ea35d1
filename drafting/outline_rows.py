"""The outline as rows a person edits in a table: one row per part or main-work item, its title
and its points (separated by “；”), with what kind of part it is and what is wrong with it shown
beside it. Rows ↔ Outline; the Markdown text (drafting/outline_text) is the same outline.

A row's kind follows from its title (指导思想, 工作目标, 月份安排, 保障措施; anything else is an
item of 主要工作); the plan puts the parts in the usual 公文 order and the main-work items in the
order of the rows.
"""
from __future__ import annotations

import re

from drafting.numbering import strip_marker
from drafting.outline_text import MAX_POINTS, MAX_SECTIONS, outline_from_markdown
from drafting.sections import MAIN_GROUP, kind_of
from plandraft.cleantext import clean
from plandraft.errors import PlandraftError
from plandraft.models import Outline, OutlineItem

COLUMNS = ["标题", "要点（用“；”分开）", "属于", "提示"]
TITLE, POINTS, KIND, PROBLEM = range(4)
_SEP = re.compile(r"[；;\n]+")
_WHEN = re.compile(r"^(?:[一二三四五六七八九十]{1,2}月|第[一二三四五]周|\d{1,2}月)[：:]")
FULL_SENTENCE = 15  # characters: a shorter point is a phrase (教代会), a longer one a sentence


def _cell(row: list, i: int) -> str:
    return clean(str(row[i] if i < len(row) and row[i] is not None else "")).strip()


def _sentence(point: str) -> str:
    """A point long enough to be a sentence gets back the full stop the table leaves out."""
    return point + "。" if len(point) >= FULL_SENTENCE and not re.search(r"[。！？；]$", point) else point


def points_of(text: str) -> list[str]:
    """The points of a cell. A schedule's line holds several activities separated by “；”: a
    piece that does not begin with its month or week (九月：/第二周：) belongs to the line before."""
    out: list[str] = []
    for piece in (p.strip(" 。") for p in _SEP.split(text)):
        if not piece:
            continue
        if out and _WHEN.match(out[0]) and not _WHEN.match(piece):
            out[-1] += "；" + piece
        else:
            out.append(piece)
    return out


def to_rows(outline: Outline) -> list[list[str]]:
    from drafting.outline_text import normalised
    return checked([[it.title, "；".join(p.rstrip("。") for p in it.points), "", ""]
                    for it in normalised(outline.items)])


def _shape(outline: Outline) -> tuple:
    return outline.title, [(it.title, it.kind, [p.rstrip("。") for p in it.points]) for it in outline.items]


def same(outline: Outline, title: str, rows: list[list]) -> bool:
    """Do the rows (and title) say the same outline? (Then a text written from them is no edit.)"""
    try:
        return _shape(to_outline(title, rows)) == _shape(outline)
    except PlandraftError:
        return False


def checked(rows: list[list]) -> list[list[str]]:
    """Rows with their 属于 and 提示 columns worked out again (the user's cells kept as typed)."""
    out = [[_cell(r, TITLE), _cell(r, POINTS), "", ""] for r in rows]
    seen: dict[str, int] = {}
    for n, row in enumerate(out, 1):
        title = strip_marker(row[TITLE])
        problems = []
        if not title:
            problems.append("标题不能为空" + ("（要点会保留）" if row[POINTS] else ""))
        elif MAIN_GROUP.match(title):
            problems.append("“主要工作”只是分组名，请写具体的工作项标题")
        elif title in seen:
            problems.append(f"与第 {seen[title]} 行标题重复")
        else:
            seen[title] = n
        if n > MAX_SECTIONS:
            problems.append(f"超过 {MAX_SECTIONS} 个部分，请合并")
        if len(points_of(row[POINTS])) > MAX_POINTS:
            problems.append(f"要点超过 {MAX_POINTS} 条")
        row[KIND] = kind_of(title) if title else ""
        row[PROBLEM] = "；".join(problems)
    return out


def to_outline(title: str, rows: list[list]) -> Outline:
    """The outline the rows describe; rows with problems are refused, naming each row."""
    from drafting.outline_text import normalised
    rows = [r for r in checked(rows) if r[TITLE] or r[POINTS]]  # a blank row is no part
    title = clean(title or "").strip()
    if not title:
        raise PlandraftError("提纲缺少计划标题：请在“计划标题”中写上，例如“实验小学工会2026年工作计划”。")
    if not rows:
        raise PlandraftError("提纲里没有任何部分：请点“添加一行”写出各部分的标题。")
    bad = [f"第 {n} 行：{r[PROBLEM]}" for n, r in enumerate(rows, 1) if r[PROBLEM]]
    if bad:
        raise PlandraftError("提纲有几行需要改一下（已在表格“提示”一栏标出）：" + "；".join(bad) + "。")
    items = [OutlineItem(title=strip_marker(r[TITLE]), points=[_sentence(p) for p in points_of(r[POINTS])],
                         kind=kind_of(strip_marker(r[TITLE]))) for r in rows]
    return Outline(title=title, items=normalised(items))


def move(rows: list[list], index: int, step: int) -> list[list[str]]:
    rows = checked(rows)
    to = index + step
    if 0 <= index < len(rows) and 0 <= to < len(rows):
        rows[index], rows[to] = rows[to], rows[index]
    return rows


def delete(rows: list[list], index: int) -> list[list[str]]:
    rows = checked(rows)
    if 0 <= index < len(rows):
        del rows[index]
    return checked(rows)


def insert(rows: list[list], index: int | None) -> list[list[str]]:
    """A blank row below row `index` (at the end when none is chosen)."""
    rows = checked(rows)
    at = len(rows) if index is None or not 0 <= index < len(rows) else index + 1
    rows.insert(at, ["", "", "", ""])
    return checked(rows)


def to_write(title: str, rows: list[list], text: str, dirty: bool) -> Outline:
    """The outline 生成全文 writes: the text when it holds an edit the table could not take,
    else the table, once the text says the same. The two are kept in step edit by edit; should
    one edit not have reached the other side (a browser's event lost under load), neither is
    guessed at: the user sees both and says which by editing it again."""
    if dirty:
        return outline_from_markdown(text)
    outline = to_outline(title, rows)
    if (text or "").strip() and not same(outline_from_markdown(text), title, rows):
        raise PlandraftError("提纲表格和“按文本编辑提纲”里的文本不一致（有一处修改可能还没传到另一边）："
                             "请看一下两边，在要保留的那一边再改动一次，两边一致后再点“生成全文”。")
    return outline
