"""The knowledge core: chunk store, embeddings cache, dense and keyword indexes, retrieval."""
