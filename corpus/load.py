"""Load source files and folders into cleaned, classified single plans with heading trees."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.classify import Classification, classify
from corpus.clean import clean
from corpus.headings import is_month_title, parse_headings
from corpus.readers import (
    DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, UnreadableDocument, original_name, read_document,
)
from corpus.split import split_collection
from plandraft.models import Plan, Section

_ORG_NAME = re.compile(r"([\u4e00-\u9fff]{2,10}?(?:中学|小学|学校|幼儿园|公司|集团|医院|社区|街道|镇|局)工会)")
_MIN_PLAN_CHARS = 20  # a part with less text than this after cleaning is page debris


@dataclass
class LoadResult:
    plans: list[Plan] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, Chinese reason)


def load_corpus(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Plans from every file in paths (a folder contributes its supported files, sorted).

    A file that cannot be read (or is over max_bytes) is skipped with its reason; the rest
    still load.
    """
    result = LoadResult()
    for path in _expand(paths, result):
        try:
            result.plans.extend(load_file(path, max_bytes))
        except UnreadableDocument as exc:
            result.skipped.append((str(path), str(exc)))
    return result


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Plan]:
    """The plans in one file; ids are f"{file stem}#{index}", index from 1 in file order."""
    parts = split_collection(read_document(path, max_bytes))
    plans: list[Plan] = []
    for part in parts:
        body = clean(part.body)
        if len(body) < _MIN_PLAN_CHARS:
            continue
        sections = parse_headings(body)
        label = classify(part.title, body, hint=part.hint, generic_title=part.generic_title,
                         month_headings=_month_count(sections))
        index = len(plans) + 1
        stem = Path(original_name(path.name)).stem
        title = part.title or _derived_title(body, label, stem if len(parts) == 1 else "")
        plans.append(Plan(
            id=f"{path.stem}#{index}", title=title, source=path.name, org_type=label.org_type,
            period=label.period, kind=label.kind, year=label.year, text=body, sections=sections))
    if not plans:
        raise UnreadableDocument(f"“{original_name(path.name)}”中没有找到可用的计划正文。")
    return plans


def _derived_title(body: str, label: Classification, stem: str) -> str:
    """A title for a plan its source leaves untitled: its organisation's name, else the user's
    file name, else what it was classified as (e.g. “学校工会学期工作计划”)."""
    named = _ORG_NAME.search(body[:120])
    if named:
        return f"{named.group(1)}{label.period if label.period != '年度' else ''}工作{label.kind}"
    return stem or f"{label.org_type}工会{label.period}工作{label.kind}"


def _expand(paths: Iterable[str | Path], result: LoadResult) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            # rglob does not follow links to folders (no loop); a link to a file that leads
            # nowhere (a loop, a deleted target) is said, not silently passed over.
            for p in sorted(path.rglob("*")):
                if p.suffix.lower() not in SUPPORTED_SUFFIXES or p.name.startswith((".", "~$")):
                    continue
                if p.is_file():
                    files.append(p)
                elif p.is_symlink() and not p.exists():
                    result.skipped.append(
                        (str(p), f"“{p.name}”是一个指向不存在文件（或指向自身）的链接，已跳过。"))
        elif path.exists():
            files.append(path)
        else:
            result.skipped.append((str(path), f"找不到“{path}”，请检查路径。"))
    return files


def _month_count(sections: list[Section]) -> int:
    months = {s.title for top in sections for _, s in top.walk() if is_month_title(s.title)}
    return len(months)
