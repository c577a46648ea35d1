"""`plandraft ingest` and `plandraft search`: argument handling and printing only."""
from __future__ import annotations

import argparse
import json
import sys

from plandraft.settings import Settings
from plandraft.vocab import FILTER_LABELS


def ingest(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from retrieval.ingest import ingest as run_ingest

    # disable=None: a bar on a terminal only, no carriage-return noise in logs and pipes.
    with tqdm(total=100, desc="建立索引", file=sys.stderr, disable=None,
              bar_format="{desc} {percentage:3.0f}%|{bar}|") as bar:
        def progress(fraction: float, message: str) -> None:
            bar.n = round(100 * fraction)
            bar.set_description_str(message)

        report = run_ingest(settings, paths=args.paths, reset=args.reset, progress=progress)
    for path, reason in report.skipped:
        print(f"警告：已跳过 {path}：{reason}", file=sys.stderr)
    print(report.summary())
    return 0


def search(args: argparse.Namespace, settings: Settings, engine) -> int:
    # Through the engine: an account sees the common library and its own uploads only.
    result = engine.search(args.query, org_type=args.org_type, period=args.period,
                           kind=args.kind, k=args.k)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    if result.relaxed:
        print("符合条件的片段不足，已放宽：" + "、".join(FILTER_LABELS[r] for r in result.relaxed))
    if not result.hits:
        print("没有找到相关片段。")
    for n, hit in enumerate(result.hits, start=1):
        c = hit.chunk
        print(f"{n}. 【{c.plan_title}】{c.section_path or '（正文）'}  "
              f"[{c.org_type}/{c.period}/{c.kind}] 得分 {hit.score:.4f}")
        text = " ".join(c.text.split())
        print("   " + (text[:160] + "…" if len(text) > 160 else text))
    return 0
