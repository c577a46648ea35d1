"""Drafts in the SQL database (plandraft.database: SQLite in the data dir by default,
PostgreSQL with PLANDRAFT_DATABASE_URL), saved whole after every change.

A draft is saved after each section is written, so a crash or kill loses at most the section
being written. One row per draft holds its JSON; drafts are small (tens of KB). Every draft
has an owner (an account name, "" in single-user mode); reading with `owner=` finds only that
owner's drafts, and another owner's draft answers exactly as a missing one, so an id tells
nobody anything.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from plandraft import database
from plandraft.database import drafts
from plandraft.errors import PlandraftError
from plandraft.models import Brief, Draft, DraftSection, Outline, OutlineItem, Source, Version

ANYONE = None  # owner= for a reader who may see every draft (an admin, single-user mode)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def draft_to_dict(draft: Draft) -> dict:
    data = asdict(draft)
    del data["owner"]  # a column of its own: the JSON keeps the shape older versions wrote
    return data


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
    """Drafts in the database at `target`: a SQLite file path, or a database URL."""

    def __init__(self, target: Path | str):
        self.db = database.open_database(target)

    def save(self, draft: Draft) -> Draft:
        draft.updated = _now()
        draft.created = draft.created or draft.updated
        values = {"title": draft.outline.title, "updated": draft.updated,
                  "data": json.dumps(draft_to_dict(draft), ensure_ascii=False),
                  "sections": len(draft.sections)}
        with self.db.begin() as conn:
            # Only the owner's row is updated: a draft object never moves to another account.
            done = conn.execute(drafts.update().where(drafts.c.id == draft.id,
                                                      drafts.c.owner == draft.owner).values(**values))
            if done.rowcount == 0:
                conn.execute(drafts.insert().values(id=draft.id, owner=draft.owner,
                                                    created=draft.created, **values))
        return draft

    def get(self, draft_id: str, owner: str | None = ANYONE) -> Draft:
        query = sa.select(drafts.c.data, drafts.c.owner).where(drafts.c.id == draft_id)
        if owner is not ANYONE:
            query = query.where(drafts.c.owner == owner)
        with self.db.connect() as conn:
            row = conn.execute(query).first()
        if row is None:  # missing and someone else's read the same: the id leaks nothing
            raise PlandraftError(f"找不到草稿“{draft_id}”。用 `plandraft drafts list` 查看已保存的草稿。")
        draft = draft_from_dict(json.loads(row.data))
        draft.owner = row.owner
        return draft

    def list(self, owner: str | None = ANYONE) -> list[dict]:
        """Newest first: id, title, created, updated, number of sections written, owner."""
        query = sa.select(drafts.c.id, drafts.c.title, drafts.c.created, drafts.c.updated,
                          drafts.c.sections, drafts.c.owner
                          ).order_by(drafts.c.updated.desc(), drafts.c.id)
        if owner is not ANYONE:
            query = query.where(drafts.c.owner == owner)
        with self.db.connect() as conn:
            rows = conn.execute(query).all()
        return [{"id": r.id, "title": r.title, "created": r.created, "updated": r.updated,
                 "sections": r.sections, "owner": r.owner} for r in rows]
