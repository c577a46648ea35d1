"""The outline of a plan for a brief: the canonical skeleton of its period, main-work sections
from the consensus of the best-matching exemplar plans, and a place for every focus topic.

Consensus: the main-work headings (level 1 and 2) of the exemplars are grouped by theme
(lexicon.THEMES); a theme that several exemplars give a heading becomes a section, titled by the
best exemplar's own heading (adapted to the brief) and pointed by the lead phrases of the items
under those headings.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from drafting import period as plan_period
from drafting.adapt import adapt_line
from drafting.numbering import strip_marker
from drafting.schedule import Scheduler
from drafting.sections import MAIN_GROUP, TITLES, kind_of, schedule_title
from drafting.similar import similar
from drafting.specific import plan_action
from plandraft import lexicon
from plandraft.interfaces import Outliner, Retriever
from plandraft.models import Brief, Outline, OutlineItem, Plan, Section

N_EXEMPLARS = 6
MAX_MAIN, MIN_MAIN = 5, 4
MAX_WITH_PROFILE = 8  # main sections once the org type's usual themes are added
PROFILE_SHARE = 0.5  # a theme most plans of the org type cover is one the outline covers
MAX_POINTS = 4
# A section title for a theme no exemplar heading could be adapted for ({c} 教代会/职代会 …).
THEME_TITLES = {
    "民主管理": "深化民主管理，推进{o}", "队伍建设": "加强队伍建设，提升{e}水平",
    "送温暖": "做好帮扶慰问，为{s}办实事", "文体活动": "开展文体活动，丰富{s}文化生活",
    "女职工": "做好女职工工作，维护{w}权益", "自身建设": "加强工会自身建设",
    "劳动竞赛": "开展劳动竞赛和技能比武", "维权": "依法维护{s}合法权益",
    "组建会员": "扩大工会覆盖，做好会员发展", "经费经审": "管好用好工会经费",
    "安全生产": "抓好安全生产和劳动保护", "职工健康": "关心{s}身心健康",
    "思想政治": "加强思想政治引领",
}
# The goal each main-work theme sets (工作目标 points).
THEME_GOALS = {
    "民主管理": "{c}制度和{o}更加规范，{s}参与民主管理的渠道更加畅通",
    "队伍建设": "{s}思想政治素质和{e}水平进一步提高", "送温暖": "困难{s}帮扶和走访慰问全覆盖",
    "文体活动": "{s}文体活动丰富多彩，参与面进一步扩大", "女职工": "{w}特殊权益得到有效维护",
    "自身建设": "工会自身建设和工会干部队伍建设进一步加强", "劳动竞赛": "劳动竞赛和技能比武广泛开展",
    "维权": "{s}合法权益得到有效维护", "组建会员": "工会组织覆盖面和会员入会率进一步提高",
    "经费经审": "工会经费管理规范，经审监督到位", "安全生产": "安全生产和劳动保护监督落实到位",
    "职工健康": "{s}身心健康得到更多关心", "思想政治": "{s}思想政治引领进一步加强",
}
_TRIM = re.compile(r"^[，,。；;：:\s]+|[，,。；;：:\s]+$")
# A point reads as a task when it starts with a verb of doing (not "以…为重点", "从…出发").
# A heading that names a part of a document, not a line of work ("下半年工作计划").
_NOT_THEME_TITLE = re.compile(r"计划|总结|安排$")
_TASK = re.compile(r"^(?:进一步|继续|认真|积极|切实|扎实|努力|广泛|深入|大力|不断|全面|充分)?"
                   r"(?:加强|开展|做好|推进|坚持|建立|健全|完善|组织|落实|关心|维护|深化|提高|创建|"
                   r"丰富|发挥|引导|强化|规范|抓好|举办|召开|实施|推动|搞好|重视|关注|关爱|帮助|促进|"
                   r"配合|争创|培养|增强|拓宽|保障|实行|落实|评选|办好|开好|发展)")
_MONTHISH = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月|^第[一二三四五]周")


def fill(template: str, org_type: str) -> str:
    terms = lexicon.ORG_TERMS.get(org_type, lexicon.ORG_TERMS["其他"])
    staff = terms["staff"][0]
    women = "女教职工" if staff == "教职工" else "女职工"  # not "女干部职工"
    return template.format(c=terms["congress"][0], o=terms["openness"][0], s=staff,
                           e=terms["ethics"][0], w=women)


def lead(text: str, limit: int = 28) -> str:
    """The lead phrase of an item: up to the first comma/full stop, if short enough."""
    head = re.split(r"[，,。；;：:！!？?]", strip_marker(text), maxsplit=1)[0]
    return _TRIM.sub("", head) if 4 <= len(head) <= limit else ""


@dataclass
class _Heading:
    rank: int  # rank of its exemplar plan (0 = best)
    plan_id: str
    section: Section
    theme: str


def _main_headings(plan: Plan) -> list[Section]:
    """Main-work headings of a plan: level-1 ones, or the children of a 主要工作 container."""
    out = []
    for top in plan.sections:
        title = strip_marker(top.title)
        if MAIN_GROUP.match(title) or (kind_of(title) != "主要工作" and top.children
                                       and "工作" in title and "安排" not in title):
            out += [c for c in top.children if c.title and kind_of(c.title) == "主要工作"]
        elif title and kind_of(title) == "主要工作" and not _MONTHISH.match(title):
            out.append(top)
    return [s for s in out if 4 <= len(strip_marker(s.title)) <= 40]


def _theme(section: Section) -> str | None:
    """The theme a heading is about: the one its title names first, else its text's commonest."""
    title = strip_marker(section.title)
    hits = [(title.find(w), t) for t, words in lexicon.THEMES.items() for w in words if w in title]
    if hits:
        return min(hits)[1]
    counts = {t: sum(section.text.count(w) for w in words) for t, words in lexicon.THEMES.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] >= 2 else None


class ExemplarOutliner(Outliner):
    def __init__(self, retriever: Retriever, plans: list[Plan]):
        self.retriever = retriever
        self.plans = [p for p in plans if p.kind == "计划"]
        self.scheduler = Scheduler(self.plans)
        self.themes = {p.id: lexicon.themes_in(p.text) for p in self.plans}

    def exemplars(self, brief: Brief) -> list[Plan]:
        """The best-matching plans: same org type and period first, then retrieval relevance."""
        query = " ".join([brief.org_name, *brief.focus, "工会工作计划"]).strip()
        org = None if brief.org_type == "其他" else brief.org_type
        hits = self.retriever.search(query, org_type=org, period=brief.period, kind="计划",
                                     k=20).hits
        relevance: dict[str, float] = defaultdict(float)
        for n, hit in enumerate(hits):
            relevance[hit.chunk.plan_id] += 1 / (n + 3)

        def score(p: Plan) -> float:
            return (3 * (p.org_type == brief.org_type) + 1.5 * (p.period == brief.period)
                    + relevance[p.id] + 0.5 * bool(_main_headings(p)))
        ranked = sorted(self.plans, key=lambda p: (-score(p), p.id))
        return ranked[:N_EXEMPLARS]

    def _title(self, heads: list[_Heading], brief: Brief) -> str:
        for h in sorted(heads, key=lambda h: (h.rank, len(h.section.title))):
            title = adapt_line(strip_marker(h.section.title), brief, keep_partial=False)
            title = _TRIM.sub("", title or "")
            if 4 <= len(title) <= 24 and not _NOT_THEME_TITLE.search(title):
                return title
        return fill(THEME_TITLES[heads[0].theme], brief.org_type)

    def _points(self, heads: list[_Heading], brief: Brief, taken: list[str]) -> list[str]:
        per_head = [[c.title for c in h.section.children]
                    + [line for line in h.section.text.splitlines() if line.strip()]
                    for h in sorted(heads, key=lambda h: h.rank)]
        # Round robin over the exemplars' headings: a consensus, not one plan's list in its order.
        candidates = [texts[i] for i in range(max(map(len, per_head), default=0))
                      for texts in per_head if i < len(texts)]
        points: list[str] = []
        for text in candidates:
            phrase = lead(text)
            phrase = phrase if _TASK.match(phrase) else ""
            phrase = adapt_line(phrase, brief, keep_partial=False) if phrase else None
            phrase = plan_action(phrase, brief.org_type) if phrase else None
            phrase = _TRIM.sub("", phrase or "")
            themes = lexicon.themes_in(phrase)
            if themes and heads[0].theme not in themes:
                continue  # about another theme than the section's (教代会 under 思想政治)
            if len(phrase) >= 4 and not any(similar(phrase, p) for p in points + taken):
                points.append(phrase)
            if len(points) == MAX_POINTS:
                break
        return points

    def main_items(self, brief: Brief, exemplars: list[Plan]
                   ) -> tuple[list[tuple[str, OutlineItem]], list[str]]:
        """(theme, item) for the main-work sections the exemplars agree on, and the usual themes
        of the org type there was no room for (they become goals)."""
        by_theme: dict[str, list[_Heading]] = defaultdict(list)
        for rank, plan in enumerate(exemplars):
            for section in _main_headings(plan):
                theme = _theme(section)
                if theme:
                    by_theme[theme].append(_Heading(rank, plan.id, section, theme))
        order = sorted(by_theme, key=lambda t: (-len({h.plan_id for h in by_theme[t]}),
                                                min(h.rank for h in by_theme[t]),
                                                list(lexicon.THEMES).index(t)))
        items, taken = [], []
        for theme in order[:MAX_MAIN]:
            heads = by_theme[theme]
            title = self._title(heads, brief)
            if any(similar(title, it.title) for _, it in items):
                continue
            points = self._points(heads, brief, taken)
            taken += points
            items.append((theme, OutlineItem(title=title, points=points, kind="主要工作")))
        covered = lexicon.themes_in(" ".join(f"{it.title} {' '.join(it.points)}" for _, it in items))
        extra_goals: list[str] = []
        for theme in self.profile(brief.org_type):  # the usual themes of this org type
            if theme in covered or theme in {t for t, _ in items}:
                continue
            if len(items) < MAX_WITH_PROFILE:
                items.append((theme, OutlineItem(title=fill(THEME_TITLES[theme], brief.org_type),
                                                 kind="主要工作")))
            else:  # no room for another section: the theme is named among the goals
                extra_goals.append(theme)
        for theme in lexicon.THEMES:  # too few exemplars agree: the usual themes fill up
            if len(items) >= MIN_MAIN:
                break
            if theme not in {t for t, _ in items}:
                items.append((theme, OutlineItem(title=fill(THEME_TITLES[theme], brief.org_type),
                                                 kind="主要工作")))
        return items, extra_goals

    def profile(self, org_type: str) -> list[str]:
        """Themes that at least PROFILE_SHARE of the plans of org_type cover, commonest first
        (all plans when the org type has fewer than two)."""
        plans = [p for p in self.plans if p.org_type == org_type]
        plans = plans if len(plans) >= 2 else self.plans
        counts = {t: sum(t in self.themes[p.id] for p in plans) for t in lexicon.THEMES}
        return [t for t in sorted(counts, key=lambda t: -counts[t])
                if counts[t] >= PROFILE_SHARE * len(plans)]

    def _focus(self, brief: Brief, items: list[tuple[str, OutlineItem]]) -> None:
        """Every focus topic named in a heading or point: as a point of the section of its
        theme, else as a section of its own."""
        for topic in brief.focus:
            if any(topic in it.title or any(topic in p for p in it.points) for _, it in items):
                continue
            phrase = topic if topic.endswith(("工作", "建设", "活动", "管理", "教育")) else f"{topic}工作"
            themes = lexicon.themes_in(topic)
            target = next((it for t, it in items if t in themes), None)
            if target is not None:
                target.points.insert(0, f"扎实做好{phrase}")
                del target.points[MAX_POINTS + 1:]
            else:
                items.append((next(iter(sorted(themes)), ""),
                              OutlineItem(title=f"扎实做好{phrase}", kind="主要工作")))

    def outline(self, brief: Brief) -> Outline:
        main, extra_goals = self.main_items(brief, self.exemplars(brief))
        self._focus(brief, main)
        terms = lexicon.ORG_TERMS.get(brief.org_type, lexicon.ORG_TERMS["其他"])
        guiding = OutlineItem(TITLES["指导思想"], kind="指导思想", points=[
            f"以习近平新时代中国特色社会主义思想为指导，深入贯彻{lexicon.current_reference('party', brief.year)}"
            f"和{lexicon.current_reference('union', brief.year)}精神",
            f"围绕{terms['self'][0]}中心工作，履行工会基本职责，服务{terms['staff'][0]}"])
        goal_themes = [t for t, _ in main if t in THEME_GOALS][:4] + extra_goals
        goals = OutlineItem(TITLES["工作目标"], kind="工作目标",
                            points=[fill(THEME_GOALS[t], brief.org_type) for t in goal_themes])
        schedule = OutlineItem(schedule_title(brief.period), kind="月份安排",
                               points=self.scheduler.schedule(brief, [it for _, it in main]))
        items = [guiding, goals, *[it for _, it in main], schedule]
        if brief.period not in ("季度", "月度"):
            items.append(OutlineItem(TITLES["保障措施"], kind="保障措施",
                                     points=["加强组织领导，明确责任分工", "落实经费保障，规范经费使用",
                                             "加强督促检查，确保各项工作落到实处"]))
        return Outline(title=plan_period.plan_title(brief), items=items)
