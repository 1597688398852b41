"""What a question asks for, read without a model, gathered in one Query.

Its kind (why / number / who / when / other), its content terms (terms.py), the years it names or bounds, what a
who/which question seeks (sought.py: the noun it asks about, the person or body to describe, whose words), the
actors it names (each deserves a sentence), whether it asks about several periods, whether it is a vague
"what happened" question, which names in the passages are background (named by most passages, so no answer), and
which country the passages place a place in ("in Baghdad, Iraq").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.dates import CALENDAR, DURATION_ASKED, NEWS_ASKED, years_asked_with_later
from rag.extractive.counted import MONEY_ASKED, attribute_of, counted_of
from rag.extractive.names import NAME, PARTICLES, TITLES, country_stem
from rag.extractive.sought import described, head_terms, role_of_verb, speaker_asked, wants_a_name
from rag.extractive.terms import CALENDAR_TERMS, LIGHT_TERMS, terms_of
from rag.keyword import ACRONYM, tokenize
from rag.text import CONTEXT_MARK, STOPWORDS, asked_part

if TYPE_CHECKING:
    from rag.extractive.candidates import Candidate

SPEECH = re.compile(r"\b(said|says|added|adds|noted|stated|told|insisted|stressed|warned|explained|announced|"
                    r"affirmed|urged|claimed)\b")
# "what was the date of the strike?" asks when, as "on what date" does, and so does "date of the article ...";
# "did they set a date for the withdrawal?" / "no date for" asks whether there is one
_DATE_OF = (r"what (?:is|was|were) the (?:exact |precise )?(?:date|day|year|month)\b|"
            r"(?<!\ba )(?<!\bno )(?:the )?(?:exact |publication |publishing |published |release )?date (?:of|for|on)\b")
_FIGURES_ASKED = r"(?:what|which)\s+(?:number|figure|count|total)(s?)\b"  # "what numbers do they give"


def asks_several_numbers(question: str) -> bool:
    """"what numbers / figures do the reports give": several counts are asked for, so no one of them answers."""
    m = re.search(r"\b" + _FIGURES_ASKED, question, re.I)
    return bool(m and m.group(1))


_KINDS = (  # (kind, pattern); a question's opening words decide first, then the first pattern found anywhere
    ("why", r"why\b|what (?:\w+ )?(?:reasons?|causes?|grounds|motives?)\b|"
            r"what (?:triggered|caused|prompted|led to|pushed|set off|sparked|provoked|started)\b|"
            r"how did (?:\w+ ){1,4}(?:justify|explain)\b|"
            r"\breasons?\b"),
    ("number", r"how (?:many|much|long)\b|(?:what|which) (?:is|was|were|are) the number of\b|\bnumber of\b|"
               r"\b(?:troop|force|casualty|death|soldier|staff|personnel)\s+(?:numbers|levels|strength)\b|"
               r"how large\b|" + _FIGURES_ASKED),
    ("who", r"(?:who|whom|whose)\b|which (?:\w+ )?(?:leader|group|militia|bloc|alliance|cleric|person|official|minister|"
            r"country|party|faction|organi[sz]ation|commander|general|president|spokesman|spokesperson)s?\b"),
    ("when", r"when\b|(?:on |in )?(?:what|which) (?:date|day|year|month)\b|in (?:what|which) year\b|" + _DATE_OF),
)
# words that say nothing about the topic of a "what happened ..." question
_VAGUE = frozenset(tokenize(NEWS_ASKED)) - {"us"}  # "tell us about" asks; "US troops" is a topic
# "what happened at the memorial?": an event or a period is asked about, not one fact
WHAT_HAPPENED = re.compile(r"^\s*(?:so\s+|and\s+)?what (?:happened|occurred|took place|went on)\b", re.I)
_SET_IN = re.compile(r"\b(?:in|at|across|around|inside)\s+(?:the\s+)?([A-Za-z][\w-]*)", re.I)  # a place
_PERIODS = re.compile(r"\b(both|each|differ\w*|compare\w*|comparison|versus|vs\.?|change[sd]?|then and now|"
                      r"two (?:episodes|times|periods))\b", re.I)
_REPORT_DATE = re.compile(r"\b(published|reported|report|article|story|written|dated|piece)\b", re.I)
_NOW = re.compile(r"\b(now|currently|current|today|at present|these days|still|latest|nowadays)\b", re.I)


def asks_report_date(question: str) -> bool:
    """The question asks when a report came out ("when was the piece published", "date of the article")."""
    return question_kind(question) == "when" and bool(_REPORT_DATE.search(question))


def question_kind(question: str) -> str:
    """why / number / who / when / other: what kind of fact would answer the question."""
    q = re.sub(r"^\s*(?:and|so|but|then|also|ok|okay)\b[\s,]*", "", question.lower())
    for kind, pattern in _KINDS:
        if re.match(r"\s*" + pattern, q):
            return kind
    for kind, pattern in _KINDS:
        if kind == "when":  # mid-question, "when" joins a clause ("did they leave when asked?"): "since when" asks
            pattern = r"(?:since|until|till|from) when\b|(?:on |in )?(?:what|which) (?:date|day|year|month)\b|" \
                r"in (?:what|which) year\b|" + _DATE_OF
        if re.search(r"\b" + pattern, q):
            return kind
    return "other"


_QUESTION_OPENERS = frozenset("what which who whom whose when where why how did does do is are was were can could "
                              "would should tell and so but".split())


def kind_asked(question: str) -> str:
    """The kind of a follow-up made standalone is its own when it is a whole question ("Was it binding? (context:
    why did parliament vote?)" asks yes or no, not why), and its context's when it is a fragment ("In 2024?
    (context: how many troops were there?)" asks how many)."""
    own = asked_part(question)
    words = re.findall(r"[a-z]+", own.lower())
    if own == question or (words and words[0] in _QUESTION_OPENERS - {"and", "so", "but"}):
        return question_kind(own)
    return question_kind(question)


@dataclass(frozen=True)
class Query:
    """The question and what the scorer needs to know about it and about the passages' names."""

    text: str
    kind: str
    terms: frozenset[str]
    years: frozenset[str]  # years the question asks about (not bounds such as "since 2023")
    speaker: frozenset[str]  # whose words are asked for ("what did the Pentagon say", "according to ...")
    head: frozenset[str]  # what a who/which question asks for ("political bloc", "prime minister")
    subject: frozenset[str]  # whom a "who is X?" question asks to describe (4-letter stems of X's name)
    actors: tuple[frozenset[str], ...]  # names the question mentions, each a set of stems
    listed: tuple[frozenset[str], ...]  # actors it lists together ("Sadr and Ghabban"): each deserves a sentence
    periods: bool  # asks about several periods ("in 2020 and 2024", "how did ... differ", "both")
    vague: bool  # "what happened in 2024": no topic beyond a time
    report_date: bool  # asks when something was published or reported
    counted: frozenset[str]  # what a "how many" question counts, with its other names ("troops" ~ "soldiers")
    money: bool  # a "how much" question about money: only an amount of money answers it
    duration: bool  # "how long ...?": only a length of time answers it ("for four years", "90 minutes")
    attribute: frozenset[str]  # "what is the population of Baghdad": the attribute asked for ({popul})
    wants_name: bool  # the answer is a name ("who sits on the committee", "which city", "the name of ...")
    background: frozenset[str]  # 4-letter stems of names most passages mention (Iraq, US, Baghdad): no answer
    proper: frozenset[str]  # words the passages capitalise mid-sentence, so a capitalised first word is a name
    n_passages: int
    placed: frozenset[tuple[str, str]] = frozenset()  # (place, country) stems the passages write as "in X, Y"

    @functools.cached_property
    def unnamed(self) -> frozenset[str]:
        """The question's terms that are not part of a name it gives: the act or thing it asks about ("resign" in
        "when did Governor Paul Mendes resign")."""
        names = set().union(*self.actors) if self.actors else set()
        return frozenset(t for t in self.terms if t[:4] not in names)

    @functools.cached_property
    def asked_terms(self) -> frozenset[str]:
        """The terms of what is asked, without the context a follow-up carries ("how many troops are there?
        (context: what did the Pentagon say about pulling out?)" asks a count, not about pulling out)."""
        return self.terms & frozenset(terms_of(asked_part(self.text)) | role_of_verb(self.text))

    @classmethod
    def of(cls, question: str, cands: list[Candidate], n_passages: int) -> "Query":
        proper = {w for c in cands for m in NAME.finditer(c.text)  # a sentence's first word is capitalised anyway
                  for w in re.findall(r"[A-Za-z]+", m.group())[0 if m.start() > 0 else 1:]}
        by_passage: dict[int, set[str]] = {}
        for c in cands:
            by_passage.setdefault(c.n, set()).update(w.lower()[:4] for w in proper if w in c.text)
        n = max(1, len(by_passage))
        counts: dict[str, int] = {}
        for stems in by_passage.values():
            for stem in stems:
                counts[stem] = counts.get(stem, 0) + 1
        background = {stem for stem, k in counts.items() if k >= max(2, 0.6 * n)}
        everywhere = {stem for stem, k in counts.items() if k >= max(2, 0.8 * n)}  # too common to be who it is about
        common = {w for c in cands for w in re.findall(r"\b[a-z]+\b", c.text)}
        actors = tuple(a for a in actors_named(question, proper, common) if not a <= everywhere)
        kind = kind_asked(question)
        terms = frozenset((terms_of(question.replace(CONTEXT_MARK, " ")) - LIGHT_TERMS)  # "who leads": "head of the
                          | role_of_verb(question))  # bloc"
        years = years_asked_with_later(question, (c.date for c in cands))  # "in 2020 and more recently"
        if not years and asks_now(question, cands):  # "how many troops are there now": the latest period
            years = {max(c.date[:4] for c in cands if c.date)} if any(c.date for c in cands) else set()
        topic = {t for t in terms if not t.isdigit() and t not in _VAGUE and t not in CALENDAR_TERMS}  # "januari"
        if WHAT_HAPPENED.match(question) and (years or terms & CALENDAR_TERMS):
            topic -= {t for t in terms_of(" ".join(_SET_IN.findall(question))) if t[:4] in background}
            # "what happened in Baghdad in 2024?" when most passages are set there: the place narrows nothing, the
            # time does ("what happened to Soleimani in 2020?" still asks about him)
        proper_stems = {w.lower()[:4] for w in proper}
        subject = described(question) if kind in ("who", "other") else set()  # "what is the PMF?" too
        written = {w.lower()[:4] for w in re.findall(r"\b[A-Z][a-z]+", question[1:])}
        acronyms = {w.lower() for w in ACRONYM.findall(question)}
        if kind == "other" and not subject <= written | acronyms:
            subject = set()  # "what was the vote?" asks about a thing, not for what a named body is
        if not subject <= proper_stems | written | acronyms:  # "who was killed with X" asks for a name
            subject = set()
        return cls(question, kind, terms, frozenset(years), frozenset(speaker_asked(question)),
                   frozenset(head_terms(question)), frozenset(subject),
                   actors, listed_together(question, actors),
                   len(years) >= 2 or bool(_PERIODS.search(question)),
                   not topic and (kind == "other" or kind == "when" and not _REPORT_DATE.search(question)),
                   asks_report_date(question),
                   frozenset(counted_of(question)), kind == "number" and bool(MONEY_ASKED.search(question)),
                   kind == "number" and bool(DURATION_ASKED.search(question)),
                   frozenset(attribute_of(question)), not subject and wants_a_name(question),
                   frozenset(background), frozenset(proper), n_passages,
                   frozenset((m.group(1).lower()[:4], country_stem(m.group(2)))
                             for c in cands for m in _PLACED_IN.finditer(c.text)))


# "killed in Baghdad, Iraq on January 3": the passages say which country a place is in (not a list: "in Iraq, Syria
# and Lebanon")
_PLACED_IN = re.compile(r"\b(?:in|at|from|near|outside)\s+([A-Z][a-z]+),\s+([A-Z][a-z]+)\b(?!\s*(?:,|and\b|or\b))")


def asks_now(question: str, cands: list[Candidate]) -> bool:
    """The question asks about the present ("how many troops are there now", "who is the current prime minister"),
    unless its words are a report's own: "what caused the current crisis" quotes a report's "the current crisis",
    which may be years old."""
    if not _NOW.search(question):
        return False
    texts = [c.text.lower() for c in cands]  # only read when the question has a word of the present
    for m in _NOW.finditer(question):
        phrase = re.match(re.escape(m.group().lower()) + r"\s+([\w-]+)", question[m.start():].lower())
        if not phrase or phrase.group(1) in TITLES or not any(phrase.group() in t for t in texts):
            return True  # "the current prime minister" asks who holds the office now, whatever a report wrote
    return False


def actors_named(question: str, proper: set[str], common: set[str] = frozenset()) -> list[frozenset[str]]:
    """Each name in the question as a set of 4-letter stems ("Sadr and Ghabban" -> {sadr}, {ghab}); a lower-case
    word counts when the passages write it as a name ("sudani"), and never as a plain word: "forces" is no actor
    because one name ("Popular Mobilization Forces") holds it."""
    out: list[frozenset[str]] = []
    lowered = {w.lower()[:4] for w in proper if w.lower() not in common}  # "sunni" for "Sunnis"
    for m in NAME.finditer(question):
        words = [w for w in re.findall(r"[A-Za-z]+", m.group())
                 if w.lower() not in PARTICLES and w.lower() not in _QUESTION_OPENERS and w.lower() not in STOPWORDS
                 and w.lower() not in CALENDAR]
        if m.start() == 0:
            words = [w for w in words if w in proper]
        if words:
            out.append(frozenset(w.lower()[:4] for w in words))
    for w in re.findall(r"\b[a-z][a-z-]{3,}\b", question):
        if (w[:4] in lowered and w not in common and w not in TITLES and w not in CALENDAR
                and not any(w[:4] in a for a in out)):
            out.append(frozenset({w[:4]}))
    return out


_LIST_GLUE = frozenset({",", "and", "or", "the", "&", "both"})


def listed_together(question: str, actors: tuple[frozenset[str], ...]) -> tuple[frozenset[str], ...]:
    """The actors the question lists side by side ("What did Sadr and Ghabban say?", "Sunni and Kurdish
    lawmakers", "Russia, NATO and Iran"): only "," / "and" / "or" between their names. Others it names are the
    setting ("... the parliament's resolution to expel US troops"), not subjects that each need a sentence."""
    owner: list[int | None] = []
    tokens = re.findall(r"[A-Za-z]+|,|&", question)
    for t in tokens:
        owner.append(next((k for k, a in enumerate(actors) if t.lower()[:4] in a and (t[:1].isupper() or len(t) > 4)
                           or t.lower() in a), None))  # "russia and nato": typed in lower case
    listed: set[int] = set()
    last, glue_only = None, False
    for t, k in zip(tokens, owner):
        if k is not None:
            if last is not None and k != last and glue_only:
                listed |= {last, k}
            last, glue_only = k, True
        elif t.lower() not in _LIST_GLUE:
            glue_only = False
    return tuple(a for k, a in enumerate(actors) if k in listed)
