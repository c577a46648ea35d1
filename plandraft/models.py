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
    owner: str = ""  # the account whose private upload it is; "" = the common library


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
    owner: str = ""  # as Plan.owner: searches show a private chunk to its owner (and admins) only

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
class Version:
    """One text a section has had: when, and what made it (初稿, the instruction, 手工修改 …)."""

    text: str
    time: str = ""
    action: str = "初稿"
    note: str = ""  # what a revision did and could not do, as told to the user


@dataclass
class DraftSection:
    """A written section with its whole history. `versions` only grows (nothing is ever lost);
    `current` is the version shown; undo/redo are stacks of version numbers, so undoing a
    revision and then making another still lets the undone text be restored from the list."""

    title: str
    text: str
    sources: list[Source] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)  # oldest first; [] = only the first text
    current: int = 0
    undo_stack: list[int] = field(default_factory=list)
    redo_stack: list[int] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)  # items (without their number) kept as they are

    def history(self) -> list[Version]:
        return self.versions or [Version(self.text)]

    def commit(self, text: str, action: str, time: str = "", note: str = "") -> None:
        """A new current version (a revision, a hand edit)."""
        self.versions = self.history()
        self.versions.append(Version(text, time, action, note))
        self.undo_stack.append(self.current)
        self.redo_stack.clear()  # redo follows undo only; the versions themselves stay
        self._show(len(self.versions) - 1)

    def undo(self) -> bool:
        return self._step(self.undo_stack, self.redo_stack)

    def redo(self) -> bool:
        return self._step(self.redo_stack, self.undo_stack)

    def _step(self, back: list[int], forth: list[int]) -> bool:
        """Show the version on top of `back`, keeping the one shown now on `forth`."""
        if not back:
            return False
        forth.append(self.current)
        self._show(back.pop())
        return True

    def restore(self, number: int) -> None:
        """Show version `number` (0-based) again; undo goes back to what was shown before."""
        self.versions = self.history()
        self.undo_stack.append(self.current)
        self.redo_stack.clear()
        self._show(number)

    def _show(self, number: int) -> None:
        self.current = number
        self.text = self.versions[number].text


@dataclass
class Revision:
    """A reviser's answer: the new text, and what of the instruction it did and did not do."""

    text: str
    done: list[str] = field(default_factory=list)
    undone: list[str] = field(default_factory=list)

    def note(self) -> str:
        parts = ["；".join(self.done)] if self.done else []
        if self.undone:
            parts.append("没有做到：" + "；".join(self.undone))
        return "。".join(parts)


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
    owner: str = ""  # the account that made it (kept in its own database column, not the JSON)
