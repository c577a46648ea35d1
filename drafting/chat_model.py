"""The LangChain chat model behind `--writer llm`.

- An OpenAI-compatible endpoint (DeepSeek, DashScope compatible mode, Ollama, vLLM,
  `python -m llama_cpp.server`): langchain-openai's ChatOpenAI with the settings' base URL, key,
  model, timeout and retries.
- A local GGUF file: llama-cpp-python driven directly behind a small BaseChatModel. Chosen over
  langchain-community's ChatLlamaCpp, which is deprecated, ignores chat_format and drags in the
  whole community package; llama_cpp applies the chat template stored in the GGUF itself.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from plandraft.errors import PlandraftError
from plandraft.settings import Settings

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
_GGUF_LOCK = threading.Lock()  # a Llama object is not thread-safe: one call at a time


@lru_cache(maxsize=2)
def _load_gguf(path: str, n_ctx: int, chat_format: str):
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise PlandraftError("使用本地 GGUF 模型需要安装 llama-cpp-python："
                             "pip install 'plandraft[llm-local]'，或改用 OpenAI 兼容接口。") from exc
    if not Path(path).is_file():
        raise PlandraftError(f"找不到 GGUF 模型文件“{path}”：请检查 PLANDRAFT_LLM_GGUF。")
    try:
        return Llama(model_path=path, n_ctx=n_ctx, n_threads=2, verbose=False,
                     chat_format=chat_format or None)
    except (ValueError, RuntimeError) as exc:
        raise PlandraftError(f"无法加载 GGUF 模型“{path}”：{exc}。请确认文件完整且为 GGUF 格式。") from exc


class LlamaCppChat(BaseChatModel):
    """A GGUF model through llama_cpp.Llama.create_chat_completion."""

    model_path: str
    chat_format: str = ""  # empty: the template stored in the GGUF
    n_ctx: int = 4096
    max_tokens: int = 800
    temperature: float = 0.3

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-gguf"

    def _messages(self, messages: list[BaseMessage]) -> list[dict]:
        return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]

    def _call(self, messages: list[BaseMessage], stop: list[str] | None, stream: bool) -> Any:
        llm = _load_gguf(self.model_path, self.n_ctx, self.chat_format)
        return llm.create_chat_completion(messages=self._messages(messages), stop=stop,
                                          max_tokens=self.max_tokens,
                                          temperature=self.temperature, stream=stream)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager=None, **kwargs: Any) -> ChatResult:
        with _GGUF_LOCK:
            out = self._call(messages, stop, stream=False)
        text = out["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager=None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        with _GGUF_LOCK:
            for part in self._call(messages, stop, stream=True):
                token = part["choices"][0]["delta"].get("content") or ""
                if token:
                    if run_manager:
                        run_manager.on_llm_new_token(token)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=token))


def chat_model(settings: Settings) -> BaseChatModel:
    """The configured chat model, or a PlandraftError saying how to configure one."""
    if settings.llm_base_url and settings.llm_model:
        from langchain_openai import ChatOpenAI
        # max_tokens goes in the body as such: ChatOpenAI would send it as max_completion_tokens,
        # which llama.cpp's server and other compatible endpoints ignore (generating until the
        # context is full).
        return ChatOpenAI(base_url=settings.llm_base_url, api_key=settings.llm_api_key or "none",
                          model=settings.llm_model, timeout=settings.llm_timeout,
                          max_retries=settings.llm_retries, temperature=0.3,
                          extra_body={"max_tokens": settings.llm_max_tokens})
    if settings.llm_gguf:
        if not Path(settings.llm_gguf).is_file():
            raise PlandraftError(f"找不到 GGUF 模型文件“{settings.llm_gguf}”：请检查 PLANDRAFT_LLM_GGUF。")
        return LlamaCppChat(model_path=settings.llm_gguf, chat_format=settings.llm_chat_format,
                            max_tokens=settings.llm_max_tokens)
    raise PlandraftError("尚未配置大模型：请设置 PLANDRAFT_LLM_BASE_URL、PLANDRAFT_LLM_API_KEY 和 "
                         "PLANDRAFT_LLM_MODEL（OpenAI 兼容接口），或 PLANDRAFT_LLM_GGUF（本地模型文件）；"
                         "也可以改用离线写法 --writer compose。")


def is_local(settings: Settings) -> bool:
    """True when the model runs in this process (no concurrency: one call at a time)."""
    return not (settings.llm_base_url and settings.llm_model) and bool(settings.llm_gguf)
