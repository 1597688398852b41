"""Sentence-aligned passages of about N words with a sentence of overlap, keeping offsets into the doc.

Passages come out one at a time (`iter_passages`), so `rag index` can encode and write the first passages of a
very large file while the rest is still being cut, and never holds all of one file's passages at once.

A passage also stays within the embedding model's token window when `rag index` passes one (`Window`): words are
a fair measure of prose, but code and tables spend two or three tokens a word, and the encoder silently drops
whatever is past its window (8.6 % of python3.11-doc's passages lost their tail that way).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from rag.models import Document, Passage
from rag.text import sentence_spans, word_count

Span = tuple[int, int]
SLICE = 512  # sentences measured per tokenizer call


@dataclass(frozen=True)
class Window:
    """The encoder's token window: at most `tokens` tokens per passage, as counted by `count` (texts -> tokens)."""

    tokens: int
    count: Callable[[Sequence[str]], list[int]]


def _measured(text: str, window: Window | None) -> Iterator[tuple[Span, int, int]]:
    """(span, words, tokens) of each sentence; tokens 0 without a window. Counted in slices: one tokenizer call
    per sentence would cost more than the cutting."""
    spans = sentence_spans(text)
    for at in range(0, len(spans), SLICE):
        part = spans[at:at + SLICE]
        tokens = window.count([text[s:e] for s, e in part]) if window else [0] * len(part)
        for span, n in zip(part, tokens):
            yield span, word_count(text[span[0]:span[1]]), n


def _groups(text: str, target_words: int, overlap: int, window: Window | None = None
            ) -> Iterator[tuple[list[Span], int]]:
    """Closed sentence groups as (group, 0), then at most one unfinished tail as (group, sentences in it that are
    not carried over from the previous passage)."""
    limit = int(target_words * 1.5)
    most = window.tokens if window else None
    current: list[tuple[Span, int, int]] = []
    words = tokens = 0
    fresh = 0  # sentences in `current` not carried over from the previous passage

    def carry() -> list[tuple[Span, int, int]]:
        return current[-overlap:] if overlap and len(current) > overlap else []

    for span, n, t in _measured(text, window):
        if fresh and (words + n > limit or (most is not None and tokens + t > most)):
            yield [c[0] for c in current], 0
            current = carry()
            words, tokens, fresh = sum(c[1] for c in current), sum(c[2] for c in current), 0
        if not fresh and current and most is not None and tokens + t > most:
            current, words, tokens = [], 0, 0  # the carried overlap would push this passage past the window
        current.append((span, n, t))
        words += n
        tokens += t
        fresh += 1
        if words >= target_words:
            yield [c[0] for c in current], 0
            current = carry()
            words, tokens, fresh = sum(c[1] for c in current), sum(c[2] for c in current), 0
    if fresh:
        yield [c[0] for c in current], fresh


def iter_chunk_spans(text: str, target_words: int = 110, overlap: int = 1, window: Window | None = None
                     ) -> Iterator[Span]:
    """(start, end) of each passage, in order: whole sentences, ~target_words long, neighbours sharing `overlap`
    sentences. A passage closes once it reaches the target or when the next sentence would push it past 1.5x the
    target (or past the window); a short tail is folded into the passage before it so no passage is a stub
    (hence one group of look-ahead), unless that would pass the window."""
    previous: list[Span] | None = None
    for group, fresh in _groups(text, target_words, overlap, window):
        if fresh:
            tail_words = sum(word_count(text[s:e]) for s, e in group[-fresh:])
            if previous is not None and tail_words < target_words * 0.35 and _fits(text, previous, group[-fresh:],
                                                                                   window):
                previous = previous + group[-fresh:]
                break
            if previous is not None:
                yield previous[0][0], previous[-1][1]
            previous = group
            break
        if previous is not None:
            yield previous[0][0], previous[-1][1]
        previous = group
    if previous is not None:
        yield previous[0][0], previous[-1][1]


def _fits(text: str, group: list[Span], tail: list[Span], window: Window | None) -> bool:
    return window is None or sum(window.count([text[s:e] for s, e in group + tail])) <= window.tokens


def chunk_spans(text: str, target_words: int = 110, overlap: int = 1, window: Window | None = None) -> list[Span]:
    """All of `iter_chunk_spans` as a list."""
    return list(iter_chunk_spans(text, target_words, overlap, window))


def iter_passages(doc: Document, target_words: int = 110, overlap: int = 1,
                  window: Window | None = None) -> Iterator[Passage]:
    """The passages of one document, in order, each with `doc.text[start:end] == passage.text`; each part that
    `doc.sections` marks is cut on its own."""
    bounds = [0, *doc.sections, len(doc.text)]
    spans = ((at + start, at + end) for at, stop in zip(bounds, bounds[1:])
             for start, end in iter_chunk_spans(doc.text[at:stop], target_words, overlap, window))
    for i, (start, end) in enumerate(spans):
        yield Passage(chunk_id=f"{doc.doc_id}#{i}", doc_id=doc.doc_id, source=doc.source, title=doc.title,
                      date=doc.date, text=doc.text[start:end], start=start, end=end, position=i)


def chunk_document(doc: Document, target_words: int = 110, overlap: int = 1,
                   window: Window | None = None) -> list[Passage]:
    """All of `iter_passages` as a list (small documents, tests)."""
    return list(iter_passages(doc, target_words, overlap, window))
