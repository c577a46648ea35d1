"""Idempotent indexing of the corpus folder plus the user's files into the vector store.

Chunk ids hash a chunk's text and metadata (corpus.chunk), so the store itself says what is
already indexed: an unchanged corpus embeds nothing and writes nothing; a changed file (text or
what it is classified as) gets new chunks and loses its stale ones; a file deleted from disk is
dropped from the index. Files given once stay indexed on later plain `plandraft ingest` runs
(the manifest remembers their paths), and so do the app's uploads (kept in the data dir); a
`--reset` rebuilds from all of them.

Generations, so that a killed ingest loses nothing: Chroma has no transaction over many adds
and deletes, so an ingest never edits the collection that searches read. When anything
changed it fills a new collection: unchanged chunks are copied with their stored vectors, only
new text is embedded; then the manifest, which names the current collection, is replaced in
one atomic rename. Killed before that rename, the manifest still names the previous, complete
collection, and searches never see the half-written one; the next ingest drops it. The
replaced collection is dropped by the next ingest too, so a search that opened it just before
the switch can finish.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from plandraft.errors import PlandraftError
from plandraft.models import Chunk
from plandraft.settings import Settings
from retrieval.embeddings import get_embeddings
from retrieval.store import (
    REBUILD_HINT, Manifest, StoreError, drop_generations, load_manifest, load_plans,
    new_generation, open_client, private_roots, save_manifest, source_roots, wipe_store,
)

Progress = Callable[[float, str], None]
_BATCH = 32  # chunks per embedding call: small enough for a responsive progress bar
_COPY_BATCH = 1000  # stored chunks copied into a new generation per call (no embedding)


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


@dataclass
class _Stored:
    """The current generation's records: id -> (document, metadata, vector)."""

    records: dict[str, tuple[str, dict, np.ndarray]] = field(default_factory=dict)

    def by_source(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for chunk_id, (_, meta, _) in self.records.items():
            out.setdefault((meta or {}).get("source", ""), set()).add(chunk_id)
        return out


def _generation(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


def upload_folder(settings: Settings, owner: str = "") -> Path:
    """Where an upload is kept: the account's private folder, or the common uploads folder
    (single-user mode, and files an admin shared)."""
    return settings.private_dir / owner if owner else settings.uploads_dir


def keep_uploads(settings: Settings, files: Iterable[str | Path], owner: str = "") -> dict[str, str]:
    """Copy files uploaded in the app into the data dir (Gradio's upload folder is temporary),
    each under a unique name (corpus.readers.upload_name) in upload_folder(owner); returns kept
    name -> original name.

    The limits are checked for every file before anything is copied: a refused upload changes
    nothing.
    """
    from corpus.readers import UnreadableDocument, check_size, upload_name

    files = [Path(f) for f in files]
    if len(files) > settings.max_upload_files:
        raise PlandraftError(f"一次最多上传 {settings.max_upload_files} 个文件，这次选了 {len(files)} 个："
                             "请分几次上传。没有加入任何文件。")
    refused = []
    for path in files:
        try:
            check_size(path, settings.max_file_bytes)
        except UnreadableDocument as exc:
            refused.append(str(exc))
    if refused:
        raise PlandraftError("\n".join(refused) + "\n没有加入任何文件。")
    folder = upload_folder(settings, owner)
    folder.mkdir(parents=True, exist_ok=True)
    kept: dict[str, str] = {}
    for path in files:
        data = path.read_bytes()
        name = upload_name(path.name, data)
        # Written aside, then renamed: a crash never leaves half a file under the final name.
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".", delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, folder / name)
        kept[name] = path.name
    return kept


def list_uploads(settings: Settings) -> list[dict]:
    """Every uploaded file: its kept name, the name it was uploaded as, and its owner ("" =
    the common library)."""
    from corpus.readers import SUPPORTED_SUFFIXES, original_name

    rows = []
    for folder in [settings.uploads_dir, *private_roots(settings)]:
        owner = "" if folder == settings.uploads_dir else folder.name
        if folder.is_dir():
            rows += [{"name": p.name, "original": original_name(p.name), "owner": owner}
                     for p in sorted(folder.iterdir())
                     if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                     and not p.name.startswith(".")]
    return rows


def share_upload(settings: Settings, name: str, owner: str) -> Path:
    """Move owner's private upload `name` into the common uploads folder (not yet indexed)."""
    mine = [r for r in list_uploads(settings) if r["owner"] == owner and name in (r["name"], r["original"])]
    if not owner or len(mine) != 1:
        what = "有多个同名文件，请写 `plandraft library list` 中的完整文件名" if len(mine) > 1 else "找不到这个文件"
        raise PlandraftError(f"用户“{owner}”的私有范文中{what}：“{name}”。用 `plandraft library list` 查看。")
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    target = settings.uploads_dir / mine[0]["name"]
    # Same kept name = same bytes (the name carries a hash of them): replacing loses nothing.
    os.replace(settings.private_dir / owner / mine[0]["name"], target)
    return target


def _chunks_by_source(settings: Settings, roots: list[Path],
                      report: IngestReport) -> dict[str, dict[str, Chunk]]:
    from corpus.chunk import chunk_plan

    existing_roots = []
    for root in roots:
        if root.exists():
            existing_roots.append(root)
        else:
            report.skipped.append((str(root), "找不到该文件或文件夹"))
    loaded = load_plans(settings, existing_roots)
    report.skipped += [(str(path), reason) for path, reason in loaded.skipped]
    report.plans = len(loaded.plans)
    by_source: dict[str, dict[str, Chunk]] = {}
    for plan in loaded.plans:
        for chunk in chunk_plan(plan, settings.chunk_tokens):
            by_source.setdefault(chunk.source, {})[chunk.id] = chunk
    return by_source


def ingest(settings: Settings, paths: Iterable[str | Path] = (), reset: bool = False,
           progress: Progress | None = None) -> IngestReport:
    """Index settings.corpus_dir, the uploads, the files/folders given now and those given
    before. reset=True builds the index anew from all of them (nothing reused from the store)."""
    from filelock import FileLock, Timeout

    say = progress or (lambda fraction, message: None)
    settings.home.mkdir(parents=True, exist_ok=True)
    # One ingest at a time per data dir (the app's first-run indexing, a CLI run): a second one
    # would drop the first one's half-built generation. The lock is the kernel's (flock), so a
    # killed ingest does not leave it held.
    lock = FileLock(str(settings.home / "ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        say(0.0, "另一个建立索引的任务正在进行，等它完成")
        lock.acquire()
    try:
        return _ingest(settings, list(paths), reset, say)
    finally:
        lock.release()


def _previous_manifest(settings: Settings, reset: bool) -> Manifest:
    try:
        return load_manifest(settings)
    except StoreError:
        if not reset:
            raise
        return Manifest()  # a rebuild was asked for: the uploads folder is still read


def _open_client(settings: Settings, reset: bool):
    try:
        return open_client(settings, fresh=True)  # fresh: another process may have written
    except StoreError:
        if not reset or settings.chroma_url:
            raise
        wipe_store(settings)  # the user asked to rebuild a store that cannot even be opened
        return open_client(settings, fresh=True)


def _read_stored(client, name: str) -> _Stored:
    from chromadb.errors import NotFoundError

    try:
        got = client.get_collection(name, embedding_function=None).get(
            include=["documents", "metadatas", "embeddings"])
    except NotFoundError:
        return _Stored()
    except Exception as exc:
        raise StoreError(f"读取检索索引失败：{exc}。{REBUILD_HINT}") from exc
    return _Stored(dict(zip(got["ids"], zip(got["documents"], got["metadatas"], got["embeddings"]))))


def _ingest(settings: Settings, paths: list[str | Path], reset: bool, say: Progress) -> IngestReport:
    say(0.0, "准备向量模型")  # the first run converts the bundled model (5-30 s)
    embeddings = get_embeddings(settings)
    manifest = _previous_manifest(settings, reset)
    if not reset and manifest.embedding_model and manifest.embedding_model != embeddings.name:
        raise StoreError(f"现有索引由向量模型“{manifest.embedding_model}”建立，当前配置的是"
                         f"“{embeddings.name}”，两者不能混用。{REBUILD_HINT}")
    corpus_dir = settings.corpus_dir.expanduser().resolve()
    uploads = settings.uploads_dir.expanduser().resolve()
    # Files inside the uploads folders are read with them: never a root of their own.
    private = settings.private_dir.expanduser().resolve()
    given = [p for p in map(Path, paths)
             if not {uploads, private} & set(p.expanduser().resolve().parents)]
    roots = _unique([*source_roots(settings, manifest), *given])
    report = IngestReport()
    say(0.02, "读取范文")
    by_source = _chunks_by_source(settings, roots, report)

    client = _open_client(settings, reset)
    say(0.1, "比对已有索引")
    stored = _Stored()
    if not reset:
        current = manifest.collection or settings.collection
        drop_generations(client, settings, keep=current)  # e.g. one a killed ingest left
        stored = _read_stored(client, current)
    stored_by_source = stored.by_source()

    to_add: list[Chunk] = []
    to_remove: set[str] = set()
    for source, chunks in by_source.items():
        fresh = [c for cid, c in chunks.items() if cid not in stored.records]
        stale = stored_by_source.get(source, set()) - chunks.keys()
        if source not in stored_by_source:
            report.new.append(source)
        elif fresh or stale:
            report.replaced.append(source)
        else:
            report.unchanged.append(source)
        to_add += fresh
        to_remove |= stale

    # A file that was indexed but is no longer in any folder/file we read is gone: drop it. If a
    # remembered path is missing altogether we cannot tell what it held, so nothing is dropped;
    # a file that failed to read this time keeps its old chunks.
    if all(root.exists() for root in roots):
        unreadable = {Path(path).name for path, _ in report.skipped}
        for source in sorted(stored_by_source.keys() - by_source.keys() - unreadable):
            report.removed.append(source)
            to_remove |= stored_by_source[source]

    keep = [cid for cid in stored.records if cid not in to_remove]
    report.chunks_added, report.chunks_removed = len(to_add), len(to_remove)
    report.chunks_total = len(keep) + len(to_add)
    # A path given now that does not exist is not remembered (it was a typo); a remembered one
    # that is missing for now (an unplugged drive) is.
    private = {p.expanduser().resolve() for p in private_roots(settings)}
    remembered = [str(r) for r in roots if r not in (corpus_dir, uploads) and r not in private
                  and (r.exists() or str(r) in manifest.roots)]
    updated = Manifest(embedding_model=embeddings.name, roots=remembered,
                       generation=_generation([*keep, *(c.id for c in to_add)]),
                       collection=manifest.collection)
    if reset or to_add or to_remove:
        updated = replace(updated, collection=_write_generation(
            client, settings, embeddings, stored, keep, to_add, say))
    if updated != manifest:  # untouched when nothing changed, so readers' caches stay valid
        save_manifest(settings, updated)  # the switch to the new generation
    if reset:  # the user asked for a clean rebuild: the old store goes now, not next time
        drop_generations(client, settings, keep=updated.collection)
    say(1.0, "索引已是最新")
    return report


def _write_generation(client, settings: Settings, embeddings, stored: _Stored, keep: list[str],
                      to_add: list[Chunk], say: Progress) -> str:
    """Fill a new collection with the kept records and the new chunks; returns its name."""
    try:
        target = new_generation(client, settings)
        for start in range(0, len(keep), _COPY_BATCH):
            ids = keep[start:start + _COPY_BATCH]
            docs, metas, vectors = zip(*(stored.records[i] for i in ids))
            target.add(ids=ids, documents=list(docs), metadatas=list(metas), embeddings=list(vectors))
        # Embeddings depend on the text only: a chunk whose metadata alone changed keeps its vector.
        known = {doc: vector for doc, _, vector in stored.records.values()}
        for start in range(0, len(to_add), _BATCH):
            batch = to_add[start:start + _BATCH]
            say(0.1 + 0.85 * start / len(to_add),
                f"向量化片段 {start + 1}–{start + len(batch)} / {len(to_add)}")
            missing = [c.text for c in batch if c.text not in known]
            if missing:
                known.update(zip(missing, embeddings.embed_documents(missing)))
            target.add(ids=[c.id for c in batch], documents=[c.text for c in batch],
                       metadatas=[c.metadata() for c in batch],  # one vector type per call:
                       embeddings=[np.asarray(known[c.text], dtype=np.float32) for c in batch])
    except PlandraftError:
        raise
    except Exception as exc:
        raise StoreError(f"写入检索索引失败：{exc}。原有索引没有改动，可以照常检索；请再次运行 "
                         f"`plandraft ingest`，若反复失败，{REBUILD_HINT}") from exc
    return target.name


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen, out = set(), []
    for p in paths:
        key = p.expanduser().resolve()
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out
