"""Sentence vectors of every passage, built by `rag index` next to BM25 and memory-mapped at question time.

Retrieval uses them to rerank the other rankers' candidates by their best-matching sentence: a passage holding
one sentence that answers the question rises even when the rest of it is about something else (the passage
vector averages that sentence away). A question costs one product over its candidates' sentence rows.

A sentence's vector is the mean of the passage's token embeddings over that sentence, from the same forward pass
as the passage vector (rag.embed.Embedder.encode_passages): encoding each sentence on its own cost the indexer
about four times the passages' own pass. A rebuild reuses the vectors of every passage whose text is unchanged
(keyed by a hash of the passage text: same text, same sentences, same vectors).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Mapping, Sequence

import numpy as np

from rag.derived import FORMAT, load_current
from rag.embed import ENCODE_SLICE, Embedder
from rag.models import Hit, Passage
from rag.passage_table import PassageTable
from rag.text import sentence_spans


def text_key(text: str) -> str:
    """What decides 'this passage's sentence vectors can be reused'."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


KEYS = "keys.json"
REUSABLE_FORMATS = ("3", "4", FORMAT)  # saved formats whose vectors are pooled the way this version pools them


class KeptRows:
    """Rows start:end of a saved vectors.npy, read from the file (pread) only when `Built.write` copies them: not
    memory-mapped, so copying the whole index (0.9 GB at 100k passages) never counts in the process's memory."""

    def __init__(self, kept: "Kept", start: int, end: int) -> None:
        self.kept, self.start, self.end = kept, start, end

    def __len__(self) -> int:
        return self.end - self.start

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        rows = self.kept.read(self.start, self.end)
        return rows if dtype is None else rows.astype(dtype, copy=False)


@dataclass
class Kept:
    """The vectors of an earlier sentence index by passage text key: what a rebuild copies instead of encoding.
    Read from vectors, owners and keys alone, so an index saved in an older format with the same vectors (see
    REUSABLE_FORMATS) is still reused after an upgrade rather than re-encoding the whole corpus."""

    file: BinaryIO  # the saved vectors.npy (float32, C order), kept open until the rebuild has copied its rows
    offset: int  # where its rows start (after the .npy header)
    dimension: int
    spans: dict[str, tuple[int, int]]  # text key -> its rows

    @classmethod
    def load(cls, folder: Path) -> "Kept":
        keys = json.loads((folder / KEYS).read_text())
        starts = np.searchsorted(np.load(folder / "owner.npy"), np.arange(len(keys) + 1))
        file = open(folder / "vectors.npy", "rb")
        version = np.lib.format.read_magic(file)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran, dtype = read_header(file)
        if fortran or dtype != np.dtype("<f4") or len(shape) != 2:
            file.close()
            raise ValueError(f"{folder}: vectors.npy is not the float32 rows this version writes")
        return cls(file, file.tell(), int(shape[1]),
                   {key: (int(starts[i]), int(starts[i + 1])) for i, key in enumerate(keys)})

    def read(self, start: int, end: int) -> np.ndarray:
        """Rows start:end, read from the file."""
        size = 4 * self.dimension
        data = os.pread(self.file.fileno(), (end - start) * size, self.offset + start * size)
        return np.frombuffer(data, dtype="<f4").reshape(end - start, self.dimension)

    def rows(self, start: int, end: int) -> KeptRows:
        return KeptRows(self, start, end)


@dataclass
class BuildStats:
    """How a build went: passages whose vectors were reused, and sentences computed here (not kept from the
    passages' own pass)."""

    reused_passages: int = 0
    encoded_sentences: int = 0


class SentenceIndex:
    def __init__(self, passages: Sequence[Passage], vectors: np.ndarray, owner: np.ndarray) -> None:
        self.passages = PassageTable.of(passages)
        self.vectors = vectors  # (sentences, dim), unit length; rows of one passage are contiguous, in order
        self.owner = owner  # passage index of each sentence
        # first row of each passage that has sentences: a passage's best sentence is one maximum.reduceat
        self._bounds = np.searchsorted(owner, np.arange(len(passages) + 1))  # rows of passage i: bounds[i:i+2]
        self._has = self._bounds[:-1] < self._bounds[1:]
        self._starts = self._bounds[:-1][self._has]

    @classmethod
    def load(cls, folder: Path, passages: PassageTable | None = None) -> "SentenceIndex":
        """Read a saved index; the vectors and passage text are memory-mapped, so loading is quick at any size.
        `passages`: the same revision's passages already loaded (the keyword index's), used when they are the
        same rows in the same order, so one table serves both."""
        if passages is None or passages.fingerprint != PassageTable.saved_fingerprint(folder):
            passages = PassageTable.load(folder)
        return cls(passages, np.load(folder / "vectors.npy", mmap_mode="r"), np.load(folder / "owner.npy"))

    def search(self, q_vec: np.ndarray, k: int, among: Iterable[str] | None = None) -> list[Hit]:
        """Passages ranked by their best sentence's cosine similarity to the query: only the passages `among`
        (chunk ids: the other rankers' candidates), or every passage when it is None.

        Limiting it to candidates keeps a question's cost flat at any corpus size (a product over a few hundred
        rows, not every sentence of the corpus); the signal's job is to reorder what dense and keyword search
        found, lifting the passage with the one sentence that answers."""
        if not len(self.vectors):
            return []
        if among is None:
            chosen = np.flatnonzero(self._has)
            sims = self.vectors @ q_vec
            best = np.maximum.reduceat(sims, self._starts)
        else:
            candidates = np.unique(np.asarray(self.passages.rows_of(among), dtype=np.int64))
            chosen = candidates[self._has[candidates]]
            if not len(chosen):
                return []
            lo, sizes = self._bounds[chosen], self._bounds[chosen + 1] - self._bounds[chosen]
            firsts = np.cumsum(sizes) - sizes  # where each passage's rows start among the gathered ones
            rows = np.arange(int(sizes.sum())) + np.repeat(lo - firsts, sizes)
            sims = np.asarray(self.vectors[rows]) @ q_vec
            best = np.maximum.reduceat(sims, firsts)
        hits = []
        for j in np.argsort(-best, kind="stable")[:k]:
            p = self.passages[int(chosen[j])]
            hits.append(Hit(p, score=float(best[j]), rank=len(hits) + 1, scores={"sentence": float(best[j])}))
        return hits


def build(passages: Sequence[Passage], embedder: Embedder, previous: Kept | None = None,
          fresh: Mapping[str, np.ndarray] | None = None) -> "Built":
    """Vectors for every sentence of `passages`: copied from `previous` where a passage's text is unchanged,
    taken from `fresh` (text key -> the vectors `rag index` computed with the passage vectors, index/spill.py)
    where it has them, and computed for the rest (a store written by an interrupted older run)."""
    stats = BuildStats()
    fresh = fresh or {}
    reuse = previous.spans if previous is not None else {}
    keys = [text_key(p.text) for p in passages]
    parts: list[np.ndarray | KeptRows | None] = []
    missing: list[int] = []
    for i, (p, key) in enumerate(zip(passages, keys)):
        if key in reuse:
            start, end = reuse[key]
            parts.append(previous.rows(start, end))  # read from the earlier file only when written
            stats.reused_passages += 1
        elif key in fresh:
            parts.append(fresh[key])
        else:
            parts.append(None)
            missing.append(i)
    for at in range(0, len(missing), ENCODE_SLICE):  # slices: bounded memory for a big store
        rows = missing[at:at + ENCODE_SLICE]
        texts = [passages[i].text for i in rows]
        _, pooled = embedder.encode_passages(texts, [sentence_spans(t) for t in texts])
        for i, vectors in zip(rows, pooled):
            parts[i] = vectors
            stats.encoded_sentences += len(vectors)
    owner = np.repeat(np.arange(len(passages), dtype=np.int32), [len(v) for v in parts])
    return Built(PassageTable.of(passages), parts, owner, keys, embedder.dimension, stats)


@dataclass
class Built:
    """A sentence index `rag index` has made but not yet saved. Its vectors stay in their parts (kept, fresh,
    computed) and `write` streams them to disk one after another: joining them in memory first was a second copy
    of every vector (0.9 GB at 100k passages) on top of the first."""

    passages: PassageTable
    parts: list[np.ndarray | KeptRows]
    owner: np.ndarray
    keys: list[str]
    dimension: int
    stats: BuildStats

    def write(self, folder: Path) -> None:
        """Write into `folder` (a temporary one: rag.derived.save_atomic renames it into place); what
        SentenceIndex.load reads."""
        with open(folder / "vectors.npy", "wb") as out:
            np.lib.format.write_array_header_1_0(out, {"descr": np.lib.format.dtype_to_descr(np.dtype(np.float32)),
                                                       "fortran_order": False,
                                                       "shape": (len(self.owner), self.dimension)})
            for part in self.parts:
                out.write(np.ascontiguousarray(part, dtype=np.float32).tobytes())
        np.save(folder / "owner.npy", self.owner)
        self.passages.write(folder)
        (folder / KEYS).write_text(json.dumps(self.keys))


def index_name(collection: str, embed_model: str) -> str:
    """The name of the sentence index's folders in the cache dir (one per embedding model)."""
    return f"sent-{embed_model.replace('/', '_')}-{collection}"


def sentence_index(store, cache_dir: Path, embedder: Embedder,
                   passages: PassageTable | None = None) -> SentenceIndex | None:
    """The sentence index `rag index` built for the store's current revision, or None when there is none;
    `passages`: that revision's passages if already loaded (see SentenceIndex.load)."""
    return load_current(cache_dir, index_name(store.settings.collection, embedder.model_name), store.revision,
                        lambda folder: SentenceIndex.load(folder, passages))
