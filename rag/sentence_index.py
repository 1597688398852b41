"""Sentence vectors of every passage, derived from the store like BM25 and cached by revision.

Retrieval uses them to rank passages by their best-matching sentence: a passage holding one sentence that
answers the question rises even when the rest of it is about something else (the passage vector averages
that sentence away). Computed once per store revision, so a query costs one matrix product.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from rag.embed import Embedder
from rag.keyword import derived
from rag.models import Hit, Passage
from rag.text import sentence_spans


class SentenceIndex:
    def __init__(self, passages: list[Passage], vectors: np.ndarray, owner: np.ndarray) -> None:
        self.passages = passages
        self.vectors = vectors  # (sentences, dim), unit length
        self.owner = owner  # passage index of each sentence

    @classmethod
    def builder(cls, embedder: Embedder):
        def build(passages: list[Passage]) -> "SentenceIndex":
            texts, owner = [], []
            for i, p in enumerate(passages):
                for s, e in sentence_spans(p.text):
                    texts.append(p.text[s:e])
                    owner.append(i)
            return cls(passages, embedder.encode(texts), np.asarray(owner, dtype=np.int32))
        return build

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        np.savez(tmp / "sentences.npz", vectors=self.vectors, owner=self.owner)
        (tmp / "passages.json").write_text(json.dumps([p.__dict__ for p in self.passages]))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> "SentenceIndex":
        data = np.load(folder / "sentences.npz")
        passages = [Passage(**row) for row in json.loads((folder / "passages.json").read_text())]
        return cls(passages, data["vectors"], data["owner"])

    def search(self, q_vec: np.ndarray, k: int, allowed: set[str] | None = None) -> list[Hit]:
        """Passages ranked by their best sentence's cosine similarity to the query."""
        if not len(self.vectors):
            return []
        sims = self.vectors @ q_vec
        best = np.full(len(self.passages), -1.0, dtype=np.float32)
        np.maximum.at(best, self.owner, sims)
        hits = []
        for i in np.argsort(-best, kind="stable"):
            p = self.passages[int(i)]
            if allowed is not None and p.chunk_id not in allowed:
                continue
            hits.append(Hit(p, score=float(best[i]), rank=len(hits) + 1, scores={"sentence": float(best[i])}))
            if len(hits) == k:
                break
        return hits


def sentence_index(store, cache_dir: Path, embedder: Embedder) -> SentenceIndex:
    return derived(store, cache_dir, f"sent-{embedder.model_name.replace('/', '_')}", SentenceIndex.builder(embedder),
                   SentenceIndex.load)
