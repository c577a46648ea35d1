"""Revise one section with an instruction.

Offline (compose) the instruction is read as one or more of these operations, in order:
- 写得更具体 / 详细 / 充实 / 展开 → add concrete items from the section's sources;
- 加上… / 增加… / 补充… → add items on that topic (the topic named in the first one);
- 精简 / 压缩 / 简短 → keep the first half of the items, each cut short;
- 删去… / 删除… / 去掉… → remove the items that mention it.
Anything else needs the llm writer and is refused with a message saying so. The llm reviser
rewrites through prompts/revise_user.md; its answer is adapted like any llm text.
"""
from __future__ import annotations

import math
import re

from drafting.body import layout
from drafting.compose import ComposeWriter, trim
from drafting.llm import LLMWriter, prompt_vars
from drafting.numbering import strip_marker
from drafting.similar import overlap, similar
from plandraft.errors import PlandraftError
from plandraft.interfaces import Reviser
from plandraft.models import Brief, DraftSection, Hit

_OPS = (
    ("remove", re.compile(r"(?:删去|删除|去掉|去除|不要|拿掉)(?:关于)?([^，,；;。]+)")),
    ("add", re.compile(r"(?:加上|增加|补充|加入|写入|添加|增补|增写|写上)(?:关于)?([^，,；;。]+)")),
    ("concrete", re.compile(r"具体|详细|详实|充实|丰富|展开|细化|多写")),
    ("shorten", re.compile(r"精简|压缩|简短|缩短|简洁|简练|删减|短一些|少写")),
)
HELP = ("离线写法能执行的修改要求：写得更具体、加上（某项工作）、精简、删去（某项内容），可以组合，"
        "例如“写得更具体，加上女教职工工作”。其他要求请配置大模型后使用 llm 写法。")
ADD_ITEMS = 2


def parse_instruction(instruction: str) -> list[tuple[str, str]]:
    """(operation, topic) pairs in the order they appear in the instruction."""
    found = []
    for op, pattern in _OPS:
        for m in pattern.finditer(instruction):
            topic = m.group(1).strip() if m.groups() else ""
            topic = re.sub(r"^(?:的|些|一些|有关)|(?:的内容|的工作|内容|方面)$", "", topic)
            found.append((m.start(), op, topic))
    return [(op, topic) for _, op, topic in sorted(found)]


def items_of(text: str) -> list[str]:
    return [strip_marker(line.strip()) for line in text.splitlines() if line.strip()]


def _core(topic: str) -> str:
    """The topic without a trailing 工作/活动, for matching text that words it differently."""
    return re.sub(r"(?:工作|活动|方面|内容)$", "", topic) or topic


class ComposeReviser(Reviser):
    def revise(self, brief: Brief, section: DraftSection, instruction: str,
               sources: list[Hit], kind: str = "主要工作") -> str:
        ops = parse_instruction(instruction)
        if not ops:
            raise PlandraftError(f"没有看懂修改要求“{instruction}”。{HELP}")
        if kind == "月份安排" and any(op in ("add", "concrete") for op, _ in ops):
            raise PlandraftError("离线写法不能给月份安排补充内容（范文的活动未必合乎各月）：请在提纲中"
                                 "编辑月份要点后重新生成，或使用 llm 写法；精简和删去可以直接做。")
        items = items_of(section.text)
        original, unmet = list(items), []
        writer = ComposeWriter()
        writer.written = list(items)
        candidates = writer.candidates(brief, sources)
        for op, topic in ops:
            if op == "remove":
                kept = [i for i in items if _core(topic) not in i]
                if len(kept) == len(items):
                    raise PlandraftError(f"这一部分没有提到“{topic}”的内容，无法删去。")
                items = kept
            elif op in ("add", "concrete"):
                # the knowledge base first: the theme the topic (or the heading) names
                known = self._known(brief, topic or section.title, kind, writer, items)
                if not known and kind != "主要工作":  # real plans' sentences fit a theme's part only
                    unmet.append(topic or "写得更具体")
                    continue
                items += known or (self._add(topic, candidates, items) if op == "add"
                                   else self._more(section.title, candidates, items))
            elif op == "shorten" and kind == "月份安排":  # every month stays, each shorter
                items = [trim(i, 40) for i in items]
            elif op == "shorten":
                items = [trim(i, 50) for i in items[:max(2, math.ceil(len(items) / 2))]]
        if not items:
            raise PlandraftError("按这个要求修改后这一部分就没有内容了：请换一个要求，或在提纲中删去这一部分。")
        if unmet and items == original:
            raise PlandraftError(f"离线写法没有找到“{'、'.join(unmet)}”可用的内容来修改这一部分：请在提纲中"
                                 "编辑要点后重新生成，或使用 llm 写法。")
        return layout(items, kind)

    @staticmethod
    def _known(brief: Brief, topic: str, kind: str, writer: ComposeWriter,
               items: list[str]) -> list[str]:
        """ADD_ITEMS texts of the theme the topic names, of the section's kind (goals for 工作目标,
        month lines for 月份安排, items otherwise), none like one already there."""
        from drafting import themes
        theme = themes.match(topic, brief.org_type, brief.year)
        if theme is None:
            return []
        if kind == "工作目标":
            return themes.pick(theme.goals, brief, ADD_ITEMS, f"{theme.id}-revise", items)
        if kind in ("指导思想", "月份安排"):  # a paragraph; a month line needs its month
            return []
        return writer.theme_items(brief, theme, ADD_ITEMS, near=topic)

    def _add(self, topic: str, candidates: list[tuple[Hit, str]], items: list[str]) -> list[str]:
        """Real plans' items on the topic (a theme-less one), led by the topic itself."""
        core = _core(topic)
        ranked = sorted(((overlap(core, t), n, t) for n, (_, t) in enumerate(candidates)),
                        key=lambda x: (-x[0], x[1]))
        added = [t for score, _, t in ranked if score >= 0.5 and not any(similar(t, i) for i in items)]
        added = added[:ADD_ITEMS]
        if not added or core not in added[0]:
            phrase = topic if topic.endswith(("工作", "建设", "活动")) else f"{topic}工作"
            added.insert(0, f"扎实做好{phrase}。" + (added.pop(0) if added else ""))
        return added

    def _more(self, title: str, candidates: list[tuple[Hit, str]], items: list[str]) -> list[str]:
        concrete = re.compile(r"\d|开展|组织|举办|召开|评选|建立|每[年月季学周]")
        ranked = sorted(((overlap(title, t) + 0.3 * bool(concrete.search(t)), n, t)
                         for n, (_, t) in enumerate(candidates)), key=lambda x: (-x[0], x[1]))
        added = [t for _, _, t in ranked if not any(similar(t, i) for i in items)][:ADD_ITEMS]
        if not added:
            raise PlandraftError("范文库中没有找到更多可用的具体内容：可以用“加上……”指明要补充的工作，"
                                 "或先用“添加范文”补充范文库。")
        return added


class LLMReviser(Reviser):
    def __init__(self, writer: LLMWriter):
        self.writer = writer

    def revise(self, brief: Brief, section: DraftSection, instruction: str,
               sources: list[Hit], kind: str = "主要工作") -> str:
        variables = prompt_vars(brief, section.title, kind, sources)
        variables.update(text=section.text, instruction=instruction)
        text, why = self.writer.guarded("revise_user", variables, brief, section.title, kind,
                                        sources)
        if text is None:
            raise PlandraftError(why)
        return text

