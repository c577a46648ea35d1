"""Domain data classes, each defined once: Plan, Section, Chunk, Brief, Outline, Draft
and the small records that travel between stages (Hit, SearchResult, Source)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

PATH_SEP = " > "  # joins a heading path into one string (Chroma metadata must be scalar)


# ---- corpus -------------------------------------------------------------------------------
@dataclass
class Section:
    """One node of a plan's heading tree."""

    title: str  # heading text without its numbering marker, e.g. "加强工会自身建设"
    level: int  # 1 = 一、 / #, 2 = （一）, 3 = 1、, 4 = （1）; 0 = untitled preamble
    marker: str = ""  # the numbering as written, e.g. "一、", "（二）", "1."
    text: str = ""  # body text directly under this heading (children excluded)
    children: list[Section] = field(default_factory=list)

    def walk(self, path: tuple[str, ...] = ()):
        """Yield (heading path, section) for this node and every descendant, depth first."""
        here = path + ((self.title,) if self.title else ())
        yield here, self
        for child in self.children:
            yield from child.walk(here)


@dataclass
class Plan:
    """A single plan (or report) split out of a source collection, cleaned and classified."""

    id: str  # stable: source file stem + index, e.g. "000_f186568b1092f67c#2"
    title: str
    source: str  # file name it came from
    org_type: str
    period: str
    kind: str
    year: int | None
    text: str  # cleaned full text
    sections: list[Section] = field(default_factory=list)  # top-level heading tree


@dataclass
class Chunk:
    """A section-level piece of a plan with its heading path and the plan's metadata."""

    id: str  # hash of text, section_path and the plan's metadata (corpus.chunk.chunk_hash)
    plan_id: str
    plan_title: str
    source: str
    org_type: str
    period: str
    kind: str
    year: int | None
    section_path: str  # heading path joined by PATH_SEP
    text: str
    tokens: int = 0

    def metadata(self) -> dict:
        meta = asdict(self)
        meta.pop("text")
        meta.pop("id")
        meta["year"] = self.year or 0  # Chroma metadata cannot hold None
        return meta


# ---- retrieval ----------------------------------------------------------------------------
@dataclass
class Hit:
    chunk: Chunk
    score: float

    def to_json(self) -> dict:
        c = self.chunk
        return {
            "id": c.id, "plan_id": c.plan_id, "plan_title": c.plan_title, "org_type": c.org_type,
            "period": c.period, "kind": c.kind, "section_path": c.section_path, "text": c.text,
            "score": round(self.score, 6),
        }


@dataclass
class SearchResult:
    query: str
    filters: dict  # the filters asked for: org_type / period / kind
    relaxed: list[str] = field(default_factory=list)  # which filters were dropped, in order
    hits: list[Hit] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"query": self.query, "filters": self.filters, "relaxed": self.relaxed,
                "results": [h.to_json() for h in self.hits]}


# ---- drafting -----------------------------------------------------------------------------
@dataclass
class Brief:
    """What the user asked for, parsed; defaults that were assumed are recorded in notes."""

    text: str
    org_name: str
    org_type: str
    year: int
    period: str
    term: str = ""  # e.g. "2025-2026学年第一学期" for a 学期 plan, "第三季度", "9月"
    focus: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"org_name": self.org_name, "org_type": self.org_type, "year": self.year,
                "period": self.period, "term": self.term, "focus": list(self.focus)}


@dataclass
class OutlineItem:
    title: str  # heading without numbering; numbering is applied on assembly
    points: list[str] = field(default_factory=list)
    kind: str = "主要工作"  # one of vocab.SECTION_TYPES
    theme: str = ""  # id of its knowledge-base theme (corpus/knowledge), "" if none


@dataclass
class Outline:
    title: str  # the document title, e.g. "实验小学工会2025年下半年工作计划"
    items: list[OutlineItem] = field(default_factory=list)


@dataclass
class Source:
    """Where a section's material came from, for citation."""

    plan_title: str
    section_path: str
    org_type: str
    period: str
    text: str = ""  # the passage itself, so a UI can expand it

    def to_json(self) -> dict:
        return {"plan_title": self.plan_title, "section_path": self.section_path,
                "org_type": self.org_type, "period": self.period}


@dataclass
class DraftSection:
    title: str
    text: str
    sources: list[Source] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)  # earlier texts, oldest first (undo stack)


@dataclass
class Draft:
    id: str
    brief: Brief
    outline: Outline
    sections: list[DraftSection] = field(default_factory=list)
    writer: str = "compose"
    notes: list[str] = field(default_factory=list)
    created: str = ""
    updated: str = ""
