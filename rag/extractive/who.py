"""Who-questions: how well a sentence names the one asked for ("who was prime minister?", "who was killed with
X?") or describes the one asked about ("who is X?"). Selection scores sentences with these cues.
"""

from __future__ import annotations

import re

from rag.extractive.candidates import Candidate
from rag.extractive.lead import named_answer, role_of
from rag.extractive.question import Query, new_names


def answers_who(query: Query, sentence: str) -> float:
    """A who/which answer names someone new, best right beside what the question asks for ("Prime Minister
    Adel Abdul-Mahdi" for "who was prime minister", "Fatah alliance has the ... bloc" for "which bloc")."""
    names = new_names(query, sentence)
    if not names:
        return -0.04
    if query.head and named_answer(query, sentence):
        return 0.20  # the name the lead line would give
    return 0.20 if _beside_companion(query, sentence, names) else 0.05


def names_who(query: Query, c: Candidate) -> bool:
    """The sentence names whom a who-question asks for, where the question points (see `answers_who`)."""
    return answers_who(query, c.text) >= 0.20


_COMPANION = re.compile(r"\b(?:with|alongside|along with|together with)\s+((?:[A-Z][\w'-]*\s*){1,4})")


def _beside_companion(query: Query, sentence: str, names: list[tuple[int, str]]) -> bool:
    """"Who was killed with X?": a new name written together with X ("X and Y", "Y, along with X")."""
    m = _COMPANION.search(query.text)
    if not m:
        return False
    companion = {w.lower()[:4] for w in m.group(1).split()}
    tokens = sentence.split()
    at = [k for k, w in enumerate(tokens) if re.sub(r"[^\w]", "", w).lower()[:4] in companion]
    return any(abs(position - k) <= 6 and re.search(r"\b(?:and|with|alongside)\b",
                                                    " ".join(tokens[min(position, k):max(position, k) + 1]))
               for position, _ in names for k in at)


def describes(query: Query, sentence: str) -> float:
    """A "who is X?" answer gives X's role: X named right after a title or beside an apposition."""
    if role_of(query, sentence):
        return 0.15
    words = {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", sentence)}
    return 0.03 if query.subject <= words else -0.05
