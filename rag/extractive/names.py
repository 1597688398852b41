"""Names in news text: which capitalised runs are names, which words are titles and not part of a name, and
whether a name stands for a person or for a body (an organisation, a place).

Rules about news English in general; the question-side readers (question.py) and the lead line (lead.py) use
them to decide whether a sentence names what a who/which question asks for.
"""

from __future__ import annotations

import re

from rag.keyword import tokenize

# a run of capitalised words, with Arabic name particles inside ("Abu Mahdi al-Muhandis", "Secretary of State")
NAME = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:[- ](?:(?:al|bin|ibn|el|of)-?\s?)?(?:[A-Z][a-z]+|[A-Z]{2,}))*")
PARTICLES = frozenset({"al", "bin", "ibn", "el", "of"})

TITLES = frozenset("""prime minister president vice general gen lt col secretary mr mrs ms dr sheikh ayatollah
    commander chairman spokesman spokesperson ambassador major maj press state defense defence foreign interior
    cleric populist iranian iraqi american deputy former leader head chief minister's finance justice health
    education trade energy economy transport labour labor""".split())
TITLE_STEMS = frozenset(t[:4] for t in TITLES)  # as the 4-letter stems names and roles are compared on

# What a who/which question may ask for, as stems. A question asks for a name when it starts with who or asks
# "which/what <noun>" of a person's role, a group, a place or a news outlet ("which minister", "which militia",
# "what news agency").
PERSON_NOUNS = frozenset(tokenize("commander leader minister president spokesman spokesperson cleric official general "
                                  "secretary ambassador chief person man woman envoy diplomat pm premier senator "
                                  "lawmaker mp"))
GROUP_NOUNS = frozenset(tokenize("group militia bloc alliance party organization organisation country faction force "
                                 "brigade movement"))
PLACE_NOUNS = frozenset(tokenize("city town village province country region place"))
MEDIA_NOUNS = frozenset(tokenize("agency newspaper outlet channel network broadcaster"))
# "what took place" asks for no name; an airport is a place asked by name; "which minister" a person, while
# "what official reason" or "what general trend" asks for none
NAME_SEEKING_NOUNS = GROUP_NOUNS | (PLACE_NOUNS - set(tokenize("place"))) | MEDIA_NOUNS | set(tokenize("airport")) | (
    PERSON_NOUNS - set(tokenize("official general chief person man woman lawmaker mp")))  # "Sunni lawmakers"

_BODIES = frozenset("""forces force alliance party group brigades brigade ministry council department army committee
    organization organisation agency office bloc front movement union association press news times base zone republic
    state states nations kingdom province city airport embassy parliament government court university school
    company corporation bank fund foundation institute center centre mobilization coalition command division""".split())


def is_body(name: str) -> bool:
    """A name that stands for an organisation: an acronym ("PMF") or a body's word ("Fatah alliance")."""
    words = re.findall(r"[A-Za-z]+", name)
    return any((w.isupper() and len(w) > 1) or w.lower() in _BODIES for w in words)


_LED = re.compile(r"\b(?:leader|head|member|commander|chief|founder|spokesm[ae]n|spokesperson|secretary general)s? of"
                  r"(?: the)?\s*$", re.I)


def is_group(name: str, before: str) -> bool:
    """A name that stands for an organisation: a body's name, or what someone is "the leader of"."""
    return is_body(name) or bool(_LED.search(before))


def is_person(name: str, before: str) -> bool:
    """A name that stands for a person: two or more capitalised words ("Moqtada Al Sadr") or one after a title
    ("Mr Stoltenberg", "General Milley"). "Reuters" alone is not one."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in PARTICLES]
    if len(words) > 2 and words[0].isupper() and words[1].lower() in TITLES:
        words = words[1:]  # "US President Donald Trump": the acronym says whose president
    named = [w for w in words if w.lower() not in TITLES]
    if not named or is_body(" ".join(named)) or _LED.search(before):
        return False  # "ISIS", "PMF", "Popular Mobilization Forces": organisations, places, titles of works; what
        # someone is "the leader of" is a group
    if len(named) >= 2 or len(words) > len(named):
        return True
    return bool(re.search(r"\b(?:Mr|Mrs|Ms|Dr|General|Gen|President|Minister|Secretary|Sheikh|Ayatollah|spokesman|"
                          r"spokesperson|leader|commander|cleric)\.?\s*$", before))


# people-adjectives whose first four letters are not their country's ("French" / "France"); the others match on
# 4-letter stems ("Iraqi" / "Iraq", "Syrian" / "Syria")
_DEMONYMS = {"fren": "fran", "span": "spai", "poli": "pola", "dutc": "neth", "swis": "swit", "iris": "irel",
             "wels": "wale", "dani": "denm", "finn": "finl", "fili": "phil", "brit": "unit"}


def country_stem(word: str) -> str:
    """The 4-letter stem of a country or its people's adjective, the same for both ("French" and "France")."""
    stem = word.lower()[:4]
    return _DEMONYMS.get(stem, stem)
