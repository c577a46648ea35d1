"""Prompt templates (Chinese) kept as files beside this module and loaded by name."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from plandraft.errors import PlandraftError

_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load(name: str) -> str:
    """Text of prompts/<name>.md."""
    path = _HERE / f"{name}.md"
    if not path.is_file():
        raise PlandraftError(f"找不到提示词模板“{name}”（应在 prompts/{name}.md）。")
    return path.read_text(encoding="utf-8")
