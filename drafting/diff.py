"""What a change did to a section: items added, removed, changed (word by word) or kept.

Items are compared without their numbers, so renumbering is not a change; an item replaced by
one much like it is `changed` and shows its word-level differences (jieba words, difflib).
"""
from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

import jieba

from drafting.numbering import strip_marker

SAME_ITEM = 0.5  # difflib ratio above which a replaced item is the same item changed


@dataclass
class ItemChange:
    tag: str  # same | added | removed | changed
    old: str = ""
    new: str = ""

    def words(self) -> list[tuple[str, str]]:
        """(tag, text) runs of a changed item: equal, insert, delete."""
        a, b = jieba.lcut(self.old), jieba.lcut(self.new)
        out = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op in ("delete", "replace"):
                out.append(("delete", "".join(a[i1:i2])))
            if op in ("insert", "replace"):
                out.append(("insert", "".join(b[j1:j2])))
            if op == "equal":
                out.append(("equal", "".join(a[i1:i2])))
        return out


def _items(text: str) -> list[str]:
    return [strip_marker(line.strip()) for line in text.splitlines() if line.strip()]


def diff(old: str, new: str) -> list[ItemChange]:
    a, b = _items(old), _items(new)
    out: list[ItemChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [ItemChange("same", t, t) for t in a[i1:i2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        while olds or news:  # pair a removed item with an added one much like it
            if olds and news and difflib.SequenceMatcher(None, olds[0], news[0]).ratio() >= SAME_ITEM:
                out.append(ItemChange("changed", olds.pop(0), news.pop(0)))
            elif olds:
                out.append(ItemChange("removed", olds.pop(0)))
            else:
                out.append(ItemChange("added", new=news.pop(0)))
    return out


def summary(changes: list[ItemChange]) -> str:
    counts = {tag: sum(c.tag == tag for c in changes) for tag in ("added", "removed", "changed")}
    parts = [f"{label} {counts[tag]} 条" for tag, label in
             (("added", "新增"), ("removed", "删去"), ("changed", "改动")) if counts[tag]]
    return "，".join(parts) if parts else "条目内容没有变化（可能只调整了顺序）"


def to_html(changes: list[ItemChange]) -> str:
    """The section with its changes marked: <ins>/<del> words, whole items added or removed."""
    rows = []
    for c in changes:
        if c.tag == "same":
            rows.append(f'<li class="same">{html.escape(c.new)}</li>')
        elif c.tag == "added":
            rows.append(f'<li class="added"><ins>{html.escape(c.new)}</ins></li>')
        elif c.tag == "removed":
            rows.append(f'<li class="removed"><del>{html.escape(c.old)}</del></li>')
        else:
            body = "".join(f"<ins>{html.escape(t)}</ins>" if op == "insert" else
                           f"<del>{html.escape(t)}</del>" if op == "delete" else html.escape(t)
                           for op, t in c.words())
            rows.append(f'<li class="changed">{body}</li>')
    return f'<ul class="diff">{"".join(rows)}</ul>'


def to_text(changes: list[ItemChange]) -> str:
    """For a terminal: + added, - removed, ~ changed with [-删去-]{+加上+}, two spaces kept."""
    lines = []
    for c in changes:
        if c.tag == "same":
            lines.append(f"  {c.new}")
        elif c.tag == "added":
            lines.append(f"+ {c.new}")
        elif c.tag == "removed":
            lines.append(f"- {c.old}")
        else:
            lines.append("~ " + "".join(f"{{+{t}+}}" if op == "insert" else f"[-{t}-]" if op == "delete"
                                        else t for op, t in c.words()))
    return "\n".join(lines)
