"""What evaluation derives from the corpus, built once per corpus folder: the real plans (the
human baseline), theme profiles per org type, the shingle index for the copy check, and the
length bounds of real plans."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from eval.document import parse
from eval.sections import SectionProfiles
from eval.shingles import ShingleIndex
from eval.themes import ThemeProfiles
from plandraft.models import Plan
from plandraft.settings import Settings

# Fallback bounds (characters) when the corpus has too few plans to measure.
DEFAULT_BOUNDS = (300, 12000)


@dataclass
class CorpusData:
    plans: list[Plan]  # every plan read (计划 and 总结)
    profiles: ThemeProfiles
    shingles: ShingleIndex
    length_bounds: tuple[int, int]
    sections: SectionProfiles

    @classmethod
    def from_plans(cls, plans: list[Plan]) -> CorpusData:
        real = [p for p in plans if p.kind == "计划"]
        return cls(plans, ThemeProfiles((p.org_type, p.text) for p in real),
                   ShingleIndex((p.id, p.title, p.text) for p in plans), _bounds(real),
                   SectionProfiles((p.org_type, p.period, parse(p.text)) for p in real))

    def baseline_plans(self) -> list[Plan]:
        """The human baseline: real plans (kind 计划)."""
        return [p for p in self.plans if p.kind == "计划"]


def _bounds(plans: list[Plan]) -> tuple[int, int]:
    """Far too short = under half the 10th percentile of real plans; far too long = over twice
    the 90th percentile."""
    if len(plans) < 5:
        return DEFAULT_BOUNDS
    counts = np.array([parse(p.text).char_count for p in plans])
    low, high = np.percentile(counts, [10, 90])
    return max(150, int(low / 2)), max(6000, int(high * 2))


def load(settings: Settings) -> CorpusData:
    return _load(Path(settings.corpus_dir).resolve())


@lru_cache(maxsize=4)
def _load(corpus_dir: Path) -> CorpusData:
    from corpus.load import load_corpus  # the corpus stage; imported late to keep eval light
    return CorpusData.from_plans(load_corpus([corpus_dir]).plans)
