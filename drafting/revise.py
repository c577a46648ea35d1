"""Revise one section of a draft with an instruction (read as operations by drafting/instructions).

Offline (compose) every operation works on the section's items through the knowledge base
(corpus/knowledge), not by word overlap with real plans:
- 加上/补充 X: theme X's texts for this org type and year — items, a measurable goal in 工作目标,
  a 保障措施 line, a month line in 月份安排 ("九月加上教师节慰问" goes into 九月);
- 写得更具体: vague items (a stub, a slogan) replaced by concrete texts of the same theme, or
  concrete texts added when none is vague; 重写/换一批: fresh texts of the theme;
- 精简/压缩: the strongest items kept (each month keeps its first activities); 改成 N 条;
- 删去 X / 删去第 N 条 / 只保留第 N 条, 把 A 改成 B, 把第 N 条改成：…, 第 N 条提前/放到最后/移到第
  M 条/上移, 第 M、N 条对调, 合并第 M、N 条.
Numbers are those the user sees (before this instruction changed anything). Locked items stay
as they are. A part that cannot be done offline is named, with what the llm writer would do,
and the rest is done; when nothing could be done the section is left unchanged.
The llm reviser rewrites through prompts/revise_user.md; its answer passes the guard.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from corpus.knowledge import Theme, knowledge
from drafting import instructions, themes
from drafting import period as plan_period
from drafting.body import items_of, layout
from drafting.compose import ComposeWriter, _addresses, fault, passes, trim
from drafting.instructions import Op
from drafting.llm import LLMWriter, prompt_vars
from drafting.schedule import month_lines
from drafting.similar import same_work
from plandraft.errors import PlandraftError
from plandraft.interfaces import Reviser
from plandraft.models import Brief, Draft, Hit, OutlineItem, Revision
from plandraft.numerals import to_chinese, to_int

HELP = ("离线写法能执行的修改要求：加上（某项工作）、写得更具体、精简、改成N条、删去（某项内容）、删去第N条、"
        "把A改成B、第N条提前、第N条放到最后、合并第M、N条、重写，可以组合，例如“写得更具体，加上女教职工工作，删去第3条”。")
LLM = "配置大模型后用 llm 写法可以做到"
ADD_ITEMS = 2
MAX_TOPIC = 30  # characters of what 加上… names
MAX_GOALS = 6  # QUALITY.md: 4–6 goals
ON_HEADING = 0.5  # _fit a text needs to stay on a section's heading (a long phrase)
CANDIDATES = 12  # texts that pass the word test, put in order by meaning
REPEAT = 0.4  # 精简: an item sharing this much with a stronger one is the first to go
_VAGUE_CHARS = 22  # content characters: shorter than this with no number, time or actor is vague
_CONCRETE = re.compile(r"\d|【|每[年月季学周]|[一二三四五六七八九十]次|月底|年底|前完成|季度|学期|开展|组织|举办|召开"
                       r"|评选|建立|落实|慰问|培训|走访|竞赛|体检|讲座|由.{1,8}负责")
_MONTH_LINE = re.compile(r"^(十[一二]|[一二三四五六七八九十])月[：:]")
_WEEK_LINE = re.compile(r"^第[一二三四五]周[：:]")


@dataclass
class _Item:
    text: str
    number: int = 0  # as the user saw it before this instruction; 0 = added by it


class _Undone(Exception):
    """One operation that could not be done; its message says why and what would do it."""


def _content(text: str) -> int:
    return len(re.sub(r"[^\u4e00-\u9fff0-9]", "", text))


class ComposeReviser(Reviser):
    """The offline operations on one section; one instance per revision."""

    def __init__(self, embed: Callable[[list[str]], list[list[float]]] | None = None):
        """embed: the bundled embedding model, to judge by meaning which items speak most of the
        section's heading and the brief's focus when some must go (else by their words)."""
        from eval.vectors import VectorCache
        self.vectors = VectorCache(embed) if embed is not None else None  # unit vectors, each text once

    def revise(self, draft: Draft, number: int, instruction: str, sources: list[Hit]) -> Revision:
        self.brief: Brief = draft.brief
        self.item: OutlineItem = draft.outline.items[number - 1]
        self.kind = self.item.kind
        self.draft = draft
        self.sources = sources
        section = draft.sections[number - 1]
        self.items = [_Item(t, n) for n, t in enumerate(items_of(section.text), 1)]
        self.locked = {t for t in section.locked if t in (i.text for i in self.items)}
        self.writer = ComposeWriter()
        self.writer.written = [t for s in draft.sections for t in items_of(s.text)]
        self._pools: dict[str, list[tuple[str, str]]] = {}
        ops = instructions.parse(instruction)
        if not ops:
            raise PlandraftError(f"没有看懂修改要求“{instruction}”。{HELP}")
        result = Revision(text=section.text)
        for op in ops:
            try:
                result.done.append(getattr(self, f"_{op.kind}")(op))
            except _Undone as why:
                result.undone.append(str(why))
        if not self.items:
            raise PlandraftError("按这个要求修改后这一部分就没有内容了：请换一个要求，或在提纲中删去这一部分。")
        if not result.done:
            raise PlandraftError("这一部分没有改动：" + "；".join(result.undone)
                                 + ("" if any(op.kind != "unknown" for op in ops) else f"。{HELP}"))
        result.text = layout([i.text for i in self.items], self.kind)
        return result

    # ---- where texts come from --------------------------------------------------------------
    def _theme(self, topic: str = "") -> Theme | None:
        if topic:
            return themes.match(topic, self.brief.org_type, self.brief.year)
        return themes.theme_of(self.brief, self.item)

    def _draft_themes(self) -> list[Theme]:
        """The themes of the draft's main work, the section's own (if any) first."""
        out = [t for t in (themes.theme_of(self.brief, it) for it in
                           [self.item, *self.draft.outline.items] if it.kind == "主要工作") if t]
        return list(dict.fromkeys(out))

    def _have(self) -> list[str]:
        """Every text in the draft now (this section's items as they stand), and each activity
        of a month line on its own."""
        texts = self.writer.written + [i.text for i in self.items]
        return texts + [p for t in texts for p in re.split(r"[：；]", t)[1:] if _MONTH_LINE.match(t)]

    def _pool(self, first: Theme | None) -> list[tuple[str, str]]:
        """(theme id, text) of the knowledge base's texts of this section's kind that fit the
        brief: the theme `first` (else the draft's themes) first, then every other theme's."""
        key = first.id if first else ""
        if key not in self._pools:
            kb = knowledge()
            order = [first] if first else self._draft_themes()
            order += [t for t in kb.themes.values() if t not in order]
            pairs = [("", e) for e in kb.profile(self.brief.org_type).measures] if self.kind == "保障措施" else []
            for t in order:
                pairs += [(t.id, e) for e in {"工作目标": t.goals, "保障措施": t.measures}.get(self.kind, t.items)]
            filled = ((tid, themes.filled(e, self.brief)) for tid, e in pairs
                      if e.fits(self.brief.org_type, self.brief.year))
            self._pools[key] = list(dict.fromkeys((tid, t) for tid, t in filled if t))
        return self._pools[key]

    def _relevant(self, phrase: str, n: int, first: Theme | None, min_fit: float = 1.0,
                  own: bool = False) -> list[str]:
        """n texts not yet in the draft that say what the phrase names (_fit at least min_fit:
        1 for a topic to add, ½ for a long heading to stay on, 0 for the best of the pool), or
        are of the theme the phrase is the name of; the theme's own first (own: only those, the
        best fitting first)."""
        pool = self._pool(first)
        if own and first is not None:  # the section was written from this theme: all of it fits
            pool, min_fit = [(tid, t) for tid, t in pool if tid == first.id], min(min_fit, 0)
        fit = _fit(phrase, [t for _, t in pool]) if phrase else (lambda text: 0.0)
        whole = first.id if first is not None and phrase and _names(first, phrase) else None
        scored = sorted(((fit(t) + (tid == whole), -i, t) for i, (tid, t) in enumerate(pool)), reverse=True)
        have = self._have()
        candidates = [t for score, _, t in scored[:4 * CANDIDATES] if score >= min_fit
                      and not any(same_work(t, h) for h in have)][:CANDIDATES]
        if phrase and self.vectors is not None and len(candidates) > n:  # the closest in meaning first
            candidates = self._closest(phrase, candidates)
        out: list[str] = []
        for text in candidates:
            if len(out) < n and not any(same_work(text, t) for t in out):
                out.append(text)
        if not out and own and first is not None:  # the theme is spent: other themes' texts on the heading
            return self._relevant(phrase, n, None, ON_HEADING)
        return out

    def _closest(self, phrase: str, texts: list[str]) -> list[str]:
        import numpy as np
        order = np.argsort(-(self.vectors(texts) @ self.vectors([phrase])[0]), kind="stable")
        return [texts[i] for i in order]

    def _theme_texts(self, theme: Theme) -> set[str]:
        return {t for tid, t in self._pool(theme) if tid == theme.id}

    def _month_texts(self, theme: Theme | None, topic: str = "") -> list[tuple[int, str]]:
        """(month, line) of the knowledge base for this period: the theme's, else the org
        type's calendar and the draft's themes'; those naming the topic first."""
        profile = knowledge().profile(self.brief.org_type)
        sources = [theme] if theme else self._draft_themes()
        lines = month_lines(self.brief, profile.events, "events") if theme is None else []
        for t in sources:
            lines += month_lines(self.brief, t.schedule, t.id)
        if topic:
            lines.sort(key=lambda x: -themes.speaks_of(topic)(x[1]))
        have = self._have()
        return [(m, t) for m, t in lines if not any(same_work(t, h) for h in have)]

    def _free(self) -> list[_Item]:
        return [i for i in self.items if i.text not in self.locked]

    def _find(self, numbers: list[int]) -> list[_Item]:
        """The items the user numbered (as shown before this instruction)."""
        found = [i for n in numbers for i in self.items if i.number == n]
        missing = [n for n in numbers if not any(i.number == n for i in self.items)]
        if missing:
            total = max((i.number for i in self.items), default=0)
            raise _Undone(f"没有第 {'、'.join(map(str, missing))} 条（这一部分原有 {total} 条）")
        locked = [i.number for i in found if i.text in self.locked]
        if locked:
            raise _Undone(f"第 {'、'.join(map(str, locked))} 条已锁定，没有改动它（先解除锁定再改）")
        return found

    def _strength(self, text: str) -> float:
        """How much an item is worth keeping: it passes the content checks, speaks of the
        heading or of a focus of the brief (by meaning, 0–2 within the section), and names
        numbers, times and who acts."""
        return (3 * passes(text, self.brief, self.kind, self.item.title) + self._on_topic()[text]
                + 0.3 * min(3, len(_CONCRETE.findall(text))) + min(_content(text), 80) / 80)

    def _on_topic(self) -> dict[str, float]:
        """Each item's closeness to the heading or a focus phrase, scaled 0–2 across the section."""
        if not hasattr(self, "_closeness") or any(i.text not in self._closeness for i in self.items):
            texts, phrases = [i.text for i in self.items], [self.item.title, *self.brief.focus]
            if self.vectors is not None:
                raw = (self.vectors(texts) @ self.vectors(phrases).T).max(axis=1).tolist()
            else:
                fits = [_fit(p, texts) for p in phrases]
                raw = [max(f(t) for f in fits) for t in texts]
            low, high = min(raw, default=0), max(raw, default=0)
            self._closeness = {t: 2 * (r - low) / (high - low or 1) for t, r in zip(texts, raw)}
        return self._closeness

    def _vague(self, text: str) -> bool:
        return not passes(text, self.brief, self.kind) or (
            _content(text) < _VAGUE_CHARS and not re.search(r"\d|【|每[年月季学周]", text))

    # ---- operations: each returns what it did, or raises _Undone ------------------------------
    def _add(self, op: Op) -> str:
        if len(op.topic) > MAX_TOPIC:  # a pasted passage is material, not a topic
            raise _Undone(f"要加上的“{op.topic[:12]}……”太长（{len(op.topic)} 字）：请写一项工作的名称，"
                          "例如“加上女教职工工作”；整段文字请用“手工修改”直接写进正文")
        if self.kind == "指导思想":
            raise _Undone(f"指导思想是一段论述，离线写法不往里加条目；{LLM}（把“{op.topic}”写进论述）")
        theme = self._theme(op.topic)
        if self.kind == "月份安排":
            return self._add_month(op, theme)
        says = _says(op.topic)
        there = [n for n, i in enumerate(self.items, 1) if says(i.text)]
        if there and self.kind == "保障措施":  # one measure of a kind is enough
            raise _Undone(f"第 {'、'.join(map(str, there))} 条已经写了“{op.topic}”")
        named = theme if theme is not None and _names(theme, op.topic) else None
        texts = [t for t in self._relevant(op.topic, 4 * ADD_ITEMS, theme)
                 if says(t) or (named and t in self._theme_texts(named))][:ADD_ITEMS]
        if not texts and self.kind == "主要工作":
            texts = [t for t in self._from_plans(op.topic) if says(t)]
        if not texts:
            there = [n for n, i in enumerate(self.items, 1) if _mentions(op.topic, i.text)]
            if there:
                raise _Undone(f"第 {'、'.join(map(str, there))} 条已经写了“{op.topic}”，知识库里没有另外的条目")
            if self.kind == "工作目标":  # a goal the user can check: the counts are theirs to fill in
                goal = f"{plan_period.label(self.brief)}{op.topic}工作开展【　】次，服务职工【　】人次，逐项登记、按期检查落实。"
                self.items.append(_Item(goal))
                return (f"知识库没有“{op.topic}”的目标，加了一条要填数字的目标（【　】处请填写）"
                        + self._cap_goals([goal]))
            raise _Undone(f"知识库里没有“{op.topic}”的条目，离线写法写不出它的具体内容；可以用“手工修改”写上，"
                          f"或{LLM}")
        self.items += [_Item(t) for t in texts]
        return f"加上“{op.topic}”{len(texts)} 条" + self._cap_goals(texts)

    def _cap_goals(self, added: list[str]) -> str:
        """工作目标 keeps at most MAX_GOALS after an addition: the weakest of the others go."""
        if self.kind != "工作目标" or len(self.items) <= MAX_GOALS:
            return ""
        try:
            return f"（工作目标以 4—{MAX_GOALS} 条为宜，{self._keep_strongest(MAX_GOALS, set(added))}）"
        except _Undone:
            return ""

    def _from_plans(self, topic: str) -> list[str]:
        """Real plans' items that speak of a topic no theme knows and pass every content check."""
        have = self._have()
        found = [t for _, t in self.writer.candidates(self.brief, self.sources, self.item.title)
                 if _addresses(topic, t) and not any(same_work(t, h) for h in have)]
        return found[:ADD_ITEMS]

    def _add_month(self, op: Op, theme: Theme | None) -> str:
        """A month line: the knowledge base's line that says what the user named (in the month
        asked for, else its own month), else the user's words as an activity."""
        if any(_WEEK_LINE.match(i.text) for i in self.items):
            raise _Undone(f"这是按周安排的月度计划，不能按月份加入“{op.topic}”；可以用“手工修改”直接写进某一周")
        said = [(m, t) for m, t in self._month_texts(theme, op.topic) if _mentions(op.topic, t)]
        if op.month:
            self._in_period(op.month)
            there = [i for i in self.items if _month_of(i.text) == op.month and _mentions(op.topic, i.text)]
            if there:
                raise _Undone(f"{to_chinese(op.month)}月已经安排了“{op.topic}”")
            lines = [t for m, t in said if m == op.month] or [t for _, t in said]
            text = lines[0] if lines else _as_activity(op.topic)
            why = fault(f"{to_chinese(op.month)}月：{text}", self.brief, self.kind, self.item.title)
            if why:
                raise _Undone(f"没有把“{text}”排进{to_chinese(op.month)}月：{why}")
            return self._put(op.month, text)
        if not said:
            raise _Undone(f"知识库中没有“{op.topic}”可以排进本期月份的活动；可以写明月份，例如“四月加上{op.topic}”")
        return "；".join(self._put(m, t) for m, t in said[:ADD_ITEMS])

    def _in_period(self, month: int) -> list[int]:
        """The plan's months; a month outside them cannot be given work."""
        months = [m for _, m in plan_period.months(self.brief)]
        if month not in months:
            raise _Undone(f"{to_chinese(month)}月不在本计划的期间内（{'、'.join(to_chinese(m) + '月' for m in months)}）")
        return months

    def _put(self, month: int, text: str) -> str:
        """text added to the month's line (a new line in order when the month has none)."""
        months, name = self._in_period(month), f"{to_chinese(month)}月"
        text = text.rstrip("。；; ")
        for i in self.items:
            if _month_of(i.text) == month:
                if i.text in self.locked:
                    raise _Undone(f"{name}的安排已锁定，没有改动")
                i.text = i.text.rstrip("。") + f"；{text}。"
                return f"{name}加上“{text}”"
        at = sum(1 for i in self.items if _month_of(i.text) in months
                 and months.index(_month_of(i.text)) < months.index(month))
        self.items.insert(at, _Item(f"{name}：{text}。"))
        return f"新增{name}：“{text}”"

    def _concrete(self, op: Op) -> str:
        if self.kind == "指导思想":
            raise _Undone(f"指导思想是一段论述，离线写法不能把它写得更具体；{LLM}")
        if self.kind == "月份安排":
            return self._concrete_months()
        theme, replaced = self._theme(), 0
        for i in self._free():
            if self._vague(i.text):
                main = self.kind == "主要工作"
                better = (self._relevant(i.text, 1, theme, own=main) or
                          self._relevant(self.item.title, 1, theme, ON_HEADING if main else 0, own=main))
                if better:
                    i.text, replaced = better[0], replaced + 1
        room = MAX_GOALS - len(self.items) if self.kind == "工作目标" else ADD_ITEMS
        main = self.kind == "主要工作"  # a goal or a measure is measured by the draft's themes, not its heading
        added = [] if replaced or room <= 0 else self._relevant(
            self.item.title if main else "", min(ADD_ITEMS, room), theme, ON_HEADING if main else 0, own=main)
        if not replaced and not added and self.kind == "主要工作":
            added = [t for t in self._from_plans(self.item.title)]
        self.items += [_Item(t) for t in added]
        if not replaced and not added:
            raise _Undone(f"知识库中没有这一部分更具体的条目了；{LLM}，或用“加上……”指明要补充的工作")
        return "、".join(x for x in (f"把 {replaced} 条笼统的写具体" if replaced else "",
                                     f"补充了 {len(added)} 条具体做法" if added else "") if x)

    def _concrete_months(self) -> str:
        """The thinnest months that have one get a line of the calendar or of the draft's themes."""
        known = self._month_texts(None)
        lines = sorted((i for i in self._free() if _MONTH_LINE.match(i.text)), key=lambda i: len(i.text))
        done: list[str] = []
        for i in lines:
            month = _month_of(i.text)
            text = next((t for m, t in known if m == month and t.rstrip("。") not in i.text), None)
            if text:
                done.append(self._put(month, text))
                known = [(m, t) for m, t in known if t != text]
            if len(done) >= ADD_ITEMS:
                break
        if not done:
            raise _Undone("知识库中没有可以补进这几个月的活动了；可以写明月份和活动，例如“九月加上教师节慰问”")
        return "；".join(done)

    def _shorten(self, op: Op) -> str:
        if self.kind == "月份安排":  # every month stays, each with its first two activities
            for i in self._free():
                head, _, body = i.text.partition("：")
                acts = [a for a in re.split(r"[；;]", body.rstrip("。")) if a]
                if body and len(acts) > 2:
                    i.text = f"{head}：{'；'.join(acts[:2])}。"
            return "每个月只留前两项活动"
        if self.kind == "指导思想":
            for i in self._free():
                i.text = trim(i.text, 80)
            return "指导思想压缩为要点"
        keep = max(2, math.ceil(len(self.items) / 2))
        return self._keep_strongest(keep)

    def _keep_strongest(self, keep: int, protect: set[str] = frozenset()) -> str:
        free = [i for i in self._free() if i.text not in protect]
        drop = len(self.items) - keep
        if drop <= 0:
            raise _Undone(f"这一部分只有 {len(self.items)} 条，不必再减")
        if drop > len(free):
            raise _Undone(f"锁定的条目有 {len(self.locked)} 条，不能减到 {keep} 条")
        # the strongest first, an item saying much the same as one already kept last
        kept = [i for i in self.items if i not in free]
        ranked = sorted(free, key=lambda i: -self._strength(i.text))
        for i in ranked:
            if not any(same_work(i.text, k.text, REPEAT) for k in kept):
                kept.append(i)
        kept += [i for i in ranked if i not in kept]
        kept = kept[:keep]
        self.items = [i for i in self.items if i in kept]
        return f"删去 {drop} 条，保留与本部分和工作重点最相关、最具体的 {len(self.items)} 条"

    def _count(self, op: Op) -> str:
        want = op.numbers[0]
        if not 1 <= want <= 15:
            raise _Undone(f"“{op.clause}”：一部分写 1—15 条为宜")
        if want < len(self.items):
            return self._keep_strongest(want)
        if want == len(self.items):
            raise _Undone(f"这一部分已经是 {want} 条")
        if self.kind in ("指导思想", "月份安排"):
            raise _Undone(f"{self.kind}不按条数增加；{LLM}")
        need = want - len(self.items)
        added = self._relevant(self.item.title, need, self._theme(), ON_HEADING, own=True)
        if self.kind == "主要工作" and len(added) < need:
            added += self._from_plans(self.item.title)[:need - len(added)]
        if not added:
            raise _Undone(f"知识库中没有这一部分更多的条目了，不能补到 {want} 条；{LLM}")
        self.items += [_Item(t) for t in added]
        short = f"（知识库只有这些，差 {need - len(added)} 条）" if len(added) < need else ""
        return f"补充 {len(added)} 条，现有 {len(self.items)} 条{short}"

    def _keep(self, op: Op) -> str:
        kept = [i for i in self.items if i.number in op.numbers]
        if len(kept) < len(op.numbers):
            total = max((i.number for i in self.items), default=0)
            raise _Undone(f"没有第 {'、'.join(map(str, op.numbers))} 条（这一部分原有 {total} 条）")
        drop = [i for i in self._free() if i not in kept]
        self.items = [i for i in self.items if i not in drop]
        return f"只保留第 {'、'.join(map(str, op.numbers))} 条" + ("（及锁定的条目）" if self.locked else "")

    def _delete(self, op: Op) -> str:
        gone = self._find(op.numbers)
        self.items = [i for i in self.items if i not in gone]
        return f"删去第 {'、'.join(map(str, op.numbers))} 条"

    def _remove(self, op: Op) -> str:
        core = re.sub(r"(?:工作|活动|方面|内容)$", "", op.topic) or op.topic
        hit = [i for i in self.items if core in i.text]
        if not hit:
            raise _Undone(f"这一部分没有提到“{op.topic}”的内容，无法删去")
        free = [i for i in hit if i.text not in self.locked]
        if not free:
            raise _Undone(f"提到“{op.topic}”的条目都已锁定，没有删去")
        self.items = [i for i in self.items if i not in free]
        return f"删去提到“{op.topic}”的 {len(free)} 条"

    def _reword(self, op: Op) -> str:
        hit = [i for i in self._free() if op.old in i.text]
        if not hit:
            where = "只出现在锁定的条目中" if any(op.old in t for t in self.locked) else "没有出现"
            raise _Undone(f"“{op.old}”在这一部分{where}，没有替换")
        for i in hit:
            i.text = i.text.replace(op.old, op.new)
        return f"把“{op.old}”改成“{op.new}”（{len(hit)} 条）"

    def _replace(self, op: Op) -> str:
        (target,) = self._find(op.numbers)
        target.text = op.new if re.search(r"[。；！]$", op.new) else op.new + "。"
        return f"第 {op.numbers[0]} 条改为所给的文字"

    def _move(self, op: Op) -> str:
        (target,) = self._find(op.numbers)
        self.items.remove(target)
        if op.to == -1:
            at, where = len(self.items), "最后"
        else:
            at = max(0, min(op.to - 1, len(self.items)))
            where = "最前" if at == 0 else f"第 {at + 1} 条"
        self.items.insert(at, target)
        return f"第 {op.numbers[0]} 条移到{where}"

    def _swap(self, op: Op) -> str:
        a, b = self._find(op.numbers)
        i, j = self.items.index(a), self.items.index(b)
        self.items[i], self.items[j] = b, a
        return f"第 {op.numbers[0]} 条和第 {op.numbers[1]} 条对调"

    def _merge(self, op: Op) -> str:
        if self.kind == "月份安排":
            raise _Undone("月份安排的各行是不同的月份，不能合并")
        parts = self._find(op.numbers)
        merged = parts[0].text.rstrip("。；; ")
        for p in parts[1:]:
            merged += "；" + p.text.rstrip("。；; ")
        parts[0].text = merged + "。"
        self.items = [i for i in self.items if i not in parts[1:]]
        return f"合并第 {'、'.join(map(str, op.numbers))} 条为一条"

    def _rewrite(self, op: Op) -> str:
        if self.kind in ("指导思想", "月份安排"):
            raise _Undone(f"离线写法不重写{self.kind}；{LLM}，或在提纲中改要点后重新生成全文")
        free = self._free()
        fresh = self._relevant(self.item.title, len(free), self._theme(), ON_HEADING, own=True)
        if not fresh:
            raise _Undone(f"知识库中没有这一部分另外的条目了；{LLM}")
        for i, text in zip(free, fresh):
            i.text = text
        return f"换了 {min(len(free), len(fresh))} 条" + ("（锁定的条目未动）" if self.locked else "")

    def _unknown(self, op: Op) -> str:
        raise _Undone(f"“{op.clause}”离线写法做不到（它只会增删、调整条目，不改写文字）；{LLM}")


def _fit(phrase: str, pool: list[str]) -> Callable[[str], float]:
    """How well a text says what a phrase names: the share of the phrase's content words in
    it, plus ½ when one of its distinctive words (not in most texts of the pool) is there — 1
    or more is "says it" (all its words, or half of them with a distinctive one)."""
    from eval.focus import content_words
    words = content_words(phrase) or [phrase]
    rank = themes.speaks_of(phrase, pool)
    return lambda text: sum(w in text for w in words) / len(words) + 0.5 * (rank(text) >= 2)


def _says(topic: str) -> Callable[[str], bool]:
    """Does a text say what a short topic names: its head (the last word that is not broad:
    夜校 of 农民工夜校, 经费 of 经费保障), or two thirds of its words?"""
    from eval.focus import content_words
    words = content_words(topic) or [topic]
    heads = [w for w in words if w not in themes.BROAD] or words
    return lambda text: heads[-1] in text or sum(w in text for w in words) >= 2 / 3 * len(words)


def _names(theme: Theme, phrase: str) -> bool:
    """Is the phrase the name of the theme (送温暖, 劳动竞赛), not just one of its many words
    (法律援助 within 劳动争议调解, 两癌筛查 within 女职工权益)?"""
    tail = re.sub(r"(?:工作|活动|建设)$", "", phrase)
    forms = {phrase, tail, re.sub(r"^(?:教职工|职工|员工|干部职工)", "", tail)}
    return bool(forms & {theme.id, theme.title, *theme.triggers[:2]})


def _month_of(text: str) -> int:
    m = _MONTH_LINE.match(text)
    return to_int(m.group(1)) or 0 if m else 0


def _mentions(topic: str, text: str) -> bool:
    """Does the text say what the topic names: most of its content words (读书 alone is not
    读书分享会; 教师节 and 慰问 together are 教师节慰问)?"""
    from eval.focus import content_words
    words = content_words(topic) or [topic]
    return sum(w in text for w in words) / len(words) > 0.6


def _as_activity(topic: str) -> str:
    """A month activity from a topic the user typed: 教师节慰问 → 开展教师节慰问活动."""
    if re.match(r"^(?:开展|组织|举办|召开|做好|举行|慰问|走访|评选|落实|参加|进行)", topic):
        return topic
    return f"开展{topic}" + ("" if topic.endswith(("活动", "工作", "会议", "培训", "比赛", "竞赛")) else "活动")


class LLMReviser(Reviser):
    def __init__(self, writer: LLMWriter):
        self.writer = writer

    def revise(self, draft: Draft, number: int, instruction: str, sources: list[Hit]) -> Revision:
        item, section = draft.outline.items[number - 1], draft.sections[number - 1]
        variables = prompt_vars(draft.brief, section.title, item.kind, sources)
        variables.update(text=section.text, instruction=instruction)
        text, why = self.writer.guarded("revise_user", variables, draft.brief, section.title,
                                        item.kind, sources)
        if text is None:
            raise PlandraftError(why)
        return Revision(text, done=["由大模型按要求改写"])


def keep_locked(old: str, new: str, locked: list[str], kind: str) -> str:
    """new text with every locked item of old back in its place (a model may drop or reword
    one): a locked item is the user's, and stays as it is."""
    before, after = items_of(old), items_of(new)
    for n, text in enumerate(before):
        if text in locked and text not in after:
            after.insert(min(n, len(after)), text)
    return layout(after, kind) if after != items_of(new) else new
