"""Which sentences answer the question: scored one by one, then chosen greedily for what they add.

Rules are about news text in general, never about one corpus: a sentence from another document must add a part
of the question the chosen ones leave open; another period's sentence comes only when the question asks for it
or names no time and that period answers it nearly as well; each actor and period the question names gets its
best sentence; a sentence that points back ("He added ...") brings the sentence it points at. What answers a
why-question (a named cause, someone's grounds) is in why.py.
"""

from __future__ import annotations

import re
from typing import Callable

import numpy as np

from rag.dates import DAY_MENTION, TIME_MENTION, own_years, years_in, years_told_of
from rag.extractive.candidates import Candidate, said_by_pronoun
from rag.extractive.asked import (answers_kind, counts_asked, in_period, matter_of, named_before, other_count,
                                  read_with_the_one_before, states_asked, states_the_answer, states_what_is_counted,
                                  with_the_answer)
from rag.extractive.roles import role_of
from rag.extractive.overview import event_continued, overview, told_beside
from rag.extractive.question import Query
from rag.extractive.states import (FATE_CUE, asks_what_was_said, coverage, reports_speaker, states_count, tells_the_fate,
                                   timing_the_act, voices_speaker)
from rag.extractive.why import gives_grounds, grounds, names_a_cause, provoked_by, restates
from rag.extractive.who import answers_who, describes, from_reports_that_name, names_who

FLOOR = 0.38  # below this no sentence is relevant enough to state
SPREAD = 0.25  # keep sentences within this of the best one
MAX_SENTENCES = 4
MAX_WITH_CONTEXT = 5  # with the antecedents that leaning sentences bring along
DUPLICATE = 0.82
EPISODE_SPREAD = 0.12  # how far below the best sentence another period's best may be and still be shown
PERIOD_COVERAGE = 0.75  # ... and it must cover the question nearly as well as the chosen sentences do
RESTATES = 0.15  # further bonus for the sentence after one that only restates the question ("X opposed it." -> why)
UNCOVERED = 0.4  # weight of the question terms no chosen sentence has yet, against all of its terms
DAY_CUE = 0.04  # a when-question's sentence that names the day of the act, against one with a vaguer time
ADJACENT = 0.10  # the sentence after a chosen one often finishes its thought ("... explosions. ISIS claimed ...")
TOPIC = 1 / 3 - 1e-9  # share of the best sentence's matched terms another document's sentence must share
LEANS = 0.10  # cost of a sentence that needs the one before it (which then comes along)


def score_sentences(query: Query, cands: list[Candidate], q_vec: np.ndarray, s_vecs: np.ndarray) -> np.ndarray:
    """Relevance of each candidate sentence to the question on its own (a leaning sentence names whom its
    antecedent names: "On the anniversary of his death" is about the man the sentence before names)."""
    return np.array([score(query, c, float(s_vecs[i] @ q_vec), coverage(query.terms, c.terms), named_with(cands, c))
                     for i, c in enumerate(cands)], dtype=np.float32)


def with_antecedent(cands: list[Candidate], c: Candidate) -> str:
    """The sentence's text, then the one it leans on, if it leans: a speaker named there speaks in it too."""
    return f"{c.text} {cands[c.antecedent].text}" if c.leans and c.antecedent is not None else c.text


def named_with(cands: list[Candidate], c: Candidate) -> set[str]:
    """Whom the sentence names, with its antecedent's names if it leans on one."""
    return c.names | cands[c.antecedent].names if c.leans and c.antecedent is not None else c.names


def score(query: Query, c: Candidate, semantic: float, covered: float, names: set[str]) -> float:
    """`names`: whom the sentence names, with its antecedent's (`named_with`)."""
    if not c.terms - query.terms:
        return 0.0  # it only says the question back: nothing in it answers
    cue = 0.0
    if query.kind == "why":
        cue += names_a_cause(query, c)
    if query.kind == "number":
        cue += 0.10 if states_count(c.text) else -0.10
    if query.kind == "when":
        cue += 0.08 if TIME_MENTION.search(c.text) else -0.05
        cue += DAY_CUE if DAY_MENTION.search(timing_the_act(query, c.text)) else 0.0  # "on January 3" beats
        # "earlier this month" (a day named for the act, not for someone's saying it)
    if query.kind == "who":
        cue += describes(query, c.text) if query.subject else answers_who(query, c.text)
    if tells_the_fate(query, c.text):
        cue += FATE_CUE
    if query.speaker and reports_speaker(query, c):
        cue += 0.12  # the question asks what someone said, and this sentence reports them saying it
    if query.years and c.date:  # the question names a year: prefer what documents of that year say (or recall)
        cue += 0.08 if query.years & own_years(c.text, c.date) else -0.08
    if query.years and query.years & years_in(c.text):
        cue += 0.08  # ... and above all sentences that name it
    if query.actors and not any(actor <= names for actor in query.actors):
        cue -= 0.06  # the question is about someone this sentence does not name
    if query.listed and not any(actor <= names for actor in query.listed):
        cue -= 0.06  # ... above all the ones it lists as its subjects ("why did Sunni and Kurdish lawmakers ...")
    if c.leans:  # "He said ..." needs the sentence before it, which then has to come along
        cue -= LEANS if c.antecedent is not None else 0.15
    rank_prior = 0.04 * (1 - (c.n - 1) / max(1, query.n_passages))
    return 0.62 * semantic + 0.38 * covered + cue + rank_prior


def described_by_role(query: Query, cands: list[Candidate], scores: np.ndarray, most: int = 2) -> list[int]:
    """The best sentences that write X with a role (any document: each is a description of its own), else the
    best sentence."""
    order = [int(i) for i in np.argsort(-scores) if scores[i] >= FLOOR]
    roles, seen = [], set()
    for i in order:
        role = role_of(query, cands[i].text).lower()
        if role and role not in seen and (not cands[i].leans or cands[i].antecedent is not None):
            roles.append(i)
            seen.add(role)
        if len(roles) == most:
            break
    return roles or order[:1]


def select(query: Query, cands: list[Candidate], scores: np.ndarray, s_vecs: np.ndarray, q_vec: np.ndarray,
           max_sentences: int = MAX_SENTENCES) -> list[int]:
    """Indices of the sentences to state: the best one, then greedily what adds most, then one for each actor
    and period the question names, then the antecedents that leaning sentences need."""
    if len(cands) == 0:
        return []
    if query.vague:
        return overview(query, cands, s_vecs)
    scores = read_with_the_one_before(query, cands, scores, FLOOR)
    if float(scores.max()) < FLOOR or not states_what_is_counted(query, cands, scores, FLOOR):
        return []
    allowed = in_period(query, cands, scores, FLOOR)
    scores = np.where(allowed, scores, 0.0).astype(scores.dtype)
    if not states_the_answer(query, cands, scores, FLOOR):
        return []  # "who sits on the committee?" and no relevant sentence names anyone: the documents don't say
    if asks_what_was_said(query) and not any(scores[i] >= FLOOR and voices_speaker(query, with_antecedent(cands, c))
                                             for i, c in enumerate(cands)):
        return []  # "what did Israel say about the withdrawal?" and no sentence has Israel saying anything
    if query.subject:  # "who is X?": the sentences that give X's role are the answer
        return with_antecedents(cands, described_by_role(query, cands, scores))
    chosen = greedy(query, cands, scores, s_vecs, q_vec, max_sentences, allowed)
    chosen = with_the_answer(query, cands, scores, chosen, max_sentences, max(FLOOR, float(scores.max()) - SPREAD),
                             FLOOR)
    if query.counted and not any(counts_asked(query, cands[i]) and by_the_speaker(query, cands, i) for i in chosen):
        return []  # the sentences about the matter count nothing asked (a count of another event is no answer), or
        # none comes from a report that quotes whom the question cites ("how many were killed, according to X")
    if not names_the_subject(query, cands, chosen):
        return []  # "did NATO suspend its mission?" answered by sentences that never name NATO: they don't say
    chosen = from_reports_that_name(query, cands, chosen)
    provoked = provoked_by(query, cands, scores)  # "X responded with strikes" and what it responded to come first
    chosen = provoked + [i for i in chosen if i not in provoked][:max_sentences - len(provoked)]
    chosen += told_beside(query, matter_of(query), cands, chosen)
    chosen += event_continued(query, cands, chosen)
    chosen += each_named(query, cands, scores, chosen)
    chosen += other_periods(query, cands, scores, chosen)
    chosen = with_antecedents(cands, chosen, lambda c: points_to_the_answer(query, cands, c))
    extra = [i for i in grounds(query, cands, scores, chosen) if not cands[i].leans or cands[i].antecedent is not None]
    return chosen + [j for i in extra for j in ([cands[i].antecedent] if cands[i].leans else []) + [i]
                     if j not in chosen]


_YES_NO = re.compile(r"\s*(?:and\s+|so\s+)?(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\s+"
                     r"(?:the\s+)?([A-Za-z][\w-]*)", re.I)


def names_the_subject(query: Query, cands: list[Candidate], chosen: list[int]) -> bool:
    """A yes/no question about a named actor ("did NATO suspend its training mission?") is answered only by
    sentences that name that actor; others tell of the same events without saying what the actor did."""
    m = _YES_NO.match(query.text)
    subject = next((a for a in query.actors if m and m.group(1).lower()[:4] in a), None)
    return subject is None or any(subject <= named_with(cands, cands[i]) for i in chosen)


def by_the_speaker(query: Query, cands: list[Candidate], i: int) -> bool:
    """The sentence's passage reports whom the question cites ("according to X", "what did X say"), if it cites
    anyone: a count from a passage where X says nothing is not X's count."""
    return not query.speaker or any(c.n == cands[i].n and reports_speaker(query, c) for c in cands)


def greedy(query: Query, cands: list[Candidate], scores: np.ndarray, s_vecs: np.ndarray, q_vec: np.ndarray,
           max_sentences: int, allowed: np.ndarray | None = None) -> list[int]:
    """The best sentence, then each next one scored on the question terms still *uncovered* (so a sentence that
    answers the part the others left open wins) plus a bonus for following a chosen sentence. It must stay
    within SPREAD of the best, not repeat a chosen one, and, from a document not yet cited, add an open term."""
    cutoff = max(FLOOR, float(scores.max()) - SPREAD)
    q_terms = set(query.terms)
    chosen = [int(np.argmax(scores))]
    covered = q_terms & cands[chosen[0]].terms
    topic = set(covered)  # what the best sentence matched: another document must be about the same thing
    # ... and name whom it names of those the question names ("why do Sunni lawmakers want US forces to stay": a
    # sentence about the US forces alone is about something else)
    subjects = [a for a in query.actors if a <= cands[chosen[0]].names]
    specific = [a for a in query.actors if not a <= query.background] or query.actors  # "Kurdish MPs", not "US"
    grounded = [query.kind == "why" and gives_grounds(query, c) for c in cands]  # each judged once, not per round
    named = [query.kind == "who" and names_who(query, c) for c in cands]
    counted = [query.kind == "number" and states_asked(query, c) for c in cands]  # "what numbers": any count
    while len(chosen) < max_sentences:
        uncovered = q_terms - covered
        cited = {cands[j].source for j in chosen}
        best_i, best_gain = -1, -1.0
        for i, c in enumerate(cands):
            if i in chosen or (allowed is not None and not allowed[i]) or any(
                    float(s_vecs[i] @ s_vecs[j]) > DUPLICATE and not other_count(query, c, cands[j]) for j in chosen):
                continue
            gain_terms = (UNCOVERED * coverage(uncovered, c.terms) + (1 - UNCOVERED) * coverage(q_terms, c.terms)
                          if uncovered else coverage(q_terms, c.terms))
            gain = score(query, c, float(s_vecs[i] @ q_vec), gain_terms, named_with(cands, c))
            before = [j for j in chosen if cands[j].n == c.n and cands[j].position == c.position - 1]
            if before:  # it may finish the chosen sentence's thought, above all when that one restates the question
                gain += ADJACENT + (RESTATES if restates(q_terms, set(cands[before[0]].terms)) else 0.0)
            adds = bool(uncovered & c.terms) or _gives_what_none_gives(query, cands, i, chosen, grounded, named,
                                                                       counted)
            if c.source not in cited and (not adds or coverage(topic, c.terms) < TOPIC
                                          or (specific and not any(a <= c.names for a in specific))
                                          or not all(a <= c.names for a in subjects)
                                          or (query.speaker and not reports_speaker(query, c))
                                          or not states_asked(query, c)):
                continue  # another document, adding nothing open, on another matter, about or by someone else, or
                # counting something else ("nearly four years after" for "how many were killed"): padding
            if gain > best_gain:
                best_i, best_gain = i, gain
        if best_i < 0 or best_gain < cutoff:
            break
        chosen.append(best_i)
        covered |= q_terms & cands[best_i].terms
    return chosen


def _gives_what_none_gives(query: Query, cands: list[Candidate], i: int, chosen: list[int], grounded: list[bool],
                          named: list[bool], counted: list[bool]) -> bool:
    """Another report's sentence adds something, besides an open term, when it gives what no chosen sentence
    gives: grounds for a why-question, the name a who-question asks for, or a count of the asked thing (of the
    best sentence's period, or of a year the question names that no chosen count is of)."""
    year = cands[i].date[:4]
    return ((grounded[i] and not any(grounded[j] for j in chosen))
            or (named[i] and not any(named[j] for j in chosen))
            or (counted[i] and (year == cands[chosen[0]].date[:4] or (year in query.years and not any(
                counted[j] and cands[j].date[:4] == year for j in chosen)))))


def each_named(query: Query, cands: list[Candidate], scores: np.ndarray, chosen: list[int]) -> list[int]:
    """The best sentence for each actor the question names that no chosen sentence mentions ("what did Sadr and
    Ghabban say"), and for each year it asks about ("who was PM in 2020 and in 2024"; the reader named the year,
    so a weaker sentence of it is still worth showing). A sentence that dates its event with a month is of that
    year, not of its report's ("the bridge fell on March 28, 2015" in a 2019 report answers for 2015)."""
    extra: list[int] = []
    readable = [not c.leans or c.antecedent is not None for c in cands]  # a caption leaning on a lost photo is not
    if len(query.listed) >= 2:
        for actor in query.listed:
            if any(actor <= cands[i].names for i in chosen + extra):
                continue
            found = [i for i in range(len(cands)) if actor <= cands[i].names and scores[i] >= FLOOR and readable[i]]
            if found:
                extra.append(max(found, key=lambda i: scores[i]))
    if len(query.years) >= 2:  # "how did the number of troops in 2019 compare with 2023": each year's count
        told = [years_told_of(c.text, c.date) for c in cands]
        for year in sorted(query.years):
            of_year = [i for i in chosen + extra if year in told[i]]
            if any(answers_kind(query, cands[i]) for i in of_year):
                continue
            found = [i for i in range(len(cands)) if scores[i] >= FLOOR / 2 and year in told[i] and readable[i]]
            stating = [i for i in found if answers_kind(query, cands[i])]  # (or name, or time)
            reported = [i for i in found if cands[i].date.startswith(year)]  # (not only recalled by a later report)
            shown = [i for i in of_year if cands[i].date.startswith(year)]
            found = stating or ([] if shown else reported or found)  # a year already shown gains only a sentence
            # that answers; else the best sentence of a report of that year
            if found:
                extra.append(max(found, key=lambda i: scores[i]))
    return extra


def other_periods(query: Query, cands: list[Candidate], scores: np.ndarray, chosen: list[int]) -> list[int]:
    """When the question names no year, another period whose best sentence answers nearly as well as the best
    one is shown too, so separate episodes are not silently merged; when it asks about several periods, each
    period's best relevant sentence. A period's best is one that states what is asked (a name for who), if any
    relevant one does: "Prime Minister X met ..." over "The interim Prime Minister asked ..." for "who was PM"."""
    if query.years or years_in(query.text):  # a year as a bound ("by January 2020") places the question too
        return []
    have = {cands[i].date[:4] for i in chosen if cands[i].date}
    if not have:
        return []
    floor = max(FLOOR, float(scores.max()) - (SPREAD if query.periods else EPISODE_SPREAD))
    top = max(coverage(query.terms, cands[i].terms) for i in chosen)
    extra = []
    for year in sorted({c.date[:4] for c in cands if c.date} - have):
        of_year = [i for i, c in enumerate(cands) if c.date.startswith(year)]
        stating = [i for i in of_year if scores[i] >= floor and answers_kind(query, cands[i])]
        best = max(stating or of_year, key=lambda i: scores[i])  # a name for who, a count for how many, if any
        answers_too = query.periods or (
            coverage(query.terms, cands[best].terms) >= PERIOD_COVERAGE * top
            and (not query.actors or any(a <= cands[best].names for a in query.actors))
            and (not query.speaker or reports_speaker(query, cands[best])) and states_asked(query, cands[best]))
        if scores[best] >= floor and answers_too:
            extra.append(best)
    return extra


def points_to_the_answer(query: Query, cands: list[Candidate], c: Candidate) -> bool:
    """The sentence before says what the question asks and this one only points at it: for a who-question a
    quote that only "he said" (the quote alone does not say who); for any name question "head of the bloc, X"
    (the bloc is named just before)."""
    return (query.kind == "who" and c.antecedent is not None and said_by_pronoun(c.text)) or (
        query.wants_name and named_before(query, cands, c))


def with_antecedents(cands: list[Candidate], chosen: list[int],
                     points_back: Callable[[Candidate], bool] = lambda c: False) -> list[int]:
    """Each chosen sentence that leans on the one before ("He added ..."), or points back to it as the question
    needs (`points_back`), brings that sentence (unless it is chosen already); one with nothing to point at is
    dropped, unless it is all there is."""
    out = list(dict.fromkeys(chosen))
    for i in list(out):
        c = cands[i]
        if not c.leans and not points_back(c):
            continue
        if c.antecedent is None:
            if len(out) > 1:
                out.remove(i)
        elif c.antecedent not in out and len(out) < MAX_WITH_CONTEXT:
            out.append(c.antecedent)
    return out
