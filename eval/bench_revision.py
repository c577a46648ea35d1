"""Offline revisions on briefs nobody tuned on (eval/data/revision_cases.jsonl: 10 briefs × 5
instructions: add, more concrete, shorten, delete, reword, order, count, merge, month lines).

    python -m eval.bench_revision [--cases FILE] [--save DIR]

For every case prints whether the reviser did it (all, part, refused), its note, the item
diff, and the evaluator's label of every item it added or changed (anything but ok is a fault
of the revision). --save writes cases.md (for reading, one case per heading) and results.json.
Counted by reading for issue 13: "did what was asked and passes the content checks".
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from drafting.compose import passes
from drafting.diff import diff, summary, to_text
from plandraft.engine import Engine
from plandraft.errors import PlandraftError
from plandraft.settings import Settings

CASES = Path(__file__).parent / "data" / "revision_cases.jsonl"


def section_number(draft, where: str) -> int:
    """'main:N' = the Nth main-work section; else the section of that kind (工作目标 …)."""
    items = draft.outline.items
    if where.startswith("main:"):
        main = [i for i, it in enumerate(items, 1) if it.kind == "主要工作"]
        return main[min(int(where[5:]), len(main)) - 1]
    return next(i for i, it in enumerate(items, 1) if it.kind == where)


def run(engine: Engine, cases: list[dict]) -> list[dict]:
    out = []
    for line in cases:
        draft = engine.draft(line["brief"])
        for where, instruction in line["cases"]:
            n = section_number(draft, where)
            item = draft.outline.items[n - 1]
            before = engine.get(draft.id).sections[n - 1].text
            row = {"brief": line["brief"], "section": item.title, "kind": item.kind,
                   "instruction": instruction, "before": before}
            try:
                after = engine.revise(draft.id, n, instruction).sections[n - 1]
            except PlandraftError as exc:
                row.update(outcome="refused", note=str(exc), after=before, faults=[])
                out.append(row)
                continue
            changes = diff(before, after.text)
            new = [c.new for c in changes if c.tag in ("added", "changed")]
            faults = [t for t in new if not passes(t, draft.brief, item.kind, item.title)]
            note = after.versions[-1].note
            row.update(outcome="part" if "没有做到" in note else "done", note=note, after=after.text,
                       changes=summary(changes), diff=to_text(changes), faults=faults)
            out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=str(CASES))
    parser.add_argument("--save")
    args = parser.parse_args(argv)
    cases = [json.loads(x) for x in Path(args.cases).read_text(encoding="utf-8").splitlines() if x.strip()]
    with tempfile.TemporaryDirectory() as tmp:  # drafts go to a scratch store, the index is shared
        engine = Engine(Settings.from_env(drafts_file=Path(tmp) / "drafts.sqlite3"))
        start = time.perf_counter()
        rows = run(engine, cases)
        seconds = time.perf_counter() - start
    counts = {k: sum(r["outcome"] == k for r in rows) for k in ("done", "part", "refused")}
    faulty = sum(bool(r["faults"]) for r in rows)
    for n, r in enumerate(rows, 1):
        print(f"{n:2d}. [{r['outcome']}] {r['section'][:16]} ← {r['instruction']}\n    {r['note']}")
        for t in r["faults"]:
            print(f"    ! 未通过内容检查：{t}")
    print(f"\n{len(rows)} revisions: done {counts['done']}, part {counts['part']}, refused {counts['refused']}; "
          f"with an added item failing the content checks: {faulty}; {seconds / max(1, len(rows)):.2f} s each")
    if args.save:
        folder = Path(args.save)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "results.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        md = []
        for n, r in enumerate(rows, 1):
            md += [f"## {n}. {r['brief']}", f"**部分**：{r['section']}（{r['kind']}）  ",
                   f"**要求**：{r['instruction']}  ", f"**结果**：{r['outcome']}；{r['note']}", "",
                   "**改前**：", "```", r["before"], "```", "**改动**（+ 新增 − 删去 ~ 改动）：", "```",
                   r.get("diff", "（没有改动）"), "```", ""]
        (folder / "cases.md").write_text("\n".join(md), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
