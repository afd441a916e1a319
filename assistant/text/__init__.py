"""Text handling shared by ingest and answers: normalising, sentences, units, Norwegian analysis."""
