"""Which passages hold the question's words together in one sentence: a keyword signal beside BM25.

BM25 scores a passage by its words wherever they stand; a passage that answers often holds the question's rarer
words in one sentence ("American forces ... a violation of bilateral agreements" for "why did X say the Americans
were breaking the bilateral agreements?"), while a passage that only mentions each word somewhere ranks as high.
Each candidate passage is scored by its best sentence: the sum of the inverse document frequencies of the
question's words that sentence holds. Dense similarity favours passages about the question's topic; this favours
the one whose sentence says the asked thing, so fusion gets a second keyword vote where the words meet.

`rag index` stores each sentence's words as vocabulary ids of the BM25 index (built with it, saved beside it,
memory-mapped when loaded); a question only reads the few dozen candidate passages' rows: no tokenizing at
question time (that cost 10 ms a question for 60 passages).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from rag.models import Passage
from rag.text import sentence_spans

TOKENS, SENTENCES, PASSAGES = "together.tokens.npy", "together.sentences.npy", "together.passages.npy"


class TermsTogether:
    """The distinct vocabulary ids of every sentence of every passage, by passage row."""

    def __init__(self, tokens: np.ndarray, sentence_at: np.ndarray, passage_at: np.ndarray) -> None:
        self.tokens = tokens  # int32 ids, sentence after sentence
        self.sentence_at = sentence_at  # int64: where each sentence's ids start in `tokens` (one more at the end)
        self.passage_at = passage_at  # int64: each passage row's first sentence (one more at the end)

    @classmethod
    def build(cls, passages: Sequence[Passage], vocab: dict[str, int],
              tokenize: Callable[[str], list[str]]) -> "TermsTogether":
        tokens: list[int] = []
        sentence_at, passage_at = [0], [0]
        for p in passages:
            for start, end in sentence_spans(p.text):
                tokens += sorted({vocab[t] for t in tokenize(p.text[start:end]) if t in vocab})
                sentence_at.append(len(tokens))
            passage_at.append(len(sentence_at) - 1)
        return cls(np.asarray(tokens, dtype=np.int32), np.asarray(sentence_at, dtype=np.int64),
                   np.asarray(passage_at, dtype=np.int64))

    def write(self, folder: Path) -> None:
        for name, array in ((TOKENS, self.tokens), (SENTENCES, self.sentence_at), (PASSAGES, self.passage_at)):
            np.save(folder / name, array)

    @classmethod
    def load(cls, folder: Path, rows: int) -> "TermsTogether":
        """Read a saved one, memory-mapped; ValueError when it does not hold `rows` passages."""
        arrays = [np.load(folder / name, mmap_mode="r") for name in (TOKENS, SENTENCES, PASSAGES)]
        if len(arrays[2]) != rows + 1:
            raise ValueError(f"{folder}: the sentence words do not match the passages")
        return cls(*arrays)

    def best(self, rows: Sequence[int], ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """For each passage row, the largest sum of `weights` over the `ids` one of its sentences holds."""
        out = np.zeros(len(rows), dtype=np.float64)
        if not len(ids):
            return out
        order = np.argsort(ids)
        ids, weights = np.asarray(ids)[order], np.asarray(weights, dtype=np.float64)[order]
        for k, row in enumerate(rows):
            first, last = int(self.passage_at[row]), int(self.passage_at[row + 1])
            if last == first:
                continue
            bounds = np.asarray(self.sentence_at[first:last + 1]) - int(self.sentence_at[first])
            held = np.asarray(self.tokens[int(self.sentence_at[first]):int(self.sentence_at[last])])
            at = np.minimum(np.searchsorted(ids, held), len(ids) - 1)
            sums = np.concatenate(([0.0], np.cumsum(np.where(ids[at] == held, weights[at], 0.0))))
            out[k] = float(np.max(sums[bounds[1:]] - sums[bounds[:-1]]))
        # rounded: the same words summed in another order (bm25s numbers its vocabulary differently from one build
        # to the next) must tie exactly, or ties would fall one way on one index and the other way on a rebuild
        return np.round(out, 6)
