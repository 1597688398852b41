"""A person's role as a sentence writes it: "The Iraqi Prime Minister, Mohammed Shia Al-Sudani", "Populist cleric
Moqtada Al Sadr", "X, head of the bloc". It answers "who is X?" and tells a current holder from a former one."""

from __future__ import annotations

import re

from rag.extractive.names import TITLE_STEMS, TITLES
from rag.extractive.question import Query
from rag.keyword import tokenize
from rag.text import STOPWORDS, initials

HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})  # "Mr Stoltenberg" gives no role
# a role written before a name: "Iraq's Prime Minister", "the Pentagon Press Secretary, Major General",
# "Populist cleric", "head of the bloc,"
# lower-case words of a role ("populist cleric", "Prime Minister's spokesperson"), not of a clause around it
# ("... tensions between the US and Iran following the killing of Quds Force commander X")
_ROLE_WORD = r"\b(?!(?:following|after|before|with|between|from|by|in|on|at|to|for|that|which|who|amid|over)\b)" \
             r"[a-z]+(?<!ing)(?:'s)?"
_ROLE_BEFORE = re.compile(r"((?:(?:the|The|former|Former|[A-Z][\w'-]*|of|of the|and|" + _ROLE_WORD + r")\s+){0,7}?"
                          r"(?:[A-Z][\w'-]*|cleric|spokesman|spokesperson|leader|head of the \w+|commander|"
                          r"minister|secretary|ambassador|chairman|president|general)),?\s+$")


def in_present(query: Query) -> bool:
    """"who is the prime minister": the one who holds the role now."""
    return bool(re.search(r"\b(?:is|are)\b", query.text, re.I))


def former(span: str, head: frozenset[str]) -> bool:
    """The asked-for role is written as a past one: "Former Prime Minister Karl Borg" (but "former Prime Minister
    X, leader of the bloc" still leads the bloc)."""
    m = re.search(r"\b(?:former|ex|late)\b(.*)", span, re.I)
    return bool(m and {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", m.group(1))} & {h[:4] for h in head})


def _from_role(span: str) -> str:
    """The span after its last word that is no part of a role: "The envoy met with Nato's Secretary General, Jens
    Stoltenberg" -> "Nato's Secretary General, Jens Stoltenberg" (a verb or preposition before it is not)."""
    words = span.strip().split()
    cut = [k for k, w in enumerate(words[:-1])
           if w[:1].islower() and w.strip("',") in STOPWORDS and w.strip("',") not in ("the", "of", "and", "a", "an")]
    words = words[cut[-1] + 1:] if cut else words
    while len(words) > 1 and words[0] in ("of", "and"):  # "... the killing of Quds Force commander X"
        words = words[1:]
    return " ".join(words)


_HOLDER = re.compile(r",?\s+((?:[A-Z][\w'.-]*\s+){1,5}[A-Z][\w'-]*)")


def role_of(query: Query, sentence: str) -> str:
    """For "who is X?": the role and name as the sentence writes them ("The Iraqi Prime Minister, Mohammed Shia
    Al-Sudani"; "Populist cleric Moqtada Al Sadr"); when X is a role ("who is the Pentagon press secretary?"),
    the role and whoever holds it, not a former holder; "" when the sentence names X without a role."""
    present = in_present(query)
    role_asked = bool(query.subject & TITLE_STEMS)  # "who is the Pentagon press secretary?", not "who is X?"
    for m in re.finditer(r"[A-Z][\w'-]*(?:[ -](?:(?:al|bin|ibn|el|of)-?\s?)?[A-Z][\w'-]*)*", sentence):
        name_stems = {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", m.group())}
        letters = initials(m.group().split())
        if len(letters) >= 3 and letters[:4] in query.subject:  # "PMF": "Popular Mobilization Forces"
            name_stems |= query.subject
        if len(query.subject & name_stems) < (len(query.subject) if len(query.subject) <= 2 else len(query.subject) - 1):
            continue  # "Mark Esper" is not "General Mark Milley": every part of a short name must match
        words = m.group().split()
        titled = [w for w in words if w.lower().strip("',.") in TITLES and w.lower().strip("',.") not in HONORIFICS]
        role = _ROLE_BEFORE.search(sentence[:m.start()])
        if role_asked and present and former(sentence[role.start(1) if role else m.start():m.end()], query.subject):
            continue  # "who is the prime minister of Malta?": not "Former Prime Minister X"
        holder = _HOLDER.match(sentence[m.end():])
        if role_asked and holder and all(w.lower().strip("',.") in TITLES or w.lower()[:4] in query.subject
                                         for w in words):
            # the run is the role asked about ("the Pentagon Press Secretary"): the answer is who holds it
            return _from_role(sentence[role.start(1) if role else m.start():m.end() + holder.end(1)])
        if titled and len(titled) < len(words):  # "Prime Minister Muhammad Shiaa al-Sudani"
            start = role.start(1) if role else m.start()
            return _from_role(sentence[start:m.end()])
        if role and set(tokenize(role.group(1))) - query.subject:
            return _from_role(sentence[role.start(1):m.end()])
        after = re.match(r",\s+((?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+){0,6}?(?:of|for)\s+(?:the\s+)?[\w' -]{2,40}?),",
                         sentence[m.end():])
        if after:  # "Muhammad Al Ghabban, head of the bloc," / "X, the leader of the Nasr bloc,"
            return sentence[m.start():m.end() + after.end(1)].strip()
        told = re.match(r",\s+((?:a|an)\s+[^,.;:\"]{3,100}?)[,.;]", sentence[m.end():])
        if told:  # "the Northern Grain Board, a state agency that buys wheat," / "X, a lawyer from Basra,"
            return sentence[m.start():m.end() + told.end(1)].strip()
    return ""
