"""Which report a question about a report's date means, by its headline.

"When was the piece saying Iraq wants to boot out US troops published?" names a report by the words of its title,
not by a fact in its text: the passages of other reports may match the question's words as well or better, and
their dates would then answer it. When one report's title shares clearly more of the question's words than any
other's, only its passages answer; so does a name only one title holds ("the RT article": its outlet).
"""

from __future__ import annotations

import re

from rag.extractive.question import asks_report_date
from rag.extractive.sought import ANY_REPORT
from rag.extractive.terms import terms_of
from rag.keyword import tokenize
from rag.prompt import PromptPassage

_FRAME = frozenset(tokenize("published publish publication date dated written piece reported when day"))
MIN_SHARED = 2  # title words the question must share with the report it names
MARGIN = 2  # ... that many more than with any other report's title


def titled_as_asked(question: str, passages: list[PromptPassage]) -> list[PromptPassage]:
    """The passages of the report whose title the question quotes, when it asks for a report's date and one
    title clearly matches; else all of them. Words most titles share ("Iraq" in every headline of an Iraq
    corpus) tell no report apart and do not count."""
    if not asks_report_date(question):
        return passages
    titles = {p.source: set(terms_of(p.title)) for p in passages if p.title}
    if len(titles) < 2:
        return passages
    asked = set(terms_of(question)) - ANY_REPORT - _FRAME
    common = {t for t in asked if sum(t in words for words in titles.values()) > len(titles) / 2}
    shared = sorted(((len((asked - common) & words), source) for source, words in titles.items()), reverse=True)
    (best, source), (runner_up, _) = shared[0], shared[1]
    if best < MIN_SHARED or best - runner_up < MARGIN:
        named = {s for s, words in titles.items() if (asked - common) & _named(question) & words}
        if len(named) != 1:
            return passages
        source = named.pop()  # "the RT article": a name only one headline holds (its outlet) names that report
    return [p for p in passages if p.source == source]


_NAME = re.compile(r"(?<=[\s(\"'])[A-Z][\w-]*")  # a word written as a name past the question's first word


def _named(question: str) -> set[str]:
    """The terms of the words the question writes as names ("RT", "Reuters"), not its first word."""
    return set(terms_of(" ".join(_NAME.findall(question.strip()))))
