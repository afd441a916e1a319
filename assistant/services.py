"""The composition root: builds every backend and service once and hands them to the surfaces.

Only the surfaces (API, chat, CLI) and tests import this module. Tests and other deployments
swap any backend by passing it to `build_services(settings, **overrides)`.
"""

from __future__ import annotations

import re
import uuid
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from assistant.backends.embedders import embedding_model_id, make_base_embeddings
from assistant.backends.llm import make_llm
from assistant.backends.stores import (
    chroma_is_shared,
    make_chroma_client,
    make_registry_engine,
    make_store_engine,
)
from assistant.config import Settings, get_settings
from assistant.index.dense import DenseIndex
from assistant.index.embeddings import CachedEmbeddings
from assistant.index.keyword import KeywordIndex
from assistant.index.ranking import Ranker
from assistant.index.retrieval import HybridRetriever
from assistant.index.store import ChunkStore
from assistant.index.sync import KnowledgeIndex

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel
    from sqlalchemy.engine import Engine

    from assistant.answers.chain import AnswerChain
    from assistant.briefs.service import BriefService
    from ingest.indexing import Indexer


def make_vector_store(settings: Settings, client: Any) -> DenseIndex:
    """The Chroma collection for the configured model; each model gets its own collection."""
    name = f"{settings.chroma_collection}-{embedding_model_id(settings)}"
    name = re.sub(r"[^A-Za-z0-9._-]", "-", name)[:60].strip("-._")
    shared = chroma_is_shared(client)
    if not shared:
        # In-memory clients of one process share one Chroma system: a name of its own keeps
        # each private copy (one per Services, and tests build many) starting empty.
        name = f"{name[:40].strip('-._')}-private-{uuid.uuid4().hex[:12]}"
    collection = client.get_or_create_collection(
        name=name,
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"embedding_model": embedding_model_id(settings)},
    )
    return DenseIndex(collection, shared=shared)


def make_keyword_index(settings: Settings) -> KeywordIndex:
    name = re.sub(r"[^A-Za-z0-9._-]", "-", settings.knowledge_url.rsplit("/", 1)[-1])
    return KeywordIndex(settings.data_dir / "bm25" / name, split_compounds=settings.compound_split)


# Asked once at start-up by `warm_up`; any question reaching every step of an answer will do.
WARM_UP_QUESTION = "Hva er arenaen, og hvem samarbeider i den?"


class Services:
    """The application's backends and services, built lazily on first use.

    Overrides replace any backend by name; everything built on it then uses the override.
    """

    OVERRIDABLE = frozenset(
        {
            "store",
            "embeddings",
            "base_embeddings",
            "vector_store",
            "keyword_index",
            "llm",
            "engine",
            "chroma_client",
        }
    )

    def __init__(self, settings: Settings, **overrides: Any) -> None:
        self.settings = settings
        unknown = set(overrides) - self.OVERRIDABLE
        if unknown:
            raise TypeError(f"Unknown service overrides: {sorted(unknown)}")
        for name, value in overrides.items():
            self.__dict__[name] = value

    # Backends ---------------------------------------------------------------------------------

    @cached_property
    def store(self) -> ChunkStore:
        return ChunkStore(make_store_engine(self.settings.knowledge_url))

    @cached_property
    def base_embeddings(self) -> Embeddings:
        return make_base_embeddings(self.settings)

    @cached_property
    def embeddings(self) -> CachedEmbeddings:
        return CachedEmbeddings(self.base_embeddings, self.store, embedding_model_id(self.settings))

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
        """The registry database engine (SQLite by default, PostgreSQL for several workers)."""
        return make_registry_engine(self.settings)

    # Services ---------------------------------------------------------------------------------

    @cached_property
    def index(self) -> KnowledgeIndex:
        return KnowledgeIndex(self.store, self.embeddings, self.vector_store, self.keyword_index)

    @cached_property
    def indexer(self) -> Indexer:
        from ingest.indexing import Indexer

        return Indexer(self.settings, self.index)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.settings, self.index, ranker=Ranker())

    @cached_property
    def briefs(self) -> BriefService:
        """Challenge briefs: drafted on the registry's database with this answer chain."""
        from assistant.briefs.service import BriefService

        return BriefService(self.settings, self.engine, self.answer_chain)

    def answer_chain(self, **options: Any) -> AnswerChain:
        """A grounded-answer chain on these services; options go to `AnswerChain`.

        Without options every caller shares one chain, and with it what the chain keeps
        between answers (unit vectors, which chunk follows which): building it per answer
        threw that away each time.
        """
        from assistant.answers.chain import AnswerChain

        if not options:
            return self._shared_chain
        return AnswerChain(self.settings, self.retriever, self.llm, **options)

    @cached_property
    def _shared_chain(self) -> AnswerChain:
        from assistant.answers.chain import AnswerChain

        return AnswerChain(self.settings, self.retriever, self.llm)

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for, before a server takes any.

        The embedding model, the dense and keyword indexes (and an audience's keyword index),
        and the shared chain's reading of which chunk follows which. Only the model-free steps
        of an answer run: no language model is called.
        """
        from assistant.index.access import Viewer
        from assistant.text.answer_units import documents_unit_texts

        self.embeddings.embed_query(WARM_UP_QUESTION)
        if not self.store.chunk_count():
            return  # nothing to search yet: questions are refused until an ingest
        chain = self.answer_chain()
        for viewer in (Viewer.anonymous(), Viewer.everything()):
            passages = chain.search(WARM_UP_QUESTION, viewer)
            chain.extract(WARM_UP_QUESTION, passages, viewer)
        chain.chunk_order().following("")
        if self.settings.answer_unit_embeddings:
            # Every unit vector ingest made, read in one go: no answer waits for the store.
            texts = documents_unit_texts(
                self.store.iter_chunks(),
                chain.tuning.extractive.units,
                chain.tuning.reading.continued_lines,
            )
            chain.unit_vectors.update(self.embeddings.cached_texts(texts))


def build_services(settings: Settings | None = None, **overrides: Any) -> Services:
    return Services(settings or get_settings(), **overrides)


@lru_cache
def get_services() -> Services:
    """The process-wide services the surfaces use."""
    return build_services(get_settings())
