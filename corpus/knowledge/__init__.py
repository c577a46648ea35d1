"""The knowledge base of union work (data in themes/ and org_types.toml; schema in base.py)."""
from corpus.knowledge.base import Entry, Knowledge, KnowledgeError, Theme, fill, knowledge, load
from plandraft.lexicon import FILL_IN

__all__ = ["FILL_IN", "Entry", "Knowledge", "KnowledgeError", "Theme", "fill", "knowledge", "load"]
