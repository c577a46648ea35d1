"""Parse any plan text (Markdown or plain) into a heading tree with line numbers.

Evaluation must work on drafts from anywhere (ours, an LLM's, a person's), so this reads the
numbering conventions of Chinese official documents itself: 一、 > （一） > 1. > （1） > ①, plus
Markdown `#` headings, month lines (`三月：`) and unnumbered section labels (`附：月份工作安排`).
Nesting follows the conventional rank of each marker family, so a wrongly nested marker shows up
as mixed siblings that the numbering check can point at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from plandraft import numerals

_CN = "一二三四五六七八九十"

# Conventional rank of each numbered family (smaller = higher in the hierarchy).
FAMILY_RANK = {"cn": 0, "paren_cn": 1, "arabic": 2, "paren_arabic": 3, "circled": 4}
FAMILY_LABEL = {"cn": "一、", "paren_cn": "（一）", "arabic": "1.", "paren_arabic": "（1）",
                "circled": "①"}

_MARKERS: list[tuple[str, re.Pattern]] = [
    ("paren_cn", re.compile(rf"^[（(]\s*([{_CN}]+)\s*[)）][、.．]?\s*")),
    ("paren_arabic", re.compile(r"^[（(]\s*(\d{1,2})\s*[)）][、.．]?\s*")),
    ("cn", re.compile(rf"^([{_CN}]+)\s*[、.．]\s*")),
    # "1." but not "4.3" (a decimal or a date) and not "2023年".
    ("arabic", re.compile(r"^(\d{1,2})\s*[、.．。](?!\d)\s*")),
    ("circled", re.compile(rf"^([{numerals.CIRCLED}])\s*")),
]
_MD = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^[-*+•·]\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# A month line heading a schedule entry: "三月：", "九月份", "7-8月", "七、八月", "1月".
_MONTH_NUM = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
MONTH_LINE = re.compile(
    rf"^(?:{_MONTH_NUM}(?:\s*[、\-—~～至到和]\s*{_MONTH_NUM})*)\s*月份?(?:上旬|中旬|下旬|初|底)?"
    rf"\s*(?:[：:]\s*|$)")
_SENTENCE_END = "。；;！!？?，,"


def plain(text: str) -> str:
    """Text without Markdown emphasis and surrounding whitespace."""
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    return text.strip().strip("*").strip()


def lead_phrase(text: str, limit: int = 40) -> str:
    """The heading part of a numbered item: up to the first 。/：/； when that is short enough."""
    m = re.search(r"[。：:；;！!？?]", text)
    head = text[: m.start()] if m else text
    return head.strip() if len(head) <= limit else head[:limit].strip()


@dataclass
class Node:
    """A heading or numbered item, with the unnumbered lines directly under it."""

    family: str  # a FAMILY_RANK key, or "md", "month", "label"
    marker: str  # as written, e.g. "（二）", "3.", "##"
    number: int | None  # value of the marker; None for md/label/month
    title: str  # the heading phrase (lead phrase of a long item)
    text: str  # the whole line without its marker
    line: int  # 1-based line number in the input
    md_level: int = 0  # number of leading '#' (0 when not a Markdown heading)
    children: list[Node] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False, compare=False)

    @property
    def numbered(self) -> bool:
        return self.family in FAMILY_RANK

    def path(self) -> list[str]:
        names, node = [], self
        while node is not None:
            names.append(f"{node.marker if node.numbered else ''}{node.title}")
            node = node.parent
        return names[::-1]

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all_text(self) -> str:
        """This node's line, its body and all descendants, in reading order."""
        parts = [self.text] + [p.text for p in self.body]
        parts += [c.all_text() for c in self.children]
        return "\n".join(p for p in parts if p)


@dataclass
class Paragraph:
    text: str  # the line without list/numbering markers
    line: int
    node: Node | None = field(default=None, repr=False, compare=False)


@dataclass
class Document:
    title: str
    title_line: int | None
    lines: list[str]  # the input split into lines, as given
    nodes: list[Node]  # top-level headings
    preamble: list[Paragraph]  # unnumbered lines before the first heading (after the title)

    def walk(self) -> Iterator[Node]:
        for node in self.nodes:
            yield from node.walk()

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every text line of the body with its line number: headings, items and plain lines."""
        out = list(self.preamble)
        for node in self.walk():
            out.append(Paragraph(node.text, node.line, node))
            out.extend(node.body)
        yield from sorted(out, key=lambda p: p.line)

    def headings(self) -> list[Node]:
        """Nodes that act as headings: Markdown headings, labels, and numbered items of the
        two top numbered levels (plans put their points at the third level and below)."""
        out = []
        for node in self.walk():
            depth = _numbered_depth(node)
            if node.family in ("md", "label") or (node.numbered and depth <= 2):
                out.append(node)
        return out

    @property
    def body_text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs())

    @property
    def char_count(self) -> int:
        """Characters of content (no whitespace, no Markdown symbols), the length measure."""
        return len(re.sub(r"[\s#*>\-|`]", "", self.body_text))


def _numbered_depth(node: Node) -> int:
    depth, cur = 0, node
    while cur is not None:
        if cur.numbered or cur.family == "month":
            depth += 1
        cur = cur.parent
    return depth


def _split_marker(text: str) -> tuple[str, str, int | None, str]:
    """(family, marker, number, rest) for a line starting with a numbering marker, else family ''."""
    for family, rx in _MARKERS:
        m = rx.match(text)
        if m:
            number = numerals.to_int(m.group(1))
            rest = text[m.end():].strip()
            if number is not None and rest:
                return family, m.group(0).strip(), number, rest
    return "", "", None, text


def _is_title(text: str) -> bool:
    return (len(text) <= 50 and not text.endswith(tuple(_SENTENCE_END))
            and re.search(r"计划|安排|要点|打算|思路|方案|规划|意见", text) is not None)


def _is_label(text: str, labels: tuple[str, ...]) -> bool:
    """An unnumbered short line that names a plan section ("工作目标", "附：月份工作安排")."""
    core = text.rstrip("：:").strip()
    if len(core) > 16 or core.endswith(tuple(_SENTENCE_END)):
        return False
    core = re.sub(r"^附[件录]?[：:]?\s*\d*\s*", "", core)
    return any(core.endswith(lab) or core.startswith(lab) for lab in labels)


# Section labels recognised on an unnumbered line; the canonical synonyms live in sections.py,
# this short list only decides the tree shape.
_LABELS = ("指导思想", "总体思路", "工作思路", "工作目标", "目标任务", "总体目标", "主要工作",
           "工作重点", "重点工作", "主要任务", "具体措施", "工作措施", "工作安排", "月份安排",
           "月工作安排", "月份工作安排", "工作行事历", "行事历", "保障措施", "工作要求", "活动安排")


def parse(text: str) -> Document:
    """Parse a plan. Never fails: text without any structure gives a document with no nodes."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title, title_line = "", None
    stack: list[tuple[tuple, Node]] = []  # (rank key, node), outermost first
    top: list[Node] = []
    preamble: list[Paragraph] = []

    def push(key: tuple, node: Node) -> None:
        # A numbered family that is the last numbered one at an open level continues there as
        # a sibling (innermost such level): "五、" after "附：月份安排" goes back to the top.
        levels = [top] + [n.children for _, n in stack]
        for depth in range(len(levels) - 1, -1, -1) if node.numbered and not node.md_level else ():
            last = [s for s in levels[depth] if s.numbered and not s.md_level][-1:]
            if last and last[0].family == node.family:
                del stack[depth:]
                break
        else:
            while stack and stack[-1][0] >= key:
                stack.pop()
        parent = stack[-1][1] if stack else None
        node.parent = parent
        (parent.children if parent else top).append(node)
        stack.append((key, node))

    for i, raw in enumerate(lines, start=1):
        line = plain(raw.replace("\u3000", " "))
        if not line:
            continue
        md = _MD.match(line)
        if md:
            line = plain(md.group(2))
            if not line:
                continue
        if title_line is None and not top and not preamble and (
                (md and len(md.group(1)) == 1) or _is_title(line)) and not _split_marker(line)[0]:
            title, title_line = line, i
            continue
        month = MONTH_LINE.match(line)
        family, marker, number, rest = ("", "", None, line) if month else _split_marker(line)
        if md:
            level = len(md.group(1))
            node = Node(family or "md", marker, number, lead_phrase(rest), rest, i, md_level=level)
            push((0, level), node)
            continue
        if family:
            node = Node(family, marker, number, lead_phrase(rest), rest, i)
            push((2, FAMILY_RANK[family]), node)
            continue
        if month:
            node = Node("month", "", None, month.group(0).rstrip("：: "), line, i)
            push((2, 1.5), node)
            continue
        if _is_label(line, _LABELS):
            node = Node("label", "", None, line.rstrip("：:"), line, i)
            push((1,), node)
            continue
        text_ = _BULLET.sub("", line)
        if stack:
            node = stack[-1][1]
            node.body.append(Paragraph(text_, i, node))
        else:
            preamble.append(Paragraph(text_, i))
    return Document(title, title_line, lines, top, preamble)



def locate(doc: Document, line: int | None) -> str:
    """A human location for a line: "第12行 · 三、加强工会自身建设 > （二）…" (two levels)."""
    if line is None:
        return "全文"
    if doc.title_line == line:
        return f"第{line}行 · 标题"
    owner = None
    for node in doc.walk():
        if node.line <= line:
            owner = node
    if owner is None:
        return f"第{line}行"
    path = [p[:20] for p in owner.path()[:2]]
    return f"第{line}行 · {' > '.join(path)}"
