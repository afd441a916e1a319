"""The chat's Markdown escaping: the one implementation lives in `assistant.text.markdown`.

Kept as the chat's name for it, so its renderers and tests read as before.
"""

from __future__ import annotations

from assistant.text.markdown import inert_cell, inert_markdown

__all__ = ["inert_cell", "inert_markdown"]
