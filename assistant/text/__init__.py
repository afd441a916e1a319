"""Text handling shared by ingest and answers: normalising, sentences, Norwegian analysis."""
