"""The answer to a vague period question ("what happened in 2024?", "what happened on January 3, 2020?"): a short
overview from that period's documents instead of a refusal, the sentences about an asked day first.
"""

from __future__ import annotations

import re

import numpy as np

from rag.dates import date_weekdays, day_asked, month_asked, of_month
from rag.extractive.candidates import Candidate
from rag.extractive.question import WHAT_HAPPENED, Query
from rag.extractive.terms import told

OVERVIEW_DOCS = 3  # documents a "what happened in 2024" overview draws a sentence from
TOPIC_SENTENCES = 3  # what a "tell me about the vote" answer tells of its topic from the best sentence's passage


def overview(query: Query, cands: list[Candidate], s_vecs: np.ndarray) -> list[int]:
    """A short overview for a vague question ("what happened in 2024"): from each of the period's documents
    (best retrieved first), its lede — the first full sentence of its opening passage, where news sums the story
    up — or, when the opening was not retrieved, its most central sentence (closest to all the period says). A
    month asked keeps the sentences of that month; none, and the documents don't say."""
    window = [i for i, c in enumerate(cands) if not c.leans and (not query.years or c.date[:4] in query.years)]
    month = month_asked(query.text)
    if month:  # "what happened in March 2024?" from January's reports would tell another month: none of them
        window = [i for i in window if of_month(cands[i].text, cands[i].date, *month)]
    if not window:
        return []
    centre = s_vecs[window].mean(axis=0)
    by_doc: dict[str, list[int]] = {}
    for i in window:
        by_doc.setdefault(cands[i].source, []).append(i)
    ranked = sorted(by_doc, key=lambda d: min(cands[i].n for i in by_doc[d]))
    first_of_year = {}  # "what changed between 2020 and 2024?": each asked year's best report, then the best others
    for d in ranked:
        first_of_year.setdefault(cands[by_doc[d][0]].date[:4], d)
    docs = [d for d in ranked if len(query.years) < 2 or d in first_of_year.values()]
    docs = (docs + [d for d in ranked if d not in docs])[:max(OVERVIEW_DOCS, len(query.years))]
    chosen = on_the_day(query, cands, window)
    for d in docs:
        if any(cands[i].source == d for i in chosen):
            continue
        first = lede(cands, by_doc[d])
        chosen.append(first if first is not None else max(by_doc[d], key=lambda i: float(s_vecs[i] @ centre)))
    return chosen


def lede(cands: list[Candidate], among: list[int]) -> int | None:
    """The first full sentence of a report's opening passage among `among` (news sums the story up there), or
    None when its opening was not retrieved."""
    opening = [i for i in among if cands[i].part == 0 and not cands[i].leans and len(cands[i].text.split()) >= 12]
    return min(opening, key=lambda i: cands[i].position) if opening else None


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


# "tell me about the vote", "what do the reports say about the committee": a topic, not one fact, is asked about
_ABOUT = re.compile(r"^\s*(?:(?:can you |could you |please )?(?:tell|show) me (?:more |everything |all )?about|"
                    r"what (?:do|does|did) (?:we|you|the (?:documents?|reports?|articles?|texts?|news)) (?:know|say|"
                    r"tell) about|what about|(?:explain|describe|summari[sz]e)\b|info(?:rmation)? (?:on|about))", re.I)


def told_beside(query: Query, matter: set[str], cands: list[Candidate], chosen: list[int]) -> list[int]:
    """A reader who asks about a topic ("tell me about the vote") wants what the report tells of it, not its one
    closest line: the sentences beside the best one in its passage that tell the same matter (in news's other
    words too: "lawmakers adopted a resolution" tells the vote) come with it, in the passage's order."""
    if not chosen or not matter or not _ABOUT.match(query.text):
        return []
    after = {c.antecedent: i for i, c in enumerate(cands) if c.antecedent is not None}  # neighbours by document
    near, back, ahead = [], cands[chosen[0]].antecedent, after.get(chosen[0])  # order (passages overlap)
    for _ in range(2):
        near += [i for i in (back, ahead) if i is not None]
        back = cands[back].antecedent if back is not None else None
        ahead = after.get(ahead) if ahead is not None else None
    telling = [i for i in near if i not in chosen and not cands[i].leans
               and any(told(t, cands[i].terms) for t in matter)]
    return telling[:TOPIC_SENTENCES - 1]


# news refers back to an event it has just told with a definite noun: "claimed responsibility for the atrocities"
_BACK_TO_EVENT = re.compile(r"\b(?:the|these|those|this|that)\s+(?:attacks?|atrocit(?:y|ies)|blasts?|explosions?|"
                            r"bombings?|strikes?|incidents?|killings?|assaults?|massacres?|shootings?|raids?|"
                            r"violence|deaths)\b", re.I)


def event_continued(query: Query, cands: list[Candidate], chosen: list[int]) -> list[int]:
    """"What happened on the anniversary?": the best sentence tells the event ("two explosions occurred at a
    memorial"); the report's next sentence, when it refers back to that event ("ISIS claimed responsibility for
    the atrocities"), tells who did it or what came of it, which a reader asking what happened wants too, though
    it shares none of the question's words."""
    if not chosen or query.vague or not WHAT_HAPPENED.match(query.text):
        return []
    ahead = next((i for i, c in enumerate(cands) if c.antecedent == chosen[0]), None)
    if ahead is None or ahead in chosen or cands[ahead].leans or not _BACK_TO_EVENT.search(cands[ahead].text):
        return []
    return [ahead]
