"""The terms a question or a sentence is compared on: stemmed content words, read the way reports write them."""

from __future__ import annotations

import re

from rag.dates import CALENDAR
from rag.keyword import tokenize
from rag.text import LIGHT_VERBS, ordinal_word, spell_out


def terms_of(text: str) -> set[str]:
    """Stemmed content words, with "U.S." read as "US" (the tokenizer would drop its single letters) and common
    abbreviations spelled out ("PM" -> prime minister), small ordinals as words ("4th" -> fourth)."""
    return {ordinal_word(t) for t in tokenize(spell_out(re.sub(r"\bU\.S\.(?=[\s,;:)]|$)", "US", text)))}


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
