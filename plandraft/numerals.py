"""Chinese numerals both ways, as plans number things: 一 … 九十九, Arabic digits, ①–⑳."""
from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_VALUES = {"零": 0, "〇": 0, "两": 2, **{ch: i for i, ch in enumerate(_DIGITS) if i}}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def to_int(text: str) -> int | None:
    """Value of a Chinese (一…九十九), Arabic or circled numeral string; None if it is none."""
    if text and text in CIRCLED:  # before isdigit(), which is True for ③ too
        return CIRCLED.index(text) + 1
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _VALUES and ch != "十" for ch in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        return (_VALUES.get(tens, 1) if tens else 1) * 10 + (_VALUES.get(ones, 0) if ones else 0)
    return _VALUES[text] if len(text) == 1 else None


def to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for any plan)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")
