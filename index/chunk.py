"""Sentence-aligned passages of about N words with a sentence of overlap, keeping offsets into the doc.

Passages come out one at a time (`iter_passages`), so `rag index` can encode and write the first passages of a
very large file while the rest is still being cut, and never holds all of one file's passages at once.
"""

from __future__ import annotations

from typing import Iterator

from rag.models import Document, Passage
from rag.text import sentence_spans, word_count

Span = tuple[int, int]


def _groups(text: str, target_words: int, overlap: int) -> Iterator[tuple[list[Span], int]]:
    """Closed sentence groups as (group, 0), then at most one unfinished tail as (group, sentences in it that are
    not carried over from the previous passage)."""
    limit = int(target_words * 1.5)
    current: list[Span] = []
    words = 0
    fresh = 0  # sentences in `current` not carried over from the previous passage
    for span in sentence_spans(text):
        n = word_count(text[span[0]:span[1]])
        if fresh and words + n > limit:
            yield current, 0
            current = current[-overlap:] if overlap and len(current) > overlap else []
            words = sum(word_count(text[s:e]) for s, e in current)
            fresh = 0
        current.append(span)
        words += n
        fresh += 1
        if words >= target_words:
            yield current, 0
            current = current[-overlap:] if overlap and len(current) > overlap else []
            words = sum(word_count(text[s:e]) for s, e in current)
            fresh = 0
    if fresh:
        yield current, fresh


def iter_chunk_spans(text: str, target_words: int = 110, overlap: int = 1) -> Iterator[Span]:
    """(start, end) of each passage, in order: whole sentences, ~target_words long, neighbours sharing `overlap`
    sentences. A passage closes once it reaches the target or when the next sentence would push it past 1.5x the
    target; a short tail is folded into the passage before it so no passage is a stub (hence one group of
    look-ahead)."""
    previous: list[Span] | None = None
    for group, fresh in _groups(text, target_words, overlap):
        if fresh:
            tail_words = sum(word_count(text[s:e]) for s, e in group[-fresh:])
            if previous is not None and tail_words < target_words * 0.35:
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


def chunk_spans(text: str, target_words: int = 110, overlap: int = 1) -> list[Span]:
    """All of `iter_chunk_spans` as a list."""
    return list(iter_chunk_spans(text, target_words, overlap))


def iter_passages(doc: Document, target_words: int = 110, overlap: int = 1) -> Iterator[Passage]:
    """The passages of one document, in order, each with `doc.text[start:end] == passage.text`."""
    for i, (start, end) in enumerate(iter_chunk_spans(doc.text, target_words, overlap)):
        yield Passage(chunk_id=f"{doc.doc_id}#{i}", doc_id=doc.doc_id, source=doc.source, title=doc.title,
                      date=doc.date, text=doc.text[start:end], start=start, end=end, position=i)


def chunk_document(doc: Document, target_words: int = 110, overlap: int = 1) -> list[Passage]:
    """All of `iter_passages` as a list (small documents, tests)."""
    return list(iter_passages(doc, target_words, overlap))
