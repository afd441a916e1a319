"""Ingestion: load files, clean extracted text, chunk it by structure, and index the chunks."""
