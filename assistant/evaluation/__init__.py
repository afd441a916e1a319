"""Retrieval and answer harnesses over a question set (never imported by production code)."""
