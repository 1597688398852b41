"""What the question asks for, against what the sentences state: the period it names, the thing it counts, the
name it wants. Selection uses these to refuse when no relevant sentence states the asked thing (a count of another
event, no name at all), to keep another period's sentences out, and to make sure the answer states the asked thing
when a relevant sentence does. Rules about news in general, never about one corpus.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from rag.dates import DAY_MENTION, DURATION, TIME_MENTION, dated_years, own_years, time_ahead, years_in
from rag.extractive.candidates import Candidate, said_by_pronoun
from rag.extractive.counted import fates_asked
from rag.extractive.lead import names_a_successor, names_an_answer
from rag.extractive.names import PLACE_NOUNS
from rag.extractive.question import Query
from rag.extractive.sought import ANY_REPORT, asks_successor
from rag.extractive.states import NUMBER, of_asked_kind, timing_the_act
from rag.extractive.terms import CALENDAR_TERMS, told
from rag.keyword import tokenize

COUNT_TOPIC = 0.25  # share of a how-many question's other terms (not the counted noun) its count sentence must hold
MATTER = 0.2  # ... and of a who/which question's, for the sentence that names its answer (a when-question's: CLOSE)
CLOSE = 0.6  # ... and below the spread of the best, when (with the sentence before) it tells the matter this closely:
# "A strike hit the headquarters. At least two were killed, including X." names who was killed in the strike


def in_period(query: Query, cands: list[Candidate], scores: np.ndarray, floor: float) -> np.ndarray:
    """When the question names a year and some relevant sentence speaks of it (its document is of that year, its
    passage recalls it, or it names it), only such sentences may be stated: another period's sentence answers
    another question, however similar its words, and a sentence that dates its event with a month in another
    year ("the bridge fell on March 28, 2015" in a 2019 report) is of that year. Returns a mask (all True when
    the rule does not apply)."""
    everywhere = np.ones(len(cands), dtype=bool)
    if not query.years:
        return everywhere
    of_passage: dict[int, set[str]] = {}  # a passage that recalls a year speaks of it in each of its sentences
    for c in cands:
        of_passage.setdefault(c.n, set()).update(own_years(c.text, c.date))
    of_year = np.array([bool(query.years & (dated_years(c.text) or of_passage[c.n] | years_in(c.text)))
                        for c in cands])
    return of_year if (of_year & (scores >= floor)).any() else everywhere


# words that frame what is asked, not what it is about; "last", "next", "recent" order events ("the last troops")
# and sentences write them in their times ("last Thursday"), so they tell no matter
_FRAME = frozenset(tokenize("many much number total compared comparison one name exact exactly happen happened "
                            "occur occurred took take place episode last next previous past recent latest"))


def matter_of(query: Query) -> set[str]:
    """What the question is about, past what it asks for: its terms but the asked-for noun, the counted noun, the
    framing words, times and the names most passages mention ("which country did the prime minister visit after
    the vote" -> {visit, vote}, with prime minister when few passages name one)."""
    asked = _LONG if query.duration else frozenset()  # "how long": what it asks for, not what it is about
    return {t for t in query.asked_terms - query.counted - query.head - asked - _FRAME - CALENDAR_TERMS - ANY_REPORT
            if t[:4] not in query.background and not t.isdigit()}  # "according to the reports" frames it too


_LONG = frozenset(tokenize("long"))


def about_matter(topic: set[str], c: Candidate, before: frozenset[str], share: float) -> bool:
    """The sentence (with the one before it, which often names the event) holds a share of the question's matter
    (`matter_of`): a name, count or date in a sentence about something else does not answer it."""
    if len(topic) < 2:
        return True
    terms = c.terms | before
    return sum(told(t, terms) for t in topic) / len(topic) >= share


def _before(cands: list[Candidate]) -> dict[tuple[int, int], frozenset[str]]:
    return {(c.n, c.position): c.terms for c in cands}


_MONEY = re.compile(r"[$€£]\s?\d|\b\d[\d,.]*\s*(?:dollars|euros|pounds|dinars|billion|million|trillion|bn|m)\b|"
                    r"\b(?:billions?|millions?|trillions?) of (?:dollars|euros|pounds|dinars)\b", re.I)


def states_what_is_counted(query: Query, cands: list[Candidate], scores: np.ndarray, floor: float) -> bool:
    """A "how many X" question is answered only by a relevant sentence that counts X (or its other names) and is
    about the question's matter (some of its other terms: "how many people attended the rally" is not answered
    by "two people were killed in the attack"), a
    "how much does it cost" question only by an amount of money (troop numbers do not answer a question about
    money), "how long" only by a length of time about its matter ("a phone call on Thursday" does not say how long
    it lasted), "how old" only by an age, and "what is the X of Y" only by a sentence that states an X. Other
    questions pass."""
    relevant = [c for c, s in zip(cands, scores) if s >= floor]
    if query.attribute and not any(query.attribute & c.terms for c in relevant):
        return False  # "what is the population of Baghdad?" and no sentence gives a population
    if query.money:
        return any(_MONEY.search(c.text) for c in relevant)
    if _AGE_ASKED.search(query.text):  # "how old was X when ...": only a sentence that gives an age
        return any(_AGE.search(c.text) for c in relevant)
    if query.kind != "number" or not (query.counted or query.duration):
        return True
    before, topic = _before(cands), matter_of(query)  # "... in the attack": the one before says which event
    if len(query.years) >= 2:  # "how did the number of troops change between the X killing in 2020 and 2024":
        topic = set()  # the events name the periods compared, and each year's count answers
    return any(counts_what_is_asked(query, c)
               and about_matter(topic, c, before.get((c.n, c.position - 1), frozenset()), COUNT_TOPIC) for c in relevant)


_AGE_ASKED = re.compile(r"\bhow old\b|\b(?:at )?what age\b", re.I)
_AGE = re.compile(r"\b\d{1,3}-year-old\b|\baged? (?:of )?\d{1,3}\b|\b\d{1,3} years old\b|,\s*\d{1,3},", re.I)
INHERITS = 0.1  # how far below the relevant sentence before it a sentence that counts what is asked is read


def read_with_the_one_before(query: Query, cands: list[Candidate], scores: np.ndarray, floor: float) -> np.ndarray:
    """A count of what a how-many question asks, right after a relevant sentence of its passage, is read with that
    sentence ("A strike hit the headquarters on Thursday. At least two people were killed in the attack."): news
    names the event in one sentence and counts its dead in the next, which alone looks unlike the question."""
    if not (query.counted or query.duration):
        return scores
    by_place = {(c.n, c.position): float(s) for c, s in zip(cands, scores)}
    out = scores.copy()
    for i, c in enumerate(cands):
        before = by_place.get((c.n, c.position - 1), 0.0)
        if before >= floor and before - INHERITS > out[i] and counts_what_is_asked(query, c):
            out[i] = before - INHERITS
    return out


def other_count(query: Query, c: Candidate, chosen: Candidate) -> bool:
    """Two reports of the same thing that give different counts ("more than 100 times", "on more than 110
    occasions") are not duplicates: the reader should see that the sources differ."""
    return query.kind == "number" and states_asked(query, c) and bool(_figures(c.text) - _figures(chosen.text))


def _figures(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,.]*\d|\d", text))


def counts_asked(query: Query, c: Candidate) -> bool:
    """The sentence gives a number of what a how-many question counts ("2,500 soldiers" for "how many troops"),
    and of the fate it asks about when it asks one ("how many were injured": "wounding hundreds", not "two
    people were killed")."""
    fates, counted = fates_asked(query.counted)
    tokens = c.text.split()
    intent = _asks_intent(query.text)
    return any(NUMBER.fullmatch(w.strip(",.;:()\"'")) and set(tokenize(" ".join(tokens[k + 1:k + 5]))) & counted
               and all(set(tokenize(" ".join(tokens[max(0, k - 4):k + 6]))) & group for group in fates)
               and (intent or not _INTENDED.search(" ".join(tokens[max(0, k - 7):k])))
               for k, w in enumerate(tokens))


# "called late on Tuesday for one million people to take to the streets": a number wanted, not one that turned out;
# it answers "how many did X call for / want", not "how many showed up" ("for one million": the number's first
# word may follow the verb)
_INTENDED = re.compile(r"\b(?:call(?:ed|s|ing)?(?:\s+\S+){0,3}\s+for|urg(?:ed|es|ing)|demand(?:ed|s|ing)?|"
                       r"ask(?:ed|s|ing)?(?:\s+\S+){0,2}\s+for|want(?:ed|s)?|aim(?:ed|s|ing)? (?:to|for)|"
                       r"hop(?:ed|es|ing) for|target(?:ed|s)?)"
                       r"(?:\s+(?:one|a|an|about|some|nearly|up to|at least))?\s*$", re.I)
_INTENT_ASKED = re.compile(r"\b(?:want\w*|call\w*|ask\w*|urg\w*|demand\w*|plan\w*|aim\w*|hop\w*|expect\w*|"
                           r"target\w*|goal|intend\w*)\b", re.I)


@functools.lru_cache(maxsize=256)
def _asks_intent(question: str) -> bool:
    """The question asks what someone wanted or called for; read once per question, not per candidate."""
    return bool(_INTENT_ASKED.search(question))


_DAY_ASKED = re.compile(r"\b(?:what|which|exact\w*)\s+(?:\w+\s+){0,2}?(?:date|day)\b", re.I)
# "when will they leave?" asks for a time still ahead: "last week" or "on Tuesday" in a report is past
_ASKS_AHEAD = re.compile(r"\bwhen (?:will|would|(?:is|are) (?:[\w'-]+ ){1,10}?(?:going|due|expected|scheduled|set|"
                         r"planned|supposed) to)\b", re.I)


def named_before(query: Query, cands: list[Candidate], c: Candidate) -> bool:
    """The sentence before names the answer the sentence points back to: '"...," she said' speaks for whoever it
    names, and "head of the bloc, X, said" means the bloc it names ("The Iran-backed Fatah alliance has the second
    largest bloc in parliament.")."""
    return c.antecedent is not None and (said_by_pronoun(c.text) or _the_asked_thing(query, c.text)) and \
        names_an_answer(query, cands[c.antecedent].text)


def _the_asked_thing(query: Query, text: str) -> bool:
    """The sentence writes what a which-question asks for with "the" and no name ("head of the bloc")."""
    return any(set(tokenize(m.group(1))) & query.head
               for m in re.finditer(r"\b(?:the|this|that)\s+(?:[a-z][\w-]*\s+)?([a-z][\w-]*)", text))


def states_the_answer(query: Query, cands: list[Candidate], scores: np.ndarray, floor: float) -> bool:
    """A question that wants a name ("who sits on the committee?", "which city ...?") is answered only when some
    relevant sentence about its matter names one; a when-question only when one about its matter states a time
    ("stated on Tuesday that no date was set" does not say when the last troops left), a time still ahead when it
    asks what will happen ("last week" does not say when they will leave), and a day when it asks for
    a date ("resigned in December" does not give the exact date). Other questions pass."""
    successor = query.kind == "who" and asks_successor(query.text)  # "who took over as leader of X": someone new
    if successor:
        states = lambda c: names_an_answer(query, c.text) or names_a_successor(query, c.text)  # noqa: E731
    elif query.wants_name:
        states = lambda c: names_an_answer(query, c.text) or named_before(query, cands, c)  # noqa: E731
    elif query.kind == "when" and not query.report_date and not query.vague:
        times = DAY_MENTION if _DAY_ASKED.search(query.text) else TIME_MENTION
        ahead = bool(_ASKS_AHEAD.search(query.text))
        states = lambda c: time_ahead(c.text) if ahead else bool(times.search(timing_the_act(query, c.text)))  # noqa
    else:
        return True
    before, topic = _before(cands), matter_of(query)
    # "which city had the explosions": the place of that event, not another; "when did the last troops leave":
    # the time of that act, and "an airstrike last Thursday on troops" dates another
    share = CLOSE if query.head & PLACE_NOUNS or query.kind == "when" else MATTER
    if successor:
        share = 0.0  # "after X was killed, who took over": the successor's sentence need not tell X's death
    return any(s >= floor and states(c) and about_matter(topic, c, before.get((c.n, c.position - 1), frozenset()),
                                                         share) for c, s in zip(cands, scores))  # event, not another


# "have yet to agree on a candidate to replace X", "has not yet chosen": the act had not happened when reported
_UNDONE = re.compile(r"\b(?:(?:has|have|had|is|are|was|were) yet to|(?:has|have|had) not yet|not yet (?:been )?)\s+"
                     r"(?P<act>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,8})", re.I)


def still_undone(query: Query, c: Candidate) -> bool:
    """A who/which/when question's best sentence says the asked act had not happened yet when reported ("Who
    replaced X?": "factions have yet to agree on a candidate to replace X"): it names no one who did it and no
    time it was done, so the documents don't say; the sentence tells the reader why."""
    if not (query.wants_name or query.kind == "when"):
        return False
    m = _UNDONE.search(c.text)
    return bool(m) and bool(set(tokenize(m.group("act"))) & query.unnamed)


def states_asked(query: Query, c: Candidate) -> bool:
    """What another report's sentence must state to answer the question too, not pad it: the name it wants, a
    count of what it counts ("nearly four years after the strike" counts no one killed), or a thing of its kind."""
    if query.wants_name:
        return names_an_answer(query, c.text)
    return counts_what_is_asked(query, c) if query.counted or query.duration else of_asked_kind(query, c)


def counts_what_is_asked(query: Query, c: Candidate) -> bool:
    """A count of what a how-many question counts, or the length of time a how-long question asks for."""
    return bool(DURATION.search(c.text)) if query.duration else counts_asked(query, c)


def answers_kind(query: Query, c: Candidate) -> bool:
    """The sentence states what the question asks for: a name for a name-seeking question, a count of what it
    counts for how many ("dozens of armed factions" is no count of the dead), a time for when."""
    return (query.wants_name or query.kind in ("number", "when")) and states_asked(query, c)


def with_the_answer(query: Query, cands: list[Candidate], scores: np.ndarray, chosen: list[int],
                    max_sentences: int, cutoff: float, floor: float) -> list[int]:
    """When the question wants a name, a count or a time and no chosen sentence states one, the best relevant
    sentence about the question's matter that does comes first (the weakest chosen one makes room): sentences
    about the matter that never say who, how many or when do not answer the question. The chosen ones stay
    (but see who.py `from_reports_that_name`): dropping them was tried and took the right report out whenever
    the type check missed its answer ('"...," Ryder added' names no person it knows).

    A sentence that tells the matter closely (with the one before it: "A strike hit the headquarters. At least
    two were killed ...") may answer below the spread of the best, and it beats chosen answers that tell the
    matter loosely ("strikes at militia bases killed 25" for "how many were killed in the strike on the
    headquarters"): those answer about another event and go, with the chosen sentences off the matter."""
    if not (query.wants_name or query.kind in ("number", "when")):
        return chosen
    before, topic = _before(cands), matter_of(query)  # a time or name in a sentence on another matter answers nothing

    def tells(i: int, share: float) -> bool:
        return about_matter(topic, cands[i], before.get((cands[i].n, cands[i].position - 1), frozenset()), share)

    answering = [i for i in chosen if answers_kind(query, cands[i])]
    if any(about_matter(topic, cands[i], frozenset(), CLOSE) for i in answering) or (answering and len(topic) < 2):
        return chosen
    # a chosen answer that tells the matter only with the sentence before ("... following the killing earlier this
    # month" after "X backs parliament's vote") may date another thing: one that tells it by itself beats it
    leaning = any(tells(i, CLOSE) for i in answering)
    found = {}  # index -> whether it tells the matter closely: those come first, then the more relevant
    for i, c in enumerate(cands):
        if i in chosen or scores[i] < floor or not answers_kind(query, c):
            continue
        close = about_matter(topic, c, frozenset(), CLOSE) if leaning else tells(i, CLOSE)
        if leaning and not close:
            continue
        if close or (not answering and scores[i] >= cutoff and tells(i, MATTER)):
            found[i] = close
    if not found:
        return chosen
    best = max(found, key=lambda i: (found[i], scores[i]))
    if found[best]:  # the chosen answers of another event, and the sentences off the matter, are padding
        chosen = [i for i in chosen if i not in answering and about_matter(topic, cands[i], frozenset(), MATTER)]
    return [best] + chosen[:max_sentences - 1]
