"""Brief routes: draft, revise, read and export challenge briefs (facilitators, coordinators)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import CurrentUser, IdPath, ServicesDep
from assistant.briefs.model import BriefInput, BriefSummary
from assistant.registry.models import MAX_ID

router = APIRouter(prefix="/briefs", tags=["briefs"])

MARKDOWN = "text/markdown"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

VersionQuery = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="That version; default the newest.")
]
# The brief's JSON: `BriefRecord.as_json()`, the same as `arena brief ... --format json`.
BriefJson = dict[str, Any]


class BriefChanges(BaseModel):
    """The fields of a brief's input to change; the others keep their value.

    The merged input is checked as a new draft's is (lengths, kind, language, references).
    """

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    need: str | None = None
    organisations: list[str] | None = Field(None, description="Replaces the whole list.")
    participants: list[str] | None = Field(None, description="Replaces the whole list.")
    kind: str | None = Field(
        None, description="co-creation, advisory, evaluation, selection or procurement."
    )
    date: dt.date | None = None
    language: str | None = Field(None, description="no or en.")
    outcomes: str | None = None
    scope: str | None = None
    constraints: str | None = None
    data: str | None = None
    ipr: str | None = None


@router.post("", status_code=201)
async def draft_brief(svc: ServicesDep, user: CurrentUser, body: BriefInput) -> BriefJson:
    """Draft, check and save a brief (version 1): sections, value compass, findings, sources.

    Facilitators and coordinators only. Unknown organisations or participant e-mails are a
    404 naming them, other bad input a 422; nothing is saved then.
    """
    # Drafting runs the answer chain, seconds of CPU: in a worker thread, off the event loop.
    record = await asyncio.to_thread(svc.briefs.draft, body, user)
    return record.as_json()


@router.get("", response_model=list[BriefSummary])
def list_briefs(svc: ServicesDep, user: CurrentUser) -> list[BriefSummary]:
    """Briefs newest first: a facilitator's own, every one for a coordinator."""
    return svc.briefs.summaries(user)


@router.get("/{brief_id}")
def get_brief(
    svc: ServicesDep, user: CurrentUser, brief_id: IdPath, version: VersionQuery = None
) -> BriefJson:
    """A brief at its newest version or `?version=N`, with what changed in its findings."""
    return svc.briefs.get(brief_id, user, version).as_json()


@router.post("/{brief_id}/revisions", status_code=201)
async def revise_brief(
    svc: ServicesDep, user: CurrentUser, brief_id: IdPath, body: BriefChanges
) -> BriefJson:
    """A new version with the given fields changed, checked afresh; `changes` says which
    findings appeared and which were resolved."""
    changes = body.model_dump(mode="json", exclude_none=True)
    record = await asyncio.to_thread(svc.briefs.revise, brief_id, changes, user)
    return record.as_json()


@router.get(
    "/{brief_id}/export",
    response_class=Response,
    responses={200: {"content": {MARKDOWN: {}, WORD: {}}, "description": "The file."}},
)
def export_brief(
    svc: ServicesDep,
    user: CurrentUser,
    brief_id: IdPath,
    fmt: Annotated[Literal["md", "docx"], Query(alias="format")] = "md",
    version: VersionQuery = None,
) -> Response:
    """The brief as Markdown or Word (headings, the compass as a table, numbered sources)."""
    data, name, media_type = svc.briefs.export(brief_id, fmt, user, version)
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
