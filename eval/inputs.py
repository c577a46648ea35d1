"""What `plandraft eval` reads: draft files (.md/.txt/.docx, or the JSON of `plandraft draft
--json`) and JSONL files of briefs to draft first."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from eval.document import parse
from plandraft.cleantext import clean
from plandraft.errors import PlandraftError
from plandraft.models import Brief
from plandraft.vocab import check_org_type, check_period

SUFFIXES = (".md", ".markdown", ".txt", ".json", ".docx")
MAX_BYTES = 2 * 1024 * 1024  # a plan is tens of kilobytes; anything this big is not a draft


@dataclass
class Item:
    name: str  # shown in the report: the file name, or the brief
    markdown: str
    brief: Brief | None = None


def expand(paths: list[str]) -> list[Path]:
    """Files named, and the draft files inside folders named, in order."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        elif path.exists():
            out.append(path)
        else:
            raise PlandraftError(f"找不到文件“{raw}”：请检查路径。")
    return out


def read_item(path: Path) -> Item:
    """One draft file; a file that is not a plan raises PlandraftError saying why."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise PlandraftError(f"“{path.name}”有 {size / 1024 / 1024:.1f} MB，超过草稿文件的上限 "
                             f"{MAX_BYTES // 1024 // 1024} MB：请确认它是一份工作计划。")
    if path.suffix.lower() == ".json":
        item = _from_json(path)
    else:
        from corpus.readers import read_document  # encodings, .docx, traditional → simplified
        item = Item(path.name, read_document(path))
    if not parse(item.markdown).nodes:
        raise PlandraftError(f"“{path.name}”里没有识别到任何标题（如“一、指导思想”或 Markdown “#”），"
                             "无法按工作计划评估。")
    return item


def read_items(paths: list[Path]) -> tuple[list[Item], list[str]]:
    """Every readable draft, and a Chinese message for each file that is not one: a bad file
    never stops the batch."""
    items, failed = [], []
    for path in paths:
        try:
            items.append(read_item(path))
        except PlandraftError as exc:
            failed.append(str(exc))
    return items, failed


def _from_json(path: Path) -> Item:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlandraftError(f"“{path.name}”不是有效的 JSON（{exc}）：请传入 plandraft draft --json 的输出。")
    if not isinstance(data, dict) or not isinstance(data.get("markdown"), str):
        raise PlandraftError(f"“{path.name}”里没有“markdown”字段：请传入 plandraft draft --json 的输出，"
                             "或直接传入 Markdown 文件。")
    brief = brief_from_json(data["brief"], path.name) if data.get("brief") else None
    return Item(path.name, data["markdown"], brief)


def brief_from_json(data: dict, where: str) -> Brief:
    """A Brief from the "brief" object of `plandraft draft --json` (Brief.to_json's keys)."""
    try:
        return Brief(text=str(data.get("text", "")), org_name=str(data.get("org_name", "")),
                     org_type=check_org_type(data["org_type"]) or "其他",
                     year=int(data["year"]), period=check_period(data["period"]) or "年度",
                     term=str(data.get("term", "")), focus=[str(f) for f in data.get("focus", [])])
    except (KeyError, TypeError, ValueError) as exc:
        raise PlandraftError(f"“{where}”的 brief 不完整（缺少或无法识别 {exc}）：需要 org_type、year、period。")


@dataclass
class BriefLine:
    text: str
    org_type: str | None = None
    period: str | None = None
    year: int | None = None


def read_briefs(path: str) -> list[BriefLine]:
    """One brief per line: a JSON string, or an object with "brief" (and optional org_type,
    period, year). Blank lines are skipped; a bad line is reported with its number."""
    file = Path(path).expanduser()
    if not file.exists():
        raise PlandraftError(f"找不到简要需求文件“{path}”。")
    try:
        text = clean(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise PlandraftError(f"“{file.name}”不是 UTF-8 编码的文本：请用 UTF-8 另存后再试。")
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            raise PlandraftError(f"“{file.name}”第{n}行不是有效的 JSON：每行应为"
                                 '{"brief": "实验小学工会2025年下半年工作计划，重点：教代会"}')
        if isinstance(data, str):
            data = {"brief": data}
        if not isinstance(data, dict) or not str(data.get("brief", "")).strip():
            raise PlandraftError(f"“{file.name}”第{n}行缺少“brief”（简要需求）。")
        year = data.get("year")
        out.append(BriefLine(str(data["brief"]), check_org_type(data.get("org_type")),
                             check_period(data.get("period")), int(year) if year else None))
    if not out:
        raise PlandraftError(f"“{file.name}”里没有简要需求：每行写一个。")
    return out
