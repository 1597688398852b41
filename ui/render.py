"""Answer bubbles and source cards as HTML, one set per answer id.

Every id in the markup carries the answer id (`src-<aid>-<n>` in the side panel, `m-<aid>-<n>` under the
bubble), so a marker in an earlier answer always reaches that answer's own passage however many answers
follow. Every piece of corpus, model or user text is escaped before markup is added, so a document holding
`<script>` or `<img onerror=...>` shows as text.
"""

from __future__ import annotations

import html
import re

from rag.chat import closest_passages
from rag.cite import split_label
from rag.models import Answer, Hit
from ui.plain import answered_by, plain_text
from ui.titles import display_title

_MARK = re.compile(r"\[(\d+)\]")
PENDING = "Searching the documents…"


def _cite_links(escaped: str, aid: str) -> str:
    return _MARK.sub(rf'<a class="cite" href="#src-{aid}-\1" title="Show source \1">[\1]</a>', escaped)


def question_html(typed: str) -> str:
    """The user's bubble: exactly what they typed, as text (tags show as tags, nothing is rendered)."""
    return f'<span class="q">{html.escape(typed)}</span>'


def pending_html(text: str = "") -> str:
    """The bubble while an answer streams: what arrived so far, or what is happening before words arrive."""
    if not text:
        return f'<span class="pending">{PENDING}</span>'
    return html.escape(text).replace("\n", "<br>")


def _body(answer: Answer, aid: str) -> str:
    if answer.refused or not answer.sentences:
        reason = html.escape(answer.answer.split("\n", 1)[0])
        closest = closest_passages(answer.retrieved)
        if not closest:
            return reason
        items = "".join(f'<li><a class="cite" href="#src-{aid}-c{i}" title="Show passage">'
                        f"{html.escape(_title(h))}</a> <span class=\"src-date\">{html.escape(h.passage.date or '')}"
                        "</span></li>" for i, h in enumerate(closest, 1))
        return f'{reason}<div class="closest">Closest passages (they do not answer it):<ul>{items}</ul></div>'
    body: list[str] = []
    for check in answer.sentences:
        markers = "".join(f"[{n}]" for n in check.cited)
        label, _ = split_label(check.text)
        text = _cite_links(html.escape(check.text) + (" " + markers if markers else ""), aid)
        if label or check.text.startswith("Undated"):
            head, _, rest = text.partition(":")
            text = ("<br>" if body else "") + f"<strong>{head}:</strong>{rest}"
        if not check.supported:
            text = (f'<span class="unsupported" title="The cited passage does not clearly support this sentence">'
                    f"{text} ⚠</span>")
        body.append(text)
    return " ".join(body)


def answer_html(answer: Answer, aid: str) -> str:
    """The answer bubble: notices, the cited text, who answered, the sources (folded; shown on phones),
    and the plain text that the copy button puts on the clipboard (hidden)."""
    notices = "".join(f'<div class="notice">ⓘ {html.escape(n)}</div>' for n in answer.notices)
    cards = _cards(answer, aid, prefix="m")
    folded = (f'<details class="bubble-sources"><summary>Sources ({len(cards)})</summary>{"".join(cards)}</details>'
              if cards else "")
    return (f'<div class="answer" id="ans-{aid}">{notices}<div class="answer-text">{_body(answer, aid)}</div>'
            f'<div class="answered-by">{html.escape(answered_by(answer))}</div></div>{folded}'
            f'<div class="plain-copy" hidden>{html.escape(plain_text(answer))}</div>')


def _title(hit: Hit) -> str:
    return display_title(hit.passage.title)


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


def _card(card_id: str, label: str, hit: Hit, evidence: tuple[str, ...] = (), supported: bool = True) -> str:
    p = hit.passage
    meta = " · ".join(html.escape(x) for x in (p.date or "undated", p.source))
    flag = "" if supported else ' <span class="unsupported-tag">not clearly supported</span>'
    return (
        f'<div class="src-card" id="{card_id}">'
        f'<div class="src-head"><span class="src-n">{label}</span> {html.escape(_title(hit))}{flag}</div>'
        f'<div class="src-meta">{meta}</div>'
        f"<p>{_highlight(p.text, evidence)}</p></div>"
    )


def _cards(answer: Answer, aid: str, prefix: str) -> list[str]:
    if answer.citations:
        return [_card(f"{prefix}-{aid}-{c.n}", f"[{c.n}]", c.hit, c.evidence, c.supported)
                for c in answer.citations]
    return [_card(f"{prefix}-{aid}-c{i}", f"~{i}", h) for i, h in enumerate(closest_passages(answer.retrieved), 1)]


def source_group_html(answer: Answer, aid: str, question: str) -> str:
    """One answer's cards for the side panel, headed by the question they answer."""
    cards = _cards(answer, aid, prefix="src")
    kind = "Sources" if answer.citations else "Closest passages (they do not answer the question)"
    if not cards:
        return (f'<section class="src-group" id="grp-{aid}"><div class="src-title">No passages matched '
                f"“{html.escape(question)}”</div></section>")
    return (f'<section class="src-group" id="grp-{aid}"><div class="src-title">{kind} for '
            f"“{html.escape(question)}”</div>{''.join(cards)}</section>")


def panel_html(groups: list[str]) -> str:
    """The side panel: every answer's sources, newest first, so each answer's markers find their cards."""
    if not groups:
        return '<div class="src-empty">Sources for the answer appear here.</div>'
    return '<div class="src-scroll">' + "".join(reversed(groups)) + "</div>"


def corpus_line(summary: dict) -> str:
    docs, passages = summary.get("documents", 0), summary.get("passages", 0)
    line = f"{docs} document{'s' if docs != 1 else ''} · {passages} passages"
    if summary.get("first_date"):
        line += f" · dated {summary['first_date']} to {summary['last_date']}"
    return line
