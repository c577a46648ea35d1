"""`--judge llm`: a chat model scores each draft on five criteria, 1–10 with a one-line reason,
shown beside the automatic scores. The answer must be a JSON object with every criterion; an
invalid one is asked for once more with the fault named, then reported as a failure for that
draft (the automatic evaluation stands either way)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

import prompts
from drafting.llm import failure_reason
from eval.context import PlanContext
from plandraft.settings import Settings
from plandraft.tokens import truncate

CRITERIA = ("针对性", "完整性", "具体可行", "规范性", "时效性")
PLAN_TOKENS = 3000  # the plan in the prompt; longer plans are cut
_OBJECT = re.compile(r"\{.*\}", re.S)


@dataclass
class Verdict:
    scores: dict[str, int] = field(default_factory=dict)  # criterion -> 1..10
    reasons: dict[str, str] = field(default_factory=dict)
    error: str = ""  # why there are no scores (Chinese), when there are none

    def to_json(self) -> dict:
        if self.error:
            return {"error": self.error}
        return {c: {"score": self.scores[c], "reason": self.reasons[c]} for c in CRITERIA}


def parse_verdict(text: str) -> Verdict:
    """The model's answer as a Verdict, or ValueError saying in Chinese what is wrong with it."""
    m = _OBJECT.search(text)
    if not m:
        raise ValueError("回答里没有 JSON 对象")
    try:
        data = json.loads(m.group(0))
    except json.JSONDecodeError as exc:
        raise ValueError(f"JSON 格式错误（{exc.msg}）") from exc
    if not isinstance(data, dict):
        raise ValueError("JSON 不是对象")
    scores, reasons = {}, {}
    for c in CRITERIA:
        entry = data.get(c)
        if not isinstance(entry, dict):
            raise ValueError(f"缺少“{c}”")
        score, reason = entry.get("score"), entry.get("reason")
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not 1 <= score <= 10:
            raise ValueError(f"“{c}”的分数不是 1—10 的数")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"“{c}”没有理由")
        scores[c], reasons[c] = int(round(score)), reason.strip()
    return Verdict(scores, reasons)


class LLMJudge:
    def __init__(self, model: BaseChatModel, settings: Settings):
        self.settings = settings
        self.chain = ChatPromptTemplate.from_messages(
            [("system", prompts.load("judge_system")), ("human", prompts.load("judge_user"))]
        ) | model | StrOutputParser()

    def judge(self, markdown: str, ctx: PlanContext) -> Verdict:
        variables = {"org": ctx.org_name or "（未写明）", "org_type": ctx.org_type,
                     "period_label": f"{ctx.year or '年份不详'}年{ctx.period}{ctx.term}",
                     "focus": "、".join(ctx.focus) or "（未写明）",
                     "plan": truncate(markdown, PLAN_TOKENS), "retry_note": ""}
        fault = ""
        for _ in range(2):  # one retry, with the fault named
            try:
                answer = self.chain.invoke(variables)
            except Exception as exc:  # the endpoint failed: say why, keep the automatic scores
                return Verdict(error=f"大模型评分失败：{failure_reason(exc, self.settings)}")
            try:
                return parse_verdict(answer)
            except ValueError as exc:
                fault = str(exc)
                variables["retry_note"] = (f"\n注意：上一次的回答不符合要求（{fault}）。这一次只输出"
                                           "上面格式的 JSON，五个方面都要有 score 和 reason。\n")
        return Verdict(error=f"大模型两次都没有给出有效的评分（{fault}）")
