"""Answers as plain words: what the copy button puts on the clipboard, and who answered.

A reader pastes an answer into an e-mail or a document; it must read as text with its [n] markers and the
list of sources under it, never as the page's HTML.
"""

from __future__ import annotations

import html
import re

from rag.chat import closest_passages
from rag.models import Answer
from ui.titles import display_title

_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.S)


def describe_model(model: str) -> str:
    """A model string in words a reader understands."""
    if model.startswith("local/"):
        return "the offline answerer (it quotes the documents' own sentences; no AI model)"
    provider, _, name = model.partition("/")
    return f"{name} via {provider}" if name else model


def answered_by(answer: Answer) -> str:
    """Who wrote this answer: the configured model, or the offline answerer when a fallback happened."""
    if answer.refused and not answer.citations:
        return "Checked against the documents; no answer was written."
    fell_back = any("offline answer" in n for n in answer.notices)
    who = describe_model("local/extractive" if fell_back else answer.model)
    return f"Answered by {who}."


def plain_text(answer: Answer) -> str:
    """The answer text with [n] markers, then 'Sources:' and one line per cited passage."""
    lines = [answer.answer.strip()]
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            p = c.hit.passage
            lines.append(f"[{c.n}] {display_title(p.title)} ({', '.join(x for x in (p.date, p.source) if x)})")
    elif answer.refused:
        lines = [answer.answer.split("\n", 1)[0]]
        closest = closest_passages(answer.retrieved)
        if closest:
            lines += ["", "Closest passages:"]
            lines += [f"- {display_title(h.passage.title)} ({', '.join(x for x in (h.passage.date, h.passage.source) if x)})"
                      for h in closest]
    return "\n".join(lines)


def typed_words(typed: str) -> str:
    """The words a person typed, for searching: markup they pasted (tags, entities) is not part of the
    question, so `<img onerror=alert(2)>` does not make the search look for the number 2."""
    text = html.unescape(_TAG.sub(" ", typed or ""))
    return re.sub(r"\s+", " ", text).strip()
