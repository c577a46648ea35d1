"""Cut a plan into section chunks that keep their heading path, within a token budget.

A section whose whole subtree fits the budget is one chunk (its sub-headings stay in the text
as lines). A larger one gives its own text, packed at point then sentence boundaries, and
recurses into its children; children too small to stand alone (under a quarter of the budget,
e.g. the months of a schedule) are packed together under the parent's path instead. The chunk text carries no heading of its own: the path is metadata.
"""
from __future__ import annotations

import hashlib
import re

from plandraft.models import PATH_SEP, Chunk, Plan, Section
from plandraft.tokens import count_tokens

MIN_TOKENS = 40  # a child subtree smaller than this (or a quarter of the budget) joins its parent
PREAMBLE_PATH = "开篇"  # section path of the untitled text before a plan's first heading
_SENTENCE = re.compile(r"(?<=[。！？；!?;])")


def chunk_plan(plan: Plan, max_tokens: int) -> list[Chunk]:
    """Section chunks of plan, each at most max_tokens (a single over-long sentence excepted)."""
    pieces: list[tuple[tuple[str, ...], str]] = []
    for section in plan.sections:
        pieces.extend(_pieces(section, (section.title or PREAMBLE_PATH,), max_tokens))
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for path, text in pieces:
        text = text.strip()
        section_path = PATH_SEP.join(path)
        chunk_id = chunk_hash(plan, section_path, text)
        if not text or chunk_id in seen:
            continue
        seen.add(chunk_id)
        chunks.append(Chunk(
            id=chunk_id, plan_id=plan.id, plan_title=plan.title, source=plan.source,
            org_type=plan.org_type, period=plan.period, kind=plan.kind, year=plan.year,
            section_path=section_path, text=text, tokens=count_tokens(text), owner=plan.owner))
    return chunks


def chunk_hash(plan: Plan, section_path: str, text: str) -> str:
    """The chunk's id: a hash of everything stored with it, so that an edit of the text or of
    what the plan is classified as (title, org type, period, kind, year) re-indexes the chunk."""
    fields = (plan.id, plan.title, plan.source, plan.org_type, plan.period, plan.kind,
              str(plan.year or ""), section_path, text)
    if plan.owner:  # a private upload: sharing it changes its ids (and so its stored owner);
        fields += (plan.owner,)  # the common library keeps the ids older versions gave it
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:32]


def render(section: Section) -> str:
    """A section's text with its sub-headings as lines, without its own heading."""
    lines = [section.text] if section.text else []
    for child in section.children:
        lines.append(f"{child.marker}{child.title}")
        body = render(child)
        if body:
            lines.append(body)
    return "\n".join(lines)


def _pieces(section: Section, path: tuple[str, ...], budget: int) -> list[tuple[tuple[str, ...], str]]:
    whole = render(section)
    if count_tokens(whole) <= budget:
        return [(path, whole)]
    out: list[tuple[tuple[str, ...], str]] = []
    buffer = _pack(section.text.split("\n") if section.text else [], budget, out, path)
    small = max(MIN_TOKENS, budget // 4)
    for child in section.children:
        child_path = path + (child.title,)
        child_text = f"{child.marker}{child.title}\n{render(child)}".strip()
        if count_tokens(child_text) < small:
            buffer = _append(buffer, child_text, budget, out, path)
            continue
        if buffer:
            out.append((path, buffer))
            buffer = ""
        out.extend(_pieces(child, child_path, budget))
    if buffer:
        out.append((path, buffer))
    return out


def _pack(lines: list[str], budget: int, out: list, path: tuple[str, ...]) -> str:
    """Pack lines (points), splitting any over-long one at sentences; return the open buffer."""
    buffer = ""
    for line in lines:
        if count_tokens(line) > budget:
            for sentence in (s for s in _SENTENCE.split(line) if s):
                buffer = _append(buffer, sentence, budget, out, path, sep="")
            continue
        buffer = _append(buffer, line, budget, out, path)
    return buffer


def _append(buffer: str, text: str, budget: int, out: list, path: tuple[str, ...], sep: str = "\n") -> str:
    joined = f"{buffer}{sep}{text}" if buffer else text
    if buffer and count_tokens(joined) > budget:
        out.append((path, buffer))
        return text
    return joined
