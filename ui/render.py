"""Answer and source cards as HTML. Every piece of corpus or model text is escaped before markup is added,
so a document holding `<script>` or `<img onerror=...>` shows as text."""

from __future__ import annotations

import html
import re

from rag.cite import split_label
from rag.models import Answer, Hit

_MARK = re.compile(r"\[(\d+)\]")


def _cite_links(escaped: str) -> str:
    return _MARK.sub(r'<a class="cite" href="#src-\1" title="Show source \1">[\1]</a>', escaped)


def answer_html(answer: Answer) -> str:
    """The answer for the chat bubble: citation links, unsupported sentences marked, notices on top."""
    parts: list[str] = []
    for notice in answer.notices:
        parts.append(f'<div class="notice">ⓘ {html.escape(notice)}</div>')
    if answer.refused or not answer.sentences:
        parts.append(html.escape(answer.answer).replace("\n", "<br>"))
        return "\n".join(parts)
    body: list[str] = []
    for check in answer.sentences:
        markers = "".join(f"[{n}]" for n in check.cited)
        label, _ = split_label(check.text)
        text = _cite_links(html.escape(check.text) + (" " + markers if markers else ""))
        if label or check.text.startswith("Undated"):
            head, _, rest = text.partition(":")
            text = ("<br>" if body else "") + f"<strong>{head}:</strong>{rest}"
        if not check.supported:
            text = (f'<span class="unsupported" title="The cited passage does not clearly support this sentence">'
                    f"{text} ⚠</span>")
        body.append(text)
    parts.append(" ".join(body))
    return "\n".join(parts)


def _highlight(text: str, sentences: tuple[str, ...]) -> str:
    """Escaped passage text with the supporting sentences wrapped in <mark>."""
    spans = []
    for s in sentences:
        i = text.find(s)
        if i >= 0 and s:
            spans.append((i, i + len(s)))
    spans.sort()
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n\n", "</p><p>").replace("\n", "<br>")


def _card(n: int | str, hit: Hit, evidence: tuple[str, ...] = (), supported: bool = True) -> str:
    p = hit.passage
    meta = " · ".join(html.escape(x) for x in (p.date or "undated", p.source))
    flag = "" if supported else ' <span class="unsupported-tag">not clearly supported</span>'
    return (
        f'<div class="src-card" id="src-{n}">'
        f'<div class="src-head"><span class="src-n">[{n}]</span> {html.escape(p.title)}{flag}</div>'
        f'<div class="src-meta">{meta}</div>'
        f"<p>{_highlight(p.text, evidence)}</p></div>"
    )


def sources_html(answer: Answer | None) -> str:
    """The sources panel: one card per cited passage, or the closest passages for a refusal."""
    if answer is None:
        return '<div class="src-empty">Sources for the answer appear here.</div>'
    if answer.citations:
        cards = [_card(c.n, c.hit, c.evidence, c.supported) for c in answer.citations]
        return '<div class="src-title">Sources</div><div class="src-scroll">' + "".join(cards) + "</div>"
    if answer.retrieved:
        cards = [_card(f"~{i}", h) for i, h in enumerate(answer.retrieved[:3], 1)]
        return ('<div class="src-title">Closest passages (they do not answer the question)</div>'
                '<div class="src-scroll">' + "".join(cards) + "</div>")
    return '<div class="src-empty">No passages matched.</div>'


def corpus_line(summary: dict) -> str:
    docs, passages = summary.get("documents", 0), summary.get("passages", 0)
    line = f"{docs} document{'s' if docs != 1 else ''} · {passages} passages"
    if summary.get("first_date"):
        line += f" · dated {summary['first_date']} to {summary['last_date']}"
    return line
