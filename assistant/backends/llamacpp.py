"""A small LangChain chat model over llama_cpp.Llama: a local GGUF file, with streaming."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from assistant.config import Settings

logger = logging.getLogger(__name__)

_ROLES = {"human": "user", "ai": "assistant", "system": "system"}


class LlamaCppChat(BaseChatModel):
    """Chat completions from a GGUF model loaded in-process by llama-cpp-python."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    model_name: str = ""
    temperature: float = 0.1
    max_tokens: int = 512
    # The prompt is short (instructions, at most 500 characters of evidence, the question) and
    # the answer at most max_tokens, so 2048 suffices; a bigger context only costs memory.
    n_ctx: int = 2048
    # None: llama-cpp-python's default, half the cores. Measured on the shared 2-core machine,
    # two threads were slower than one whenever other work ran (llama.cpp's threads wait on
    # each other), and a real-model test then outlasted its timeout.
    n_threads: int | None = None
    _llama: Any = PrivateAttr(default=None)
    # One Llama object cannot run two completions at once.
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    @property
    def llama(self) -> Any:
        """The loaded model; loading takes a moment, so it happens on first use."""
        if self._llama is None:
            from llama_cpp import Llama

            self._llama = Llama(
                model_path=self.model_path,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                verbose=False,
            )
        return self._llama

    def _messages(self, messages: list[BaseMessage]) -> list[dict[str, str]]:
        return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]

    def _params(self, stop: list[str] | None) -> dict[str, Any]:
        return {"temperature": self.temperature, "max_tokens": self.max_tokens, "stop": stop}

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock:
            result = self.llama.create_chat_completion(
                messages=self._messages(messages), **self._params(stop)
            )
        text = result["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with self._lock:
            for part in self.llama.create_chat_completion(
                messages=self._messages(messages), stream=True, **self._params(stop)
            ):
                token = part["choices"][0].get("delta", {}).get("content") or ""
                if not token:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=token))
                if run_manager:
                    run_manager.on_llm_new_token(token, chunk=chunk)
                yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        """Generation runs in a thread; tokens cross to the event loop through a queue."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[ChatGenerationChunk | BaseException | None] = asyncio.Queue()

        def produce() -> None:
            try:
                for chunk in self._stream(messages, stop):
                    loop.call_soon_threadsafe(queue.put_nowait, chunk)
            except BaseException as exc:  # handed to the consumer, which re-raises it
                loop.call_soon_threadsafe(queue.put_nowait, exc)
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, None)

        worker = threading.Thread(target=produce, daemon=True)
        worker.start()
        while (item := await queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            if run_manager:
                await run_manager.on_llm_new_token(str(item.message.content), chunk=item)
            yield item


def make_llamacpp_chat(settings: Settings) -> LlamaCppChat:
    """The llamacpp provider from settings (ARENA_LLM_GGUF_PATH and the sampling settings)."""
    path = Path(settings.llm_gguf_path or "")
    return LlamaCppChat(
        model_path=str(path),
        model_name=settings.llm_model or path.stem,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
    )
