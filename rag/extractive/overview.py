"""The answer to a vague period question ("what happened in 2024?", "what happened on January 3, 2020?"): a short
overview from that period's documents instead of a refusal, the sentences about an asked day first.
"""

from __future__ import annotations

import numpy as np

from rag.dates import date_weekdays, day_asked
from rag.extractive.candidates import Candidate
from rag.extractive.question import Query

OVERVIEW_DOCS = 3  # documents a "what happened in 2024" overview draws a sentence from


def overview(query: Query, cands: list[Candidate], s_vecs: np.ndarray) -> list[int]:
    """A short overview for a vague question ("what happened in 2024"): from each of the period's documents
    (best retrieved first), its lede — the first full sentence of its opening passage, where news sums the story
    up — or, when the opening was not retrieved, its most central sentence (closest to all the period says)."""
    window = [i for i, c in enumerate(cands) if not c.leans and (not query.years or c.date[:4] in query.years)]
    if not window:
        return []
    centre = s_vecs[window].mean(axis=0)
    by_doc: dict[str, list[int]] = {}
    for i in window:
        by_doc.setdefault(cands[i].source, []).append(i)
    docs = sorted(by_doc, key=lambda d: min(cands[i].n for i in by_doc[d]))[:OVERVIEW_DOCS]
    chosen = on_the_day(query, cands, window)
    for d in docs:
        if any(cands[i].source == d for i in chosen):
            continue
        opening = [i for i in by_doc[d] if cands[i].part == 0 and len(cands[i].text.split()) >= 12]
        chosen.append(min(opening, key=lambda i: cands[i].position) if opening
                      else max(by_doc[d], key=lambda i: float(s_vecs[i] @ centre)))
    return chosen


def on_the_day(query: Query, cands: list[Candidate], window: list[int]) -> list[int]:
    """"What happened on January 3, 2020?": the sentences that name that day, or a weekday that was that day by
    their report's date ("on Thursday" in Friday's paper), come before the period's overview (the first of each
    document)."""
    named = day_asked(query.text)
    if named is None:
        return []
    out: dict[str, int] = {}
    for i in window:
        if named.search(date_weekdays(cands[i].text, cands[i].date)):
            out.setdefault(cands[i].source, i)
    return list(out.values())[:OVERVIEW_DOCS]
