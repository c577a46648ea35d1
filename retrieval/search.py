"""Hybrid search: dense (Chroma) + BM25 (jieba) fused by reciprocal rank, with metadata filters,
stepwise relaxation and per-plan diversity.

    retriever = HybridRetriever(settings)
    result = retriever.search("教代会 师德建设", org_type="学校", period="下半年", k=5)
    result.relaxed          # filters dropped because too few chunks matched, in order
    retriever.plans()       # every indexed Plan (heading trees), e.g. for exemplar consensus
    retriever.chunks()      # every indexed Chunk

Filters: org_type / period / kind, validated against plandraft.vocab. When fewer than k chunks
match, filters are dropped one at a time in RELAX_ORDER (kind, then period, then org_type):
the hits that match the stricter filter come first, the relaxed ones fill the remaining places.
Diversity: within each block of DIVERSITY_WINDOW results, at most DIVERSITY_PER_PLAN come from
one plan while other plans have candidates. Score = the fused RRF score (higher is better).
The BM25 index, chunks and plans are cached and reloaded only when an ingest changed the index.
Private uploads: `owners` (the accounts whose private chunks the reader may see, besides the
common library; None = every chunk, for admins) masks chunks out before ranking, and
`OwnerView` is a retriever bound to one reader's owners.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from plandraft.errors import PlandraftError
from plandraft.interfaces import Retriever
from plandraft.models import Chunk, Hit, Plan, SearchResult
from plandraft.settings import Settings
from plandraft.vocab import check_kind, check_org_type, check_period
from retrieval.bm25 import BM25Index
from retrieval.embeddings import get_embeddings
from retrieval.store import (
    REBUILD_HINT, StoreError, chunk_from_record, load_manifest, load_plans, manifest_path,
    open_store, read_all, source_roots,
)

RELAX_ORDER = ("kind", "period", "org_type")
RRF_K = 60  # the usual reciprocal-rank constant: damps the weight of the very first ranks
DIVERSITY_WINDOW = 5
DIVERSITY_PER_PLAN = 2
MIN_CANDIDATES = 30  # per ranker and filter tier: enough room for diversity to choose from


@dataclass
class _Snapshot:
    key: tuple
    chunks: list[Chunk]
    bm25: BM25Index
    fields: dict[str, np.ndarray]  # metadata column -> array of values, for filter masks
    position: dict[str, int]  # chunk id -> index in chunks


def where_clause(filters: dict[str, str]) -> dict | None:
    """Chroma `where` for equality filters: {"f": {"$eq": v}} or {"$and": [...]}."""
    terms = [{name: {"$eq": value}} for name, value in filters.items()]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}


class HybridRetriever(Retriever):
    def __init__(self, settings: Settings, per_plan: int = DIVERSITY_PER_PLAN,
                 window: int = DIVERSITY_WINDOW):
        self.settings = settings
        self.per_plan, self.window = per_plan, window
        self._store = None
        self._snapshot: _Snapshot | None = None
        self._plans: tuple[tuple, list[Plan]] | None = None
        self._lock = threading.Lock()

    @property
    def _embeddings(self):
        # Looked up when needed: a search on a data dir without an index fails fast, before the
        # embedding model is prepared.
        return get_embeddings(self.settings)

    # ---- cached views of the index ------------------------------------------------------------
    def _index_key(self) -> tuple:
        path = manifest_path(self.settings)
        try:
            st = path.stat()
        except FileNotFoundError:
            raise PlandraftError("检索索引还没有建立，请先运行 `plandraft ingest`。") from None
        return (st.st_mtime_ns, st.st_size)

    def _current(self) -> _Snapshot:
        key = self._index_key()
        with self._lock:
            if self._snapshot is None or self._snapshot.key != key:
                # The index changed (maybe in another process): re-read the store from disk.
                self._store = open_store(self.settings, self._embeddings, fresh=True)
                ids, texts, metas = read_all(self._store)
                if not ids:
                    raise PlandraftError("检索索引是空的，请先运行 `plandraft ingest`。")
                chunks = [chunk_from_record(i, t, m or {}) for i, t, m in zip(ids, texts, metas)]
                fields = {name: np.array([getattr(c, name) for c in chunks], dtype=object)
                          for name in (*RELAX_ORDER, "owner")}
                # Titles and heading paths are searchable words too (the chunk text has no heading).
                lexical = [f"{c.plan_title} {c.section_path} {c.text}" for c in chunks]
                self._snapshot = _Snapshot(key, chunks, BM25Index(lexical), fields,
                                           {c.id: i for i, c in enumerate(chunks)})
            return self._snapshot

    def chunks(self, owners: frozenset[str] | None = None) -> list[Chunk]:
        return [c for c in self._current().chunks if owners is None or c.owner in owners]

    def plans(self, owners: frozenset[str] | None = None) -> list[Plan]:
        """Every indexed plan (that owners may see), re-read from its source file (heading trees
        are not in the store)."""
        key = self._index_key()
        if self._plans is None or self._plans[0] != key:
            indexed = {(c.plan_id, c.owner) for c in self._current().chunks}
            roots = source_roots(self.settings, load_manifest(self.settings))
            loaded = load_plans(self.settings, [r for r in roots if r.exists()])
            self._plans = (key, [p for p in loaded.plans if (p.id, p.owner) in indexed])
        return [p for p in self._plans[1] if owners is None or p.owner in owners]

    # ---- search -------------------------------------------------------------------------------
    def search(self, query: str, *, org_type: str | None = None, period: str | None = None,
               kind: str | None = None, k: int = 5,
               owners: frozenset[str] | None = None) -> SearchResult:
        query = (query or "").strip()
        if not query:
            raise PlandraftError("检索内容不能为空，请输入要查找的主题，例如“教代会 师德建设”。")
        if k < 1:
            raise PlandraftError(f"返回条数 k 必须是正整数，收到的是 {k}。")
        filters = {name: value for name, value in (
            ("org_type", check_org_type(org_type)), ("period", check_period(period)),
            ("kind", check_kind(kind))) if value}
        snap = self._current()
        visible = (np.ones(len(snap.chunks), dtype=bool) if owners is None
                   else np.isin(snap.fields["owner"], list(owners)))
        hidden = int((~visible).sum())  # the dense ranking fetches past them (masked below)
        tiers, relaxed = self._tiers(snap, filters, k, visible)

        query_vector = self._embeddings.embed_query(query)
        bm25_scores = snap.bm25.scores(query)
        ranked: list[tuple[int, float]] = []  # (chunk index, fused score), best first per tier
        taken: set[int] = set()
        for tier in tiers:
            mask = self._mask(snap, tier) & visible
            mask[list(taken)] = False
            depth = min(int(mask.sum()), max(MIN_CANDIDATES, 4 * k))
            if depth == 0:
                continue
            dense = self._dense(query_vector, tier, depth + len(taken) + hidden, snap.position,
                                mask)[:depth]
            lexical = [i for i in np.argsort(-bm25_scores, kind="stable")
                       if mask[i] and bm25_scores[i] > 0][:depth]
            fused: dict[int, float] = {}
            for ranking in (dense, lexical):
                for rank, i in enumerate(ranking, start=1):
                    fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank)
            tier_ranked = sorted(fused.items(), key=lambda item: -item[1])
            ranked += tier_ranked
            taken.update(i for i, _ in tier_ranked)
        chosen = self._diversify(ranked, snap.chunks, k)
        return SearchResult(query=query, filters=filters, relaxed=relaxed,
                            hits=[Hit(snap.chunks[i], score) for i, score in chosen])

    def _tiers(self, snap: _Snapshot, filters: dict[str, str], k: int, visible: np.ndarray):
        """Filter sets to search in turn: the full one, then each relaxation until k chunks match."""
        active, tiers, relaxed = dict(filters), [dict(filters)], []
        for name in RELAX_ORDER:
            if int((self._mask(snap, active) & visible).sum()) >= k:
                break
            if name in active:
                del active[name]
                relaxed.append(name)
                tiers.append(dict(active))
        return tiers, relaxed

    @staticmethod
    def _mask(snap: _Snapshot, filters: dict[str, str]) -> np.ndarray:
        mask = np.ones(len(snap.chunks), dtype=bool)
        for name, value in filters.items():
            mask &= snap.fields[name] == value
        return mask

    def _dense(self, vector: list[float], filters: dict[str, str], n: int,
               position: dict[str, int], mask: np.ndarray) -> list[int]:
        def query():
            return self._store.similarity_search_by_vector_with_relevance_scores(
                vector, k=n, filter=where_clause(filters))

        try:
            docs = query()
        except Exception:
            try:  # once more on a fresh view of the store: it may have changed under us
                self._store = open_store(self.settings, self._embeddings, fresh=True)
                docs = query()
            except Exception as exc:
                raise StoreError(f"向量检索失败：{exc}。{REBUILD_HINT}") from exc
        out = []
        for doc, _distance in docs:
            i = position.get(doc.id)
            if i is not None and mask[i]:
                out.append(i)
        return out

    def _diversify(self, ranked: list[tuple[int, float]], chunks: list[Chunk],
                   k: int) -> list[tuple[int, float]]:
        """Keep rank order, but in each block of `window` places at most `per_plan` per plan;
        a held-back chunk takes the next free place once other plans run out."""
        chosen: list[tuple[int, float]] = []
        pending = list(ranked)
        while pending and len(chosen) < k:
            block_start = len(chosen) - len(chosen) % self.window
            counts: dict[str, int] = {}
            for i, _ in chosen[block_start:]:
                counts[chunks[i].plan_id] = counts.get(chunks[i].plan_id, 0) + 1
            pick = next((n for n, (i, _) in enumerate(pending)
                         if counts.get(chunks[i].plan_id, 0) < self.per_plan), 0)
            chosen.append(pending.pop(pick))
        return chosen


class OwnerView(Retriever):
    """A retriever that shows one reader the common library plus the private uploads of
    `owners` (None: everything). The engine gives one to each account; they share the cached
    index of the retriever they wrap."""

    def __init__(self, base: HybridRetriever, owners: frozenset[str] | None):
        self.base, self.owners = base, owners

    def search(self, query: str, **filters) -> SearchResult:
        return self.base.search(query, owners=self.owners, **filters)

    def plans(self) -> list[Plan]:
        return self.base.plans(self.owners)

    def chunks(self) -> list[Chunk]:
        return self.base.chunks(self.owners)
