"""What a who/which question seeks, read without a model: the noun of the role or thing it asks to be named,
whether its answer is a name or a person, the person or body a "who/what is X?" question asks to describe, whose
words it asks for, the role a "who leads X" or "who took over as X" asks about; and which names in a sentence are
new to the question, so could answer it.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from rag.dates import CALENDAR
from rag.extractive.names import NAME, NAME_SEEKING_NOUNS, PARTICLES, PERSON_NOUNS, TITLES
from rag.extractive.terms import terms_of
from rag.keyword import tokenize
from rag.text import STOPWORDS, asked_part, initials

if TYPE_CHECKING:
    from rag.extractive.question import Query


_HEAD = re.compile(r"\b(?:which|what)\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:is|was|are|were|did|does|do|has|have|had|"
                   r"threaten\w*|call\w*|said|says|led|leads|\w+ed)\b|\b(?:who|whom)\s+(?:is|was|are|were)\s+(?:the\s+)?"
                   r"((?:[\w'-]+\s+){0,2}?[\w'-]+)(?=\s+(?:when|who|that|in|of|during|at|on|and|to)\b|\s*[?,.]|$)|"
                   r"\bname of (?:the\s+|an?\s+)?((?:[\w'-]+\s+){0,2}?[\w'-]+)(?=\s+(?:who|that|in|of|killed|to|at|on|during|"
                   r"when|for)\b|\s*[?,.]|$)", re.I)
# a question whose answer is a name: "who ...", "what was the name of ...", "which city / group ..."
_WHO_OR_NAME_OF = re.compile(r"^\s*(?:and\s+)?(?:who|whom)\b|\bnames? of\b", re.I)
# "which city", "what news agency", "which two Iraqi bases" (a number says how many, not what)
_WHICH_NOUN = re.compile(r"\b(?:which|what)\s+(?:(?:two|three|four|five|\d+)\s+)?([\w'-]+)(?:\s+([\w'-]+))?", re.I)


def _which_nouns(question: str) -> set[str]:
    """Stems of the (up to two) words after each which/what: where the noun it asks for is."""
    return {t for m in _WHICH_NOUN.finditer(question) for t in tokenize(" ".join(w for w in m.groups() if w))}


def wants_a_name(question: str) -> bool:
    """The answer is a name: a who-question, "the name of", or which/what with a noun of a person's role, a
    group, a place or an outlet (names.NAME_SEEKING_NOUNS)."""
    return bool(_WHO_OR_NAME_OF.search(question)) or bool(_which_nouns(question) & NAME_SEEKING_NOUNS)


def asked_for_a_person(question: str) -> bool:
    """"who ...?" or "which/what <role> ...?" ("which PM", "what russian diplomat"): a "he" in the next question
    means the person its answer named."""
    return bool(_WHO_OR_NAME_OF.match(question)) or bool(_which_nouns(question) & PERSON_NOUNS)


_DESCRIBED = re.compile(r"^\s*(?:and\s+)?(?:who|what)\s+(?:is|was|are|were)\s+(?:the\s+)?([\w' .-]+?)\s*[?.!]*\s*$|"
                        r"\bwhat\s+(?:is|was)\s+([\w' .-]+?)'s\s+(?:role|job|position|title)\b", re.I)


def described(question: str) -> set[str]:
    """Stems of the person a "who is X?" / "what is X's role?" question asks about; empty when it asks for a
    name instead ("who was prime minister?")."""
    m = _DESCRIBED.search(question)
    if not m:
        return set()
    words = [w for w in re.findall(r"[A-Za-z]+", m.group(1) or m.group(2)) if w.lower() not in PARTICLES]
    if not words or len(words) > 4:
        return set()
    stems = {w.lower()[:4] for w in words}
    if m.group(1) and all(w.lower() in TITLES or w.lower() in STOPWORDS for w in words):
        return set()  # "who was the prime minister" asks for a name; "who is william warda" for a description
    return stems


_ASKED_SPEAKER = re.compile(r"\b(?:what|how) (?:did|does|do) (?:the )?(.+?) (?:say|said|respond|reply|announce|post|"
                            r"tweet|tell|warn|claim|insist)\b|"
                            r"\baccording to (?:the )?([^?,.]+)|\bdid (?:the )?(.+?) say\b", re.I)


ANY_REPORT = frozenset(tokenize("report reports source sources media news article articles document documents "
                                 "different various several text story stories"))


def speaker_phrase(question: str) -> str:
    """Whoever's words the question asks for, as written: "what did joe biden say about ..." -> "joe biden"."""
    m = _ASKED_SPEAKER.search(asked_part(question))  # "how many are there? (context: what did X say ...)"
    return next(g for g in m.groups() if g) if m else ""


def speaker_asked(question: str) -> set[str]:
    """4-letter stems of whoever's words the question asks for: "What did Russia's deputy foreign minister say"
    -> {russ, depu, fore, mini} (so "Russian Deputy Foreign Minister" matches)."""
    phrase = speaker_phrase(question)
    if not phrase:
        return set()
    words = terms_of(phrase)
    if words <= ANY_REPORT:
        return set()  # "according to the different reports" cites no one
    return {w[:4] for w in words if w not in PARTICLES}  # "al-Sistani"


# "who leads the bloc?" asks for its leader, whom news names as "head of the bloc" or "the bloc's leader"
_ROLE_VERB = re.compile(r"^\s*(?:and\s+)?(?:who|whom)\s+(?:(lead|led|head|run|ran|direct)|(command)|(chair))"
                        r"(?:s|ed)?\b", re.I)


# "who took over as leader", "who was appointed prime minister": the role the successor holds
_SUCCESSION = re.compile(r"\b(?:who|whom)\s+(?:took over as|was (?:named|appointed|chosen|picked)(?:\s+as)?)\s+"
                         r"(?:(?:the|its|their|his|her)\s+)?(?:new\s+)?"
                         r"([a-z']+(?:\s+(?!of\b|in\b|at\b|for\b|after\b|when\b)[a-z]+){0,2})", re.I)


def asks_successor(question: str) -> bool:
    """"who took over as leader of X", "who was named its new chief": someone new, not the one named."""
    return bool(_SUCCESSION.search(question))


def role_of_verb(question: str) -> set[str]:
    """The role a "who leads / commands / chairs X" question asks for, as the nouns news writes it with."""
    m = _ROLE_VERB.match(question)
    if not m:
        return set()
    return set(tokenize("leader head chief" if m.group(1) else "commander" if m.group(2) else "chairman chair"))


def head_terms(question: str) -> set[str]:
    """The thing a who/which question asks for: "Which political bloc threatened ..." -> {polit, bloc};
    "Who was Iraq's prime minister when ..." -> {iraq, prime, minist}; "who leads X" -> {leader, head, chief}."""
    if role_of_verb(question):
        return role_of_verb(question)
    m = _HEAD.search(question)
    words = next((g for g in m.groups() if g), "") if m else ""
    succeeded = _SUCCESSION.search(question)
    if not words and succeeded:  # "who took over as leader of X": the role the successor took
        return terms_of(succeeded.group(1))
    if not words or all(w[:1].isupper() for w in words.split()) and words.split()[-1].lower() not in TITLES:
        return set()  # "Who was Suleimani?" asks for a description, not a name; "the US Secretary" for a name
    if re.match(r"(?:who|whom)\b", m.group(), re.I) and re.match(r"[a-z]+ed\b", words):
        return set()  # "who was killed with X": a passive verb, not the noun of a role
    return terms_of(words)


@functools.lru_cache(maxsize=256)
def head_modifiers(question: str) -> frozenset[str]:
    """4-letter stems of the names that narrow what a who/which question asks for: "the US ambassador" -> {us},
    "Iraq's prime minister" (or "iraq's", as readers type it) -> {iraq}; another country's ambassador does not
    answer it. Cached: the name checks ask it of the same question for every candidate sentence."""
    m = _HEAD.search(question)
    words = (next((g for g in m.groups() if g), "") if m else "").split()[:-1]
    return frozenset(POSSESSIVE.sub("", w).lower()[:4] for w in words
                     if w[:1].isupper() or POSSESSIVE.search(w) or _NATIONALITY.fullmatch(w))


POSSESSIVE = re.compile(r"['’]s$")  # "Iraq's" (or "iraq's", as readers type it): the owner of what follows
# "who is the commander of US forces in Iraq": the role's owner, written after it
_OWNER = re.compile(r"\b(?:who|whom)\s+(?:is|was|are|were)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}?[\w'-]+\s+of\s+(?:the\s+)?"
                    r"(.+?)(?=\s+(?:in|during|when|who|that|since|after|before)\b|\s*[?,.;]|$)", re.I)


# an office named by its field, as readers type it: "secretary of state", "minister of defence", "chief of staff"
_OFFICE_OF = re.compile(r"\b(?:secretary|minister|ministry|department|chief)\s+of\s+(?!the\b)([a-z]+)\b", re.I)


def head_owner(question: str) -> frozenset[str]:
    """4-letter stems of the names that own the asked role after it: "who is the commander of US forces?" ->
    {us}; "the second-in-command of the PMU" does not answer it. Empty when the owner is no name ("of the bloc"),
    unless it is an office's field: "who was the secretary of state?" is not answered by the Secretary of
    Defense."""
    m = _OWNER.search(question)
    office = _OFFICE_OF.search(question) if m else None
    return frozenset(POSSESSIVE.sub("", w).lower()[:4] for w in (m.group(1).split() if m else ())
                     if w[:1].isupper() or _NATIONALITY.fullmatch(w)) | (
        {office.group(1).lower()[:4]} if office else set())


# a people's adjective typed in lower case ("what russian diplomat", "which iraqi pm") narrows the role too
_NATIONALITY = re.compile(r"[a-z]{2,}(?:ian|ish|ese|an|i)|us|uk")


def is_nationality(word: str) -> bool:
    """A people's adjective ("Iraqi", "russian", "US"): many roles share it, so it does not name the asked one."""
    return bool(_NATIONALITY.fullmatch(re.sub(r"\W", "", word).lower()))


# "which cleric called for it, was it X?": the name the reader proposes is to be confirmed, so it may answer
_PROPOSED = re.compile(r"[,;:-]\s*(?:or\s+)?(?:was|is|were|are)\s+(?:it|that|this|he|she|they)\s+[^?,;]+\?*\s*$", re.I)


def new_names(query: Query, sentence: str, background: bool = False) -> list[tuple[int, str]]:
    """(word position, name) of each proper name in the sentence that could answer a who/which question: none
    of its words past titles is in the question (compared on 4-letter stems, so "Soleimani" is named by
    "Soleimani's"), it is not a day or month and (unless `background`) not a name most passages mention."""
    asked = {w[:4] for w in re.findall(r"[a-z]+", _PROPOSED.sub("", query.text).lower())}
    narrowing = head_modifiers(query.text)  # "US" in "the US president" narrows a role; "US President X" is X
    out = []
    for m in NAME.finditer(sentence):
        parts = [w for w in re.findall(r"[A-Za-z]+", m.group()) if w.lower() not in PARTICLES]
        if m.start() == 0:  # a sentence's first word is capitalised anyway
            parts = parts[1:] if parts and parts[0] not in query.proper else parts
        core = [w.lower() for w in parts if w.lower() not in TITLES and w.lower() not in STOPWORDS
                and w.lower()[:4] not in narrowing and not set(tokenize(w)) & query.head]  # "Quds Force": "what force"
        letters = initials(w for w in parts if w not in ("The", "A", "An"))  # "PMF" asks it by name
        if core and not any(w[:4] in asked or w in CALENDAR for w in core) and not (
                len(letters) >= 3 and letters in asked) and (
                background or not all(w[:4] in query.background for w in core)):
            out.append((len(sentence[:m.start()].split()), m.group()))
    return out
