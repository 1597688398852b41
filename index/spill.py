"""Sentence vectors made with the passage vectors, kept on disk until the sentence index holds them.

`rag index` computes each passage's sentence vectors in the same forward pass as its passage vector
(Embedder.encode_passages), while it streams passages into Chroma. The sentence index itself is built only after
the store has all its passages (index/derive.py), so the vectors wait here in between: one small file per encoder
batch, written before that batch reaches Chroma. A run that is killed keeps them, so the next run finds the vectors
of passages it does not encode again. They are keyed by the hash of the passage text (same text, same vectors),
and removed once a sentence index holding them is in place.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Sequence

import numpy as np

from rag.sentence_index import index_name, text_key


def spill_folder(cache_dir: Path, collection: str, embed_model: str) -> Path:
    """Where one collection's waiting sentence vectors are kept (one folder per embedding model)."""
    return cache_dir / f"waiting-{index_name(collection, embed_model)}"  # not "<name>-*": that is a revision


def spill(folder: Path, texts: Sequence[str], vectors: Sequence[np.ndarray]) -> None:
    """Keep the sentence vectors of passages `texts` (one array of rows per passage) in one new file."""
    if not texts:
        return
    folder.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    tmp = folder / f".{name}.npz"
    with open(tmp, "wb") as out:
        np.savez(out, keys=np.asarray([text_key(t) for t in texts]),
                 counts=np.asarray([len(v) for v in vectors], dtype=np.int64),
                 vectors=np.concatenate(list(vectors)).astype(np.float32))
    os.replace(tmp, folder / f"{name}.npz")  # whole files only: a kill leaves at most a hidden temporary


def waiting(folder: Path) -> dict[str, np.ndarray]:
    """Every kept passage's sentence vectors, by text key."""
    found: dict[str, np.ndarray] = {}
    for path in sorted(folder.glob("[!.]*.npz")) if folder.is_dir() else []:
        with np.load(path) as data:
            keys, counts, vectors = data["keys"], data["counts"], data["vectors"]
        for key, end, count in zip(keys, np.cumsum(counts), counts):
            found[str(key)] = vectors[end - count:end]
    return found


def clear(folder: Path) -> None:
    """Forget the kept vectors (the sentence index now holds them), temporaries of killed runs included."""
    for path in folder.glob("*.npz") if folder.is_dir() else []:  # pathlib's * matches hidden names too
        path.unlink(missing_ok=True)
