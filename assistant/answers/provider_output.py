"""What the chain makes of a language model's output and failures: its text, a one-line notice."""

from __future__ import annotations

from typing import Any

from assistant.i18n import Language, say


def chunk_text(chunk: Any) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) for part in content
        )
    return ""


def provider_failure(provider: str, exc: BaseException) -> str:
    """A one-line, human explanation of why the model was not used.

    In English whatever the question's language, as before ANSWER_STRINGS held it.
    """
    language: Language = "en"
    name = type(exc).__name__
    if (
        isinstance(exc, TimeoutError)
        or "timeout" in name.lower()
        or "timed out" in str(exc).lower()
    ):
        why = say("provider.timeout", language)
    elif "connect" in name.lower() or "connect" in str(exc).lower():
        why = say("provider.unreachable", language)
    else:
        why = say("provider.failed", language, error=name, detail=str(exc)[:120])
    return say("provider.unused", language, provider=provider, why=why)
