"""The dense index asks Chroma for what it has: fewer chunks than asked for, or none."""

from __future__ import annotations

import numpy as np

from assistant.services import Services


def test_a_search_returns_what_the_index_holds(fake_services: Services) -> None:
    dense = fake_services.vector_store
    query = np.ones(64, dtype=np.float32)
    assert dense.search(query, 40) == []
    vectors = [np.eye(64, dtype=np.float32)[n] + 0.1 for n in range(3)]
    dense.upsert(["a", "b", "c"], vectors, [{"visibility": "arena"}] * 2 + [{"visibility": "x"}])

    assert {i for i, _ in dense.search(query, 40)} == {"a", "b", "c"}
    assert {i for i, _ in dense.search(query, 40, ["arena"])} == {"a", "b"}
    assert len(dense.search(query, 1)) == 1
    assert dense.search(query, 40, []) == []
    assert dense.search(query, 0) == []
