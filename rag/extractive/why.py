"""What answers a why-question: a sentence that names the cause (an event, who did what), or someone's grounds
(an accusation, a violation, an attack, a threat), rather than one that restates the demand. News writes the act
in one sentence and why in another, so the grounds are looked for beside the chosen sentences too."""

from __future__ import annotations

import re

import numpy as np

from rag.extractive.asked import about_matter, matter_of
from rag.extractive.candidates import Candidate
from rag.extractive.question import Query
from rag.extractive.states import coverage
from rag.keyword import tokenize

RESTATE_COVERAGE = 0.6  # a sentence this close to the question's terms (and little new) restates it
CAUSE = 0.10  # a why-answer that names a cause, against one that restates the question
GROUNDS_FLOOR = 0.10  # a why-question's grounds sentence, from a passage already cited: less like the question
MAX_GROUNDS = 2
PROVOKED_FLOOR = 0.45  # a sentence telling the asked act as a response must be this relevant to bring its cause
_INVITED = r"at the (?:invitation|request|behest) of"  # why someone is somewhere
_CAUSAL = re.compile(r"\b(because|after|following|due to|in retaliation|retaliat\w*|over|since|prompt\w*|push\w*|"
                     r"led to|in response|triggered|sparked|amid|as a result|" + _INVITED + r")\b", re.I)
# What news writes as someone's grounds for a demand or an act: an accusation, a violation, an attack, a threat.
_GROUNDS = re.compile(r"\b(violat\w*|accus\w*|blam\w*|condemn\w*|citing|killed|killing|assassinat\w*|attacks?|"
                      r"attacked|(?:air|drone )?strikes?|threat\w*|unacceptable|outrage\w*|destabili[sz]\w*|"
                      r"in protest|revenge|avenge)\b", re.I)
_FORWARD = re.compile(r"prompt\w*|push\w*|led to|triggered|sparked", re.I)  # cause, verb, then what it caused
_CONCESSIVE = re.compile(r"\b(?:despite|in spite of|although|though|even as|even after)\b", re.I)


def names_a_cause(query: Query, c: Candidate) -> float:
    """A why-answer names the cause (an event, who did what), not the demand again: a causal word followed by
    something the question does not already say."""
    m = _CAUSAL.search(c.text)
    if m and _FORWARD.fullmatch(m.group(0)) and set(tokenize(c.text[m.end():])) & query.terms:
        before = set(tokenize(c.text[:m.start()])) - query.terms  # "The death of the commander pushed the
        return CAUSE if len(before) >= 2 else 0.0  # parliament to expel ...": the cause comes before the verb
    if m and follows_asked(query, c.text, m):
        return 0.0
    novel = set(tokenize(c.text[m.end():])) - query.terms if m else set()
    if len(novel) >= 2 and not _CONCESSIVE.search(c.text[:m.start()]):
        return CAUSE  # "pressed on despite signals of calm after Iran retaliated": "after" dates the calm, not the act
    return -CAUSE if restates(set(query.terms), set(c.terms)) else 0.0


def follows_asked(query: Query, text: str, m: re.Match) -> bool:
    """The sentence tells what came of the asked event, not its cause: the question's words sit only in the
    causal clause ("The PM's remarks came a day after a US strike in Baghdad killed a commander" for "why did the
    US strike Baghdad?"). The clause names the asked event; the sentence is about something else."""
    return not set(tokenize(text[:m.start()])) & query.terms and bool(set(tokenize(text[m.end():])) & query.terms)


def restates(q_terms: set[str], terms: set[str]) -> bool:
    """The sentence mostly re-tells the question's event ("Sunni and Kurdish lawmakers opposed the resolution.",
    "An alliance threatened US troops with escalation ..."): news style puts the answer in the next sentence."""
    novelty = len(terms - q_terms) / max(1, len(terms))
    return novelty < 0.4 or (novelty < 0.6 and coverage(q_terms, terms) >= RESTATE_COVERAGE)


# "after a decade", "following two weeks of talks": a span of time dates, it does not cause
_SPAN = r"(?!\s+(?:(?:a|an|the|about|nearly|almost|more than|over|some|\d+|two|three|four|five|six|several|many)\s+)?" \
        r"(?:decades?|years?|months?|weeks?|days?|hours?)\b)"
_STRONG_CAUSAL = re.compile(r"\b(because|due to|in retaliation|in response|after" + _SPAN + "|following" + _SPAN +
                            r"|triggered|sparked|prompted|pushed|led to|as a result|" + _INVITED + r")\b", re.I)


def gives_grounds(query: Query, c: Candidate) -> bool:
    """The sentence states a cause or someone's grounds (an accusation, a violation, an attack, a threat) that
    the question does not already say: a plainly causal link, or words of grievance the question lacks."""
    m = _STRONG_CAUSAL.search(c.text)
    if m and follows_asked(query, c.text, m):
        return False
    if m and len(set(tokenize(c.text[m.end():])) - query.terms) >= 2:
        return True
    asked = set(re.findall(r"[a-z]+", query.text.lower()))
    return any(g.lower() not in asked for g in _GROUNDS.findall(c.text))


def grounds(query: Query, cands: list[Candidate], scores: np.ndarray, chosen: list[int]) -> list[int]:
    """For a why-question, per cited document whose chosen sentences state no grounds, the best sentence of its
    cited passages that does: news writes the act in one sentence and why in another, which an embedding of the
    question ("why did X ask Y") finds far less similar than the act itself."""
    if query.kind != "why" or not chosen:
        return []
    extra = []
    for source in dict.fromkeys(cands[i].source for i in chosen):
        if any(cands[i].source == source and gives_grounds(query, cands[i]) and not cands[i].leans for i in chosen):
            continue
        passages = {cands[i].n for i in chosen if cands[i].source == source}
        found = [i for i, c in enumerate(cands) if c.n in passages and i not in chosen
                 and scores[i] >= GROUNDS_FLOOR and gives_grounds(query, c)
                 and (not query.actors or any(a <= c.names for a in query.actors))]
        if found:
            extra.append(max(found, key=lambda i: scores[i]))
    return extra[:MAX_GROUNDS]


# "The United States responded with strikes": the act, told as an answer to what the sentence before tells
_RESPONDED = re.compile(r"\b(?:responded|retaliated|hit back|struck back|reacted)\b(?!\s+(?:to|for|after)\b)", re.I)


def provoked_by(query: Query, cands: list[Candidate], scores: np.ndarray) -> list[int]:
    """"Why did the US strike the militia bases?": news often tells the act as a response to the sentence before
    ("A rocket attack killed a contractor. The United States responded with strikes on militia bases."), and
    only that sentence says why. The best relevant responding sentence that tells the asked act, after its
    antecedent, which is the cause; [] when there is none."""
    if query.kind != "why":
        return []
    topic = matter_of(query)
    found = [i for i, c in enumerate(cands) if scores[i] >= PROVOKED_FLOOR and c.antecedent is not None
             and _RESPONDED.search(c.text) and about_matter(topic, c, frozenset(), 0.5)]
    if not found:
        return []
    best = max(found, key=lambda i: scores[i])
    return [cands[best].antecedent, best]
