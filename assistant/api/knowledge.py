"""Knowledge routes: liveness, and search and answers as the signed-in user may see them."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from assistant.api.deps import CurrentUser, ServicesDep, SessionDep
from assistant.index.access import ARENA
from assistant.registry import access

router = APIRouter(tags=["knowledge"])


class Health(BaseModel):
    status: str
    documents: int = Field(description="Arena-wide documents; private ones are not counted.")
    chunks: int = Field(description="Passages of the arena-wide documents.")


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


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    text: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    history: list[Turn] = Field(
        default_factory=list, max_length=40, description="Earlier turns, oldest first."
    )


class CitationOut(BaseModel):
    n: int
    source: str
    location: str
    quote: str
    provenance: str | None = None
    provenance_en: str | None = None


class ClosestDocument(BaseModel):
    source: str
    title: str
    location: str


class AskResponse(BaseModel):
    question: str
    answer: str
    abstained: bool
    reason: str = Field(description="Why the assistant abstained; empty when it answered.")
    mode: Literal["extractive", "llm"]
    model: str
    citations: list[CitationOut]
    closest: list[ClosestDocument] = Field(
        description="With an abstention: the closest passages' documents the user may read."
    )
    removed_sentences: list[str]
    standalone_question: str
    notice: str


@router.get("/health")
def health(svc: ServicesDep) -> Health:
    """Liveness and the size of the arena-wide knowledge (open to all, so no private counts)."""
    shared = [d for d in svc.store.documents() if d.visibility == ARENA]
    return Health(status="ok", documents=len(shared), chunks=sum(d.chunk_count for d in shared))


@router.get("/search")
def search(
    svc: ServicesDep,
    session: SessionDep,
    user: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=2000, description="The query.")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> SearchResponse:
    """Hybrid search over the documents the signed-in user may read."""
    viewer = access.viewer_for(session, user)
    results = svc.retriever.search(q, k=k, viewer=viewer)
    return SearchResponse(query=q, results=[Passage(**r.as_dict()) for r in results])  # type: ignore[arg-type]


@router.post("/ask")
async def ask(
    svc: ServicesDep, session: SessionDep, user: CurrentUser, body: AskRequest
) -> AskResponse:
    """The chat's grounded answer as JSON: text, checked citations, mode, or why it abstained."""
    viewer = access.viewer_for(session, user)
    history = [(turn.role, turn.text) for turn in body.history]
    answer = await svc.answer_chain().ainvoke(body.question, history, viewer=viewer)
    return AskResponse.model_validate(answer.as_json())
