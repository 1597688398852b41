"""Is there enough evidence to answer? Similarity alone is not enough (decision 5).

Two checks, both must pass:
1. the best passage's cosine similarity to the question is at least `min_score`;
2. the question's salient terms are covered by the selected passages: every name-like word (capitalised
   inside the question, or a number) and at least half of all content words must occur in them (allowing
   close spellings). "How many US troops are in Germany?" fails on "Germany" even though passages about
   troops in Iraq are close by. A role the question gives an owner ("Iran's foreign minister") must not be
   written only as another country's.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rag.dates import CALENDAR, YEAR_BOUND, month_label, period_only, years_recalled
from rag.extractive.names import country_stem
from rag.extractive.sought import speaker_phrase
from rag.keyword import tokenize
from rag.models import Hit
from rag.text import CARDINALS, LIGHT_VERBS, ORDINALS, TYPED_SHORT, spell_out

QUESTION_WORDS = frozenset("what which who whom whose when where why how many much did does do is are was were "
                           "happen happened tell explain describe summarize summarise summary overview story".split())
MIN_COVERAGE = 0.5
NAME_CUTOFF = 0.85  # names need a closer spelling than words: "Suleimani" ~ "Soleimani" (0.89), not "Saudi" ~ "Saidi" (0.80)


@dataclass(frozen=True)
class Assessment:
    answerable: bool
    reason: str
    best_score: float
    coverage: float
    missing: tuple[str, ...] = ()


_TOKEN = r"[A-Za-z][\w'-]*|\d+(?:[,.]\d+)*"


def _day_of_month(tokens: list[str], i: int) -> bool:
    """"January 9" or "9 January": a day, which news often writes as a weekday ("on Thursday"), not a name."""
    return len(tokens[i]) <= 2 and any(0 <= j < len(tokens) and tokens[j].lower() in CALENDAR for j in (i - 1, i + 1))


def _name_like(question: str) -> list[str]:
    """Words written with a capital inside the question (not its first word, not a month or weekday), names
    written with a lower-case particle ("al-Hadi") and numbers (not a month's day). A year counts as covered when
    a selected passage is dated in it (documents rarely print their own year) or recalls it ("since October" in a
    January 2024 report)."""
    tokens = re.findall(_TOKEN, question)
    names = [t for i, t in enumerate(tokens)
             if (i > 0 and (t[0].isupper() or re.match(r"(?:al|el)-[A-Z]", t)) and t.lower() not in QUESTION_WORDS
                 and t.lower() not in CALENDAR)
             or (t[0].isdigit() and not _day_of_month(tokens, i))]
    return [n for n in names if n.upper() not in ("US", "U.S", "I")]


def _by_surname(question: str, word: str, text: str) -> bool:
    """`word` opens a run of capitalised words ("Adel" in "Adel Abdul-Mahdi", "Haider" in "Haider al-Abadi") whose
    last word the passages write as a name (capitalised, never in lower case): news names a person in full once
    and by surname after, so a passage that says "Abdul-Mahdi" is about him even if none of the retrieved ones
    repeats his given name (or spells it "Haidar"). An owner ("Nato's Secretary General") or a common last word
    ("Kurdish Regional Government") is no given name."""
    if word.lower() in _PLACE_QUALIFIERS or word.endswith(("'s", "'")):  # "South Korea" is not "North Korea"
        return False
    run = re.search(rf"\b{re.escape(word)}((?:\s+(?:(?:al|el|bin|ibn|abu|bint)[- ])?[A-Z][\w'-]*)+)", question)
    last = re.sub(r"'s?$", "", run.group(1).split()[-1]) if run else ""
    return bool(last) and bool(re.search(rf"\b{re.escape(last)}\b", text)) and not re.search(
        rf"\b{re.escape(last.lower())}\b", text)


_PLACE_QUALIFIERS = frozenset("north south east west northern southern eastern western new upper lower central "
                              "greater".split())


# the endings that turn a people or place into its adjective: Kurd(s) ~ Kurdish, Iraq ~ Iraqi, Syria ~ Syrian
_NAME_FORMS = ("ish", "i", "ian", "an", "n", "ese", "is")


def _covered(term: str, vocabulary: set[str], cutoff: float = 0.8) -> bool:
    """In the vocabulary, another form of the same name ("Kurds" for "Kurdish", "Iraqi" for "Iraq"), or (5+
    letters) a close spelling of a word in it: typos and transliterations."""
    if term in vocabulary:
        return True
    if len(term) >= 4 and any(term + end in vocabulary or (term.endswith(end) and term[:-len(end)] in vocabulary
                                                           and len(term) - len(end) >= 4) for end in _NAME_FORMS):
        return True
    return len(term) >= 5 and bool(difflib.get_close_matches(term, list(vocabulary), n=1, cutoff=cutoff))


def _spelled(token: str) -> set[str]:
    """A small number as reports also write it: "4th" -> {4, four, fourth} ("the fourth anniversary")."""
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", token)
    n = int(m.group(1)) if m else -1
    return {str(n), CARDINALS[n], ORDINALS[n]} if 0 <= n < len(CARDINALS) else set()


def _bounds_met(question: str, dates: list[str]) -> tuple[set[str], bool]:
    """Years the question uses as a bound ("since October 2023"), and whether some passage's date lies inside
    them: a bound limits when, it is not a topic the passages must mention."""
    years, met = set(), True
    for word, year in YEAR_BOUND.findall(question):
        years.add(year)
        later = word.lower() in ("since", "after", "from")
        met = met and any((d[:4] >= year) if later else (d[:4] <= year) for d in dates)
    return years, met


# "Iran's foreign minister", "Iraq's defence minister": a role the question gives an owner
_OWNED_ROLE = re.compile(r"\b([A-Z][a-z]+)'s\s+((?:[a-z]+\s+)?(?:minister|president|spokesman|spokesperson|"
                         r"ambassador|envoy|commander|chief|secretary))\b")
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:ian|ish|ese|i|an)$")


def _role_found(owner: str, role: str, text: str) -> bool:
    """The passages do not write the role only as another country's ("Russian Deputy Foreign Minister X" does
    not answer "what did Iran's foreign minister say"). A role written with no owner may be the asked one (a
    report on Iraq calls its own prime minister "Prime Minister X"), and a role never written may be there in
    other words ("envoy" for "ambassador"), but only in those: passages that never write a foreign minister nor
    a "top diplomat" do not say what one said."""
    found = False
    for m in re.finditer(rf"\b{re.escape(role)}\b", text, re.I):
        before = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 40):m.start()])[-3:]
        others = [w for w in before if _NATIONALITY.match(w) or w.lower() in ("us", "uk", "un")]
        if not others or any(country_stem(w) == country_stem(owner) for w in before):
            return True
        found = True
    return not found and _in_other_words(role, text)


# a role as news also writes it
_ROLE_WORDS = ({"envoy", "ambassador", "diplomat", "emissary"}, {"spokesman", "spokesperson", "spokeswoman"},
               {"chief", "head", "leader"}, {"commander", "general"}, {"foreign minister", "top diplomat"},
               {"defence minister", "defense minister", "defence chief", "defense chief", "defense secretary"})


def _in_other_words(role: str, text: str) -> bool:
    """The role, or another word news uses for it, is written in the passages."""
    words = {role.lower()} | {w for group in _ROLE_WORDS if role.lower() in group for w in group}
    return any(re.search(rf"\b{re.escape(w)}", text, re.I) for w in words)


def _speaker_words(question: str) -> list[str]:
    """The words naming whoever's words the question asks for ("joe biden", "american officials" of "american
    officials in the region"): when the passages write none of them, they do not report that speaker."""
    words = re.findall(r"[A-Za-z][\w'-]*", speaker_phrase(question))
    ends = next((k for k, w in enumerate(words) if w.lower() in _PREPOSITIONS or w.lower() in QUESTION_WORDS),
                len(words))  # "according to al sudani what is the only way ..."
    return [w for w in words[:ends] if tokenize(w)] if ends <= 4 else []


_PREPOSITIONS = frozenset("in of at from for on about to with by over".split())


def assess(question: str, hits: list[Hit], min_score: float) -> Assessment:
    """Whether `hits` can answer `question`, and if not, why in plain words."""
    question = spell_out(question)  # "the Iraqi PM": reports write "Prime Minister"
    if not hits:
        return Assessment(False, "no passage matched", 0.0, 0.0)
    best = max(h.scores.get("dense", h.score) for h in hits)
    vocabulary: set[str] = set()
    for h in hits:
        vocabulary |= set(tokenize(f"{h.passage.title} {h.passage.text}"))
        if h.passage.date:  # a report is of its own year and month, printed or not
            vocabulary |= {h.passage.date[:4], *tokenize(month_label(h.passage.date).split()[0])}
            vocabulary |= years_recalled(h.passage.text, h.passage.date)
    for short, long in TYPED_SHORT.items():  # a report that writes "UN" names the United Nations the question
        if short in vocabulary:  # was read as
            vocabulary |= set(tokenize(long))
    tokens = re.findall(_TOKEN, question)
    days = {t for i, t in enumerate(tokens) if t.isdigit() and _day_of_month(tokens, i)}
    asking = {tokenize(w)[0] for w in (*QUESTION_WORDS, *LIGHT_VERBS) if tokenize(w)}  # "get rid of": "rid" matters
    terms = [t for t in dict.fromkeys(tokenize(question)) if t not in asking and t not in days]
    if period_only(question):  # "what changed between 2019 and 2021?": only the years are matter to be found
        terms = [t for t in terms if t.isdigit()]
    covered = [t for t in terms if _covered(t, vocabulary)]
    coverage = len(covered) / max(1, len(terms))
    bounds, bounds_met = _bounds_met(question, [h.passage.date for h in hits if h.passage.date])
    if bounds and bounds_met:
        vocabulary |= bounds
    def found(name: str) -> bool:
        return all(_covered(t, vocabulary, 1.0 if t.isdigit() else NAME_CUTOFF) or bool(_spelled(t) & vocabulary)
                   for t in tokenize(name))

    text = "\n".join(h.passage.text for h in hits)
    missing_names = tuple(n for n in _name_like(question)
                          if tokenize(n) and not found(n) and not _by_surname(question, n, text)) + tuple(
        f"{owner}'s {role}" for owner, role in _OWNED_ROLE.findall(question) if not _role_found(owner, role, text))
    speaker = _speaker_words(question)
    if speaker and not missing_names and not any(map(found, speaker)):  # "what did joe biden say": a name typed
        missing_names = (" ".join(speaker),)  # in lower case, of whom no passage writes a word
    if best < min_score and coverage < 1.0:  # every word of "who is Sergei Ryabkov?" found: related, however short
        return Assessment(False, "the closest passages are only loosely related", best, coverage, missing_names)
    if missing_names:
        return Assessment(False, f"no passage mentions {', '.join(missing_names)}", best, coverage, missing_names)
    if coverage < MIN_COVERAGE:
        return Assessment(False, "the passages cover too little of the question", best, coverage)
    return Assessment(True, "", best, coverage)
