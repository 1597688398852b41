"""The Documents view: what this collection is about and, per document, its title, date and passage count.

A reader decides whether to trust an answer partly by knowing what was searched; the view answers "what is in
here?" before the first question.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from rag.errors import RagError
from rag.settings import Settings
from ui.titles import display_title

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\b")
_NOT_NAMES = set("""The This That These Those There Their They Them Then When Where What Which Who Why How And But Or
If In On At As Of For From By With Without To Into After Before Since During While Although Though Because Meanwhile
However Also Speaking According Mr Mrs Ms Dr It Its He She His Her We Our You Your A An Some Many Most More Any All
Every Each Other Another Such Right Now Since Large Former Senior Prime Minister President General Government Foreign
Secretary Spokesman Deputy Friday Monday Tuesday Wednesday Thursday Saturday Sunday January February March April May
June July August September October November December Source Related Leave Back Your Required""".split())


@dataclass(frozen=True)
class DocRow:
    doc_id: str
    title: str
    date: str
    passages: int
    source: str


def document_rows(settings: Settings) -> list[DocRow]:
    """One row per indexed document, newest first (undated last)."""
    from rag.store import PassageStore

    docs: dict[str, dict] = {}
    for p in PassageStore(settings).all_passages():
        row = docs.setdefault(p.doc_id, {"title": p.title, "date": p.date or "", "source": p.source, "n": 0,
                                         "text": []})
        row["n"] += 1
        row["text"].append(p.text)
    rows = [DocRow(d, display_title(v["title"]), v["date"], v["n"], v["source"]) for d, v in docs.items()]
    rows.sort(key=lambda r: r.title)
    return sorted((r for r in rows if r.date), key=lambda r: r.date, reverse=True) + [r for r in rows if not r.date]


def common_names(settings: Settings, n: int = 8) -> list[str]:
    """The names the most documents mention (capitalised words that are not sentence furniture)."""
    from rag.store import PassageStore

    per_doc: dict[str, set[str]] = {}
    for p in PassageStore(settings).all_passages():
        per_doc.setdefault(p.doc_id, set()).update(w for w in _NAME.findall(p.text) if w not in _NOT_NAMES)
    counts = Counter(w for words in per_doc.values() for w in words)
    return [w for w, c in counts.most_common(n) if c > 1 or len(per_doc) == 1]


def documents_html(settings: Settings) -> str:
    """The whole view as escaped HTML; a plain sentence when nothing is indexed yet."""
    try:
        rows = document_rows(settings)
        names = common_names(settings)
    except RagError as err:
        return f'<div class="src-empty">⚠ {html.escape(str(err))}</div>'
    if not rows:
        return '<div class="src-empty">No documents are indexed yet.</div>'
    dates = sorted(r.date for r in rows if r.date)
    about = f"{len(rows)} document{'s' if len(rows) != 1 else ''}, {sum(r.passages for r in rows)} passages"
    if dates:
        about += f", dated {dates[0]} to {dates[-1]}"
    about += "."
    if names:
        about += " Most often mentioned: " + ", ".join(html.escape(w) for w in names) + "."
    body = "".join(
        f"<tr><td class='doc-title'>{html.escape(r.title)}</td><td>{html.escape(r.date or 'undated')}</td>"
        f"<td class='num'>{r.passages}</td><td class='doc-file'>{html.escape(r.source)}</td></tr>" for r in rows)
    return (f'<p class="docs-about">{html.escape(settings.corpus.name or "This collection")}: {about}</p>'
            '<table class="docs-table"><thead><tr><th>Title</th><th>Date</th><th>Passages</th><th>File</th></tr>'
            f"</thead><tbody>{body}</tbody></table>")
