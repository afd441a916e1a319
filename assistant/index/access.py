"""Who may read which documents: a viewer and the visibility tags it may read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.errors import ArenaError

ARENA = "arena"
ORG_PREFIX = "org:"
# An organisation's tag name: its registry name, an alias or its number, without line breaks.
_ORG_NAME = re.compile(r"^[^\x00-\x1f]{1,200}$")


def org_tag(name: str) -> str:
    """The visibility tag of documents private to the organisation called `name`."""
    return ORG_PREFIX + name.strip()


def check_visibility(value: str) -> str:
    """`value` if it is a visibility tag ('arena' or 'org:NAME'); a one-line error otherwise."""
    value = value.strip()
    if value == ARENA:
        return value
    if value.startswith(ORG_PREFIX) and _ORG_NAME.match(value.removeprefix(ORG_PREFIX).strip()):
        return org_tag(value.removeprefix(ORG_PREFIX))
    raise ArenaError(f"visibility '{value[:80]}' must be 'arena' or 'org:NAME'")


@dataclass(frozen=True)
class Viewer:
    """The reader of a search or an answer.

    `tags` are the visibility tags the viewer may read; None means every document, which only
    coordinators get (they review the whole arena's material). The retriever requires a viewer,
    so no caller can forget to filter.
    """

    label: str
    tags: frozenset[str] | None

    @classmethod
    def anonymous(cls) -> Viewer:
        """Someone not signed in (only where login is off): arena-wide documents only."""
        return cls("anonymous", frozenset({ARENA}))

    @classmethod
    def everything(cls, label: str = "coordinator") -> Viewer:
        return cls(label, None)

    @classmethod
    def member(cls, label: str, organisation_names: Iterable[str] = ()) -> Viewer:
        """A signed-in person: arena-wide documents and their organisation's, under any name."""
        names = {n.strip() for n in organisation_names if n and n.strip()}
        return cls(label, frozenset({ARENA} | {org_tag(n) for n in names}))

    @property
    def reads_everything(self) -> bool:
        return self.tags is None

    def may_read(self, visibility: str) -> bool:
        return self.tags is None or visibility in self.tags

    def readable(self, present: Iterable[str]) -> frozenset[str] | None:
        """Of the visibility tags `present` in the index, those this viewer reads.

        None when that is all of them: the viewer then sees the same index as a coordinator.
        """
        present = frozenset(present)
        if self.tags is None or present <= self.tags:
            return None
        return present & self.tags
