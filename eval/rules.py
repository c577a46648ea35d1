"""The data the item checks read (eval/data/item_rules.toml, eval/data/stale_wording.toml),
loaded and compiled once."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class StaleWording:
    pattern: re.Pattern
    stale_from: int
    unless: re.Pattern | None
    why: str


@dataclass(frozen=True)
class OrgWords:
    owners: frozenset[str]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    past: tuple[re.Pattern, ...]
    intent: re.Pattern
    stub_min: int
    month_min: int
    events: re.Pattern
    named_events: re.Pattern
    vague_objects: re.Pattern
    slogan_max: int
    slogan_share: float
    slogan_words: frozenset[str]
    measurable: re.Pattern
    concrete: re.Pattern
    repeat_similarity: float
    stutter: re.Pattern
    leftover: re.Pattern
    truncated_end: re.Pattern
    garbled: re.Pattern
    enumeration: tuple[str, str]
    session_held: re.Pattern
    session_steps: re.Pattern
    name_suffixes: tuple[str, ...]
    generic_prefix: re.Pattern
    local_campaign: re.Pattern
    org_words: tuple[OrgWords, ...]
    stale: tuple[StaleWording, ...]

    def foreign_org_words(self, org_type: str, unit_known: bool) -> list[str]:
        """Words that mark another org type in a plan of org_type, longest first. Words of a
        company's own structure (no owners: 分公司, 项目部) are foreign only when the unit is
        known from a brief: a real plan of a branch office uses them of itself."""
        words = {w for g in self.org_words if org_type not in g.owners
                 and (g.owners or unit_known) for w in g.words}
        return sorted(words, key=len, reverse=True)


@lru_cache(maxsize=1)
def rules() -> Rules:
    r = tomllib.loads((DATA / "item_rules.toml").read_text(encoding="utf-8"))
    stale = tomllib.loads((DATA / "stale_wording.toml").read_text(encoding="utf-8"))
    past, stub, broken, foreign = r["past_report"], r["stub"], r["broken"], r["foreign"]
    return Rules(
        past=tuple(re.compile(p) for p in past["patterns"]),
        intent=re.compile(f"(?:{past['intent']})[^，。；;]{{0,6}}$"),
        stub_min=int(stub["min_chars"]),
        month_min=int(stub["month_min_chars"]),
        events=re.compile(stub["events"]),
        named_events=re.compile(stub["named_events"]),
        vague_objects=re.compile(stub["vague_objects"]),
        slogan_max=int(stub["slogan_max_chars"]),
        slogan_share=float(stub["slogan_share"]),
        slogan_words=frozenset(stub["slogan_words"]),
        measurable=re.compile(stub["measurable"]),
        concrete=re.compile(stub["concrete"]),
        repeat_similarity=float(broken["repeat_similarity"]),
        stutter=re.compile(broken["stutter"]),
        leftover=re.compile(broken["leftover"]),
        truncated_end=re.compile(broken["truncated_end"]),
        garbled=re.compile(broken["garbled"]),
        enumeration=tuple(broken["enumeration"]),
        session_held=re.compile(broken["session_held"]),
        session_steps=re.compile(broken["session_steps"]),
        name_suffixes=tuple(sorted(foreign["name_suffixes"], key=len, reverse=True)),
        generic_prefix=re.compile(f"^(?:{foreign['generic_prefixes']})"),
        local_campaign=re.compile(foreign["local_campaign"]),
        org_words=tuple(OrgWords(frozenset(g["owners"]), tuple(g["words"]))
                        for g in foreign["org_words"]),
        stale=tuple(StaleWording(re.compile(w["pattern"]), int(w["stale_from"]),
                                 re.compile(w["unless"]) if w.get("unless") else None, w["why"])
                    for w in stale["wording"]),
    )
