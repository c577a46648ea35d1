"""CLI handlers: plandraft draft / revise / undo / drafts list / export (a contract: keep exactly)."""
from __future__ import annotations

import argparse
import json
import sys

from plandraft.engine import Engine
from plandraft.errors import PlandraftError
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


def draft(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
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


def _changed(before: Draft, after: Draft, section: int, what: str, note: str = "") -> None:
    """On stderr: what a change did to the section, item by item (stdout stays the text)."""
    from drafting.diff import diff, summary, to_text
    changes = diff(before.sections[section - 1].text, after.sections[section - 1].text)
    print(f"{what}第 {section} 部分：{summary(changes)}。" + (f"\n说明：{note}" if note else ""),
          file=sys.stderr)
    print(to_text(changes), file=sys.stderr)


def revise(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    before = engine.get(args.draft_id)
    after = engine.revise(args.draft_id, args.section, args.instruction)
    if not args.json:
        _changed(before, after, args.section, "已修改", after.sections[args.section - 1].versions[-1].note)
    _print(engine, after, args.json)
    return 0


def _step(args: argparse.Namespace, engine: Engine, name: str, what: str) -> int:
    before = engine.get(args.draft_id)
    after = getattr(engine, name)(args.draft_id, args.section)
    _changed(before, after, args.section, what)
    print(after.sections[args.section - 1].text)
    return 0


def undo(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    return _step(args, engine, "undo", "已撤销")


def redo(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    return _step(args, engine, "redo", "已重做")


def edit(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    from corpus.readers import read_document
    text = sys.stdin.read() if args.file in (None, "-") else read_document(args.file)
    before = engine.get(args.draft_id)
    after = engine.edit(args.draft_id, args.section, text)
    _changed(before, after, args.section, "已手工修改")
    print(after.sections[args.section - 1].text)
    return 0


def versions(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    if args.restore:
        before = engine.get(args.draft_id)
        after = engine.restore(args.draft_id, args.section, args.restore)
        _changed(before, after, args.section, f"已恢复第 {args.restore} 版，")
    rows = engine.versions(args.draft_id, args.section)
    if args.show:
        from drafting.diff import diff, to_text
        if not 1 <= args.show <= len(rows):
            raise PlandraftError(f"第 {args.section} 部分没有第 {args.show} 版（共 {len(rows)} 版）。")
        current = next(r for r in rows if r["current"])
        print(rows[args.show - 1]["text"])
        print(f"—— 与当前正文（第 {current['version']} 版）相比：", file=sys.stderr)
        print(to_text(diff(current["text"], rows[args.show - 1]["text"])), file=sys.stderr)
        return 0
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        mark = "＊" if r["current"] else "　"
        when = r["time"].replace("T", " ") or "（时间不详）"
        print(f"{mark}第 {r['version']} 版\t{when}\t{r['action']}" + (f"\t{r['note']}" if r["note"] else ""))
    print("＊ 为当前显示的版本。用 --show N 查看、--restore N 恢复某一版。", file=sys.stderr)
    return 0


def _lock(args: argparse.Namespace, engine: Engine, locked: bool) -> int:
    from drafting.body import items_of
    section = engine.lock(args.draft_id, args.section, args.item, locked).sections[args.section - 1]
    for n, text in enumerate(items_of(section.text), 1):
        print(f"{'［锁定］' if text in section.locked else '　　　　'}{n}. {text}")
    return 0


def lock(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    return _lock(args, engine, True)


def unlock(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    return _lock(args, engine, False)


def drafts(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    rows = engine.list_drafts()
    if not rows:
        print("还没有保存的草稿。")
    for row in rows:
        print(f"{row['id']}\t{row['updated']}\t{row['sections']}部分\t{row['title']}")
    return 0


def export(args: argparse.Namespace, settings: Settings, engine: Engine) -> int:
    from pathlib import Path

    from plandraft.errors import PlandraftError

    # Checked before anything is written: a refused export leaves every file as it was.
    for target in (args.out, args.docx):
        if target and Path(target).exists() and not args.force:
            raise PlandraftError(f"文件“{target}”已经存在，没有覆盖：要覆盖它请加 --force，"
                                 "或换一个文件名。")
    result = engine.get(args.draft_id)
    if not args.docx and not args.out:
        print(engine.markdown(result))
    if args.out:
        print(f"已保存 Markdown：{engine.export_markdown(result, args.out)}")
    if args.docx:
        print(f"已保存 Word：{engine.export_docx(result, args.docx)}")
    return 0
