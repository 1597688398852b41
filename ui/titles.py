"""The title a reader sees for a document. The index keeps its own title text for search (a first sentence
stands in when a file has no headline, and search quality is tuned on that), but a reader would take a
first sentence or a generated file name for a headline, so those show as "Untitled document"."""

from __future__ import annotations

import re

UNTITLED = "Untitled document"
_HASHY = re.compile(r"[0-9a-f]{8,}", re.I)


def display_title(title: str) -> str:
    """A real title (sidecar, front matter, HTML <title>/<h1>, a headline line) as is; else UNTITLED."""
    title = (title or "").strip()
    if not title or _HASHY.search(title) or title.endswith(("…", "...", ".")):
        return UNTITLED
    return title
