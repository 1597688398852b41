"""The lead line: when a question wants a number, a date or a name and a chosen sentence states it, the answer
opens with it in the passage's own words ("In short: at least two people were killed in the attack [2].").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rag.keyword import tokenize
from rag.query import Query, new_names
from rag.text import STOPWORDS

if TYPE_CHECKING:
    from rag.local import Candidate

LEAD_LABEL = "In short:"
_QUALIFIER = r"(?:(?:at least|about|around|nearly|almost|more than|over|some|approximately|up to|roughly)\s+)?"
_NUMBER_START = re.compile(_QUALIFIER + r"(?:\d[\d,.]*\d|\d)\b|" + _QUALIFIER + r"\b(?:two|three|four|five|six|seven|"
                           r"eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds|thousands|dozens)\b", re.I)
_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                   r"(?:\s+\d{1,2})?(?:,?\s+(?:19|20)\d\d)?\b|\b(?:19|20)\d\d\b")
LEAD_WORDS = 12


def _named_answer(query: Query, sentence: str) -> str:
    """The name standing for what a who/which question asks for: a new name within a few words of the asked-for
    noun ("Populist cleric Moqtada Al Sadr" for "which cleric"), not one owned by another role ("spokesperson
    William Warda" does not answer "who was prime minister"). "" when there is none."""
    tokens = sentence.split()
    at = [k for k, w in enumerate(tokens) if set(tokenize(w)) & query.head]
    best, distance = "", 7
    for position, name in new_names(query, sentence):
        before = re.sub(r"[^\w]", "", tokens[position - 1]) if position > 0 else ""
        if before.islower() and before not in STOPWORDS and not set(tokenize(before)) & query.head:
            continue
        d = min((abs(position - a) for a in at), default=99)
        if d < distance:
            best, distance = name, d
    return best


def lead(query: Query, cands: list[Candidate], chosen: list[int]) -> str:
    """A short first line giving the direct answer when the question wants a number, a date or a name and the
    best chosen sentence that has one states it: "In short: at least two people were killed in the attack [2]."
    The text is the passage's own words (the clause from the number on, the date, or the name), so it is as
    grounded as the sentence; "" when there is no such answer."""
    for i in chosen:
        c = cands[i]
        span = ""
        if query.kind == "number":
            counted = set(tokenize(" ".join(re.findall(r"\bhow (?:many|much) ([\w-]+)", query.text, re.I))))
            found = list(_NUMBER_START.finditer(c.text))
            m = max(found, key=lambda m: (len(set(tokenize(" ".join(c.text[m.end():].split()[:2]))) & counted),
                                          len(set(tokenize(" ".join(c.text[m.end():].split()[:3]))) & query.terms)),
                    default=None)  # the number of the thing asked about ("nearly 100 people", not "two explosions")
            if m:
                clause = re.split(r"(?<!\d),|,(?!\d)|[;:]|\s[-\u2014]\s|\sand\s|\.$", c.text[m.start():])[0].strip()
                words, head = clause.split(), len(m.group().split())
                span = clause if len(words) <= LEAD_WORDS else " ".join(words[:head + 2])
        elif query.kind == "when":
            dates = [m.group() for m in _DATE.finditer(c.text) if not m.group().isdigit()] or _DATE.findall(c.text)
            span = dates[0] if len(dates) == 1 or not dates[0].isdigit() else ""
        elif query.kind == "who" and query.head:
            span = _named_answer(query, c.text)
        if span:
            span = span[:1].upper() + span[1:]
            return f"{LEAD_LABEL} {span.rstrip('.')} [{c.n}]."
    return ""


