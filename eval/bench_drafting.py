"""Compose drafting speed: `python -m eval.bench_drafting [--home DIR]`.

Times a whole plan (brief → outline → every section → Markdown) with the offline compose writer
over briefs of every org type and period: the first draft in the process is "cold" (embedding
model, index and plans loaded), the rest "warm". Target: warm ≤ 3 s per plan on this machine.
The index of PLANDRAFT_HOME (or --home) is used read-only from a temporary copy, so the benchmark
leaves no drafts behind. The machine's load average is printed: on a shared 2-core machine it
moves the numbers a lot.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

from plandraft.settings import Settings

BRIEFS = [
    "实验小学工会 2025年下半年工作计划，重点：教代会、师德建设、教职工健康",
    "阳光幼儿园工会2026年秋季学期工作计划",
    "红星机械有限公司工会2026年第三季度工作计划，重点是劳动竞赛和安全生产",
    "市教育局机关工会2026年工作计划",
    "东城街道总工会2026年上半年工作计划",
    "海淀区总工会2026年9月份工作计划",
    "幸福社区工会2025年下半年工作计划",
    "县人民医院工会2026年上半年工作计划，重点：医德医风、女职工",
    "2026年工会工作计划，重点：职工之家建设",
    "实验中学工会2025-2026学年第二学期工作计划",
    "华能电厂工会2026年工作计划，重点：安全生产、职工技能竞赛",
    "城南中学工会2026年下半年工作计划",
]
POINT4 = {"placeholder", "stale_reference", "numbering", "period", "org"}


@contextmanager
def bench_engine(home_arg: str | None, today: date = date(2026, 11, 21)):
    """An Engine on the index of PLANDRAFT_HOME (or home_arg), its drafts in a throw-away store
    so that the user's saved drafts stay as they were."""
    from plandraft.engine import Engine

    settings = Settings.from_env()
    home = Path(home_arg).expanduser() if home_arg else settings.home
    with tempfile.TemporaryDirectory() as tmp:
        if not (home / "chroma").exists():
            print(f"{home} 还没有索引：先建立索引（只做一次）……")
            Engine(replace(settings, home=home)).ensure_index()
        yield Engine(replace(settings, home=home, drafts_file=Path(tmp) / "bench.sqlite3"),
                     today=today)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="数据目录（默认 PLANDRAFT_HOME）")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with bench_engine(args.home) as engine:
        times, drafts = [], []
        for brief in BRIEFS:
            t0 = time.perf_counter()
            draft = engine.draft(brief)
            engine.markdown(draft)
            times.append(time.perf_counter() - (started if not times else t0))
            drafts.append(draft)
            b = draft.brief
            print(f"{times[-1]:6.2f} s  {b.org_type:<6} {b.period:<3} {len(draft.sections):2d} 部分  "
                  f"{draft.outline.title}")

        from eval.evaluate import evaluate
        faults = sum(1 for d in drafts for f in evaluate(engine.markdown(d), d.brief).findings
                     if f.check in POINT4)

    warm = times[1:]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n计划数 {len(times)}；冷启动（含模型加载）{times[0]:.2f} s；"
          f"热启动 平均 {statistics.mean(warm):.2f} s，中位数 {statistics.median(warm):.2f} s，"
          f"最慢 {max(warm):.2f} s（目标 ≤ 3 s）")
    print(f"第 4 点检查（占位符/过时提法/编号/期间/单位用语）发现的问题：{faults} 处")
    print(f"机器 1 分钟平均负载：{load:.2f}（{os.cpu_count()} 核）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
