"""The chat model behind generated answers: Ollama, OpenAI-compatible, Azure or a local GGUF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def make_llm(settings: Settings) -> BaseChatModel | None:
    """The chat model for generated answers; None means the extractive default."""
    provider = settings.llm
    if provider == "extractive":
        return None
    try:
        if provider == "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(
                model=settings.llm_model or "llama3.2",
                base_url=settings.llm_base_url or "http://127.0.0.1:11434",
                temperature=settings.llm_temperature,
                num_predict=settings.llm_max_tokens,
                client_kwargs={"timeout": settings.llm_timeout},
            )
        if provider == "openai":
            from langchain_openai import ChatOpenAI

            if not settings.llm_base_url and not settings.llm_api_key:
                raise ConfigError("ARENA_LLM=openai needs ARENA_LLM_BASE_URL (or an API key)")
            return ChatOpenAI(
                model=settings.llm_model or "local-model",
                base_url=settings.llm_base_url,
                api_key=settings.llm_api_key or "not-needed",
                temperature=settings.llm_temperature,
                max_tokens=settings.llm_max_tokens,
                # langchain-openai sends the limit as `max_completion_tokens`, which llama.cpp's
                # Python server and older vLLM ignore: the answer then runs on to the context's
                # end and holds the server for the next question. Self-hosted servers read this.
                extra_body={"max_tokens": settings.llm_max_tokens}
                if settings.llm_base_url
                else None,
                timeout=settings.llm_timeout,
                max_retries=0,
                streaming=True,
            )
        if provider == "azure":
            from langchain_openai import AzureChatOpenAI

            if not (settings.llm_base_url and settings.llm_api_key and settings.llm_model):
                raise ConfigError(
                    "ARENA_LLM=azure needs ARENA_LLM_BASE_URL (the endpoint), ARENA_LLM_API_KEY "
                    "and ARENA_LLM_MODEL (the deployment)"
                )
            return AzureChatOpenAI(
                azure_endpoint=settings.llm_base_url,
                azure_deployment=settings.llm_model,
                api_key=settings.llm_api_key,
                api_version=settings.azure_api_version,
                temperature=settings.llm_temperature,
                max_tokens=settings.llm_max_tokens,
                timeout=settings.llm_timeout,
                max_retries=0,
                streaming=True,
            )
        if provider == "llamacpp":
            from assistant.backends.llamacpp import make_llamacpp_chat

            if settings.llm_gguf_path is None or not settings.llm_gguf_path.exists():
                raise ConfigError("ARENA_LLM=llamacpp needs ARENA_LLM_GGUF_PATH to a .gguf file")
            return make_llamacpp_chat(settings)
    except ImportError as exc:
        extra = "llm" if provider == "llamacpp" else "the default install"
        raise ConfigError(
            f"The {provider} provider's package is missing ({exc.name}); install {extra}"
        ) from exc
    raise ConfigError(f"Unknown ARENA_LLM '{provider}'")
