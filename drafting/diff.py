"""What a change did to a section: items added, removed, changed (word by word) or kept.

Items are compared without their numbers, so renumbering is not a change; an item replaced by
one much like it is `changed` and shows its word-level differences (jieba words, difflib).
"""
from __future__ import annotations

import difflib
import html
from dataclasses import dataclass

import jieba

from drafting.body import items_of

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


def diff(old: str, new: str) -> list[ItemChange]:
    a, b = items_of(old), items_of(new)
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


# How each kind of item and word run is written: (item templates, word templates, escape).
_HTML = ({"same": '<li class="same">{}</li>', "added": '<li class="added"><ins>{}</ins></li>',
          "removed": '<li class="removed"><del>{}</del></li>', "changed": '<li class="changed">{}</li>'},
         {"insert": "<ins>{}</ins>", "delete": "<del>{}</del>", "equal": "{}"}, html.escape)
_TEXT = ({"same": "  {}", "added": "+ {}", "removed": "- {}", "changed": "~ {}"},
         {"insert": "{{+{}+}}", "delete": "[-{}-]", "equal": "{}"}, str)


def _render(changes: list[ItemChange], style: tuple) -> list[str]:
    items, words, escape = style
    out = []
    for c in changes:
        body = ("".join(words[op].format(escape(t)) for op, t in c.words()) if c.tag == "changed"
                else escape(c.old if c.tag == "removed" else c.new))
        out.append(items[c.tag].format(body))
    return out


def to_html(changes: list[ItemChange]) -> str:
    """The section with its changes marked: <ins>/<del> words, whole items added or removed."""
    return f'<ul class="diff">{"".join(_render(changes, _HTML))}</ul>'


def to_text(changes: list[ItemChange]) -> str:
    """For a terminal: + added, - removed, ~ changed with [-删去-]{+加上+}, two spaces kept."""
    return "\n".join(_render(changes, _TEXT))
