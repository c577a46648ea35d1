"""Idempotent indexing of the corpus folder plus the user's files into the vector store.

Chunk ids are content hashes (corpus.chunk), so the store itself says what is already indexed:
an unchanged corpus embeds nothing and adds nothing; a changed file gets its new chunks added
and its stale ones deleted (new before old, so an interruption loses nothing); a file deleted
from disk is dropped from the index. Files given once stay indexed on later plain
`plandraft ingest` runs; the manifest remembers their paths.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from plandraft.errors import PlandraftError
from plandraft.models import Chunk
from plandraft.settings import Settings
from retrieval.embeddings import get_embeddings
from retrieval.store import (
    REBUILD_HINT, Manifest, StoreError, load_manifest, open_collection, open_store, reset_store,
    save_manifest,
)

Progress = Callable[[float, str], None]
_BATCH = 32  # chunks per embedding call: small enough for a responsive progress bar


@dataclass
class IngestReport:
    """Outcome per source file (names), plus chunk counts."""

    new: list[str] = field(default_factory=list)  # files indexed for the first time
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # files whose content changed
    removed: list[str] = field(default_factory=list)  # indexed files that are gone from disk
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, Chinese reason)
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_total: int = 0
    plans: int = 0

    def summary(self) -> str:
        """One line of counts (the skipped files are warned about one by one elsewhere)."""
        return (f"新增 {len(self.new)} 个文件，未变 {len(self.unchanged)} 个，"
                f"更新 {len(self.replaced)} 个，移除 {len(self.removed)} 个，跳过 {len(self.skipped)} 个；"
                f"片段：新增 {self.chunks_added}，删除 {self.chunks_removed}，"
                f"索引共 {self.chunks_total} 个（{self.plans} 篇范文）。")


def _generation(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


def _chunks_by_source(settings: Settings, roots: list[Path],
                      report: IngestReport) -> dict[str, dict[str, Chunk]]:
    from corpus.chunk import chunk_plan
    from corpus.load import load_corpus

    existing_roots = []
    for root in roots:
        if root.exists():
            existing_roots.append(root)
        else:
            report.skipped.append((str(root), "找不到该文件或文件夹"))
    loaded = load_corpus(existing_roots)
    report.skipped += [(str(path), reason) for path, reason in loaded.skipped]
    report.plans = len(loaded.plans)
    by_source: dict[str, dict[str, Chunk]] = {}
    for plan in loaded.plans:
        for chunk in chunk_plan(plan, settings.chunk_tokens):
            by_source.setdefault(chunk.source, {})[chunk.id] = chunk
    return by_source


def ingest(settings: Settings, paths: Iterable[str | Path] = (), reset: bool = False,
           progress: Progress | None = None) -> IngestReport:
    """Index settings.corpus_dir, the files/folders given now and those given before."""
    say = progress or (lambda fraction, message: None)
    if reset:
        say(0.0, "清空旧索引")
        reset_store(settings)
    say(0.0, "准备向量模型")  # the first run converts the bundled model (5-30 s)
    embeddings = get_embeddings(settings)
    manifest = load_manifest(settings)
    if manifest.embedding_model and manifest.embedding_model != embeddings.name:
        raise StoreError(f"现有索引由向量模型“{manifest.embedding_model}”建立，当前配置的是"
                         f"“{embeddings.name}”，两者不能混用。{REBUILD_HINT}")
    corpus_dir = settings.corpus_dir.expanduser().resolve()
    roots = _unique([corpus_dir, *map(Path, manifest.roots), *map(Path, paths)])
    report = IngestReport()
    say(0.02, "读取范文")
    by_source = _chunks_by_source(settings, roots, report)

    collection = open_collection(settings, fresh=True)  # another process may have written
    say(0.1, "比对已有索引")
    stored = {"ids": [], "metadatas": []}
    if collection is not None:
        try:
            stored = collection.get(include=["metadatas"])
        except Exception as exc:
            raise StoreError(f"读取检索索引失败：{exc}。{REBUILD_HINT}") from exc
    stored_ids = set(stored["ids"])
    stored_by_source: dict[str, set[str]] = {}
    for chunk_id, meta in zip(stored["ids"], stored["metadatas"]):
        stored_by_source.setdefault((meta or {}).get("source", ""), set()).add(chunk_id)

    to_add: list[Chunk] = []
    to_remove: list[str] = []
    for source, chunks in by_source.items():
        fresh = [c for cid, c in chunks.items() if cid not in stored_ids]
        stale = stored_by_source.get(source, set()) - chunks.keys()
        if source not in stored_by_source:
            report.new.append(source)
        elif fresh or stale:
            report.replaced.append(source)
        else:
            report.unchanged.append(source)
        to_add += fresh
        to_remove += sorted(stale)

    # A file that was indexed but is no longer in any folder/file we read is gone: drop it. If a
    # remembered path is missing altogether we cannot tell what it held, so nothing is dropped;
    # a file that failed to read this time keeps its old chunks.
    if all(root.exists() for root in roots):
        unreadable = {Path(path).name for path, _ in report.skipped}
        for source in sorted(stored_by_source.keys() - by_source.keys() - unreadable):
            report.removed.append(source)
            to_remove += sorted(stored_by_source[source])

    store = open_store(settings, embeddings) if to_add else None
    for start in range(0, len(to_add), _BATCH):
        batch = to_add[start:start + _BATCH]
        say(0.1 + 0.85 * start / len(to_add), f"向量化片段 {start + 1}–{start + len(batch)} / {len(to_add)}")
        try:
            store.add_texts([c.text for c in batch], metadatas=[c.metadata() for c in batch],
                            ids=[c.id for c in batch])
        except PlandraftError:
            raise
        except Exception as exc:
            raise StoreError(f"写入检索索引失败：{exc}。已写入的部分会保留，可再次运行 "
                             f"`plandraft ingest` 继续；若反复失败，{REBUILD_HINT}") from exc
    if to_remove:  # stale ids were read from the collection, so it exists
        collection.delete(ids=to_remove)

    final_ids = (stored_ids | {c.id for c in to_add}) - set(to_remove)
    report.chunks_added, report.chunks_removed = len(to_add), len(to_remove)
    report.chunks_total = len(final_ids)
    updated = Manifest(embedding_model=embeddings.name,
                       roots=[str(r) for r in roots if r != corpus_dir],
                       generation=_generation(final_ids))
    if updated != manifest:  # untouched when nothing changed, so readers' caches stay valid
        save_manifest(settings, updated)
    say(1.0, "索引已是最新")
    return report


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen, out = set(), []
    for p in paths:
        key = p.expanduser().resolve()
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out
