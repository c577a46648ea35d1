"""Drafts in SQLite (settings.drafts_db), saved whole after every change.

A draft is saved after each section is written, so a crash or kill loses at most the section
being written. One row per draft holds its JSON; drafts are small (tens of KB).
"""
from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from plandraft.errors import PlandraftError
from plandraft.models import Brief, Draft, DraftSection, Outline, OutlineItem, Source, Version

_SCHEMA = """CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL,
    data TEXT NOT NULL)"""


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def draft_to_dict(draft: Draft) -> dict:
    return asdict(draft)


def draft_from_dict(data: dict) -> Draft:
    outline = data["outline"]
    return Draft(
        id=data["id"],
        brief=Brief(**data["brief"]),
        outline=Outline(title=outline["title"],
                        items=[OutlineItem(**item) for item in outline["items"]]),
        sections=[_section(s) for s in data["sections"]],
        writer=data["writer"], notes=list(data["notes"]),
        created=data["created"], updated=data["updated"])


def _section(data: dict) -> DraftSection:
    section = DraftSection(title=data["title"], text=data["text"],
                           sources=[Source(**src) for src in data["sources"]],
                           current=data.get("current", 0),
                           undo_stack=list(data.get("undo_stack", [])),
                           redo_stack=list(data.get("redo_stack", [])),
                           locked=list(data.get("locked", [])))
    versions = data.get("versions", [])
    if versions and isinstance(versions[0], str):
        # Drafts saved before versions had times: earlier texts (an undo stack) + the current one.
        section.versions = [Version(t, "", "早先的版本") for t in versions] + [
            Version(section.text, "", "当前版本")]
        section.current, section.undo_stack = len(versions), list(range(len(versions)))
    else:
        section.versions = [Version(**v) for v in versions]
    return section


class DraftStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._connect() as db:
                db.execute(_SCHEMA)
                db.execute("SELECT count(*) FROM drafts").fetchone()
        except sqlite3.DatabaseError as exc:
            self._set_aside(exc)

    def _set_aside(self, exc: sqlite3.DatabaseError) -> None:
        """A damaged drafts file is kept under a dated name, never deleted, and a new one begun;
        the user is told where the old one is."""
        aside = self.path.with_name(f"{self.path.name}.损坏-{datetime.now():%Y%m%d-%H%M%S}")
        self.path.rename(aside)
        with self._connect() as db:
            db.execute(_SCHEMA)
        raise PlandraftError(f"草稿库文件已损坏（{exc}），原文件已改名保存为“{aside}”，没有删除；"
                             "已新建空的草稿库，请重新操作一次。需要找回旧草稿时，可把该文件交给技术人员修复。")

    def _connect(self) -> sqlite3.Connection:
        # A short-lived connection per call: the app and the CLI may use the store concurrently.
        return sqlite3.connect(self.path, timeout=10)

    def save(self, draft: Draft) -> Draft:
        draft.updated = _now()
        draft.created = draft.created or draft.updated
        with self._connect() as db:
            db.execute(
                "INSERT INTO drafts (id, title, created, updated, data) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET title=excluded.title, updated=excluded.updated, "
                "data=excluded.data",
                (draft.id, draft.outline.title, draft.created, draft.updated,
                 json.dumps(draft_to_dict(draft), ensure_ascii=False)))
        return draft

    def get(self, draft_id: str) -> Draft:
        with self._connect() as db:
            row = db.execute("SELECT data FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise PlandraftError(f"找不到草稿“{draft_id}”。用 `plandraft drafts list` 查看已保存的草稿。")
        return draft_from_dict(json.loads(row[0]))

    def list(self) -> list[dict]:
        """Newest first: id, title, created, updated, number of sections written."""
        with self._connect() as db:
            rows = db.execute("SELECT id, title, created, updated, "
                              "json_array_length(data, '$.sections') FROM drafts "
                              "ORDER BY updated DESC, id").fetchall()
        return [{"id": r[0], "title": r[1], "created": r[2], "updated": r[3], "sections": r[4]}
                for r in rows]
