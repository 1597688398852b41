"""The terms a question or a sentence is compared on: stemmed content words, read the way reports write them."""

from __future__ import annotations

import functools
import re

from rag.dates import CALENDAR
from rag.keyword import tokenize
from rag.text import LIGHT_VERBS, ordinal_word, spell_out


def terms_of(text: str) -> set[str]:
    """Stemmed content words, with "U.S." read as "US" (the tokenizer would drop its single letters) and common
    abbreviations spelled out ("PM" -> prime minister), small ordinals as words ("4th" -> fourth), and the verb an
    irregular form stands for ("left" -> leave, see `verb_lemmas`)."""
    text = spell_out(re.sub(r"\bU\.S\.(?=[\s,;:)]|$)", "US", text))
    return {ordinal_word(t) for t in tokenize(text)} | verb_lemmas(text)


def verb_lemmas(text: str) -> set[str]:
    """The stems of the verbs that irregular forms in `text` stand for: "the last troops left" tells "leave",
    "struck" tells "strike", "withdrew" tells "withdraw". The stemmer only cuts endings, so without these a sentence
    that says the asked act in its past tense does not tell it (lemminflect's English tables)."""
    return {t for w in _LETTERS.findall(text.lower()) for t in _lemma_stems(w)}


_LETTERS = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=65536)
def _lemma_stems(word: str) -> tuple[str, ...]:
    """Stems of the word's verb lemmas that its own stem is not; none for a stopword ("according" is no "accord")."""
    own = tokenize(word)
    if not own:
        return ()
    from lemminflect import getAllLemmas

    return tuple(t for lemma in getAllLemmas(word).get("VERB", ()) for t in tokenize(lemma) if t not in own)


LIGHT_TERMS = frozenset(tokenize(" ".join(LIGHT_VERBS)))  # "who got killed": "got" is no matter of the question
CALENDAR_TERMS = frozenset(tokenize(" ".join(CALENDAR)))  # month and day names as terms_of writes them


# one act or body in the words news also writes it with: "the parliament voted to expel" is told as "lawmakers
# adopted a resolution to oust"; general news usage, not any one corpus's
_ALIKE_GROUPS = ("parliament lawmakers legislators parliamentarians legislature mps",
                 "vote voted resolution motion ballot",
                 "expel expelled expulsion oust ousted evict evicted",
                 "strike strikes airstrike airstrikes bomb bombed bombing raid raided",
                 "kill killed killing assassinated assassination slain",
                 "protest protests protesters demonstration demonstrators rally rallies")
ALIKE: dict[str, frozenset[str]] = {t: group for group in map(frozenset, map(tokenize, _ALIKE_GROUPS)) for t in group}


def told(term: str, terms: frozenset[str] | set[str]) -> bool:
    """A sentence's terms tell the term, as written or in news's other words for it (`ALIKE`)."""
    return term in terms or bool(ALIKE.get(term, frozenset()) & terms)
