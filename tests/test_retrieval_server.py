"""PLANDRAFT_CHROMA_URL: ingest and search against a real `chroma run` server on 127.0.0.1."""
from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval.ingest import ingest
from retrieval.search import HybridRetriever
from servers import free_port, running_server
from test_retrieval_ingest import write_corpus


@pytest.fixture
def chroma_server(tmp_path):
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running_server([chroma, "run", "--path", str(tmp_path / "server-data"),
                         "--host", "127.0.0.1", "--port", str(port)],
                        f"{url}/api/v2/heartbeat", tmp_path / "chroma.log", timeout=60):
        yield url


def test_ingest_and_search_through_a_chroma_server(fresh_settings, tmp_path, chroma_server):
    settings = replace(fresh_settings, chroma_url=chroma_server,
                       corpus_dir=write_corpus(tmp_path / "corpus"))
    first = ingest(settings)
    assert first.chunks_added > 0 and len(first.new) == 2
    assert not settings.chroma_dir.exists()  # nothing went to the embedded store

    again = ingest(settings)
    assert again.chunks_added == 0 and again.chunks_total == first.chunks_total

    result = HybridRetriever(settings).search("送温暖 看望生病教职工", org_type="幼儿园", k=2)
    assert result.relaxed == []
    assert [h.chunk.org_type for h in result.hits] == ["幼儿园", "幼儿园"]
    assert "送温暖" in result.hits[0].chunk.text

    # --reset drops the server's collection and rebuilds it.
    rebuilt = ingest(settings, reset=True)
    assert rebuilt.chunks_added == first.chunks_total


def test_unreachable_server_is_a_clear_error(fresh_settings, tmp_path):
    from plandraft.errors import PlandraftError

    settings = replace(fresh_settings, chroma_url=f"http://127.0.0.1:{free_port()}",
                       corpus_dir=write_corpus(tmp_path / "corpus"))
    with pytest.raises(PlandraftError, match="Chroma"):
        ingest(settings)
