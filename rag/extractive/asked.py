"""What the question asks for, against what the sentences state: the period it names, the thing it counts, the
name it wants. Selection uses these to refuse when no relevant sentence states the asked thing (a count of another
event, no name at all), to keep another period's sentences out, and to make sure the answer states the asked thing
when a relevant sentence does. Rules about news in general, never about one corpus.
"""

from __future__ import annotations

import re

import numpy as np

from rag.dates import own_years, years_in
from rag.extractive.candidates import Candidate
from rag.extractive.lead import names_an_answer
from rag.extractive.question import Query
from rag.extractive.states import NUMBER, coverage, of_asked_kind
from rag.keyword import tokenize

COUNT_TOPIC = 0.25  # share of a how-many question's other terms (not the counted noun) its count sentence must hold


def in_period(query: Query, cands: list[Candidate], scores: np.ndarray, floor: float) -> np.ndarray:
    """When the question names a year and some relevant sentence speaks of it (its document is of that year, its
    passage recalls it, or it names it), only such sentences may be stated: another period's sentence answers
    another question, however similar its words. Returns a mask (all True when the rule does not apply)."""
    everywhere = np.ones(len(cands), dtype=bool)
    if not query.years:
        return everywhere
    of_passage: dict[int, set[str]] = {}  # a passage that recalls a year speaks of it in each of its sentences
    for c in cands:
        of_passage.setdefault(c.n, set()).update(own_years(c.text, c.date))
    of_year = np.array([bool(query.years & (of_passage[c.n] | years_in(c.text))) for c in cands])
    return of_year if (of_year & (scores >= floor)).any() else everywhere


_COUNT_FRAME = frozenset(tokenize("many much number total compared comparison one"))
_MONEY = re.compile(r"[$€£]\s?\d|\b\d[\d,.]*\s*(?:dollars|euros|pounds|dinars|billion|million|trillion|bn|m)\b|"
                    r"\b(?:billions?|millions?|trillions?) of (?:dollars|euros|pounds|dinars)\b", re.I)


def states_what_is_counted(query: Query, cands: list[Candidate], scores: np.ndarray, floor: float) -> bool:
    """A "how many X" question is answered only by a relevant sentence that counts X (or its other names) and is
    about the question's matter (some of its other terms: "how many people attended the rally" is not answered
    by "two people were killed in the attack"), a
    "how much does it cost" question only by an amount of money (troop numbers do not answer a question about
    money), and "what is the X of Y" only by a sentence that states an X. Other questions pass."""
    relevant = [c for c, s in zip(cands, scores) if s >= floor]
    if query.attribute and not any(query.attribute & c.terms for c in relevant):
        return False  # "what is the population of Baghdad?" and no sentence gives a population
    if query.money:
        return any(_MONEY.search(c.text) for c in relevant)
    if query.kind != "number" or not query.counted:
        return True
    topic = {t for t in query.terms - query.counted - _COUNT_FRAME if t[:4] not in query.background and not t.isdigit()}
    before = {(c.n, c.position): c.terms for c in cands}
    for c in relevant:
        said = c.terms | before.get((c.n, c.position - 1), frozenset())  # "... in the attack": the one before says which
        if len(topic) >= 2 and coverage(topic, said) < COUNT_TOPIC:
            continue  # a count of the same kind of thing, but of another event ("two people killed" for a rally)
        if counts_asked(query, c):
            return True
    return False


def other_count(query: Query, c: Candidate, chosen: Candidate) -> bool:
    """Two reports of the same thing that give different counts ("more than 100 times", "on more than 110
    occasions") are not duplicates: the reader should see that the sources differ."""
    return bool(query.counted) and counts_asked(query, c) and bool(_figures(c.text) - _figures(chosen.text))


def _figures(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,.]*\d|\d", text))


def counts_asked(query: Query, c: Candidate) -> bool:
    """The sentence gives a number of what a how-many question counts ("2,500 soldiers" for "how many troops")."""
    tokens = c.text.split()
    return any(NUMBER.fullmatch(w.strip(",.;:()\"'")) and set(tokenize(" ".join(tokens[k + 1:k + 5]))) & query.counted
               for k, w in enumerate(tokens))


def states_the_name(query: Query, cands: list[Candidate], scores: np.ndarray, floor: float) -> bool:
    """A question that wants a name ("who sits on the committee?", "which city ...?") is answered only when some
    relevant sentence names one; other questions pass."""
    return not query.wants_name or any(s >= floor and names_an_answer(query, c.text) for c, s in zip(cands, scores))


def answers_kind(query: Query, c: Candidate) -> bool:
    """The sentence states what the question asks for: a name for a name-seeking question, a count for how
    many, a time for when."""
    if query.wants_name:
        return names_an_answer(query, c.text)
    return query.kind in ("number", "when") and of_asked_kind(query, c)


def with_the_answer(query: Query, cands: list[Candidate], scores: np.ndarray, chosen: list[int],
                    max_sentences: int, cutoff: float) -> list[int]:
    """When the question wants a name, a count or a time and no chosen sentence states one, the best relevant
    sentence that does comes first (the weakest chosen one makes room): sentences about the matter that never
    say who, how many or when do not answer the question."""
    if not (query.wants_name or query.kind in ("number", "when")) or any(answers_kind(query, cands[i]) for i in chosen):
        return chosen
    found = [i for i, c in enumerate(cands) if scores[i] >= cutoff and i not in chosen and answers_kind(query, c)]
    if not found:
        return chosen
    return [max(found, key=lambda i: scores[i])] + chosen[:max_sentences - 1]
