"""BM25 keyword search (bm25s), built from the store's passages by `rag index` and memory-mapped at question time,
with each sentence's words beside it for the words-together ranking (rag/terms_together.py).

Tokens fold case, punctuation, possessives and thousands separators, drop stopwords and are Snowball-stemmed.
A query word the corpus never uses is expanded to close spellings that it does use ("soliemani" ->
"soleimani", "suleimani"), so typos and transliteration variants still match.
"""

from __future__ import annotations

import difflib
import re
import functools
import json
from pathlib import Path
from typing import Sequence

import numpy as np

from rag.derived import load_current
from rag.models import Hit, Passage
from rag.passage_table import PassageTable
from rag.terms_together import TermsTogether
from rag.text import STOPWORDS, initials, words


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


def close_matches(word: str, vocabulary: Sequence[str], n: int, cutoff: float) -> list[str]:
    """difflib.get_close_matches(word, vocabulary, n, cutoff), without comparing `word` to every word.

    difflib alone scans the whole vocabulary per word: 70 ms of a 90 ms retrieval on a 2,000-passage folder. Its
    ratio counts matching blocks, which form a common subsequence, so it is never above rapidfuzz's Indel ratio
    (the longest common subsequence): rapidfuzz (C++) keeps the words that can reach the cutoff, and difflib picks
    among those exactly as before."""
    from rapidfuzz import fuzz, process

    near = [m[0] for m in process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff * 100 - 1e-6,
                                          limit=None)]
    return difflib.get_close_matches(word, near, n=n, cutoff=cutoff)


@functools.lru_cache(maxsize=4096)
def english_lemmas(word: str) -> frozenset[str]:
    """The word's lemmas in lemminflect's English lexicon ("spokesmen" -> spokesman); none for a misspelling or
    a name the lexicon lacks ("withdrawl", "soliemani", "baghdad")."""
    from lemminflect import getAllLemmas

    return frozenset(lemma for lemmas in getAllLemmas(word).values() for lemma in lemmas)


COMMON_SHARE = 0.6  # a word this share of passages holds names what the corpus is about, not a topic in it
ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")  # two letters ("US", "UN") stand for too many things
SPELLED_AMONG = 30
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:of|and|for|the)\s+)*[A-Z][a-z]+){2,7}\b")


def written_out(acronym: str, text: str) -> str:
    """The run of capitalised words in `text` whose initials are `acronym` ("Islamic State of Iraq and Syria"
    for ISIS, "Popular Mobilization Forces" for PMF), or ""."""
    for m in _CAPITALISED_RUN.finditer(text):
        words = m.group().split()
        for start in range(len(words)):
            for end in range(len(words), start, -1):
                part = words[start:end]
                if part[0][0].isupper() and part[-1][0].isupper() and initials(part) == acronym.lower():
                    return " ".join(part)
    return ""


def typo_matches(word: str, vocabulary: Sequence[str], n: int, cutoff: float) -> list[str]:
    """close_matches that differ from `word` in length by at most one letter, as a typo or a transliteration
    does ("withdrawl", "Suleimani"). Two letters more or less make another word, not a misspelling of this one:
    "spreading" is not "reading", "spokeswoman" is not "spokesman"."""
    return [m for m in close_matches(word, vocabulary, n=n + 2, cutoff=cutoff) if abs(len(m) - len(word)) <= 1][:n]


class KeywordIndex:
    """BM25 over a fixed list of passages."""

    def __init__(self, passages: Sequence[Passage], retriever, surface: list[str] | None = None,
                 together: TermsTogether | None = None) -> None:
        self.passages = PassageTable.of(passages)
        self.retriever = retriever
        self.together = together  # each sentence's words, for `together_hits` (rag/terms_together.py)
        self.vocab = set(retriever.vocab_dict) if retriever is not None else set()
        self._vocab_list = sorted(self.vocab)
        if surface is None:  # saved with the index, so loading does not re-read every passage's words
            surface = sorted({w for p in passages for w in words(f"{p.title} {p.text}") if len(w) >= 5})
        self.surface = surface
        self._surface_set = set(self.surface)

    def correct(self, question: str) -> str:
        """The question with misspelt words (5+ letters, unknown to the corpus) replaced by the corpus's closest
        spelling, if one is close enough (similarity >= 0.85): "soliemani" -> "soleimani", "withdrawl" ->
        "withdrawal". Names the corpus lacks ("Saudi"), words it knows in another form and words with letters
        outside English ("demandé") stay as they are, and so do English words the corpus happens not to use: "in
        early January" is not "in nearly January"."""
        def fix(m: re.Match) -> str:
            word = m.group(0)
            low = word.lower()
            if (len(low) < 5 or not low.isascii() or low in self._surface_set or low in STOPWORDS
                    or set(tokenize(low)) <= self.vocab or not self._in_another_form(low)):
                return word  # known, if in another form ("demand" where the corpus says "demands"), or not English
            match = typo_matches(low, self.surface, n=1, cutoff=0.85)
            if not match:
                return word
            return match[0].capitalize() if word[:1].isupper() else match[0]  # "Russia" -> "Russian", not "russian"
        return re.sub(r"[^\W\d_]+", fix, question)

    def _in_another_form(self, word: str) -> bool:
        """The word is no English word (a misspelling, a name), or one whose lemma the corpus writes: "spokesmen"
        where the corpus says "spokesman"; an English word the corpus lacks ("early") is no typo of another."""
        lemmas = english_lemmas(word)
        return not lemmas or any(lemma != word and set(tokenize(lemma)) <= self.vocab for lemma in lemmas)

    def spelled_out(self, question: str) -> str:
        """The question with each acronym of three or more letters followed by the name the corpus writes it as:
        "what is the PMF?" -> "what is the PMF (Popular Mobilization Forces)?". Why: news spells an acronym out
        once and then uses either form, so the passage that says what the PMF is may never write "PMF". The name
        comes from the passages BM25 finds for the acronym (the first SPELLED_AMONG: a passage that writes it often
        ranks above the one that spells it out once): a run of capitalised words with its initials."""
        out = question
        for acronym in dict.fromkeys(ACRONYM.findall(question)):
            found = (written_out(acronym, h.passage.text) for h in self.search(acronym, SPELLED_AMONG))
            name = next((n for n in found if n), "")
            if name and name.lower() not in question.lower():
                out = re.sub(rf"\b{acronym}\b", f"{acronym} ({name})", out, count=1)
        return out

    @classmethod
    def build(cls, passages: list[Passage]) -> "KeywordIndex":
        bm25s = _bm25s()
        if not passages:
            return cls([], None)
        retriever = bm25s.BM25()
        retriever.index([tokenize(f"{p.title}\n{p.text}") or ["_"] for p in passages], show_progress=False)
        return cls(passages, retriever, together=TermsTogether.build(passages, retriever.vocab_dict, tokenize))

    def write(self, folder: Path) -> None:
        """Write into `folder` (a temporary one: rag.derived.save_atomic renames it into place)."""
        if self.retriever is not None:
            self.retriever.save(str(folder), show_progress=False)
        if self.together is not None:
            self.together.write(folder)
        self.passages.write(folder)
        (folder / "surface.json").write_text(json.dumps(self.surface))

    @classmethod
    def load(cls, folder: Path) -> "KeywordIndex":
        """Read a saved index; the BM25 score matrix and the passage text are memory-mapped, so loading is quick at
        any size."""
        bm25s = _bm25s()
        passages = PassageTable.load(folder)
        surface = json.loads((folder / "surface.json").read_text())
        retriever = bm25s.BM25.load(str(folder), mmap=True) if passages else None
        together = TermsTogether.load(folder, len(passages)) if passages else None
        return cls(passages, retriever, surface, together)

    def expand(self, tokens: list[str]) -> list[str]:
        """Keep tokens the corpus knows; replace unknown ones by the corpus's closest spellings; add the other
        spellings of long known words, which are mostly names written two ways (Suleimani / Soleimani)."""
        out: list[str] = []
        for token in tokens:
            if token.isdigit():
                out += [token] if token in self.vocab else []
            elif token in self.vocab:
                out.append(token)
                if len(token) >= 7:
                    out += [v for v in typo_matches(token, self._vocab_list, n=3, cutoff=0.85) if v != token]
            elif len(token) >= 5:
                out += typo_matches(token, self._vocab_list, n=2, cutoff=0.8)
        return out

    def terms(self, query: str) -> list[str]:
        """The query's tokens as the corpus spells them (see `expand`): what `search` and `together_hits` look for."""
        return self.expand(tokenize(query)) if self.retriever is not None else []

    def search(self, query: str, k: int, allowed: np.ndarray | None = None,
               tokens: list[str] | None = None) -> list[Hit]:
        """Best-first BM25 hits with a positive score; `allowed` limits them to those rows of `passages`
        (filters). `tokens`: the query's `terms`, when the caller has them already (they cost a fuzzy lookup)."""
        if self.retriever is None:
            return []
        tokens = self.terms(query) if tokens is None else tokens
        if not tokens:
            return []
        n = len(self.passages)
        mask = None  # the filters as weights (0 = not allowed), so bm25s returns only the k best allowed
        if allowed is not None:
            mask = np.zeros(n, dtype=np.float32)
            mask[allowed] = 1.0
        ids, scores = self.retriever.retrieve([tokens], k=min(k, n), show_progress=False, weight_mask=mask)
        hits: list[Hit] = []
        for idx, score in zip(ids[0], scores[0]):
            if score <= 0 or (mask is not None and not mask[int(idx)]):
                continue
            passage = self.passages[int(idx)]
            hits.append(Hit(passage, score=float(score), rank=len(hits) + 1, scores={"bm25": float(score)}))
            if len(hits) >= k:
                break
        return hits

    def common(self, word: str) -> bool:
        """Most passages hold the word (COMMON_SHARE of them: "Iraq" in reports on Iraq): it tells no topic."""
        if self.retriever is None or not self.passages:
            return False
        vocab, indptr = self.retriever.vocab_dict, self.retriever.scores["indptr"]
        ids = [vocab.get(t) for t in tokenize(word)]
        return bool(ids) and all(i is not None and indptr[i + 1] - indptr[i] >= COMMON_SHARE * len(self.passages)
                                 for i in ids)

    def together_hits(self, tokens: list[str], passages: Sequence[Passage]) -> list[Hit]:
        """`passages` (candidates of this index) best first by their best sentence: the summed inverse document
        frequency of the `tokens` it holds (rag/terms_together.py); those holding none are left out, and ties keep
        the order of `passages` (the caller's dense ranking first: words alone do not tell tied passages apart)."""
        if self.together is None or not tokens:
            return []
        vocab, indptr, n = self.retriever.vocab_dict, self.retriever.scores["indptr"], len(self.passages)
        ids = np.asarray(sorted({vocab[t] for t in tokens if t in vocab}), dtype=np.int64)
        df = (indptr[ids + 1] - indptr[ids]).astype(np.float64)  # passages holding each word: its column's length
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))  # BM25's (Lucene's) inverse document frequency
        unique = list({p.chunk_id: p for p in passages}.values())
        rows = [self.passages.row_of(p.chunk_id) for p in unique]
        kept = [(p, r) for p, r in zip(unique, rows) if r is not None]
        scores = self.together.best([r for _, r in kept], ids, idf)
        order = sorted(range(len(kept)), key=lambda i: -scores[i])  # ties keep the order given (dense first)
        return [Hit(kept[i][0], score=float(scores[i]), scores={"together": float(scores[i])})
                for i in order if scores[i] > 0]


def index_name(collection: str) -> str:
    """The name of the BM25 index's folders in the cache dir."""
    return f"bm25-{collection}"


def keyword_index(store, cache_dir: Path) -> KeywordIndex | None:
    """The BM25 index `rag index` built for the store's current revision, or None when there is none."""
    return load_current(cache_dir, index_name(store.settings.collection), store.revision, KeywordIndex.load)
