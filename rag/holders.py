"""Passages that name who holds the role a question asks about ("who is the prime minister in 2024?").

News writes the holder beside the title ("Prime Minister Mohammed Shia al-Sudani", "Tomas Ek, the finance
minister"), but a question that gives only the title is as close, in embedding and in words, to every passage that
mentions the title in passing ("the Prime Minister's remarks"). Retrieval gives the passages that write a name
beside the title one more vote, so the one that names the holder is among those the answer reads.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

from rag.extractive.names import PERSON_NOUNS
from rag.keyword import tokenize
from rag.models import Hit

# "who is the prime minister", "who was iraq's defence minister", "who's the current pentagon spokesman"
_ASKED = re.compile(r"^\s*who(?:'s|\s+(?:is|was|are|were))\s+(?:the\s+)?(?:(?:current|new|then|former)\s+)?"
                    r"(?:\w+'s\s+)?(?P<role>[a-z][a-z -]*?)\s*(?=\b(?:of|in|during|at|for|when|since|after|before|"
                    r"now|today|currently)\b|[?,.;]|$)", re.I)


@functools.lru_cache(maxsize=256)
def role_asked(question: str) -> str:
    """The title a who-question asks the holder of, as the reader wrote it ("prime minister", "pentagon
    spokesman"); "" when it asks about someone by name ("who is sudani") or for no role."""
    m = _ASKED.match(question)
    words = m.group("role").split() if m else []
    if not words or not set(tokenize(words[-1])) & PERSON_NOUNS:
        return ""
    while len(words) > 1 and not set(tokenize(words[0])) & PERSON_NOUNS and words[0].lower() not in _TITLE_WORDS:
        words = words[1:]  # "US secretary", "pentagon spokesman": the title, not whose it is
    return " ".join(words)


_TITLE_WORDS = frozenset("prime vice deputy foreign defence defense finance interior press chief".split())


def holders(question: str, hits: Iterable[Hit]) -> list[Hit]:
    """The hits whose passage writes a name right beside the asked title, before it ("X, the prime minister") or
    after it ("Prime Minister X", "The Prime Minister, X,"); [] when the question asks for no role's holder."""
    role = role_asked(question)
    if not role:
        return []
    title = r"\s+".join(map(re.escape, role.split()))
    beside = re.compile(rf"(?i:\b{title})\b,?\s+(?:of\s+[A-Z][a-z]+\s+)?[A-Z][a-z]"  # "Secretary of State Mike"
                        rf"|\b[A-Z][a-z]+,\s+(?:(?i:the)\s+)?(?:[\w'-]+\s+){{0,2}}(?i:{title})\b")
    return [h for h in hits if beside.search(h.passage.text)]
