"""`--writer llm`: each section written by a chat model from that section's own sources.

One LCEL chain per call (prompt | model | text), streamed. The prompt's sources are cut to a
tiktoken budget. The model's text goes through the same adaptation as compose output
(drafting.adapt), then through the guard (drafting.guard: prompt echoes, copied sources, the
evaluator's item labels); an answer the guard rejects is asked for once more with its faults
named. A section whose call fails (refused, timed out after the retries, HTTP error, an answer
with no usable Chinese text, rejected twice) is written by the fallback writer (compose) instead
and the reason is returned as a note for Draft.notes; after MAX_FAILURES failed calls the model
is not asked again in this run, so a dead endpoint does not cost a timeout per section.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

import prompts
from drafting import period as plan_period
from drafting import themes
from drafting.body import adapted_items, chinese_chars, layout
from drafting.guard import AnswerGuard
from drafting.sources import to_sources
from plandraft import lexicon
from plandraft.interfaces import Writer
from plandraft.models import Brief, DraftSection, Hit, OutlineItem
from plandraft.settings import Settings
from plandraft.tokens import count_tokens, truncate

PROMPT_SOURCE_TOKENS = 2000  # sources in one prompt; the rest of the prompt is ~300 tokens
MIN_CHINESE = 20  # fewer Chinese characters than this after adaptation = unusable answer
MAX_FAILURES = 2


@lru_cache(maxsize=1)
def _guides() -> dict[str, str]:
    pairs = (line.split(":", 1) for line in prompts.load("guides").splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in pairs}


def guide(kind: str, brief: Brief) -> str:
    key = "每周安排" if kind == "月份安排" and brief.period == "月度" else kind
    return _guides()[key]


def format_sources(hits: list[Hit], budget: int = PROMPT_SOURCE_TOKENS) -> str:
    """Numbered source passages, best first, as many as fit in the token budget."""
    parts, used = [], 0
    for n, hit in enumerate(hits, 1):
        c = hit.chunk
        part = f"【材料{n}】《{c.plan_title}》{c.section_path}\n{c.text.strip()}"
        cost = count_tokens(part)
        if used + cost > budget:
            if not parts:  # always give at least part of the best passage
                part = truncate(part, budget)
                parts.append(part)
            break
        parts.append(part)
        used += cost
    return "\n\n".join(parts) or "（没有检索到参考材料，请按要点写。）"


def prompt_vars(brief: Brief, title: str, kind: str, sources: list[Hit]) -> dict[str, str]:
    terms = lexicon.ORG_TERMS.get(brief.org_type, lexicon.ORG_TERMS["其他"])
    months = plan_period.months(brief)
    return {
        "title": plan_period.plan_title(brief), "section_title": title,
        "org": brief.org_name or "本单位", "org_type": brief.org_type, "year": str(brief.year),
        "period_label": plan_period.label(brief),
        "months": "、".join(f"{m}月" for _, m in months),
        "self_word": terms["self"][0], "staff_word": terms["staff"][0],
        "congress_word": terms["congress"][0],
        "party": lexicon.current_reference("party", brief.year),
        "union": lexicon.current_reference("union", brief.year),
        "guide": guide(kind, brief), "sources": format_sources(sources), "retry_note": "",
        "knowledge": "",
    }


def retry_note(faults: list[str]) -> str:
    """What the prompt says on the second try: the first answer's faults, named."""
    listed = "\n".join(f"- {f}" for f in faults[:6])
    return f"\n上一次的回答没有通过检查，问题如下，这一次必须避免：\n{listed}\n"


def failure_reason(exc: Exception, settings: Settings) -> str:
    name = type(exc).__name__
    if "Timeout" in name:
        return f"模型接口超时（每次 {settings.llm_timeout:g} 秒，已重试 {settings.llm_retries} 次）"
    if "Connection" in name:
        return f"无法连接模型接口（{settings.llm_base_url or settings.llm_gguf}）"
    status = getattr(exc, "status_code", None)
    if status:
        return f"模型接口返回错误（HTTP {status}）"
    return f"模型调用失败（{name}）"


class LLMWriter(Writer):
    name = "llm"

    def __init__(self, settings: Settings, model: BaseChatModel, fallback: Writer,
                 on_token: Callable[[str, str], None] | None = None,
                 guard: AnswerGuard | None = None):
        self.settings = settings
        self.model = model
        self.fallback = fallback
        self.on_token = on_token  # (section title, token) for a UI that shows text as it comes
        self.guard = guard or AnswerGuard(settings)
        self.fallbacks = 0  # sections written by the fallback writer in this run
        self._failures = 0
        self._lock = threading.Lock()

    def complete(self, template: str, variables: dict[str, str], label: str) -> str:
        """Run one prompt (prompts/<template>.md under the system prompt) and return its text."""
        chain = ChatPromptTemplate.from_messages(
            [("system", prompts.load("section_system")), ("human", prompts.load(template))]
        ) | self.model | StrOutputParser()
        parts = []
        for token in chain.stream(variables):
            parts.append(token)
            if self.on_token:
                self.on_token(label, token)
        return "".join(parts)

    def usable(self, text: str, brief: Brief) -> list[str] | None:
        """The answer's adapted items, or None when too little usable Chinese is left."""
        items = adapted_items(re.sub(r"<[^>]{1,40}>", "", text), brief)
        return items if chinese_chars("".join(items)) >= MIN_CHINESE else None

    def guarded(self, template: str, variables: dict[str, str], brief: Brief, title: str,
                kind: str, sources: list[Hit]) -> tuple[str | None, str]:
        """(section text, "") from an answer the guard passes, asking once more with the
        faults named; (None, why in Chinese) when none passes. Endpoint errors propagate."""
        why = ""
        for _ in range(2):
            items = self.usable(self.complete(template, variables, title), brief)
            if items is None:
                why = "模型返回的内容无法使用（没有可用的中文正文）"
                continue
            text = layout(items, kind)
            faults = self.guard.faults(brief, title, kind, text, sources)
            if not faults:
                return text, ""
            why = f"模型的回答未通过检查（{'；'.join(faults[:3])}）"
            variables = dict(variables, retry_note=retry_note(faults))
        return None, why

    def write_with_note(self, brief: Brief, item: OutlineItem,
                        sources: list[Hit]) -> tuple[DraftSection, str | None]:
        with self._lock:
            gave_up = self._failures >= MAX_FAILURES
        if gave_up:
            with self._lock:
                self.fallbacks += 1
            section = self.guard.clean(brief, item.kind, self.fallback.write(brief, item, sources))
            return section, f"“{item.title}”：模型接口已连续失败，改用离线写法（compose）生成。"
        variables = prompt_vars(brief, item.title, item.kind, sources)
        variables["points"] = "\n".join(f"- {p}" for p in item.points) or "（按参考材料确定）"
        variables["knowledge"] = themes.guidance(brief, item)
        try:
            text, reason = self.guarded("section_user", variables, brief, item.title, item.kind,
                                        sources)
        except Exception as exc:  # any failure of the endpoint or model: fall back, say why
            text, reason = None, failure_reason(exc, self.settings)
            with self._lock:
                self._failures += 1
        if text is None:
            with self._lock:
                self.fallbacks += 1
            section = self.guard.clean(brief, item.kind, self.fallback.write(brief, item, sources))
            return section, f"“{item.title}”：{reason}，已改用离线写法（compose）生成。"
        return DraftSection(title=item.title, text=text, sources=to_sources(sources)), None

    def write(self, brief: Brief, item: OutlineItem, sources: list[Hit]) -> DraftSection:
        return self.write_with_note(brief, item, sources)[0]
