"""CLI handlers: plandraft draft / revise / undo / drafts list / export (a contract: keep exactly)."""
from __future__ import annotations

import argparse
import json
import sys

from plandraft.engine import Engine
from plandraft.models import Draft
from plandraft.settings import Settings


def draft_json(engine: Engine, draft: Draft) -> dict:
    return {
        "id": draft.id,
        "brief": draft.brief.to_json(),
        "outline": [{"title": it.title, "points": list(it.points)} for it in draft.outline.items],
        "sections": [{"title": s.title, "text": s.text, "sources": [src.to_json() for src in s.sources]}
                     for s in draft.sections],
        "markdown": engine.markdown(draft),
        "writer": draft.writer,
        "notes": list(draft.notes),
    }


def _print(engine: Engine, draft: Draft, as_json: bool) -> None:
    if as_json:
        print(json.dumps(draft_json(engine, draft), ensure_ascii=False, indent=2))
    else:
        print(engine.markdown(draft))
        for note in draft.notes:
            print(f"说明：{note}", file=sys.stderr)
        print(f"草稿编号：{draft.id}", file=sys.stderr)


def draft(args: argparse.Namespace, settings: Settings) -> int:
    engine = Engine(settings)
    brief = engine.parse_brief(args.brief, org_type=args.org_type, period=args.period, year=args.year)
    outline = engine.outline(brief)
    result = None
    for result in engine.write(brief, outline, writer=args.writer):
        if not args.json:
            print(f"已写完：{result.sections[-1].title}（{len(result.sections)}/{len(outline.items)}）",
                  file=sys.stderr)
    assert result is not None
    if args.out:
        print(f"已保存 Markdown：{engine.export_markdown(result, args.out)}", file=sys.stderr)
    if args.docx:
        print(f"已保存 Word：{engine.export_docx(result, args.docx)}", file=sys.stderr)
    _print(engine, result, args.json)
    return 0


def revise(args: argparse.Namespace, settings: Settings) -> int:
    engine = Engine(settings)
    _print(engine, engine.revise(args.draft_id, args.section, args.instruction), args.json)
    return 0


def undo(args: argparse.Namespace, settings: Settings) -> int:
    engine = Engine(settings)
    result = engine.undo(args.draft_id, args.section)
    print(f"已撤销第 {args.section} 部分的上一次修改。", file=sys.stderr)
    print(result.sections[args.section - 1].text)
    return 0


def drafts(args: argparse.Namespace, settings: Settings) -> int:
    rows = Engine(settings).list_drafts()
    if not rows:
        print("还没有保存的草稿。")
    for row in rows:
        print(f"{row['id']}\t{row['updated']}\t{row['sections']}部分\t{row['title']}")
    return 0


def export(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from plandraft.errors import PlandraftError

    # Checked before anything is written: a refused export leaves every file as it was.
    for target in (args.out, args.docx):
        if target and Path(target).exists() and not args.force:
            raise PlandraftError(f"文件“{target}”已经存在，没有覆盖：要覆盖它请加 --force，"
                                 "或换一个文件名。")
    engine = Engine(settings)
    result = engine.get(args.draft_id)
    if not args.docx and not args.out:
        print(engine.markdown(result))
    if args.out:
        print(f"已保存 Markdown：{engine.export_markdown(result, args.out)}")
    if args.docx:
        print(f"已保存 Word：{engine.export_docx(result, args.docx)}")
    return 0
