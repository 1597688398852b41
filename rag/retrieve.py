"""Question -> the passages the answerer sees.

dense (Chroma) + BM25 + best-sentence similarity and the question's words together in one sentence
(rag/terms_together.py) over their candidates (+ the previous answer's passages for a follow-up)
-> reciprocal rank fusion (over a mapping name -> ranking, so a new signal is one entry) -> optional cross-encoder rerank -> diversity -> top k.
Each Hit keeps its dense cosine similarity as `score` (comparable across questions, so it can be
thresholded) and every stage's score in `scores`; the order is the fused (or reranked) order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from rag.dates import own_years, period_bound, period_only, years_asked_with_later, years_in
from rag.embed import get_embedder
from rag.episodes import episodes, points_at_episodes, with_episodes
from rag.errors import BadInputError
from rag.holders import holders
from rag.keyword import KeywordIndex, keyword_index
from rag.models import Hit, Passage
from rag.passage_table import PassageTable
from rag.sentence_index import SentenceIndex, sentence_index
from rag.settings import Settings
from rag.store import PassageStore, where_filter
from rag.text import content_words, spelled_beside

RRF_K = 20  # small k: a clear first place in one ranker (an exact BM25 phrase) still counts; 60 flattens ranks 1-10
PRIOR_WEIGHT = 0.25  # a hint: the follow-up's own evidence comes first
DOC_DISCOUNT = 0.96  # each further passage from one document counts this much less when choosing the k
OPENINGS_WEIGHT = 3.0  # for "what happened in 2024?" the other rankers have little to go on
HOLDERS_WEIGHT = 1.0  # "who is the prime minister?": passages naming someone beside the title, one ranker's vote
MAX_QUERY_CHARS = 1000
WARM_UP_QUESTION = "What did offcials say about the warm-up?"  # misspelt: spelling correction loads on first use


@dataclass(frozen=True)
class Filters:
    """Limits on which passages may be retrieved (all optional; dates are ISO yyyy-mm-dd)."""

    source: str | None = None
    since: str | None = None
    until: str | None = None

    @classmethod
    def parse(cls, source: str | None = None, since: str | None = None, until: str | None = None,
              names: tuple[str, str] = ("since", "until")) -> "Filters":
        """Filters from what a reader typed (CLI flags, API fields): a date may be YYYY, YYYY-MM or YYYY-MM-DD
        and means the whole period; anything else is a plain BadInputError, never a silent empty match."""
        bounds = []
        for value, name, end in ((since, names[0], False), (until, names[1], True)):
            try:
                bounds.append(period_bound(value, end) if value and value.strip() else None)
            except ValueError:
                raise BadInputError(f"{name} {value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY.") from None
        if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
            raise BadInputError(f"{names[0]} {since} is after {names[1]} {until}; no document can match both.")
        return cls(source=(source or "").strip() or None, since=bounds[0], until=bounds[1])

    def admits(self, p: Passage) -> bool:
        return self.admits_doc(p.source, p.date)

    def admits_doc(self, source: str, date: str | None) -> bool:
        """Filters only look at what a passage shares with its whole document."""
        if self.source and source != self.source:
            return False
        if (self.since or self.until) and not date:
            return False
        if self.since and date < self.since:
            return False
        return not (self.until and date > self.until)

    @property
    def active(self) -> bool:
        return bool(self.source or self.since or self.until)


@dataclass(frozen=True)
class Retrieval:
    hits: list[Hit]  # what the answerer gets, best first
    query: str  # the text actually searched for (truncated, misspellings corrected)
    truncated: bool = False
    candidates: list[Hit] = field(default_factory=list)  # everything fused, before the cut
    notices: tuple[str, ...] = ()  # e.g. the saved keyword / sentence indexes are missing (see Retriever.indexes)


class Ranking(NamedTuple):
    """One ranker's hits, best first, and how much its vote counts in fusion."""

    hits: Sequence[Hit]
    weight: float = 1.0


def rrf(rankings: Mapping[str, Ranking], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: chunk ids ordered by sum(weight / (k + rank)) over the named rankings. A new
    signal is one more entry in the mapping."""
    scores: dict[str, float] = {}
    for ranking in rankings.values():
        for rank, hit in enumerate(ranking.hits, 1):
            scores[hit.passage.chunk_id] = scores.get(hit.passage.chunk_id, 0.0) + ranking.weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


@functools.lru_cache(maxsize=8192)
def _terms(text: str) -> frozenset[str]:
    """A passage's content words, cached: diversify needs them for every candidate of every question, and
    tokenizing ~60 passages per question was a third of warm retrieval time on 2,000 passages."""
    return frozenset(content_words(text))


def diversify(hits: list[Hit], k: int, same_doc: float = DOC_DISCOUNT, max_overlap: float = 0.6) -> list[Hit]:
    """Pick k hits greedily by fused score, discounting a hit by `same_doc` for each passage of its document
    already picked (so other documents get a fair chance without a hard cap) and skipping near-duplicates."""
    pool = [h for h in hits]
    chosen: list[Hit] = []
    seen: list[set[str]] = []
    per: dict[str, int] = {}
    while pool and len(chosen) < k:
        best = max(pool, key=lambda h: h.scores.get("rerank", h.scores.get("rrf", h.score))
                   * same_doc ** per.get(h.passage.doc_id, 0))
        pool.remove(best)
        t = _terms(best.passage.text)  # only for the hits it picks or skips: a few, not every candidate
        if any(len(t & s) / max(1, min(len(t), len(s))) > max_overlap for s in seen):
            continue
        chosen.append(best)
        seen.append(t)
        per[best.passage.doc_id] = per.get(best.passage.doc_id, 0) + 1
    return chosen


def of_year(p: Passage, year: str) -> int:
    """2 when the passage's document is of the year or recalls it ("since October" in a January 2024 report is
    2023), 1 when it only names it (a 2024 report on what happened in 2020), else 0."""
    if year in own_years(p.text, p.date):
        return 2
    return 1 if year in years_in(p.text) else 0


def by_period(fused: list[Hit], k: int, years: set[str]) -> list[Hit]:
    """The k passages for a question that names years: passages of those years first (another period's passage
    answers another question, however close its words), each named year getting its share of the k ("who was
    PM in 2020 and in 2024?"), the best-ranked year first; other passages only fill what the years leave open."""
    if not years:
        return diversify(fused, k)
    tier = {(i, y): of_year(h.passage, y) for i, h in enumerate(fused) for y in years}  # once per hit and year
    order = sorted({y for y in years if any(tier[i, y] for i in range(len(fused)))},  # ties by year: the same
                   key=lambda y: (next(i for i in range(len(fused)) if tier[i, y]), y))  # order in every process
    taken: set[int] = set()
    for n, year in enumerate(order):
        share = -(-(k - len(taken)) // (len(order) - n))  # the best-ranked year gets the odd one
        start = len(taken)
        for level in (2, 1):  # a year's own reports first, then others that name it
            pool = [i for i in range(len(fused)) if i not in taken and tier[i, year] == level]
            taken |= _picked(fused, pool, share - (len(taken) - start))
    if len(taken) < k:
        taken |= _picked(fused, [i for i in range(len(fused)) if i not in taken], k - len(taken))
    return [fused[i] for i in sorted(taken)]


def _picked(fused: list[Hit], pool: list[int], k: int) -> set[int]:
    """Positions in `fused` of the hits `diversify` picks among those at `pool`."""
    ids = {h.passage.chunk_id for h in diversify([fused[i] for i in pool], k)}
    return {i for i in pool if fused[i].passage.chunk_id in ids}


@functools.lru_cache(maxsize=2)
def _cross_encoder(name: str):
    from sentence_transformers import CrossEncoder

    from rag.embed import resolve_model

    return CrossEncoder(resolve_model(name), device="cpu")


class Retriever:
    """Finds evidence for a question in one store. Build once, reuse: models and indexes load lazily."""

    def __init__(self, settings: Settings, store: PassageStore | None = None) -> None:
        self.settings = settings
        self._store = store
        self.embedder = get_embedder(settings.embed_model)

    @property
    def store(self) -> PassageStore:
        if self._store is None:
            self._store = PassageStore(self.settings)
        return self._store

    def indexes(self) -> tuple[KeywordIndex, SentenceIndex | None, tuple[str, ...]]:
        """The BM25 and sentence indexes `rag index` saved for the store's current revision, and notices.

        They are only ever loaded here, never built: building them at question time took longer than 30 minutes
        on a big folder. When they are missing (an index built by an older version, or a `rag index` that was
        stopped) the question is answered from what there is - vector search at least - and the notice says
        to run `rag index`."""
        cache = self.settings.cache_dir
        kw = keyword_index(self.store, cache)
        by_sentence = sentence_index(self.store, cache, self.embedder, kw.passages if kw is not None else None)
        notices: tuple[str, ...] = ()
        if kw is None or by_sentence is None:
            missing = " and ".join(n for n, i in (("keyword", kw), ("sentence", by_sentence)) if i is None)
            notices = (f"The {missing} index of this data folder is missing or out of date, so answers use "
                       "vector search without it; run `rag index` to rebuild it.",)
        if kw is None:
            kw = KeywordIndex(by_sentence.passages if by_sentence is not None else [], None, [])
        return kw, by_sentence, notices

    def with_episodes(self, question: str, filters: Filters | None = None) -> str:
        """The question with the years of the corpus's episodes written in when it points at them without
        naming one ("how do the two episodes compare?", "what happened?"; rag/episodes.py); the documents'
        dates are read only then. Unchanged otherwise, misspellings included (retrieval corrects them)."""
        kw, _, _ = self.indexes()
        corrected = kw.correct(question)
        if not kw.passages or not points_at_episodes(corrected, kw.common):
            return question
        runs = episodes(PassageTable.of(kw.passages).dates((filters or Filters()).admits_doc))
        return with_episodes(corrected, runs, kw.common)

    def warm_up(self) -> tuple[str, ...]:
        """Run one retrieval now, so the first question is as fast as the next: it loads the embedding model,
        the store's vector index (Chroma reads it on its first query: 0.12 s at 100k passages), the saved
        indexes, and the code each step imports on first use. Returns the notices of `indexes()`; raises the
        store's plain errors (nothing indexed, model changed)."""
        self.store.check_ready()
        return self.retrieve(WARM_UP_QUESTION).notices

    def retrieve(self, question: str, k: int | None = None, filters: Filters | None = None,
                 prior: Sequence[str] = ()) -> Retrieval:
        """The k best passages for the question, one more for each further year it asks about (with five, "in 2020
        and in 2024" left one year two passages, too few when its answer is not in its best two). `prior` holds
        chunk ids the previous answer cited: a follow-up often asks about the same passages, so they join the
        candidates with one ranking of their own (they still have to win their place)."""
        k = k or self.settings.top_k
        filters = filters or Filters()
        query = question.strip()
        truncated = len(query) > MAX_QUERY_CHARS
        if truncated:
            query = query[:MAX_QUERY_CHARS]
        n = self.settings.candidates
        kw, sentences, notices = self.indexes()
        if kw.passages:  # the saved index of this revision knows the store's size: no count per question (ms)
            self.store.check_model()
            total = len(kw.passages)
        else:
            total = self.store.check_ready()
        query = kw.correct(query)
        searched = kw.spelled_out(spelled_beside(query))  # the rankers also look for "the iraqi pm" as reports
        # write it, and for an acronym's name; the answer reads `query`
        qv = self.embedder.encode_one(searched)
        dense = self.store.query(qv, n, where_filter(filters.source, filters.since, filters.until), count=total)
        table = kw.passages  # every list below only when asked for: a loop over every passage grows with the corpus
        allowed = table.rows_where(filters.admits_doc) if filters.active else None
        tokens = kw.terms(searched)
        sparse = kw.search(searched, n, allowed, tokens)
        found = {h.passage.chunk_id for h in (*dense, *sparse)}  # both already within the filters
        by_sentence = sentences.search(qv, n, among=found) if sentences is not None else []
        asked_years = years_in(query)  # a year the question names has its own vote (below) and its share of the k
        together = kw.together_hits([t for t in tokens if t not in asked_years], [h.passage for h in (*dense, *sparse)])
        earlier = [Hit(p, 0.0) for p in map(table.__getitem__, sorted(set(table.rows_of(prior)))) if filters.admits(p)]
        period = period_only(query, kw.common)  # "what happened in 2024?": that year's stories, told by their openings
        openings = [Hit(table[int(i)], 0.0) for i in table.rows_where(
            lambda source, date: (date or "")[:4] in period and filters.admits_doc(source, date), openings_only=True)
        ] if period else []
        named = holders(query, {h.passage.chunk_id: h for h in (*dense, *sparse)}.values())  # "who is the PM?"
        fused = self._fuse({"dense": dense, "bm25": sparse, "sentence": by_sentence, "together": together}, qv,
                           asked_years,
                           {"openings": Ranking(openings, OPENINGS_WEIGHT), "earlier": Ranking(earlier, PRIOR_WEIGHT),
                            "holders": Ranking(named, HOLDERS_WEIGHT)})
        if self.settings.reranker and fused:
            fused = self._rerank(query, fused)
        years = years_asked_with_later(query, (h.passage.date for h in fused))  # "in 2020 and more recently"
        k += len(years) - 1 if len(years) > 1 else 0  # "in 2020 and in 2024": each year's share is a fair one
        hits = [replace(h, rank=i) for i, h in enumerate(by_period(fused, k, years), 1)]
        return Retrieval(hits=hits, query=query, truncated=truncated, candidates=fused, notices=notices)

    def _fuse(self, signals: Mapping[str, Sequence[Hit]], qv: np.ndarray, years: set[str] = frozenset(),
              votes: Mapping[str, Ranking] = {}) -> list[Hit]:
        """Fuse the rankers' lists (`signals`: name -> hits best first, one vote each; "dense" first) with
        `votes` (name -> candidate hits and a weight; each becomes a ranking ordered by dense similarity). Passages
        dated in a year the question names get one more vote. Each fused Hit keeps every
        signal's score under the signal's name."""
        by_id: dict[str, Hit] = {}
        for name in reversed(list(votes)):
            by_id.update({h.passage.chunk_id: h for h in votes[name].hits})
        for name in reversed(list(signals)):
            by_id.update({h.passage.chunk_id: h for h in signals[name]})
        signal_scores = {name: {h.passage.chunk_id: h.score for h in hits} for name, hits in signals.items()}
        dense_score = dict(signal_scores["dense"])
        missing = [cid for cid in by_id if cid not in dense_score]
        if missing:  # keyword-only hits still get a comparable cosine score, from their stored vectors
            stored = self.store.vectors(missing)
            unstored = [cid for cid in missing if cid not in stored]
            stored.update(zip(unstored, self.embedder.encode([by_id[cid].passage.text for cid in unstored])))
            dense_score.update({cid: float(stored[cid] @ qv) for cid in missing})
        rankings = {name: Ranking(hits) for name, hits in signals.items()}
        if years:  # time-aware: passages dated in a year the question names get one more vote
            in_year = [h for h in by_id.values() if h.passage.date and h.passage.date[:4] in years]
            rankings["years"] = Ranking(sorted(in_year, key=lambda h: -dense_score[h.passage.chunk_id]))
        for name, vote in votes.items():  # e.g. a period question's openings, a follow-up's earlier passages
            if vote.hits:
                rankings[name] = Ranking(sorted(vote.hits, key=lambda h: -dense_score[h.passage.chunk_id]),
                                         vote.weight)
        fused = []
        for rank, (cid, score) in enumerate(rrf(rankings), 1):
            scores = {"dense": dense_score[cid], "rrf": score}
            for name, by_cid in signal_scores.items():
                if name != "dense" and cid in by_cid:
                    scores[name] = by_cid[cid]
            fused.append(Hit(by_id[cid].passage, score=dense_score[cid], rank=rank, scores=scores))
        return fused

    def _rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        model = _cross_encoder(self.settings.reranker)
        logits = model.predict([(query, h.passage.text) for h in hits], show_progress_bar=False)
        order = np.argsort(-np.asarray(logits), kind="stable")
        return [replace(hits[i], scores={**hits[i].scores, "rerank": float(logits[i])}) for i in order]
