"""Outline ↔ Markdown, so a user can edit headings and points as text.

    # 实验小学工会2025年下半年工作计划
    ## 一、指导思想
    - 要点
    ## 三、主要工作
    ### （一）加强民主管理
    - 要点

Reading is lenient about numbering (it is re-applied on assembly) and also takes headings
typed without '#' (一、… / （一）…). It refuses nonsense with a Chinese message saying what to
fix: no title, no sections, a duplicated heading (named with its lines; merging would silently
move the user's points), more than MAX_SECTIONS sections.
"""
from __future__ import annotations

import re

from drafting.numbering import level1, level2, strip_marker
from drafting.sections import MAIN_GROUP, MAIN_GROUP_TITLE, kind_of, order
from plandraft.cleantext import clean
from plandraft.errors import PlandraftError
from plandraft.models import Outline, OutlineItem

MAX_SECTIONS = 30
MAX_POINTS = 30
_L1_TYPED = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*\S")
_L2_TYPED = re.compile(r"^[（(][一二三四五六七八九十]+[)）]\s*\S")
_POINT = re.compile(r"^(?:[-*+•·]\s+|\d{1,2}\s*[.、．)）]\s*)")


def normalised(items: list[OutlineItem]) -> list[OutlineItem]:
    """Canonical order (指导思想, 工作目标, 主要工作…, 月份安排, 保障措施), main items kept in the
    user's order: the document numbers them as one block."""
    return sorted(items, key=lambda it: order(it.kind))


def outline_to_markdown(outline: Outline) -> str:
    lines = [f"# {outline.title}", ""]
    n, m, in_main = 0, 0, False
    for item in normalised(outline.items):
        if item.kind == "主要工作":
            if not in_main:
                n, in_main = n + 1, True
                lines += [f"## {level1(n)}{MAIN_GROUP_TITLE}", ""]
            m += 1
            lines.append(f"### {level2(m)}{item.title}")
        else:
            n, in_main = n + 1, False
            lines.append(f"## {level1(n)}{item.title}")
        lines += [f"- {p}" for p in item.points] + [""]
    return "\n".join(lines).rstrip() + "\n"


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) for a heading line: 1 = title, 2 = section, 3 = main-work item."""
    m = re.match(r"^(#{1,6})\s*(.*)$", line)
    if m:
        return min(len(m.group(1)), 3), strip_marker(m.group(2).strip("*_ "))
    if _L1_TYPED.match(line):
        return 2, strip_marker(line)
    if _L2_TYPED.match(line):
        return 3, strip_marker(line)
    return None


def outline_from_markdown(text: str) -> Outline:
    title = ""
    items: list[OutlineItem] = []
    seen: dict[str, int] = {}
    group: str | None = None  # the level-2 heading the level-3 items sit under
    for lineno, raw in enumerate(clean(text).splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        head = _heading(line)
        if head and head[0] == 1:
            if title:
                raise PlandraftError(f"提纲第 {lineno} 行又出现了一个一级标题（# 开头）：全文只能有一个标题，"
                                     "各部分请用“## ”开头。")
            title = head[1]
            continue
        if head:
            level, heading = head
            if not heading:
                raise PlandraftError(f"提纲第 {lineno} 行的标题是空的：请写上标题或删去这一行。")
            if level == 2 and MAIN_GROUP.match(heading):
                group = heading
                items.append(OutlineItem(title=heading, kind="主要工作"))
                seen.setdefault(heading, lineno)
                continue
            if level == 3 and group is not None and items and items[-1].title == group \
                    and not items[-1].points:
                items.pop()  # the group heading had sub-items: it was only a container
            if level == 2:
                group = None
            if heading in seen:
                raise PlandraftError(f"提纲中“{heading}”出现了两次（第 {seen[heading]} 行和第 {lineno} 行）："
                                     "请合并这两部分或改用不同的标题。")
            seen[heading] = lineno
            items.append(OutlineItem(title=heading, kind=kind_of(heading)))
            if len(items) > MAX_SECTIONS:
                raise PlandraftError(f"提纲的部分太多（超过 {MAX_SECTIONS} 个）：一份工作计划通常有 5—12 个部分，"
                                     "请合并相近的部分。")
            continue
        if not items:
            if not title:
                raise PlandraftError("提纲缺少标题：第一行应是“# 标题”，例如“# 实验小学工会2025年下半年工作计划”。")
            raise PlandraftError(f"提纲第 {lineno} 行的要点不在任何部分之下：请先写部分标题（“## 一、指导思想”）。")
        point = _POINT.sub("", line).strip()
        if point and point not in items[-1].points:
            items[-1].points.append(point)
            if len(items[-1].points) > MAX_POINTS:
                raise PlandraftError(f"“{items[-1].title}”的要点超过 {MAX_POINTS} 条：请精简或拆成几个部分。")
    if not title:
        raise PlandraftError("提纲缺少标题：第一行应是“# 标题”，例如“# 实验小学工会2025年下半年工作计划”。")
    if not items:
        raise PlandraftError("提纲里没有任何部分：请用“## 一、指导思想”这样的行写出各部分标题。")
    return Outline(title=title, items=normalised(items))
