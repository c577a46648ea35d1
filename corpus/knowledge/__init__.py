"""The knowledge base of union work (data in themes/ and org_types.toml; schema in base.py)."""
from corpus.knowledge.base import FILL_IN, Entry, Knowledge, KnowledgeError, Theme, fill, knowledge, load

__all__ = ["FILL_IN", "Entry", "Knowledge", "KnowledgeError", "Theme", "fill", "knowledge", "load"]
