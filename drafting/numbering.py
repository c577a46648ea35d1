"""Chinese official-document numbering: 一、 / （一） / 1. — applied on assembly, kept consecutive."""
from __future__ import annotations

import re

from plandraft.numerals import to_chinese

# A leading numbering marker as found in real plans: 一、 （一） (一) 1、 1. 1． （1） ① 第一，
MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）][、.．]?|\d{1,2}\s*[、.．](?!\d)"
    r"|[（(]\d{1,2}[)）]|[①-⑳]|第[一二三四五六七八九十]+[，,、])\s*")
_ARABIC_ITEM = re.compile(r"^(\d{1,2})\s*[、.．](?!\d)\s*")


def level1(n: int) -> str:
    return f"{to_chinese(n)}、"


def level2(n: int) -> str:
    return f"（{to_chinese(n)}）"


def strip_marker(text: str) -> str:
    """Heading or item text without its numbering marker."""
    return MARKER.sub("", text, count=1).strip()


def renumber(text: str) -> str:
    """Make the arabic items (1. 2. …) of a section body consecutive; a line that is not an item
    but ends with a colon (e.g. “七月：”) starts a new list."""
    out, n = [], 0
    for line in text.splitlines():
        m = _ARABIC_ITEM.match(line)
        if m:
            n += 1
            line = f"{n}. {line[m.end():]}"
        elif line.rstrip().endswith(("：", ":")):
            n = 0
        out.append(line)
    return "\n".join(out)
