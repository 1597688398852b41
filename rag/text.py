"""Pure text helpers shared by indexing, answering, citation checks and eval.

Sentence splitting is rule-based (no nltk download): a sentence ends at . ! ? (plus closing quotes) when the
next word starts like a sentence and the word before the stop is not a known abbreviation or an initial;
a line break always ends one. Spans are returned so passages and highlights keep exact offsets.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                         "′": "'", "″": '"', "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj sgt capt cmdr adm gov sen rep st jr sr no vol vs etc inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec dept est approx fig al ft mt pres rev hon".split()
)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves said says say
    did does tell told according""".split()
)

_STOP_RE = re.compile(r"""[.!?]+["')\]]*(?=\s)""")
_NEXT_STARTS_SENTENCE = re.compile(r"""\s+["'(\[]*[A-Z0-9]""")
_WORD_BEFORE = re.compile(r"""([A-Za-z][A-Za-z.]*)[.!?]+["')\]]*$""")
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def normalize_unicode(text: str) -> str:
    """NFKC, straight quotes and plain dashes, non-breaking and odd spaces folded to one space per run."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[^\S\n]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def fold(text: str) -> str:
    """Lower-cased, unicode-normalised, single-spaced text for substring matching (eval, evidence)."""
    return re.sub(r"\s+", " ", normalize_unicode(text)).strip().lower()


def _is_abbreviation(before: str) -> bool:
    m = _WORD_BEFORE.search(before)
    if not m:
        return False
    word = m.group(1).rstrip(".")
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    if "." in word:  # "U.S", "e.g"
        return True
    return word.lower() in ABBREVIATIONS


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence of text[start:end], whitespace trimmed, empty ones dropped."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    line_start = start
    for line_end in [m.start() for m in re.finditer("\n", text[start:end])] + [end - start]:
        line_end += start
        cut = line_start
        for m in _STOP_RE.finditer(text, line_start, line_end):
            after = m.end()
            if not _NEXT_STARTS_SENTENCE.match(text, after, line_end):
                continue
            if _is_abbreviation(text[cut:after]):
                continue
            spans.append((cut, after))
            cut = after
        spans.append((cut, line_end))
        line_start = line_end + 1
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


def split_sentences(text: str) -> list[str]:
    """The sentences of text, in order."""
    return [text[s:e] for s, e in sentence_spans(text)]


def words(text: str) -> list[str]:
    """Lower-case word tokens with possessives folded ("Iraq's" -> "iraq")."""
    out = []
    folded = _THOUSANDS.sub("", normalize_unicode(text).lower())  # "2,500" and "2500" are one token
    for w in _WORD_RE.findall(folded):
        if w.endswith("'s"):
            w = w[:-2]
        out.append(w.replace("'", ""))
    return out


TYPED_SHORT = {"pm": "prime minister", "pms": "prime ministers", "mp": "lawmaker", "mps": "lawmakers",
                "un": "United Nations", "gov": "government", "govt": "government", "mil": "military",
                "hq": "headquarters", "hqs": "headquarters", "ppl": "people", "fm": "foreign minister",
                "fms": "foreign ministers", "dept": "department", "intl": "international", "acc to": "according to"}
_MONTH_SHORT = {"jan": "January", "feb": "February", "mar": "March", "apr": "April", "jun": "June", "jul": "July",
                "aug": "August", "sep": "September", "sept": "September", "oct": "October", "nov": "November",
                "dec": "December"}


CARDINALS = "zero one two three four five six seven eight nine ten eleven twelve".split()
ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()


def ordinal_word(token: str) -> str:
    """A small ordinal as reports mostly write it ("4th" -> "fourth"); any other token as it is."""
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", token)
    return ORDINALS[int(m.group(1))] if m and int(m.group(1)) < len(ORDINALS) else token


_SHORT = re.compile(r"\b(?:(?:PMs?|MPs?|FMs?|UN|govt?|mil|HQs?|ppl|acc to)\b|(?:dept|intl)\b\.?)", re.I)


def spell_out(text: str) -> str:
    """Common abbreviations people type written out ("the Iraqi PM" -> "the Iraqi prime minister", "Jan 3" ->
    "January 3"), as reports write them."""
    text = _SHORT.sub(lambda m: TYPED_SHORT.get(m.group().lower().rstrip("."), m.group()), text)
    text = re.sub(r"\b(what|who|where|when|how)s\b", r"\1 is", text, flags=re.I)  # "whats", "whos": typed without '
    # "Jan 3 2020", "jan. 2020": a month before a day or a year (alone, "Jan" may be a name)
    return re.sub(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?=\s+\d)",
                  lambda m: _MONTH_SHORT[m.group(1).lower()], text, flags=re.I)


def spelled_beside(text: str) -> str:
    """`text` with each abbreviation people type followed by how reports write it ("the iraqi pm" -> "the iraqi pm
    (prime minister)"): for search, which should still match a report that writes the short form ("PM says")."""
    return _SHORT.sub(lambda m: f"{m.group()} ({TYPED_SHORT.get(m.group().lower().rstrip('.'), m.group())})", text)


# verbs that only carry another word's meaning in a question ("who got killed", "get rid of", "get out")
# how a follow-up made standalone without a model carries the question it leans on: "How many troops are there?
# (context: what did the Pentagon say about Iraq?)"; the context helps find passages, the question is what is asked
CONTEXT_MARK = " (context: "


def asked_part(question: str) -> str:
    """The question without the context a follow-up carries."""
    return question.split(CONTEXT_MARK, 1)[0]


LIGHT_VERBS = frozenset("get gets got gotten getting".split())


def initials(words: Iterable[str]) -> str:
    """The lower-case initials of the capitalised words: "Islamic State of Iraq and Syria" -> "isis", what an
    acronym stands for (news spells an acronym out once, then uses either form)."""
    return "".join(w[0] for w in words if w[:1].isupper()).lower()


def content_words(text: str) -> list[str]:
    """Words that carry meaning: no stopwords, no one-letter tokens."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


def word_count(text: str) -> int:
    return len(text.split())


_UNPRINTABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_question(text: str) -> str:
    """The question as words a person typed: lone surrogates (invalid UTF-8 let through with surrogateescape),
    control and direction-override characters dropped, whitespace runs folded to one space."""
    return re.sub(r"\s+", " ", _UNPRINTABLE.sub(" ", text or "")).strip()
