"""Text from outside (briefs, instructions, outlines, briefs files) without the characters that
break storage and Word export: control characters other than line breaks and tabs, and lone
surrogates (half of a character, left by a broken encoding)."""
from __future__ import annotations

import re

_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str) -> str:
    return _BAD.sub("", text or "")
