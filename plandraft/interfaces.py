"""The narrow interfaces between stages, one abstract method each (after STORM's interface.py).

The engine (plandraft/engine.py) wires concrete implementations of these; the CLI and the
Gradio app only talk to the engine.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from plandraft.models import Brief, Draft, DraftSection, Hit, Outline, OutlineItem, Revision, SearchResult


class Retriever(ABC):
    @abstractmethod
    def search(self, query: str, *, org_type: str | None = None, period: str | None = None,
               kind: str | None = None, k: int = 5) -> SearchResult:
        """Best k section chunks for query, filtered, relaxing filters step by step if too few."""


class Outliner(ABC):
    @abstractmethod
    def outline(self, brief: Brief) -> Outline:
        """The skeleton of a plan for this brief: canonical sections, exemplar consensus, focus."""


class Writer(ABC):
    name: str

    @abstractmethod
    def write(self, brief: Brief, item: OutlineItem, sources: list[Hit]) -> DraftSection:
        """Text of one outline item, written from that item's own retrieved sources."""


class Reviser(ABC):
    @abstractmethod
    def revise(self, draft: Draft, number: int, instruction: str, sources: list[Hit]) -> Revision:
        """New text of section `number` (1-based) following the user's instruction, with what
        was and was not done; other sections untouched."""


class Exporter(ABC):
    suffix: str

    @abstractmethod
    def export(self, draft: Draft, path: Path) -> Path:
        """Write the draft to path (a safe file name is chosen if path is a folder)."""
