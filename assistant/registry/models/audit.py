"""The audit log's tables: hash-chained events and the head, and the events as shown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from assistant.registry.models.base import UtcDateTime


class AuditEvent(SQLModel, table=True):
    """One append-only event; `hash` chains it to the event before it."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True, index=True)
    at: datetime = Field(sa_type=UtcDateTime)
    actor: str = Field(max_length=300)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
    # The payload digest enters the chain, so a retention purge may blank the payload of
    # personal data and the chain still verifies; the purge event lists what it blanked.
    payload_hash: str = Field(max_length=64)
    redacted: bool = False
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """The last event's number and hash; catches a truncated tail of the log."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(default="", max_length=64)


class AuditEventPublic(SQLModel):
    seq: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    redacted: bool
