"""`plandraft eval`: evaluate draft files (or draft briefs first), print or report the results."""
from __future__ import annotations

import argparse
import json
import sys

from eval.batch import (Row, compose_baseline, draft_briefs, evaluate_items, human_baseline,
                        judge_rows, summary)
from eval.corpusdata import load
from eval.evaluate import Evaluator
from eval.inputs import expand, read_briefs, read_items
from eval.labels import LABEL_NAMES
from eval.findings import SCORE_LABELS
from eval.report import CHECK_LABELS, judge_line, write_report
from plandraft.errors import PlandraftError
from plandraft.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not args.inputs and not args.briefs:
        raise PlandraftError("请给出要评估的草稿文件（.md 或 plandraft draft --json 的输出），"
                             "或用 --briefs 给出简要需求文件（JSONL）。")
    brief = None
    notes: list[str] = []
    if args.brief:
        from drafting.brief import parse_brief
        brief = parse_brief(args.brief)
        notes += [f"简要需求：{n}" for n in brief.notes]
    reference = None
    if args.reference:
        from corpus.readers import read_document
        reference = read_document(args.reference)
    items, failed = read_items(expand(args.inputs))
    for msg in failed + notes:
        print(f"警告：{msg}", file=sys.stderr)
    if args.briefs:
        drafted, failures = draft_briefs(settings, read_briefs(args.briefs), args.writer)
        items += drafted
        for msg in failures:
            print(f"警告：{msg}", file=sys.stderr)
        failed += failures
    if not items:
        raise PlandraftError("没有可评估的草稿：文件夹里没有 .md/.txt/.docx/.json 文件，或简要需求都未能起草"
                             + (f"（{'；'.join(failed)}）" if failed else "") + "。")

    evaluator = Evaluator(load(settings), settings=settings)
    rows = evaluate_items(evaluator, items, brief, reference)
    if getattr(args, "judge", "none") == "llm":
        from drafting.chat_model import chat_model
        from eval.judge import LLMJudge
        judge_rows(LLMJudge(chat_model(settings), settings), rows, items)
    if args.report:
        path = write_report(args.report, rows + _baselines(settings, evaluator, rows, notes), notes,
                            failed)
        print(f"报告已写入：{path}（另有 results.csv、results.json）", file=sys.stderr)
    if args.json:
        print(json.dumps({"results": [r.to_json() for r in rows], "summary": summary(rows),
                          "failed": failed}, ensure_ascii=False, indent=2))
    else:
        _print_text(rows)
    return 0


def _baselines(settings: Settings, evaluator: Evaluator, rows: list[Row],
               notes: list[str]) -> list[Row]:
    human = human_baseline(evaluator, {(r.org_type, r.period) for r in rows})
    print("正在为报告起草 compose 基线草稿（每种单位类型×期间一篇）…", file=sys.stderr)
    try:
        compose = compose_baseline(settings, evaluator, rows)
    except PlandraftError as exc:
        notes.append(f"未能生成 compose 基线草稿：{exc}")
        compose = []
    return human + compose


def _print_text(rows: list[Row]) -> None:
    for i, r in enumerate(rows, start=1):
        ctx = r.evaluation.context
        print(f"[{i}] {r.input}  {ctx['org_type']}·{ctx['period']}·{ctx.get('year') or '年份不详'}"
              f"{'' if ctx.get('source') == 'brief' else '（由正文推断）'}")
        print("    " + "  ".join(f"{SCORE_LABELS[k]} {v:.2f}" for k, v in r.evaluation.scores.items()))
        for f in r.evaluation.findings:
            print(f"    - [{CHECK_LABELS.get(f.check, f.check)}] {f.location}：{f.message}")
        if r.evaluation.judge:
            print("    大模型评分：" + judge_line(r.evaluation.judge))
    s = summary(rows)
    print("\n条目标注：" + "  ".join(f"{LABEL_NAMES[k]} {v}" for k, v in s["labels"].items()))
    print(f"共 {s['count']} 篇；平均："
          + "  ".join(f"{SCORE_LABELS[k]} {v:.2f}" for k, v in s["mean_scores"].items()))
