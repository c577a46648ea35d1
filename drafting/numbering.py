"""Chinese official-document numbering: 一、 / （一） / 1. — applied on assembly, kept consecutive."""
from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"

# A leading numbering marker as found in real plans: 一、 （一） (一) 1、 1. 1． （1） ① 第一，
MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）][、.．]?|\d{1,2}\s*[、.．](?!\d)"
    r"|[（(]\d{1,2}[)）]|[①-⑳]|第[一二三四五六七八九十]+[，,、])\s*")
_ARABIC_ITEM = re.compile(r"^(\d{1,2})\s*[、.．](?!\d)\s*")


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for any plan)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def level1(n: int) -> str:
    return f"{cn_number(n)}、"


def level2(n: int) -> str:
    return f"（{cn_number(n)}）"


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
