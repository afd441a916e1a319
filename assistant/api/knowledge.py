"""Knowledge routes: liveness with the index size, and hybrid search over the index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from assistant.api.deps import ServicesDep

router = APIRouter(tags=["knowledge"])


class Health(BaseModel):
    status: str
    documents: int
    chunks: int


class Passage(BaseModel):
    text: str
    source: str
    title: str
    location: str
    score: float
    provenance: str | None = Field(
        None, description="What a starter-knowledge section restates (Norwegian label), if known."
    )
    provenance_en: str | None = Field(None, description="The same in English.")


class SearchResponse(BaseModel):
    query: str
    results: list[Passage]


@router.get("/health")
def health(svc: ServicesDep) -> Health:
    """Liveness and the size of the knowledge index."""
    return Health(status="ok", documents=len(svc.store.documents()), chunks=svc.store.chunk_count())


@router.get("/search")
def search(
    svc: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="The query.")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> SearchResponse:
    """Hybrid search over the knowledge index."""
    results = svc.retriever.search(q, k=k)
    return SearchResponse(query=q, results=[Passage(**r.as_dict()) for r in results])  # type: ignore[arg-type]
