"""Challenge briefs as the registry's database keeps them: one row per brief, one per version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from assistant.registry.models.base import UtcDateTime, utcnow


class BriefRow(SQLModel, table=True):
    """A brief: who drafted it, what it is called now, and its newest version's number."""

    __tablename__ = "brief"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    author_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    author: str = Field(max_length=300)  # the e-mail, or "console" for the operator
    language: str = Field(sa_type=String(2))
    kind: str = Field(sa_type=String(20))
    latest_version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class BriefVersionRow(SQLModel, table=True):
    """One version of a brief: the input it was drafted from and the checked result, whole.

    Versions are never changed: a revision adds one, so every earlier state can be shown.
    """

    __tablename__ = "brief_version"

    brief_id: int = Field(foreign_key="brief.id", primary_key=True)
    version: int = Field(primary_key=True)
    author: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    input: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    content: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
