"""Sentence vectors of every passage, built by `rag index` next to BM25 and memory-mapped at question time.

Retrieval uses them to rank passages by their best-matching sentence: a passage holding one sentence that
answers the question rises even when the rest of it is about something else (the passage vector averages
that sentence away). A query costs one matrix product.

Encoding every sentence is the slow part of indexing, so a rebuild reuses the vectors of every passage whose
text is unchanged (keyed by a hash of the passage text: same text, same sentences, same vectors) and encodes
only the new or edited passages.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.derived import load_current
from rag.embed import Embedder
from rag.models import Hit, Passage
from rag.text import sentence_spans


def text_key(text: str) -> str:
    """What decides 'this passage's sentence vectors can be reused'."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class BuildStats:
    """How a build went: how many passages' vectors were reused and how many sentences were encoded."""

    reused_passages: int = 0
    encoded_passages: int = 0
    encoded_sentences: int = 0


class SentenceIndex:
    def __init__(self, passages: list[Passage], vectors: np.ndarray, owner: np.ndarray,
                 keys: list[str] | None = None) -> None:
        self.passages = passages
        self.vectors = vectors  # (sentences, dim), unit length; rows of one passage are contiguous, in order
        self.owner = owner  # passage index of each sentence
        self.keys = keys if keys is not None else [text_key(p.text) for p in passages]
        # first row of each passage that has sentences: a passage's best sentence is one maximum.reduceat
        starts = np.searchsorted(owner, np.arange(len(passages) + 1))
        self._has = starts[:-1] < starts[1:]
        self._starts = starts[:-1][self._has]

    @classmethod
    def build(cls, passages: list[Passage], embedder: Embedder, previous: "SentenceIndex | None" = None,
              progress: bool = False) -> tuple["SentenceIndex", BuildStats]:
        """Vectors for every sentence of `passages`, copied from `previous` where a passage's text is unchanged
        and encoded (in one call, so batches are as large as the encoder allows) for the rest."""
        stats = BuildStats()
        reuse: dict[str, tuple[int, int]] = {}
        if previous is not None and len(previous.owner):
            starts = np.searchsorted(previous.owner, np.arange(len(previous.passages) + 1))
            reuse = {key: (int(starts[i]), int(starts[i + 1])) for i, key in enumerate(previous.keys)}
        keys = [text_key(p.text) for p in passages]
        pieces: list[tuple[str, object]] = []  # ("old", (start, end)) or ("new", count) per passage, in order
        texts: list[str] = []
        owner: list[int] = []
        for i, (p, key) in enumerate(zip(passages, keys)):
            if key in reuse:
                start, end = reuse[key]
                pieces.append(("old", (start, end)))
                owner += [i] * (end - start)
                stats.reused_passages += 1
                continue
            sentences = [p.text[s:e] for s, e in sentence_spans(p.text)]
            texts += sentences
            owner += [i] * len(sentences)
            pieces.append(("new", len(sentences)))
            stats.encoded_passages += 1
        # the same sentence text is encoded once: neighbouring passages share their overlap sentence, and
        # boilerplate repeats (12 % of sentences on the generated bench corpus, 29 % on python3.11-doc)
        unique = list(dict.fromkeys(texts))
        stats.encoded_sentences = len(unique)
        encoded = embedder.encode(unique, progress=progress, desc="Sentence vectors")
        if len(unique) < len(texts):
            row = {text: i for i, text in enumerate(unique)}
            encoded = encoded[[row[text] for text in texts]]
        if previous is None and not reuse:
            return cls(passages, encoded, np.asarray(owner, dtype=np.int32), keys), stats
        parts, taken = [], 0
        for kind, where in pieces:
            if kind == "old":
                parts.append(np.asarray(previous.vectors[where[0]:where[1]]))
            else:
                parts.append(encoded[taken:taken + where])
                taken += where
        vectors = np.concatenate(parts) if parts else np.zeros((0, embedder.dimension), dtype=np.float32)
        return cls(passages, vectors.astype(np.float32, copy=False), np.asarray(owner, dtype=np.int32), keys), stats

    def write(self, folder: Path) -> None:
        """Write into `folder` (a temporary one: rag.derived.save_atomic renames it into place)."""
        np.save(folder / "vectors.npy", self.vectors)
        np.save(folder / "owner.npy", self.owner)
        (folder / "passages.json").write_text(json.dumps([p.__dict__ for p in self.passages]))
        (folder / "keys.json").write_text(json.dumps(self.keys))

    @classmethod
    def load(cls, folder: Path) -> "SentenceIndex":
        """Read a saved index; the vectors are memory-mapped, so loading is quick at any size."""
        passages = [Passage(**row) for row in json.loads((folder / "passages.json").read_text())]
        keys = json.loads((folder / "keys.json").read_text())
        return cls(passages, np.load(folder / "vectors.npy", mmap_mode="r"), np.load(folder / "owner.npy"), keys)

    def search(self, q_vec: np.ndarray, k: int, allowed: set[str] | None = None) -> list[Hit]:
        """Passages ranked by their best sentence's cosine similarity to the query."""
        if not len(self.vectors):
            return []
        sims = self.vectors @ q_vec
        best = np.full(len(self.passages), -1.0, dtype=np.float32)
        best[self._has] = np.maximum.reduceat(sims, self._starts)  # rows of a passage are contiguous, in order
        hits = []
        for i in np.argsort(-best, kind="stable"):
            p = self.passages[int(i)]
            if allowed is not None and p.chunk_id not in allowed:
                continue
            hits.append(Hit(p, score=float(best[i]), rank=len(hits) + 1, scores={"sentence": float(best[i])}))
            if len(hits) == k:
                break
        return hits


def index_name(collection: str, embed_model: str) -> str:
    """The name of the sentence index's folders in the cache dir (one per embedding model)."""
    return f"sent-{embed_model.replace('/', '_')}-{collection}"


def sentence_index(store, cache_dir: Path, embedder: Embedder) -> SentenceIndex | None:
    """The sentence index `rag index` built for the store's current revision, or None when there is none."""
    return load_current(cache_dir, index_name(store.settings.collection, embedder.model_name), store.revision,
                        SentenceIndex.load)
