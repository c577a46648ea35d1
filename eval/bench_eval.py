"""Benchmark: evaluate 100 drafts (generation excluded) and print the time.

    python -m eval.bench_eval [--drafts 100] [--reference FILE]

Drafts are compose drafts of 100 different briefs (org types × periods × years × focus),
generated first with the engine (timed separately). The evaluation timing covers parsing,
every metric and check, against corpus data loaded once (loading is timed separately too).
With --reference, heading soft recall (embeddings) is timed as an extra pass.
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from statistics import mean

from eval.batch import BASELINE_NAMES, BriefLine, draft_briefs, union
from eval.corpusdata import load
from eval.evaluate import Evaluator
from plandraft.settings import Settings

PERIODS = [("年度", ""), ("上半年", ""), ("下半年", ""), ("学期", "第一学期"), ("季度", "第三季度")]
FOCUS = ["送温暖", "女职工", "文体活动", "劳动竞赛", "安全生产", "职工书屋", "集体协商",
         "困难职工帮扶", "职工健康", "新就业形态劳动者入会", "经费审查", "职工之家"]
SCHOOL_FOCUS = ["教代会", "师德建设"]  # only schools and kindergartens have these


def briefs(n: int, seed: int = 0) -> list[BriefLine]:
    rng = random.Random(seed)
    out = []
    orgs = list(BASELINE_NAMES.items())
    for i in range(n):
        org_type, name = orgs[i % len(orgs)]
        period, term = PERIODS[(i // len(orgs)) % len(PERIODS)]
        school = org_type in ("学校", "幼儿园")
        if period == "学期" and not school:  # only schools plan by term
            period, term = "季度", "第四季度"
        year = 2024 + i % 3
        when = (f"{year}—{year + 1}学年{term}" if period == "学期"
                else f"{year}年{term or ('' if period == '年度' else period)}")
        pool = FOCUS + SCHOOL_FOCUS if school else FOCUS
        focus = "、".join(rng.sample(pool, 3))
        out.append(BriefLine(f"{union(name)}{when}工作计划，重点：{focus}", org_type, period, year))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=100)
    ap.add_argument("--reference", help="a reference outline (Markdown) for the soft-recall pass")
    args = ap.parse_args()
    settings = Settings.from_env()

    t = time.perf_counter()
    items, failures = draft_briefs(settings, briefs(args.drafts), "compose")
    print(f"generated {len(items)} compose drafts in {time.perf_counter() - t:.1f} s "
          f"({len(failures)} failed; not part of the evaluation time)")

    t = time.perf_counter()
    evaluator = Evaluator(load(settings), settings=settings)
    print(f"corpus data loaded once in {time.perf_counter() - t:.2f} s "
          f"({len(evaluator.corpus.plans)} plans, {len(evaluator.corpus.shingles.index)} shingles)")

    t = time.perf_counter()
    results = [evaluator.evaluate(item.markdown, item.brief) for item in items]
    elapsed = time.perf_counter() - t
    print(f"evaluated {len(results)} drafts in {elapsed:.2f} s "
          f"({1000 * elapsed / max(len(results), 1):.1f} ms per draft; target ≤ 10 s for 100)")
    for score in ("sections", "themes", "focus", "format"):
        vals = [r.scores[score] for r in results if score in r.scores]
        print(f"  mean {score}: {mean(vals):.3f}" if vals else f"  {score}: n/a")
    counts = Counter(f.check for r in results for f in r.findings)
    print(f"  findings per draft: {mean(len(r.findings) for r in results):.2f} "
          f"({', '.join(f'{c} {n}' for c, n in counts.most_common())})")

    if args.reference:
        from corpus.readers import read_document
        reference = read_document(args.reference)
        t = time.perf_counter()
        recall = [evaluator.evaluate(i.markdown, i.brief, reference).scores["soft_recall"]
                  for i in items]
        print(f"with reference (soft recall, heading embeddings cached): "
              f"{time.perf_counter() - t:.2f} s, mean soft recall {mean(recall):.3f}")


if __name__ == "__main__":
    main()
