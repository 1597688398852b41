"""BM25 keyword search (bm25s), derived from the store and cached on disk by the store's revision.

Tokens fold case, punctuation, possessives and thousands separators, drop stopwords and are Snowball-stemmed.
A query word the corpus never uses is expanded to close spellings that it does use ("soliemani" ->
"soleimani", "suleimani"), so typos and transliteration variants still match.
"""

from __future__ import annotations

import difflib
import functools
import json
import shutil
import threading
from pathlib import Path

from rag.models import Hit, Passage
from rag.text import STOPWORDS, words

_lock = threading.Lock()


def _bm25s():
    """bm25s, with the DEBUG level it sets on its own logger put back to WARNING."""
    import logging

    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


@functools.lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """BM25 tokens of text: folded words, no stopwords, stemmed."""
    kept = [w for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(kept)


class KeywordIndex:
    """BM25 over a fixed list of passages."""

    def __init__(self, passages: list[Passage], retriever) -> None:
        self.passages = passages
        self.retriever = retriever
        self.vocab = set(retriever.vocab_dict) if retriever is not None else set()
        self._vocab_list = sorted(self.vocab)

    @classmethod
    def build(cls, passages: list[Passage]) -> "KeywordIndex":
        bm25s = _bm25s()
        if not passages:
            return cls([], None)
        retriever = bm25s.BM25()
        retriever.index([tokenize(f"{p.title}\n{p.text}") or ["_"] for p in passages], show_progress=False)
        return cls(passages, retriever)

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        self.retriever.save(str(tmp))
        (tmp / "passages.json").write_text(json.dumps([p.__dict__ for p in self.passages]))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> "KeywordIndex":
        bm25s = _bm25s()
        passages = [Passage(**row) for row in json.loads((folder / "passages.json").read_text())]
        return cls(passages, bm25s.BM25.load(str(folder)))

    def expand(self, tokens: list[str]) -> list[str]:
        """Keep tokens the corpus knows; replace unknown ones by the corpus's closest spellings."""
        out: list[str] = []
        for token in tokens:
            if token in self.vocab:
                out.append(token)
            elif len(token) >= 5 and not token.isdigit():
                out += difflib.get_close_matches(token, self._vocab_list, n=2, cutoff=0.8)
        return out

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[Hit]:
        """Best-first BM25 hits with a positive score; `allowed` limits them to those chunk ids (filters)."""
        if self.retriever is None:
            return []
        tokens = self.expand(tokenize(query))
        if not tokens:
            return []
        n = len(self.passages)
        ids, scores = self.retriever.retrieve([tokens], k=n, show_progress=False)
        hits: list[Hit] = []
        for idx, score in zip(ids[0], scores[0]):
            passage = self.passages[int(idx)]
            if score <= 0 or (allowed is not None and passage.chunk_id not in allowed):
                continue
            hits.append(Hit(passage, score=float(score), rank=len(hits) + 1, scores={"bm25": float(score)}))
            if len(hits) >= k:
                break
        return hits


_memory: dict[tuple[str, str], KeywordIndex] = {}


def keyword_index(store, cache_dir: Path) -> KeywordIndex:
    """The BM25 index for the store's current revision: from memory, else disk, else rebuilt from the store."""
    key = (str(cache_dir), store.revision)
    with _lock:
        if key in _memory:
            return _memory[key]
        folder = cache_dir / f"bm25-{store.settings.collection}-{store.revision}"
        try:
            index = KeywordIndex.load(folder)
        except (OSError, ValueError, KeyError, TypeError):
            index = KeywordIndex.build(store.all_passages())
            if index.retriever is not None:
                for old in cache_dir.glob(f"bm25-{store.settings.collection}-*"):
                    shutil.rmtree(old, ignore_errors=True)
                index.save(folder)
        _memory.clear()
        _memory[key] = index
        return index
