"""Our exceptions. Each message is one line that says what went wrong and what to do next."""

from __future__ import annotations


class ArenaError(Exception):
    """Base of every error a surface should show to the user as a short message."""


class ConfigError(ArenaError):
    """A setting is missing or contradicts another."""


class IngestError(ArenaError):
    """A file could not be ingested."""


class UnsupportedFileError(IngestError):
    """The file type has no loader."""


class EmptyFileError(IngestError):
    """The file holds no text worth indexing."""


class CorruptFileError(IngestError):
    """The parser could not read the file."""


class OversizedFileError(IngestError):
    """The file is larger than ARENA_MAX_FILE_MB."""


class NotIndexedError(ArenaError):
    """Search or answers were asked of an empty index."""

    def __init__(
        self, message: str = "The knowledge index is empty: run `arena ingest knowledge/`"
    ):
        super().__init__(message)


class DocumentNotFoundError(ArenaError):
    """A document name matches nothing in the index."""


class ProviderError(ArenaError):
    """An LLM provider is unreachable, timed out or answered with garbage."""
