"""A draft as one Markdown document, numbered 一、 / （一） / 1. on assembly."""
from __future__ import annotations

from collections.abc import Iterator

from drafting.numbering import level1, level2, renumber
from drafting.sections import MAIN_GROUP_TITLE
from plandraft.models import Draft, DraftSection


def headings(draft: Draft) -> Iterator[tuple[int, str, DraftSection | None]]:
    """(level, numbered heading, section) in document order; level 1 = 一、, level 2 = （一）.
    The main-work group heading has no section of its own (None)."""
    n = m = 0
    in_main = False
    kinds = [item.kind for item in draft.outline.items]
    for section, kind in zip(draft.sections, kinds):
        if kind == "主要工作":
            if not in_main:
                n, in_main = n + 1, True
                yield 1, f"{level1(n)}{MAIN_GROUP_TITLE}", None
            m += 1
            yield 2, f"{level2(m)}{section.title}", section
        else:
            n, in_main = n + 1, False
            yield 1, f"{level1(n)}{section.title}", section


def draft_to_markdown(draft: Draft) -> str:
    lines = [f"# {draft.outline.title}", ""]
    for level, heading, section in headings(draft):
        lines += [f"{'#' * (level + 1)} {heading}", ""]
        if section is not None and section.text.strip():
            lines += [renumber(section.text.strip()), ""]
    return "\n".join(lines).rstrip() + "\n"
