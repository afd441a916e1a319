"""Loading the embedding model: its OpenMP threads wait passively unless the operator chose."""

from __future__ import annotations

import os

import pytest

from assistant.backends.embedders import make_base_embeddings
from assistant.config import Settings


@pytest.mark.parametrize(("chosen", "kept"), [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_model_threads_sleep_while_waiting_unless_told_otherwise(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, chosen: str | None, kept: str
) -> None:
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    if chosen:
        monkeypatch.setenv("OMP_WAIT_POLICY", chosen)

    model = make_base_embeddings(settings)

    assert os.environ["OMP_WAIT_POLICY"] == kept
    assert len(model.embed_query("Hva er arenaen?")) > 0
