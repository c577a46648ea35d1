"""Ingest: idempotency (no embedding work, no duplicates), replacement of changed files, user
files in other encodings/formats, bad files, the manifest, a corrupted store."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from plandraft.errors import PlandraftError
from retrieval import embeddings as embeddings_module
from retrieval.ingest import ingest
from retrieval.search import HybridRetriever
from retrieval.store import manifest_path, open_store

PLAN_A = """实验小学工会2025年工作计划
一、指导思想
以习近平新时代中国特色社会主义思想为指导，围绕学校中心工作，全心全意依靠教职工办学，团结带领全体教职工为学校发展贡献力量。
二、主要工作
（一）加强师德师风建设
组织教职工学习师德规范，开展师德标兵评选活动，引导教师爱岗敬业、为人师表。
（二）坚持教代会制度
每学年召开教职工代表大会，审议学校重大事项，推进校务公开，保障教职工的知情权和参与权。
三、保障措施
工会委员分工负责，定期检查计划落实情况，确保各项工作按时完成。
"""

PLAN_B = """阳光幼儿园工会2025年下半年工作计划
一、关心教职工生活
深入开展送温暖活动，及时看望生病和有困难的教职工，做好女教职工体检工作，为教职工办实事、解难事。
二、开展文体活动
利用节假日组织教职工开展趣味运动会、读书分享会等活动，丰富教职工业余文化生活，增强凝聚力。
"""


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_school.txt").write_text(PLAN_A, encoding="utf-8")
    (folder / "b_kindergarten.txt").write_text(PLAN_B, encoding="utf-8")
    return folder


@pytest.fixture
def small(fresh_settings, tmp_path):
    """Fresh settings whose corpus folder is two small plans (fast to embed)."""
    return replace(fresh_settings, corpus_dir=write_corpus(tmp_path / "corpus"))


@pytest.fixture
def embed_calls(monkeypatch):
    """Counts texts sent to the embedding model for documents."""
    calls: list[int] = []
    original = embeddings_module.SentenceEmbeddings.embed_documents

    def counting(self, texts):
        calls.append(len(texts))
        return original(self, texts)

    monkeypatch.setattr(embeddings_module.SentenceEmbeddings, "embed_documents", counting)
    return calls


def stored(settings) -> dict:
    from retrieval.embeddings import get_embeddings

    return open_store(settings, get_embeddings(settings), fresh=True).get(
        include=["documents", "metadatas"])


def test_reingest_unchanged_embeds_nothing_and_adds_no_duplicates(small, embed_calls):
    first = ingest(small)
    assert sorted(first.new) == ["a_school.txt", "b_kindergarten.txt"]
    assert first.chunks_added > 0 and sum(embed_calls) == first.chunks_added
    before = stored(small)

    retriever = HybridRetriever(small)
    retriever.search("师德")
    snapshot = retriever._snapshot
    embed_calls.clear()
    second = ingest(small)
    retriever.search("师德")
    assert embed_calls == []  # not a single text embedded
    assert sorted(second.unchanged) == ["a_school.txt", "b_kindergarten.txt"]
    assert second.new == [] and second.replaced == []
    assert second.chunks_added == 0 and second.chunks_removed == 0
    after = stored(small)
    assert sorted(after["ids"]) == sorted(before["ids"])
    assert retriever._snapshot is snapshot  # nothing changed: BM25 and chunks not rebuilt
    assert len(after["ids"]) == len(set(after["ids"])) == second.chunks_total


def test_changed_file_replaces_its_old_chunks(small, embed_calls):
    ingest(small)
    retriever = HybridRetriever(small)
    assert not any("最美教师" in c.text for c in retriever.chunks())
    old = stored(small)
    old_b = {i for i, m in zip(old["ids"], old["metadatas"]) if m["source"] == "b_kindergarten.txt"}
    path = small.corpus_dir / "a_school.txt"
    path.write_text(PLAN_A.replace("开展师德标兵评选活动", "开展“最美教师”评选活动"), encoding="utf-8")

    embed_calls.clear()
    report = ingest(small)
    assert report.replaced == ["a_school.txt"] and report.unchanged == ["b_kindergarten.txt"]
    assert report.chunks_added == report.chunks_removed == 1  # only the edited section
    assert sum(embed_calls) == 1
    new = stored(small)
    texts = [t for t, m in zip(new["documents"], new["metadatas"]) if m["source"] == "a_school.txt"]
    assert any("最美教师" in t for t in texts)
    assert not any("师德标兵" in t for t in texts)  # the stale chunk is gone, not duplicated
    assert {i for i, m in zip(new["ids"], new["metadatas"])
            if m["source"] == "b_kindergarten.txt"} == old_b
    assert len(new["ids"]) == len(old["ids"])
    # A retriever opened before the change sees it (its caches follow the index).
    assert any("最美教师" in c.text for c in retriever.chunks())
    assert "最美教师" in retriever.search("最美教师评选", k=1).hits[0].chunk.text


def test_deleted_file_is_dropped_and_unreadable_one_kept(small):
    ingest(small)
    (small.corpus_dir / "b_kindergarten.txt").unlink()
    (small.corpus_dir / "a_school.txt").write_bytes(b"\x00\x01binary now" * 50)
    report = ingest(small)
    assert report.removed == ["b_kindergarten.txt"]
    assert [Path(p).name for p, _ in report.skipped] == ["a_school.txt"]
    sources = {m["source"] for m in stored(small)["metadatas"]}
    assert sources == {"a_school.txt"}  # its last good version stays searchable


def test_user_files_gb18030_docx_traditional_and_a_bad_file(small, tmp_path):
    from docx import Document

    user = tmp_path / "mine"
    user.mkdir()
    (user / "gbk.txt").write_bytes(
        PLAN_B.replace("阳光幼儿园", "向阳幼儿园").replace("趣味运动会", "亲子运动会").encode("gb18030"))
    doc = Document()
    for line in PLAN_A.replace("实验小学", "城南中学").replace("师德标兵", "教学能手").splitlines():
        doc.add_paragraph(line)
    doc.save(user / "plan.docx")
    (user / "trad.txt").write_text(
        "城北社區工會2025年工作計劃\n一、關心職工生活\n深入開展送溫暖活動，慰問困難職工家庭，"
        "為職工辦實事、解難事，切實維護職工合法權益。\n二、豐富文體活動\n組織職工開展健步走、"
        "書法比賽等活動，豐富職工業餘文化生活。\n", encoding="utf-8")
    (user / "broken.txt").write_bytes(bytes(range(256)) * 20)

    report = ingest(small, paths=[user])
    assert set(report.new) >= {"gbk.txt", "plan.docx", "trad.txt"}
    assert [Path(p).name for p, _ in report.skipped] == ["broken.txt"]
    assert report.skipped[0][1]  # with a reason
    docs = stored(small)
    by_source = {}
    for text, meta in zip(docs["documents"], docs["metadatas"]):
        by_source.setdefault(meta["source"], []).append(text)
    assert any("亲子运动会" in t for t in by_source["gbk.txt"])
    assert any("教学能手" in t for t in by_source["plan.docx"])
    assert any("送温暖" in t for t in by_source["trad.txt"])  # converted to simplified
    assert not any("溫暖" in t for t in by_source["trad.txt"])

    # The user's folder is remembered: a plain re-ingest keeps it indexed and unchanged.
    again = ingest(small)
    assert {"gbk.txt", "plan.docx", "trad.txt"} <= set(again.unchanged)
    assert again.chunks_added == 0 and again.chunks_removed == 0
    hits = HybridRetriever(small).search("亲子运动会", k=3).hits
    assert hits[0].chunk.source == "gbk.txt"


def test_missing_path_is_skipped_with_a_reason(small, tmp_path):
    report = ingest(small, paths=[tmp_path / "nope.txt"])
    assert [Path(p).name for p, _ in report.skipped] == ["nope.txt"]
    assert report.chunks_total > 0  # the rest is indexed


def test_progress_callback_reaches_one(small):
    seen: list[tuple[float, str]] = []
    ingest(small, progress=lambda fraction, message: seen.append((fraction, message)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(message for _, message in seen)


def test_corrupted_store_says_how_to_rebuild_and_reset_recovers(small):
    ingest(small)
    sqlite = small.chroma_dir / "chroma.sqlite3"
    assert sqlite.exists()
    sqlite.write_bytes(b"this is not a database" * 100)

    with pytest.raises(PlandraftError, match="--reset"):
        HybridRetriever(small).search("师德建设")
    with pytest.raises(PlandraftError, match="--reset"):
        ingest(small)
    assert sqlite.exists()  # nothing was silently wiped

    report = ingest(small, reset=True)
    assert report.chunks_total > 0 and len(report.new) == 2
    assert HybridRetriever(small).search("师德建设").hits


def test_corrupted_manifest_says_how_to_rebuild(small):
    ingest(small)
    manifest_path(small).write_text("{not json", encoding="utf-8")
    with pytest.raises(PlandraftError, match="--reset"):
        ingest(small)


def test_index_built_with_another_model_is_not_mixed(small):
    import json

    ingest(small)
    path = manifest_path(small)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["embedding_model"] = "bge-small-zh"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlandraftError, match="bge-small-zh.*--reset"):
        ingest(small)


def test_search_before_ingest_asks_for_ingest(fresh_settings):
    with pytest.raises(PlandraftError, match="plandraft ingest"):
        HybridRetriever(fresh_settings).search("师德建设")
