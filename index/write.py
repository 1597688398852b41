"""Passages of many files -> encoder batches -> Chroma writes, in memory bounded by RAG_INDEX_BATCH.

Batches cross file boundaries (the encoder wants full batches whatever the files' sizes) and a very large file
is split over many batches (a 50 MB file is written as it is cut, not held whole). Each batch's sentence vectors
come from the same forward pass as its passage vectors and are kept on disk (index/spill.py) before the batch
is written, for the sentence index built at the end of the run. What keeps an interrupted run
honest: a file's first passage (position 0) is written only with or after its last one, and
PassageStore.doc_hashes() counts a file as indexed only when its position-0 passage is there. A run killed in
the middle of a file therefore leaves that file "changed", and the next run indexes it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.spill import spill
from rag.embed import Embedder
from rag.models import Passage
from rag.store import PassageStore
from rag.text import sentence_spans


@dataclass
class _Pending:
    passage: Passage
    digest: str
    vector: np.ndarray | None = None  # set for a held-back first passage, encoded with an earlier batch


@dataclass
class BatchWriter:
    """Collects passages with `add`, closes a file with `finish`; encodes and writes every `batch` passages."""

    store: PassageStore
    embedder: Embedder
    existing: set[str]  # doc_ids the store already had: their old passages go before the new ones are written
    batch: int
    on_written: object = None  # callable(count): progress
    spill_to: Path | None = None  # where the batches' sentence vectors wait for the sentence index
    written: int = 0
    sentences: int = 0  # sentence vectors computed with the passages
    _pending: list[_Pending] = field(default_factory=list)
    _open: set[str] = field(default_factory=set)  # files with passages still to come
    _held: dict[str, _Pending] = field(default_factory=dict)  # first passages of files still open
    _cleared: set[str] = field(default_factory=set)

    def add(self, passage: Passage, digest: str) -> None:
        self._open.add(passage.doc_id)
        self._pending.append(_Pending(passage, digest))
        if len(self._pending) >= self.batch:
            self.flush()

    def finish(self, doc_id: str) -> None:
        """The file's last passage was added: its held-back first passage may now be written."""
        self._open.discard(doc_id)
        held = self._held.pop(doc_id, None)
        if held is not None:
            self._pending.append(held)

    def flush(self) -> None:
        """Encode what is pending, drop the old passages of files written for the first time, then write."""
        if not self._pending:
            return
        todo = [p for p in self._pending if p.vector is None]
        texts = [p.passage.text for p in todo]
        # encoded (and the sentence vectors kept) before deleting: a failure loses nothing
        vectors, by_sentence = self.embedder.encode_passages(texts, [sentence_spans(t) for t in texts])
        if self.spill_to is not None:
            spill(self.spill_to, texts, by_sentence)
        self.sentences += sum(len(v) for v in by_sentence)
        for p, v in zip(todo, vectors):
            p.vector = v
        for doc_id in dict.fromkeys(p.passage.doc_id for p in self._pending):
            if doc_id in self.existing and doc_id not in self._cleared:
                self.store.delete_doc(doc_id)
            self._cleared.add(doc_id)
        ready = []
        for p in self._pending:
            if p.passage.position == 0 and p.passage.doc_id in self._open:
                self._held[p.passage.doc_id] = p  # the file's "complete" mark: written with its end
            else:
                ready.append(p)
        self._pending = []
        if ready:
            self.store.add([p.passage for p in ready], np.stack([p.vector for p in ready]), [p.digest for p in ready])
            self.written += len(ready)
            if callable(self.on_written):
                self.on_written(len(ready))
