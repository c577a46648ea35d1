"""Benchmark: evaluate 100 drafts (generation excluded) and print the time.

    python -m eval.bench_eval [--drafts 100] [--reference FILE]

Drafts are compose drafts of 100 different briefs (org types × periods × years × focus),
generated first with the engine (timed separately). The evaluation timing covers the batch
path of `plandraft eval`: parsing, item labels (the off_topic judge's embeddings batched in one
call), every score and check, boilerplate across the batch, against corpus data and an
embedding model loaded once (both timed separately). The same batch without the off_topic
judge (no embeddings) is timed as the baseline. Target (issue 8): ≤ 15 s for 100 drafts.
With --reference, heading soft recall (embeddings) is timed as an extra pass.
"""
from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from statistics import mean

from eval.batch import BASELINE_NAMES, BriefLine, draft_briefs, evaluate_items, union
from eval.corpusdata import load
from eval.evaluate import Evaluator
from eval.findings import SCORES
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
    corpus = load(settings)
    evaluator = Evaluator(corpus, settings=settings)
    evaluator.embed(["预热"])
    print(f"corpus data and embedding model loaded once in {time.perf_counter() - t:.2f} s "
          f"({len(corpus.plans)} plans, {len(corpus.shingles.index)} shingles)")

    t = time.perf_counter()
    baseline = evaluate_items(Evaluator(corpus, settings=settings, topics=False), items)
    base_s = time.perf_counter() - t
    t = time.perf_counter()
    rows = evaluate_items(evaluator, items)
    elapsed = time.perf_counter() - t
    print(f"baseline (no off_topic judge, no embeddings): {len(baseline)} drafts in {base_s:.2f} s")
    print(f"evaluated {len(rows)} drafts in {elapsed:.2f} s "
          f"({1000 * elapsed / max(len(rows), 1):.1f} ms per draft; {elapsed / base_s:.2f}× the "
          f"baseline; target ≤ 15 s for 100)")
    results = [r.evaluation for r in rows]
    for score in SCORES:
        vals = [r.scores[score] for r in results if score in r.scores]
        if vals:
            print(f"  mean {score}: {mean(vals):.3f}")
    counts = Counter(f.check for r in results for f in r.findings)
    labels = Counter(x.label for r in results for x in r.items)
    print(f"  items: {sum(labels.values())} ({', '.join(f'{k} {n}' for k, n in labels.most_common())})")
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
