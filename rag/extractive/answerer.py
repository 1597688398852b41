"""question + passages -> cited answer text, from the passages' own sentences.

Steps: candidates (tidied sentences) -> question analysis -> scores -> selection -> lead line -> composition.
A fault in any step is a bug, but never the reader's problem: it is logged with its traceback and the answer
falls back to the plainly best sentences, cited.
"""

from __future__ import annotations

import logging

import numpy as np

from rag.embed import Embedder
from rag.extractive.asked import still_undone
from rag.extractive.candidates import Candidate, candidates, spelled_as_asked
from rag.extractive.compose import compose
from rag.extractive.lead import lead
from rag.extractive.overview import lede
from rag.extractive.question import Query
from rag.extractive.select import FLOOR, MAX_SENTENCES, score_sentences, select
from rag.extractive.terms import terms_of
from rag.extractive.titled import titled_as_asked
from rag.prompt import REFUSAL, PromptPassage
from rag.text import spell_out

log = logging.getLogger(__name__)
UNDONE = f"{REFUSAL[:-1]}: when reported, it had not happened yet."


class ExtractiveAnswerer:
    """Composes answers with the shared embedding model; deterministic, and it never follows passage text."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def answer(self, question: str, passages: list[PromptPassage]) -> str:
        question = spell_out(question)  # "how many ppl", "the Iraqi PM", "Jan 3": read as reports write them
        titled = titled_as_asked(question, passages)
        cands = candidates(titled)
        if not cands or not question.strip():
            return REFUSAL
        vecs = self.embedder.encode([question] + [c.text for c in cands])
        q_vec, s_vecs = vecs[0], vecs[1:]
        try:
            cands = spelled_as_asked(cands, terms_of(question))
            query = Query.of(question, cands, len(passages))
            chosen = select(query, cands, score_sentences(query, cands, q_vec, s_vecs), s_vecs, q_vec)
            if not chosen and len(titled) < len(passages):  # the question named the report by its title: its
                first = lede(cands, list(range(len(cands))))  # date answers, told with its lede (else
                chosen = [first if first is not None else int(np.argmax(s_vecs @ q_vec))]  # its closest sentence)
        except Exception:  # a bug in the rules must not cost the reader an answer
            log.exception("offline answerer: selection failed for %r; using the plainly best sentences", question)
            return plain_answer(cands, q_vec, s_vecs)
        undone = [i for i in chosen if still_undone(query, cands[i])]  # the sentence that tells the asked act
        if undone:  # had not happened yet, whichever chosen one it is (another may only name the people involved)
            return compose(cands, undone[:1], UNDONE)
        try:
            first = lead(query, cands, chosen)
        except Exception:
            log.exception("offline answerer: lead line failed for %r", question)
            first = ""
        return compose(cands, chosen, first, by_day=query.report_date)


def plain_answer(cands: list[Candidate], q_vec: np.ndarray, s_vecs: np.ndarray) -> str:
    """The few sentences most similar to the question, cited: the answer when the rules fail."""
    sims = s_vecs @ q_vec
    order = [int(i) for i in np.argsort(-sims)[:MAX_SENTENCES - 1] if sims[i] >= FLOOR]
    return compose(cands, order)
