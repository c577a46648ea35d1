"""Split a source text into its single plans.

Template-site collections mark each plan with a line such as “工会工作计划 篇1”, “…篇一”,
“篇1：新学年小学工会工作计划”, “## …篇二”, or an orphan “篇五” under its title line. Some pages
also glue whole plans together: the next plan starts on a line that begins with one space
right after the previous plan's last line (seen in 002). Everything before the first marker
is the page's preamble (site title, intro) and is dropped unless it holds real content
(or the first cut is a glued plan, which makes the text before it a plan too).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from corpus.clean import clean

_NUM = r"[一二三四五六七八九十百]+|\d+"
_MARKER = re.compile(rf"^(?P<pre>.*?)\s*篇\s*(?P<num>{_NUM})?\s*(?P<colon>[:：])?\s*(?P<post>.*)$")
_MAX_MARKER_LEN = 60
_SENTENCE = re.compile(r"[。，,；;！!？?]")
_MD_PLAN_TITLE = re.compile(r"^#\s+(?P<title>.*(?:工作计划|工作总结|工作要点|工作思路|工作安排).*)$")
# “…下面是小编整理的一季度分工会工作计划，…”: the site names the plan it introduces.
_HINT = re.compile(r"小编.{0,12}?(?:整理|收集|准备)了?的?(?P<hint>[^，,。！!？?]{2,30})")
_PREAMBLE_MIN_CHARS = 200  # a preamble shorter than this (after cleaning) is only page chrome
_TITLE_MAX = 40


@dataclass
class Part:
    """One plan's raw text as cut out of its source, before cleaning."""

    title: str  # as written in the source; "" when the source gives none
    body: str
    hint: str = ""  # the site intro's name for this plan, e.g. "一季度分工会工作计划"
    generic_title: bool = False  # the collection repeats this title for every plan


class _Cut(NamedTuple):
    start: int  # first line of the plan (its marker or title line)
    body_start: int  # first line of its body
    title: str
    stem: str | None  # the title without “篇N”; None for a cut that had no marker


def split_collection(text: str) -> list[Part]:
    """The plans in text, in order. A text without markers (or glued plans) is one plan."""
    lines = text.split("\n")
    cuts = _find_cuts(lines)
    if not cuts:
        title, body = _leading_title(text)
        return [Part(title=title, body=body, hint=_hint(text))]
    parts: list[Part] = []
    preamble = "\n".join(lines[:cuts[0].start])
    first_is_glued = cuts[0].stem is None and not cuts[0].title
    if first_is_glued or len(clean(preamble)) >= _PREAMBLE_MIN_CHARS:
        title, body = _leading_title(preamble)
        parts.append(Part(title=title, body=body, hint=_hint(preamble)))
    for n, cut in enumerate(cuts):
        end = cuts[n + 1].start if n + 1 < len(cuts) else len(lines)
        body = "\n".join(lines[cut.body_start:end])
        parts.append(Part(title=cut.title, body=body, hint=_hint(body)))
    stems = [cut.stem for cut in cuts if cut.stem is not None]
    if len(stems) >= 2 and len(set(stems)) == 1 and stems[0]:
        for part in parts:
            part.generic_title = part.title.startswith(stems[0])
    return parts


def _find_cuts(lines: list[str]) -> list[_Cut]:
    """Where every plan starts."""
    cuts: list[_Cut] = []
    allow_glued = _few_indented(lines)
    for i, raw in enumerate(lines):
        found = _marker(raw)
        if found is not None:
            title, stem = found
            start = i
            if not title:  # an orphan “篇五”: its title is the short line above it
                j = _previous_nonblank(lines, i)
                if j is not None and _is_title_line(lines[j]) and (not cuts or j > cuts[-1].body_start):
                    title = stem = _strip_md(lines[j])
                    start = j
                title = f"{title} 篇{_marker_number(raw)}".strip()
            cuts.append(_Cut(start, i + 1, title, stem))
        elif allow_glued and _is_glued_start(lines, i):
            cuts.append(_Cut(i, i, "", None))
    if not cuts:
        md = [(i, m.group("title").strip()) for i, m in
              ((i, _MD_PLAN_TITLE.match(line.strip())) for i, line in enumerate(lines)) if m]
        if len(md) >= 2:
            cuts = [_Cut(i, i + 1, title, None) for i, title in md]
    return cuts


def _marker(raw: str) -> tuple[str, str] | None:
    """(title, stem) when raw is a 篇 marker line; stem is the title without “篇N”."""
    line = _strip_md(raw)
    if not line or len(line) > _MAX_MARKER_LEN:
        return None
    m = _MARKER.match(line)
    if not m or not (m.group("num") or m.group("colon")):
        return None
    pre, post = m.group("pre").strip(), m.group("post").strip()
    if _SENTENCE.search(pre) or _SENTENCE.search(post) or re.search(rf"(?:{_NUM})$", pre):
        return None  # “写一篇学习心得…” or “范文6篇” is not a marker
    if post:
        return post, post
    if not pre:
        return "", ""
    return f"{pre} 篇{m.group('num') or ''}", pre


def _marker_number(raw: str) -> str:
    m = _MARKER.match(_strip_md(raw))
    return (m.group("num") or "") if m else ""


def _strip_md(raw: str) -> str:
    return raw.strip().lstrip("#").strip().strip("*").strip()


def _previous_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if lines[j].strip():
            return j
    return None


def _is_title_line(raw: str) -> bool:
    line = _strip_md(raw)
    return 0 < len(line) <= _MAX_MARKER_LEN and not _SENTENCE.search(line)


def _few_indented(lines: list[str]) -> bool:
    """Glued plans are rare one-space lines; a text indenting many paragraphs that way is
    merely indented, and its one-space lines are not plan boundaries."""
    text_lines = [line for line in lines if line.strip()]
    indented = sum(1 for line in text_lines if line.startswith(" ") and not line.startswith("  "))
    return indented <= max(3, len(text_lines) // 10)


def _is_glued_start(lines: list[str], i: int) -> bool:
    """A new plan glued on: one leading space, no blank line before, and a plan-like opening."""
    raw = lines[i]
    if i == 0 or not raw.startswith(" ") or raw.startswith("  ") or not lines[i - 1].strip():
        return False
    line = raw.strip()
    return line.startswith("一、") or "工会" in line[:40]


def _leading_title(text: str) -> tuple[str, str]:
    """Take a short first line without sentence punctuation as the document's title."""
    lines = text.strip("\n").split("\n")
    first = _strip_md(lines[0]) if lines else ""
    if first and len(first) <= _TITLE_MAX and not _SENTENCE.search(first) \
            and not re.match(r"^[一二三四五六七八九十]+、|^[（(]|^\d", first):
        return first, "\n".join(lines[1:])
    return "", text


def _hint(text: str) -> str:
    m = _HINT.search(text[:600])
    return m.group("hint").strip() if m else ""
