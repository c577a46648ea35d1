"""Parse a cleaned plan's heading tree: 一、 / （一） / 1、 1. / （1） / ① / markdown # /
unnumbered headings such as 指导思想 / 附月份工作安排 / month lines such as 二月： or 9月份.

Numbered lines are not always headings: a numbered long sentence is a point (a list item)
and stays in its parent's text. A numbered line is a heading when it is short and has no
sentence punctuation, or when it opens with a short lead sentence (“1、深化劳动竞赛活动。着眼…”:
title 深化劳动竞赛活动, the rest is its text). A short numbered line with nothing under it is a
point too, unless its siblings are headings. Levels adapt to the document: a style seen for
the first time nests under the open heading, unless convention ranks it higher (一、 over
（一） over 1、 over （1）), which closes the deeper headings first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from plandraft import numerals
from plandraft.models import Section

_CN = "一二三四五六七八九十"
_MONTH = rf"(?:[{_CN}]{{1,3}}|\d{{1,2}})"
# (style, pattern); the pattern's group "m" is the marker, the rest of the line follows it.
_NUMBERED = (
    ("cn", re.compile(rf"^(?P<m>[{_CN}]{{1,3}}\s*[、.．])\s*")),
    ("pcn", re.compile(rf"^(?P<m>[（(]\s*[{_CN}]{{1,3}}\s*[)）][、.，]?)\s*")),
    ("num", re.compile(r"^(?P<m>\d{1,2}\s*(?:[、．。]|\.(?!\d)))\s*")),
    ("pnum", re.compile(r"^(?P<m>[（(]\s*\d{1,2}\s*[)）])\s*")),
    ("circ", re.compile(r"^(?P<m>[①-⑳])\s*")),
)
# Conventional depth of each style; "plain" headings (指导思想, 月份工作安排…) are top level.
_RANK = {"plain": 0, "cn": 1, "pcn": 2, "month": 2.5, "num": 3, "pnum": 4, "circ": 5}
_MD = re.compile(r"^(#{1,6})\s*(.*)$")
_MONTH_LINE = re.compile(
    rf"^(?P<t>{_MONTH}(?:\s*[、—\-至~]\s*{_MONTH})?\s*月(?:份)?(?:[上中下]旬)?)\s*(?:[：:]\s*(?P<rest>.*))?$")
_PLAIN = re.compile(
    r"^(?:附[：:]?\s*)?(?:[上下]半年|本学期|全年|本年度|\d{4}年)?"
    r"(?:指导思想|工作目标|目标任务|主要工作|重点工作|工作重点|主要任务|工作措施|保障措施|具体措施|"
    r"主要措施|工作要求|总体要求|总体思路|工作思路|(?:各?月份?|每月|具体)?(?:工作|活动)?(?:安排|行事历|日程)表?|"
    r"工作计划|其他工作|其他)[：:]?$")
_SENTENCE_END = re.compile(r"[。！？；;!?]")
_BARE_MAX = 40  # a heading without punctuation is at most this long
_BARE_STOP_MAX = 40  # …or this long when it ends with a single 。
_LEAD_MAX = 20  # a lead sentence (before the first 。) at most this long makes a heading


@dataclass
class _Line:
    text: str  # the whole line
    style: str = ""  # "" for body text
    marker: str = ""
    title: str = ""
    inline: str = ""  # text after the title on the same line
    strength: str = ""  # "strong", "bare", "empty" (bare with nothing under it), "lead", "point"
    heading: bool = False  # decided by _decide_groups


def parse_headings(text: str) -> list[Section]:
    """The heading tree of a cleaned plan; text before the first heading is a level-0 preamble."""
    entries = [_classify(line) for line in text.split("\n") if line.strip()]
    for i, entry in enumerate(entries):
        if entry.strength == "bare" and _is_empty(entry, entries[i + 1] if i + 1 < len(entries) else None):
            entry.strength = "empty"
    _decide_groups(entries)
    root = Section(title="", level=0)
    stack: list[tuple[str, Section]] = []
    bodies: dict[int, tuple[Section, list[str]]] = {}  # lines gathered, joined once: linear time
    for entry in entries:
        if not entry.heading:
            node = stack[-1][1] if stack else root
            bodies.setdefault(id(node), (node, [node.text] if node.text else []))[1].append(entry.text)
            continue
        _place(_section(entry), entry.style, stack, root)
    for node, lines in bodies.values():
        node.text = "\n".join(lines)
    sections = ([Section(title="", level=0, text=root.text)] if root.text else []) + root.children
    _set_levels(sections, 1)
    return sections


def _decide_groups(entries: list[_Line]) -> None:
    """Decide heading or point for each run of sibling numbered items together, by majority.

    A run is the items of one numbering style under the same higher heading (1、2、3… until a
    higher-ranked heading or a restart at a lower number); one list is not half headings.
    """
    open_runs: dict[str, list[_Line]] = {}
    last: dict[str, int | None] = {}
    runs: list[list[_Line]] = []
    for entry in entries:
        if not entry.style:
            continue
        for style in list(open_runs):
            if _rank(style) > _rank(entry.style) or (_rank(style) == _rank(entry.style) and style != entry.style):
                del open_runs[style]
        if not entry.marker:  # markdown, month and plain headings stand on their own
            entry.heading = True
            open_runs.pop(entry.style, None)
            continue
        value = _marker_value(entry.marker)
        run = open_runs.get(entry.style)
        previous = last.get(entry.style)
        if run is None or (value is not None and previous is not None and value <= previous):
            run = open_runs[entry.style] = []
            runs.append(run)
        run.append(entry)
        last[entry.style] = value
    for run in runs:
        heads = sum(e.strength in ("strong", "bare", "lead") for e in run)
        as_headings = heads > len(run) - heads
        for entry in run:
            entry.heading = as_headings or entry.strength == "strong"


def _marker_value(marker: str) -> int | None:
    digits = re.sub(r"\D", "", marker)
    return int(digits) if digits else numerals.to_int(re.sub(rf"[^{_CN}]", "", marker))


def _section(entry: _Line) -> Section:
    if entry.strength != "point":
        return Section(title=_tidy_title(entry.title), level=0, marker=entry.marker, text=entry.inline)
    # A long item among heading siblings: titled by its first sentence, or first clause.
    stop = entry.title.find("。")
    if 0 < stop <= _BARE_MAX:
        title = entry.title[:stop]
    else:
        title = _first_clause(entry.title)
    rest = entry.title[len(title):].lstrip("，,。；;：:")
    return Section(title=_tidy_title(title), level=0, marker=entry.marker, text=rest)


def _first_clause(text: str) -> str:
    depth = 0
    for i, ch in enumerate(text[:_BARE_MAX]):
        depth += ch in "“（《(" and 1 or 0
        depth -= ch in "”）》)" and 1 or 0
        if depth <= 0 and ch in "，,。；;：:！？":
            return text[:i]
    return text[:_BARE_MAX]


def _tidy_title(title: str) -> str:
    title = title.strip().rstrip("，,、；;：:。")
    if title.startswith("“") and "”" not in title:
        title = title[1:]
    return title


def is_month_title(title: str) -> bool:
    """A schedule heading naming months: “二月”, “9月份”, “七、八月”."""
    return bool(_MONTH_LINE.match(title))


def _classify(line: str) -> _Line:
    line = line.strip()
    md = _MD.match(line)
    body = md.group(2).strip() if md else line
    month = _MONTH_LINE.match(body)
    if month:
        return _Line(line, "month", "", month.group("t"), month.group("rest") or "", "strong")
    for style, pattern in _NUMBERED:
        m = pattern.match(body)
        if m:
            rest = body[m.end():].strip()
            month = _MONTH_LINE.match(rest)
            if month:  # “### 2. 三月”
                return _Line(line, style, m.group("m"), month.group("t"),
                             month.group("rest") or "", "strong" if md else "bare")
            return _numbered(line, style, m.group("m").replace(" ", ""), rest, bool(md))
    if _PLAIN.match(body):
        return _Line(line, "plain", "", body.rstrip("：:"), "", "strong")
    if md and body and len(body) <= _BARE_MAX and not _SENTENCE_END.search(body):
        return _Line(line, f"md{len(md.group(1))}", "", body, "", "strong")
    return _Line(line)


def _numbered(line: str, style: str, marker: str, rest: str, is_md: bool) -> _Line:
    rest_title = rest.rstrip("：:")
    if not _SENTENCE_END.search(rest_title) and len(rest_title) <= _BARE_MAX:
        return _Line(line, style, marker, rest_title, "", "strong" if is_md else "bare")
    stop = rest.find("。")
    if rest.endswith("。") and stop == len(rest) - 1 and len(rest) <= _BARE_STOP_MAX \
            and not re.search(r"[！？；;!?]", rest):
        return _Line(line, style, marker, rest[:-1], "", "strong" if is_md else "bare")
    if 0 < stop <= _LEAD_MAX and rest[stop + 1:].strip():
        return _Line(line, style, marker, rest[:stop], rest[stop + 1:].strip(), "lead")
    return _Line(line, style, marker, rest, "", "point")


def _is_empty(entry: _Line, nxt: _Line | None) -> bool:
    """Nothing under this heading: the next line is a heading of the same or a higher rank."""
    if nxt is None:
        return True
    if not nxt.style:
        return False
    return _rank(nxt.style) <= _rank(entry.style)


def _rank(style: str) -> float:
    if style.startswith("md"):
        return int(style[2:]) - 1  # "#" ranks with plain headings, "##" with 一、, …
    return _RANK[style]


def _place(section: Section, style: str, stack: list[tuple[str, Section]], root: Section) -> None:
    if style == "plain":
        stack.clear()
    elif any(s == style for s, _ in stack):
        while stack[-1][0] != style:
            stack.pop()
        stack.pop()
    else:
        while stack and _rank(stack[-1][0]) > _rank(style):
            stack.pop()
    parent = stack[-1][1] if stack else root
    parent.children.append(section)
    stack.append((style, section))


def _set_levels(sections: list[Section], depth: int) -> None:
    for section in sections:
        if section.title or section.children:
            section.level = depth
        _set_levels(section.children, depth + 1)
