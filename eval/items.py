"""The items of a plan: every list item and paragraph of every section, the unit a cadre reads
and the item-level checks label. Headings are not items; a numbered line that carries a whole
sentence (a goal, a point, a month's entry) is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from eval.document import Document, Node, Paragraph
from eval.sections import section_type

PREAMBLE = "前言"  # the section name of lines before the first heading
_HEADING_MAX = 30  # a numbered line with points under it is a heading when this short
_INNER_STOP = re.compile(r"[。；;！!？?].")  # a sentence end with more text after it


@dataclass
class Item:
    section: str  # the top-level heading it sits under ("前言" before any)
    kind: str | None  # that section's canonical type (指导思想, 工作目标 …), None for themes
    heading: str  # the nearest heading above it: what it must belong to
    index: int  # 1-based position within its section
    text: str
    line: int

    def to_json(self) -> dict:
        return {"section": self.section, "index": self.index, "heading": self.heading,
                "text": self.text, "line": self.line}


def is_heading(node: Node) -> bool:
    """Does this node head other lines rather than say something itself?"""
    if node.family in ("md", "label"):
        return True
    has_content = bool(node.children or node.body)
    if node.family == "month":
        return not month_rest(node)
    if not has_content:
        # An empty top-level section ("三、主要工作" with nothing under it) is still a heading.
        return node.parent is None and len(node.text) <= _HEADING_MAX \
            and not node.text.endswith("。")
    return len(node.text) <= _HEADING_MAX and not _INNER_STOP.search(node.text)


def month_rest(node: Node) -> str:
    """A month line's entry without its month ("三月：召开…" → "召开…")."""
    return node.text[len(node.title):].lstrip("：:份 ").strip()


def _top(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def _heading_of(node: Node | None) -> Node | None:
    """The nearest heading at or above node."""
    while node is not None and not is_heading(node):
        node = node.parent
    return node


def items(doc: Document) -> list[Item]:
    out: list[Item] = []
    counts: dict[str, int] = {}
    for p in _lines(doc):
        node = p.node
        if node is None:
            section, kind, heading = PREAMBLE, None, ""
        else:
            top = _top(node)
            section, kind = top.title, section_type(top)
            head = _heading_of(node.parent if p.line == node.line else node)
            heading = head.title if head is not None else section
        counts[section] = counts.get(section, 0) + 1
        out.append(Item(section, kind, heading, counts[section], p.text, p.line))
    return out


def _lines(doc: Document) -> Iterator[Paragraph]:
    """Paragraphs that are items (heading lines left out)."""
    for p in doc.paragraphs():
        node = p.node
        if node is not None and p.line == node.line and is_heading(node):
            continue
        if p.text.strip():
            yield p
