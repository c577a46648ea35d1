"""A section body laid out from its items, the same for every writer: 指导思想 as paragraphs,
月份安排 as one line per month or week, everything else as a numbered list (1. 2. …)."""
from __future__ import annotations

import re

from corpus.readers import to_simplified
from drafting.adapt import adapt_line
from drafting.numbering import strip_marker
from plandraft.models import Brief

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOT_BODY = re.compile(r"^(?:#+\s|```|>|\*\*?[^*]+\*\*?$)")


def layout(items: list[str], kind: str) -> str:
    if kind == "指导思想":
        return "\n\n".join(items)
    if kind == "月份安排":
        return "\n\n".join(items)
    return "\n\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))


def items_of(text: str) -> list[str]:
    """A section body's items without their numbers (layout's inverse)."""
    return [strip_marker(line.strip()) for line in text.splitlines() if line.strip()]


def adapted_items(text: str, brief: Brief) -> list[str]:
    """Lines of free text (a model's answer, a user's edit) in simplified Chinese, adapted to the
    brief; headings, fences and lines that cannot be adapted are left out."""
    items = []
    for line in to_simplified(text).splitlines():
        line = line.strip()
        if not line or _NOT_BODY.match(line):
            continue
        line = line.replace("**", "")
        out = adapt_line(line, brief)
        if out and out not in items:
            items.append(out)
    return items


def chinese_chars(text: str) -> int:
    return len(_CJK.findall(text))
