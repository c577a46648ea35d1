"""The Chroma vector store (langchain-chroma): embedded in settings.chroma_dir, or a Chroma server
when settings.chroma_url is set. Also the index manifest kept next to it in the data dir.

The index is one Chroma collection per generation ("plans-1a2b3c4d"); the manifest names the
current one, and readers open only that (see retrieval.ingest for why).
Every Chroma failure on open/read is reported as a PlandraftError that says how to rebuild
(`plandraft ingest --reset`); a store that fails is never deleted unless the user asked for a
reset (only generations an ingest replaced or left half written are dropped).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from plandraft.errors import PlandraftError
from plandraft.models import Chunk
from plandraft.settings import Settings

if TYPE_CHECKING:
    from langchain_chroma import Chroma

log = logging.getLogger(__name__)
REBUILD_HINT = "请运行 `plandraft ingest --reset` 重建索引（会重新读取范文库和您加入的文件）。"


class StoreError(PlandraftError):
    """The vector store cannot be opened or read."""


def _client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url if "://" in settings.chroma_url
                       else f"http://{settings.chroma_url}")
        try:
            return chromadb.HttpClient(host=url.hostname or "127.0.0.1",
                                       port=url.port or (443 if url.scheme == "https" else 8000),
                                       ssl=url.scheme == "https", settings=chroma_settings)
        except Exception as exc:
            raise StoreError(f"无法连接 Chroma 服务器 {settings.chroma_url}：{exc}。"
                             "请确认服务器已启动（chroma run），或清空 PLANDRAFT_CHROMA_URL "
                             "改用本地索引。") from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _forget_embedded_client(settings: Settings) -> None:
    """Drop chromadb's per-process cached system for our directory, so the next client reads the
    store from disk afresh: another process (e.g. `plandraft ingest` while the app runs) may have
    rewritten it, and a stale in-memory vector index fails queries ("Error finding id")."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(settings.chroma_dir), None)


def _open(settings: Settings, fresh: bool, make):
    if fresh and not settings.chroma_url:
        _forget_embedded_client(settings)
    try:
        return make(_client(settings))
    except StoreError:
        raise
    except Exception as exc:
        where = settings.chroma_url or settings.chroma_dir
        raise StoreError(f"检索索引（{where}）无法打开，可能已损坏：{exc}。{REBUILD_HINT}") from exc


def open_store(settings: Settings, embeddings, fresh: bool = False) -> Chroma:
    """The collection as a langchain Chroma store (created empty if missing).

    fresh=True re-reads an embedded store from disk instead of reusing this process's cache.
    """
    from langchain_chroma import Chroma

    name = current_collection(settings)

    def make(client):
        store = Chroma(collection_name=name, embedding_function=embeddings,
                       client=client, collection_metadata={"hnsw:space": "cosine"})
        store._collection.count()  # touch it: a damaged store fails here, not mid-search
        return store

    return _open(settings, fresh, make)


def open_client(settings: Settings, fresh: bool = False):
    """The bare chromadb client, for ingest: it reads and writes vectors without embedding, and
    spares an unchanged re-ingest langchain's import time (about a second)."""
    def make(client):
        client.list_collections()  # touch it: a damaged store fails here
        return client

    return _open(settings, fresh, make)


def current_collection(settings: Settings) -> str:
    """The collection searches read: the manifest's, or settings.collection for an index built
    before generations (and before the first ingest)."""
    return load_manifest(settings).collection or settings.collection


def new_generation(client, settings: Settings):
    """An empty collection under a name no ingest used before, for one ingest to fill."""
    name = f"{settings.collection}-{uuid.uuid4().hex[:8]}"
    return client.create_collection(name, metadata={"hnsw:space": "cosine"}, embedding_function=None)


def drop_generations(client, settings: Settings, keep: str) -> None:
    """Delete this index's collections other than `keep`: the one the last ingest replaced, or
    one a killed ingest left half written. A failure only costs disk space, so it is logged."""
    prefix = settings.collection + "-"
    for collection in client.list_collections():
        name = getattr(collection, "name", collection)
        if name != keep and (name == settings.collection or name.startswith(prefix)):
            try:
                client.delete_collection(name)
            except Exception as exc:
                log.warning("could not drop old index generation %s: %s", name, exc)


def wipe_store(settings: Settings) -> None:
    """Delete an embedded store that cannot even be opened (only on the user's --reset)."""
    _forget_embedded_client(settings)
    shutil.rmtree(settings.chroma_dir, ignore_errors=True)


def read_all(store) -> tuple[list[str], list[str], list[dict]]:
    """Every (id, document, metadata) in the store (langchain Chroma or bare collection)."""
    try:
        got = store.get(include=["documents", "metadatas"])
    except Exception as exc:
        raise StoreError(f"读取检索索引失败：{exc}。{REBUILD_HINT}") from exc
    return got["ids"], got["documents"], got["metadatas"]


def chunk_from_record(chunk_id: str, text: str, meta: dict) -> Chunk:
    fields = {k: meta.get(k) for k in Chunk.__dataclass_fields__ if k not in ("id", "text")}
    fields["year"] = fields["year"] or None  # stored as 0 when unknown
    fields["tokens"] = fields["tokens"] or 0
    fields["owner"] = fields["owner"] or ""  # an index built before accounts: all common
    return Chunk(id=chunk_id, text=text, **fields)


# ---- manifest: which files are indexed, under which embedding model ----------------------------
@dataclass
class Manifest:
    """What the index holds: the embedding model, the user's files/folders added besides the
    corpus folder and the uploads folder, `generation`, a hash of the indexed chunk ids, and
    `collection`, the Chroma collection that holds them. The file is rewritten only when one of
    these changes, so readers key their caches (BM25, chunks, plans) on it."""

    embedding_model: str = ""
    roots: list[str] = field(default_factory=list)
    generation: str = ""
    collection: str = ""


def source_roots(settings: Settings, manifest: Manifest) -> list[Path]:
    """Every file and folder the index is built from: the corpus folder, the app's uploads (the
    common ones, and each account's private folder) and the paths the user gave `plandraft
    ingest` (missing ones included, for the caller to say)."""
    uploads = [settings.uploads_dir] if settings.uploads_dir.is_dir() else []
    return [settings.corpus_dir, *uploads, *private_roots(settings), *map(Path, manifest.roots)]


def private_roots(settings: Settings) -> list[Path]:
    """settings.private_dir/<account>: one folder of private uploads per account."""
    if not settings.private_dir.is_dir():
        return []
    return sorted(p for p in settings.private_dir.iterdir() if p.is_dir() and not p.is_symlink())


def root_owner(settings: Settings, root: Path) -> str:
    """The account a source folder is private to, "" for the common library."""
    root = root.expanduser().resolve()
    return root.name if root.parent == settings.private_dir.expanduser().resolve() else ""


def load_plans(settings: Settings, roots: list[Path]):
    """corpus.load.load_corpus over roots, each plan marked with its owner (root_owner)."""
    from corpus.load import LoadResult, load_corpus

    result = LoadResult()
    for root in roots:
        loaded = load_corpus([root], settings.max_file_bytes)
        owner = root_owner(settings, root)
        for plan in loaded.plans:
            plan.owner = owner
        result.plans += loaded.plans
        result.skipped += loaded.skipped
    return result


def manifest_path(settings: Settings) -> Path:
    suffix = "" if not settings.chroma_url else "-" + urlparse(settings.chroma_url).netloc.replace(":", "_")
    return settings.home / f"index-{settings.collection}{suffix}.json"


def load_manifest(settings: Settings) -> Manifest:
    path = manifest_path(settings)
    if not path.exists():
        return Manifest()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        # Keys from other versions are ignored: the manifest can always be rebuilt from the store.
        return Manifest(**{k: v for k, v in data.items() if k in Manifest.__dataclass_fields__})
    except (ValueError, TypeError, AttributeError) as exc:
        raise StoreError(f"索引清单 {path} 已损坏：{exc}。{REBUILD_HINT}") from exc


def save_manifest(settings: Settings, manifest: Manifest) -> None:
    path = manifest_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(manifest.__dict__, f, ensure_ascii=False, indent=1)
    os.replace(tmp, path)  # atomic: a crash never leaves half a manifest
