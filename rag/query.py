"""What a question asks for, read without a model: its kind (why / number / who / when / other), its terms,
the year it names, the noun a who/which question asks about, whose words it asks for, and which names in the
passages could answer it. The offline answerer scores sentences with this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.keyword import tokenize
from rag.text import STOPWORDS

if TYPE_CHECKING:
    from rag.local import Candidate

MONTH_NAMES = ("January February March April May June July August September October November December").split()
_CALENDAR = {w.lower() for w in MONTH_NAMES} | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                                "sunday"}


SPEECH = re.compile(r"\b(said|says|added|adds|noted|stated|told|insisted|stressed|warned|explained)\b")
_KINDS = (  # (kind, pattern); a question's opening words decide first, then the first pattern found anywhere
    ("why", r"why\b|what (?:\w+ )?(?:reasons?|causes?)\b|what (?:triggered|caused|prompted|led to|pushed)\b|\breasons?\b"),
    ("number", r"how (?:many|much)\b|(?:what|which) (?:is|was|were|are) the number of\b|\bnumber of\b|how large\b"),
    ("who", r"(?:who|whom|whose)\b|which (?:\w+ )?(?:leader|group|militia|bloc|alliance|cleric|person|official|minister|"
            r"country|party|organi[sz]ation|commander|general|president|spokesman|spokesperson)s?\b"),
    ("when", r"when\b|what (?:date|day|year|month)\b|in what year\b"),
)


def question_kind(question: str) -> str:
    """why / number / who / when / other: what kind of fact would answer the question."""
    q = re.sub(r"^\s*(?:and|so|but|then|also|ok|okay)\b[\s,]*", "", question.lower())
    for kind, pattern in _KINDS:
        if re.match(r"\s*" + pattern, q):
            return kind
    for kind, pattern in _KINDS:
        if re.search(r"\b" + pattern, q):
            return kind
    return "other"


def terms_of(text: str) -> set[str]:
    """Stemmed content words, with "U.S." read as "US" (the tokenizer would drop its single letters)."""
    return set(tokenize(re.sub(r"\bU\.S\.(?=[\s,;:)]|$)", "US", text)))


_NAME = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:[- ](?:(?:al|bin|ibn|el|of)-?\s?)?(?:[A-Z][a-z]+|[A-Z]{2,}))*")
_PARTICLES = {"al", "bin", "ibn", "el", "of"}


@dataclass(frozen=True)
class Query:
    """The question and what the scorer needs to know about it and about the passages' names."""

    text: str
    kind: str
    terms: frozenset[str]
    years: frozenset[str]
    speaker: frozenset[str]  # whose words are asked for ("what did the Pentagon say", "according to ...")
    head: frozenset[str]  # what a who/which question asks for ("political bloc", "prime minister")
    background: frozenset[str]  # 4-letter stems of names most passages mention (Iraq, US, Baghdad): no answer
    proper: frozenset[str]  # words the passages capitalise mid-sentence, so a capitalised first word is a name
    n_passages: int

    @classmethod
    def of(cls, question: str, cands: list[Candidate], n_passages: int) -> "Query":
        proper = {w for c in cands for m in _NAME.finditer(c.text) if m.start() > 0
                  for w in re.findall(r"[A-Za-z]+", m.group())}
        by_passage: dict[int, set[str]] = {}
        for c in cands:
            by_passage.setdefault(c.n, set()).update(w.lower()[:4] for w in proper if w in c.text)
        n = max(1, len(by_passage))
        counts: dict[str, int] = {}
        for stems in by_passage.values():
            for stem in stems:
                counts[stem] = counts.get(stem, 0) + 1
        background = {stem for stem, k in counts.items() if k >= max(2, 0.6 * n)}
        return cls(question, question_kind(question), frozenset(terms_of(question)),
                   frozenset(re.findall(r"\b((?:19|20)\d\d)\b", question)), frozenset(speaker_asked(question)),
                   frozenset(head_terms(question)),
                   frozenset(background),
                   frozenset(proper), n_passages)


_HEAD = re.compile(r"\b(?:which|what)\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?:is|was|are|were|did|does|do|has|have|had|"
                   r"threaten\w*|call\w*|said|says|led|leads|\w+ed)\b|\b(?:who|whom)\s+(?:is|was|are|were)\s+(?:the\s+)?"
                   r"((?:[\w'-]+\s+){0,2}?[\w'-]+)(?=\s+(?:when|who|that|in|of|during|at|on|and|to)\b|\s*[?,.]|$)", re.I)


_ASKED_SPEAKER = re.compile(r"\b(?:what|how) did (?:the )?(.+?) (?:say|said|respond|reply|announce)\b|\baccording to "
                           r"(?:the )?([^?,.]+)|\bdid (?:the )?(.+?) say\b", re.I)


def speaker_asked(question: str) -> set[str]:
    """Terms of whoever's words the question asks for: "What did the Pentagon say ..." -> {pentagon}."""
    m = _ASKED_SPEAKER.search(question)
    return terms_of(next(g for g in m.groups() if g)) if m else set()


def head_terms(question: str) -> set[str]:
    """The thing a who/which question asks for: "Which political bloc threatened ..." -> {polit, bloc};
    "Who was Iraq's prime minister when ..." -> {iraq, prime, minist}."""
    m = _HEAD.search(question)
    words = (m.group(1) or m.group(2)) if m else ""
    if all(w[:1].isupper() for w in words.split()):  # "Who was Suleimani?" asks for a description, not a name
        return set()
    return set(tokenize(words))


_TITLES = frozenset("""prime minister president vice general gen lt col secretary mr mrs ms dr sheikh ayatollah
    commander chairman spokesman spokesperson ambassador major maj press state defense defence foreign interior
    cleric populist iranian iraqi american""".split())


def new_names(query: Query, sentence: str, background: bool = False) -> list[tuple[int, str]]:
    """(word position, name) of each proper name in the sentence that could answer a who/which question: none
    of its words past titles is in the question (compared on 4-letter stems, so "Soleimani" is named by
    "Soleimani's"), it is not a day or month and (unless `background`) not a name most passages mention."""
    asked = {w[:4] for w in re.findall(r"[a-z]+", query.text.lower())}
    out = []
    for m in _NAME.finditer(sentence):
        parts = [w for w in re.findall(r"[A-Za-z]+", m.group()) if w.lower() not in _PARTICLES]
        if m.start() == 0:  # a sentence's first word is capitalised anyway
            parts = parts[1:] if parts and parts[0] not in query.proper else parts
        core = [w.lower() for w in parts if w.lower() not in _TITLES and w.lower() not in STOPWORDS]
        if core and not any(w[:4] in asked or w in _CALENDAR for w in core) and (
                background or not all(w[:4] in query.background for w in core)):
            out.append((len(sentence[:m.start()].split()), m.group()))
    return out


