"""Quality of offline drafts: `python -m eval.bench_quality [--briefs FILE] [--save DIR]`.

Drafts every brief of eval/data/quality_briefs.txt (written by the team: every org type and
period, focus topics in and out of the corpus) with the compose writer and scores each with the
evaluator, item by item. Per draft: usable share, focus_depth, measurable goals, foreign and
stale items, boilerplate (items found in drafts of 3 or more org types), compose time. Targets
(issue 9): usable ≥ 0.90 for every draft, focus_depth 1.0, ≥ 3 measurable goals, boilerplate
≤ 0.10, no foreign or stale item, warm time ≤ 3 s. It also prints how many items two drafts of
one org type share word for word. --save writes each draft's Markdown and
labelled items, for reading them.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from itertools import combinations
from pathlib import Path

from eval.bench_drafting import bench_engine

BRIEFS = Path(__file__).parent / "data" / "quality_briefs.txt"
TARGETS = {"usable": 0.90, "goals": 3, "boilerplate": 0.10, "seconds": 3.0}


def read_briefs(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def same_type_shares(rows: list[dict]) -> list[float]:
    """For every two drafts of one org type: the share of the smaller one's items (over 20
    characters) that the other has word for word."""
    out = []
    for a, b in combinations(rows, 2):
        if a["org_type"] == b["org_type"]:
            sa, sb = ({t for t in r["texts"] if len(t) > 20} for r in (a, b))
            if sa and sb:
                out.append(len(sa & sb) / min(len(sa), len(sb)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="数据目录（默认 PLANDRAFT_HOME）")
    parser.add_argument("--briefs", default=str(BRIEFS), help="每行一条简要需求的文件")
    parser.add_argument("--save", help="把每份草稿和逐条标注写到这个文件夹")
    args = parser.parse_args(argv)
    briefs = read_briefs(Path(args.briefs))
    save = Path(args.save) if args.save else None
    if save:
        save.mkdir(parents=True, exist_ok=True)

    from eval.content import boilerplate
    from eval.evaluate import default_evaluator

    rows = []
    with bench_engine(args.home) as engine:
        evaluator = default_evaluator(engine.settings)
        measurable = evaluator._labeller.rules.measurable
        for n, text in enumerate(briefs, 1):
            t0 = time.perf_counter()
            draft = engine.draft(text)
            markdown = engine.markdown(draft)
            seconds = time.perf_counter() - t0
            ev = evaluator.evaluate(markdown, draft.brief)
            counts = ev.label_counts()
            goals = sum(1 for x in ev.items if x.item.kind == "工作目标" and x.label == "ok"
                        and measurable.search(x.item.text))
            rows.append({"brief": text, "org_type": draft.brief.org_type, "period": draft.brief.period,
                         "usable": ev.scores.get("usable", 0.0),
                         "focus_depth": ev.scores.get("focus_depth"), "goals": goals,
                         "foreign": counts.get("foreign", 0), "stale": counts.get("stale_wording", 0),
                         "items": len(ev.items), "counts": counts, "seconds": seconds,
                         "texts": [x.item.text for x in ev.items]})
            if save:
                (save / f"{n:02d}.md").write_text(markdown, encoding="utf-8")
                (save / f"{n:02d}.json").write_text(json.dumps(
                    {"brief": text, "evaluation": ev.to_json()}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    for row, share in zip(rows, boilerplate([(r["org_type"], r["texts"]) for r in rows])):
        row["boilerplate"] = share or 0.0

    print(f"{'#':>2} {'用时':>5} {'可用':>5} {'重点':>5} {'目标':>3} {'他单位':>3} {'过时':>3} {'套话':>5}  简要需求")
    for n, r in enumerate(rows, 1):
        fd = "—" if r["focus_depth"] is None else f"{r['focus_depth']:.2f}"
        print(f"{n:2d} {r['seconds']:5.2f} {r['usable']:5.2f} {fd:>5} {r['goals']:3d} {r['foreign']:5d} "
              f"{r['stale']:4d} {r['boilerplate']:5.2f}  {r['brief'][:40]}")
    items = sum(r["items"] for r in rows)
    ok = sum(r["counts"].get("ok", 0) for r in rows)
    labels: dict[str, int] = {}
    for r in rows:
        for k, v in r["counts"].items():
            labels[k] = labels.get(k, 0) + v
    focus = [r["focus_depth"] for r in rows if r["focus_depth"] is not None]
    warm = [r["seconds"] for r in rows[1:]] or [rows[0]["seconds"]]
    print(f"\n草稿 {len(rows)} 份，条目 {items} 条，可用 {ok} 条（{ok / max(items, 1):.0%}）；标注：{labels}")
    checks = [
        ("每份可用 ≥ 0.90", sum(r["usable"] >= TARGETS["usable"] for r in rows), len(rows)),
        ("重点深度达标（1.0）", sum(f >= 0.999 for f in focus), len(focus)),
        ("可检查的目标 ≥ 3 条", sum(r["goals"] >= TARGETS["goals"] for r in rows), len(rows)),
        ("套话比例 ≤ 0.10", sum(r["boilerplate"] <= TARGETS["boilerplate"] for r in rows), len(rows)),
        ("无他单位、过时内容", sum(r["foreign"] + r["stale"] == 0 for r in rows), len(rows)),
    ]
    for name, met, total in checks:
        print(f"  {name}：{met}/{total}")
    print(f"  可用比例 平均 {statistics.mean(r['usable'] for r in rows):.2f}，最低 {min(r['usable'] for r in rows):.2f}；"
          f"重点深度 平均 {statistics.mean(focus) if focus else float('nan'):.2f}；"
          f"套话 平均 {statistics.mean(r['boilerplate'] for r in rows):.2f}")
    shares = same_type_shares(rows)
    if shares:
        print(f"  同类型单位两份草稿共有的条目比例：平均 {statistics.mean(shares):.2f}，最高 {max(shares):.2f}"
              f"（{len(shares)} 对）")
    print(f"  热启动用时 平均 {statistics.mean(warm):.2f} s，最慢 {max(warm):.2f} s（目标 ≤ {TARGETS['seconds']:.0f} s）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
