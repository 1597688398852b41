"""The data every stage passes on. Ids (doc_id, chunk_id) travel all the way to the page and the eval."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One cleaned corpus file. `text` is what passage offsets point into."""

    doc_id: str  # path relative to the corpus folder, posix style
    source: str  # file name shown to readers
    title: str
    date: str | None  # ISO yyyy-mm-dd when one could be found
    text: str
    content_hash: str
    sections: tuple[int, ...] = ()  # offsets where a part of `text` begins that no passage spans (photo captions)


@dataclass(frozen=True)
class Passage:
    """A sentence-aligned slice of a Document: `document.text[start:end] == text`."""

    chunk_id: str
    doc_id: str
    source: str
    title: str
    date: str | None
    text: str
    start: int
    end: int
    position: int  # order within its document


@dataclass(frozen=True)
class Hit:
    """A passage a retriever found, with the score that ranked it (higher is better)."""

    passage: Passage
    score: float
    rank: int = 0
    scores: dict[str, float] = field(default_factory=dict)  # per-stage scores, for debugging and eval

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "source": self.passage.source,
            "chunk_id": self.passage.chunk_id,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class SentenceCheck:
    """One answer sentence with the passages it cites and whether they support it."""

    text: str
    cited: tuple[int, ...]
    supported: bool
    support: float  # best support score over the cited passages
    evidence: str = ""  # the passage sentence that supports it best (highlighted on the page)
    supported_by: tuple[int, ...] = ()  # the cited passages that do support it (ALCE citation precision)


@dataclass(frozen=True)
class Citation:
    """A passage the answer cites as [n]."""

    n: int
    hit: Hit
    supported: bool
    evidence: tuple[str, ...] = ()  # passage sentences that support the answer's claims

    def to_dict(self) -> dict[str, Any]:
        p = self.hit.passage
        return {
            "n": self.n,
            "doc_id": p.doc_id,
            "source": p.source,
            "title": p.title,
            "date": p.date,
            "chunk_id": p.chunk_id,
            "text": p.text,
            "start": p.start,
            "end": p.end,
            "score": round(self.hit.score, 4),
            "supported": self.supported,
        }


@dataclass(frozen=True)
class Answer:
    """What every front end gets from the chain. `to_dict()` is the `rag ask --json` contract, exactly."""

    question: str
    answer: str
    refused: bool
    citations: tuple[Citation, ...]
    retrieved: tuple[Hit, ...]
    model: str
    timings_ms: dict[str, float]
    sentences: tuple[SentenceCheck, ...] = ()
    notices: tuple[str, ...] = ()  # plain-language notes for the reader (fallbacks, truncation)
    standalone_question: str = ""  # the question actually searched for (follow-ups are rewritten)
    evidence_check: Any = None  # rag.evidence.Assessment: why the chain answered or refused

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "retrieved": [h.to_dict() for h in self.retrieved],
            "model": self.model,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "notices": list(self.notices),  # e.g. why the offline answerer stood in for the model
        }
