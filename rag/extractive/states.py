"""What one sentence states, measured against the question: how much of it the sentence covers, whether it gives
a thing of the asked kind (a count, a time, a new name), whether it reports the asked speaker. Selection uses
these both to score a sentence and to tell an answer from padding, on any news text.
"""

from __future__ import annotations

import re

from rag.dates import DATE_MENTION, DURATION, TIME_MENTION, WEEKDAYS
from rag.extractive.candidates import Candidate
from rag.extractive.question import SPEECH, Query
from rag.extractive.sought import new_names

NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundreds?|thousands?|millions?|dozens?|scores?)\b", re.I)


def coverage(wanted: set[str] | frozenset[str], terms: set[str] | frozenset[str]) -> float:
    """The share of `wanted` (the question's terms, its speaker...) that `terms` holds."""
    return len(wanted & terms) / max(1, len(wanted))


def states_count(text: str) -> bool:
    """The sentence states a number that is not a date or a year ("April 4, 2023" counts nothing)."""
    return bool(NUMBER.search(TIME_MENTION.sub(" ", DATE_MENTION.sub(" ", text))))


# "X said on Tuesday that ...", "stated last week": the time dates the saying, not the act it reports
_SAID_WHEN = re.compile(r"\b(?:said|says|told \w+|announced|stated|added|noted)\s+(?:(?:on|last|this|late|early|"
                        rf"earlier)\s+)*(?:{'|'.join(WEEKDAYS)}|week|month|yesterday|today)\b", re.I)
_SPOKEN_ASKED = re.compile(r"\b(?:say|said|says|announce\w*|state\w*|tell|told|declare\w*|remarks?|statement)\b",
                           re.I)


def timing_the_act(query: Query, text: str) -> str:
    """The sentence without the times that only date someone's saying it ("said last week that a committee is
    being formed" does not say when the committee met), unless the question asks when something was said."""
    return text if query.speaker or _SPOKEN_ASKED.search(query.text) else _SAID_WHEN.sub(" ", text)


def of_asked_kind(query: Query, c: Candidate) -> bool:
    """The sentence states a thing of the kind asked for: a number for how many, a time for when, a new name for
    who. Another document's sentence without one does not answer the question too; it pads."""
    if query.duration:
        return bool(DURATION.search(c.text))
    if query.kind == "number":
        return states_count(c.text)
    if query.kind == "when":
        return bool(TIME_MENTION.search(timing_the_act(query, c.text)))
    if query.kind == "who" and not query.subject:
        return bool(new_names(query, c.text))
    return True


def reports_speaker(query: Query, c: Candidate) -> bool:
    """The sentence reports whoever's words the question asks for ("what did the Pentagon say") saying something."""
    return bool(SPEECH.search(c.text) or '"' in c.text) and coverage(
        query.speaker, c.names | {t[:4] for t in c.terms}) >= 0.5
