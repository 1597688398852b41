"""Sentence-aligned passages of about N words with a sentence of overlap, keeping offsets into the doc."""

from __future__ import annotations

from rag.models import Document, Passage
from rag.text import sentence_spans, word_count


def chunk_spans(text: str, target_words: int = 110, overlap: int = 1) -> list[tuple[int, int]]:
    """(start, end) of each passage: whole sentences, ~target_words long, neighbours sharing `overlap` sentences.

    A passage closes once it reaches the target or when the next sentence would push it past 1.5x the target;
    a short tail is folded into the passage before it so no passage is a stub.
    """
    spans = sentence_spans(text)
    if not spans:
        return []
    limit = int(target_words * 1.5)
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    words = 0
    fresh = 0  # sentences in `current` not carried over from the previous passage
    for span in spans:
        n = word_count(text[span[0]:span[1]])
        if fresh and words + n > limit:
            groups.append(current)
            current = current[-overlap:] if overlap and len(current) > overlap else []
            words = sum(word_count(text[s:e]) for s, e in current)
            fresh = 0
        current.append(span)
        words += n
        fresh += 1
        if words >= target_words:
            groups.append(current)
            current = current[-overlap:] if overlap and len(current) > overlap else []
            words = sum(word_count(text[s:e]) for s, e in current)
            fresh = 0
    if fresh:
        tail_words = sum(word_count(text[s:e]) for s, e in current[-fresh:])
        if groups and tail_words < target_words * 0.35:
            groups[-1] = groups[-1] + current[-fresh:]
        else:
            groups.append(current)
    return [(g[0][0], g[-1][1]) for g in groups]


def chunk_document(doc: Document, target_words: int = 110, overlap: int = 1) -> list[Passage]:
    """The passages of one document, in order, each with `doc.text[start:end] == passage.text`."""
    return [
        Passage(
            chunk_id=f"{doc.doc_id}#{i}",
            doc_id=doc.doc_id,
            source=doc.source,
            title=doc.title,
            date=doc.date,
            text=doc.text[start:end],
            start=start,
            end=end,
            position=i,
        )
        for i, (start, end) in enumerate(chunk_spans(doc.text, target_words, overlap))
    ]
