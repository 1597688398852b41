"""Who-questions: how well a sentence names the one asked for ("who was prime minister?", "who was killed with
X?") or describes the one asked about ("who is X?"). Selection scores sentences with these cues.
"""

from __future__ import annotations

import re

from rag.extractive.candidates import Candidate
from rag.extractive.counted import asks_whom_fate_befell
from rag.extractive.lead import companion_named, fate_named, may_name_the_answer, named_answer, names_a_new_person
from rag.extractive.question import Query
from rag.extractive.roles import role_of
from rag.extractive.sought import new_names


def answers_who(query: Query, sentence: str) -> float:
    """A who/which answer names someone new, best right beside what the question asks for ("Prime Minister
    Adel Abdul-Mahdi" for "who was prime minister", "Fatah alliance has the ... bloc" for "which bloc")."""
    names = new_names(query, sentence)
    if not names:
        return -0.04
    if query.head and named_answer(query, sentence):
        return 0.20  # the name the lead line would give
    return 0.20 if companion_named(query, sentence, names) else 0.05


def names_who(query: Query, c: Candidate) -> bool:
    """The sentence names whom a who-question asks for, where the question points (see `answers_who`)."""
    return answers_who(query, c.text) >= 0.20


def describes(query: Query, sentence: str) -> float:
    """A "who is X?" answer gives X's role: X named right after a title or beside an apposition."""
    if role_of(query, sentence):
        return 0.15
    words = {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", sentence)}
    return 0.03 if query.subject <= words else -0.05


def from_reports_that_name(query: Query, cands: list[Candidate], chosen: list[int]) -> list[int]:
    """Once a chosen sentence names whom a who-question asks for (beside the asked role, or beside the companion
    of "killed with X"), another report's chosen sentences that name nobody new but another role's holder (its
    spokesperson's quotes, "US President X authorized the strike") only pad the answer: they go. Sentences that
    name someone else new stay, since the type check may have missed the answer ('"...," Ryder added')."""
    befell = not query.head and asks_whom_fate_befell(query.text)  # "who got killed": only a person answers
    naming = {cands[i].source for i in chosen if query.kind == "who" and (
        names_who(query, cands[i]) or (befell and fate_named(query, cands[i].text)))}  # "including X"
    if not naming:
        return chosen
    return [i for i in chosen if cands[i].source in naming or (may_name_the_answer(query, cands[i].text) and (
        not befell or names_a_new_person(query, cands[i].text)))]
