"""The outline of a plan for a brief, themes first: the brief's focus phrases become main-work
sections of their knowledge-base themes (drafting/themes.py), then the org type's usual themes,
those that most of the best-matching real plans cover first; each section is titled as real
plans title it and pointed by the theme's items chosen for this brief. Goals, the schedule and
保障措施 come from the same themes. A focus that means no theme gets a short, honest section
and a note asking for material, never text from other topics.
"""
from __future__ import annotations

from collections import defaultdict

from corpus.knowledge import Theme, fill, knowledge
from drafting import period as plan_period
from drafting import themes
from drafting.schedule import Scheduler
from drafting.sections import TITLES, schedule_title
from eval.labels import holds_session, session_step
from plandraft import lexicon
from plandraft.interfaces import Outliner, Retriever
from plandraft.models import Brief, Outline, OutlineItem, Plan

N_EXEMPLARS = 8
# Main-work sections by period: a quarter or a month plan is short.
MAIN = {"年度": 6, "上半年": 5, "下半年": 5, "学期": 5, "季度": 4, "月度": 3}
ITEMS = {"年度": 4, "上半年": 4, "下半年": 4, "学期": 4, "季度": 3, "月度": 3}
GOALS = (4, 6)


def unknown_item(phrase: str) -> OutlineItem:
    """The honest section of a focus no theme and no material covers."""
    topic = phrase if phrase.endswith(("工作", "建设", "活动", "管理", "服务")) else f"{phrase}工作"
    return OutlineItem(title=f"做好{topic}", kind="主要工作")


class ThemeOutliner(Outliner):
    def __init__(self, retriever: Retriever, plans: list[Plan]):
        self.retriever = retriever
        self.plans = [p for p in plans if p.kind == "计划"]
        self.scheduler = Scheduler(self.plans)

    def exemplars(self, brief: Brief) -> list[Plan]:
        """The best-matching real plans: same org type and period first, then relevance."""
        query = " ".join([brief.org_name, *brief.focus, "工会工作计划"]).strip()
        org = None if brief.org_type == "其他" else brief.org_type
        hits = self.retriever.search(query, org_type=org, period=brief.period, kind="计划",
                                     k=20).hits
        relevance: dict[str, float] = defaultdict(float)
        for n, hit in enumerate(hits):
            relevance[hit.chunk.plan_id] += 1 / (n + 3)

        def score(p: Plan) -> float:
            return 3 * (p.org_type == brief.org_type) + 1.5 * (p.period == brief.period) + relevance[p.id]
        return sorted(self.plans, key=lambda p: (-score(p), p.id))[:N_EXEMPLARS]

    def main_themes(self, brief: Brief) -> list[tuple[str, Theme | None]]:
        """(focus phrase or "", theme) of every main-work section, focus first."""
        focus = themes.focus_themes(brief)
        unknown = [p for p, t in focus if t is None]
        note = (f"重点“{'、'.join(unknown)}”在知识库和范文中都没有可用的材料：这部分只写了框架，"
                "请补充具体安排，或把相关材料加入范文库（plandraft ingest 文件）后重新生成。")
        if unknown and note not in brief.notes:  # outlining the same brief again adds it once
            brief.notes.append(note)
        taken = {t.id for _, t in focus if t}
        exemplars = [p.text for p in self.exemplars(brief)]
        room = max(MAIN[brief.period] - len(focus), 1 if focus else 2)
        rest = [t for t in themes.plan_themes(brief, exemplars, room + len(taken)) if t.id not in taken]
        return focus + [("", t) for t in rest[:room]]

    def section(self, brief: Brief, theme: Theme, avoid: list[str], phrase: str = "") -> OutlineItem:
        """A theme's section; for a focus phrase, items that speak of it come first (a heading
        naming the focus is not the content)."""
        rng = themes.seed(brief, theme.id, "heading")
        unused = knowledge().excluded(brief.org_type, brief.org_name)  # a software firm: no 职业危害
        titles = [h for h in theme.headings if not any(w in h for w in unused)] or theme.headings
        titles = [fill(h, brief.org_type, plan_period.this_period(brief), brief.org_name) for h in titles]
        phrases = phrase.split("、") if phrase else []
        pool = [e.text for e in theme.items]
        speakers = [themes.speaks_of(p, pool) for p in phrases]
        best = max(speakers[0](h) for h in titles) if speakers else 0
        if speakers:  # a heading in the first phrase's own words (教代会 for 教代会提案) when there is one
            titles = [h for h in titles if speakers[0](h) == best]
        # a theme taken for its items that speak of the phrase (themes.spoken_of): its headings
        # and its other items are about other work (a 合唱团 under 教职工篮球联赛)
        by_items = bool(phrases) and themes.match(phrases[0], brief.org_type, brief.year) is None
        # no heading of the theme speaks of the phrase (护士节活动 in 医德医风): the user's words
        title = unknown_item(phrases[0]).title if speakers and (best < 1 or by_items) else rng.choice(titles)
        n = ITEMS[brief.period] + len(phrases)
        pools = [theme.items + themes.borrowed(brief, theme, p) for p in phrases]
        if by_items:
            speaking = [e for e in pools[0] if e.fits(brief.org_type, brief.year) and speakers[0](e.text) >= 2]
            n = min(n, max(2, len(speaking)))
        points: list[str] = []
        for k, (entries, speaks) in enumerate(zip(pools, speakers)):  # each phrase its share
            share = -(-n // len(phrases)) if k < len(phrases) - 1 else n - len(points)
            points += themes.pick(entries, brief, share, theme.id, avoid + points, prefer=speaks)
        if not phrases:
            points = themes.pick(theme.items, brief, n, theme.id, avoid)
        return OutlineItem(title=title, points=points, kind="主要工作", theme=theme.id)

    def goals(self, brief: Brief, chosen: list[Theme]) -> list[str]:
        """One measurable goal per main theme (focus first), GOALS[0]–GOALS[1] in all."""
        out: list[str] = []
        months = {m for _, m in plan_period.months(brief)}
        for round_ in range(2):
            for theme in chosen:
                if len(out) >= GOALS[1] or (round_ and len(out) >= GOALS[0]):
                    break
                fits = [g for g in theme.goals if not (months and lexicon.goal_beyond(g.text, months))]
                out += themes.pick(fits, brief, 1, f"{theme.id}-goal{round_}", out)
        return out

    def measures(self, brief: Brief, chosen: list[Theme]) -> list[str]:
        """The org type's own 保障措施 lines, then those the main themes need (focus first)."""
        out = themes.pick(knowledge().profile(brief.org_type).measures, brief, 2 if brief.period == "季度" else 3, "measures")
        for theme in chosen[:2]:
            out += themes.pick(theme.measures, brief, 1, f"{theme.id}-measure", out)
        return out

    def outline(self, brief: Brief) -> Outline:
        main: list[OutlineItem] = []
        chosen: list[Theme] = []
        written: list[str] = []
        planned = self.main_themes(brief)
        for phrase, theme in planned:
            if theme is None:
                main.append(unknown_item(phrase))
                continue
            item = self.section(brief, theme, written, phrase)
            written += item.points
            main.append(item)
            chosen.append(theme)
        terms = knowledge().terms(brief.org_type, brief.org_name)
        guiding = OutlineItem(TITLES["指导思想"], kind="指导思想", points=[
            f"以习近平新时代中国特色社会主义思想为指导，深入贯彻{lexicon.current_reference('party', brief.year)}"
            f"和{lexicon.current_reference('union', brief.year)}精神",
            f"围绕{terms['self']}中心工作，履行工会基本职责，服务{terms['staff']}"])
        # a focus named in the brief's words, unless too short to stand alone ("加班" would read
        # as a call to work overtime): then by its theme
        focus = list(dict.fromkeys(p if len(p) >= 3 or not t else t.title for p, t in planned if p))
        if focus:
            guiding.points.append(f"重点抓好{'、'.join(focus)}等工作，把{terms['staff']}的所思所盼"
                                  "作为工会工作的着力点，推动各项任务落到实处")
        goals = OutlineItem(TITLES["工作目标"], kind="工作目标", points=self.goals(brief, chosen))
        schedule = OutlineItem(schedule_title(brief.period), kind="月份安排",
                               points=self.scheduler.schedule(brief, chosen))
        items = [guiding, goals, *main, schedule]
        if brief.period != "月度":  # read blind, a quarter plan without one looked unfinished
            items.append(OutlineItem(TITLES["保障措施"], kind="保障措施",
                                     points=self.measures(brief, chosen)))
        if not holds_session(schedule.points):
            for it in items:  # no 职代会 in the period: nothing happens 闭会后 or 大会期间
                it.points = [p for p in it.points if not session_step(p)]
        return Outline(title=plan_period.plan_title(brief), items=items)
