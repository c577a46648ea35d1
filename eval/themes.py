"""Theme coverage: which recurring themes of union work (民主管理, 送温暖, 女职工 …) a draft
covers, against the themes that real plans of the same org type usually cover."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from eval.document import Document
from eval.findings import Finding
from plandraft.lexicon import THEMES, themes_in

USUAL = 0.5  # a theme is in an org type's profile when at least this share of its plans cover it
MIN_PLANS = 3  # fewer real plans than this: use the profile of all plans instead


class ThemeProfiles:
    """Per org type: the share of its real plans that cover each theme."""

    def __init__(self, plans: Iterable[tuple[str, str]]):
        """plans: (org_type, text) of real plans (kind 计划)."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        totals: dict[str, int] = defaultdict(int)
        for org_type, text in plans:
            for key in (org_type, "*"):
                totals[key] += 1
                for theme in themes_in(text):
                    counts[key][theme] += 1
        self.shares = {key: {t: counts[key][t] / n for t in THEMES} for key, n in totals.items()}
        self.sizes = dict(totals)

    def profile(self, org_type: str) -> dict[str, float]:
        """Themes usually covered by plans of org_type -> share of its plans covering them."""
        key = org_type if self.sizes.get(org_type, 0) >= MIN_PLANS else "*"
        shares = self.shares.get(key, {})
        return {t: s for t, s in shares.items() if s >= USUAL}


def score(doc: Document, org_type: str, profiles: ThemeProfiles) -> tuple[float | None,
                                                                          list[Finding]]:
    profile = profiles.profile(org_type)
    if not profile:
        return None, []
    covered = themes_in(doc.body_text)
    missing = [t for t in profile if t not in covered]
    findings = [Finding("theme", f"未涉及“{t}”方面的工作（{org_type}的范文中{profile[t]:.0%}涉及，"
                                 f"关键词如：{'、'.join(THEMES[t][:3])}）", "全文")
                for t in sorted(missing, key=lambda t: -profile[t])]
    return 1 - len(missing) / len(profile), findings
