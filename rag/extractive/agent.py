"""Who did the asked act: the name a sentence writes as the doer of the question's verb ("who called for the
march?": "Populist cleric X called late on Tuesday for ..."; "who authorized the strike?": "a strike authorized by
former President X"; "who designated the group?": "..., which Washington has designated ..."). News writes the
doer right before the verb or after "by"; the lead line names it.
"""

from __future__ import annotations

import re

from rag.extractive.names import is_person
from rag.extractive.question import Query
from rag.extractive.sought import new_names
from rag.extractive.terms import verb_lemmas
from rag.keyword import tokenize

# "who called ...", not "who was ..." / "who did ..." (a fate, a role or a question about another verb)
_WHO_VERB = re.compile(r"^\s*(?:and\s+|so\s+)?who\s+(?!(?:is|was|are|were|has|have|had|did|does|do|will|would|can|"
                       r"could|got|gets|get)\b)([a-z]+)", re.I)
# words that may stand between a doer and its verb ("Washington has designated", "X called late on Tuesday")
_BETWEEN = frozenset("has have had was were is are also then later reportedly".split())
BY_SPAN = 6  # words after "by" in which the doer's name starts ("by former US President X")


def _stems(word: str) -> set[str]:
    return set(tokenize(word)) | verb_lemmas(word)


def agent_named(query: Query, sentence: str) -> str:
    """The name the sentence writes as the doer of the question's verb, a person first; "" when there is none
    (or the question asks no "who <verb>")."""
    m = _WHO_VERB.match(query.text)
    verb = _stems(m.group(1)) if m else set()
    if not verb:
        return ""
    tokens = sentence.split()
    names = new_names(query, sentence, background=True)
    for p, word in enumerate(tokens):
        if not _stems(word.strip(",.;:\"'")) & verb:
            continue
        before = [name for pos, name in names if pos + len(name.split()) <= p and all(
            t.lower() in _BETWEEN for t in tokens[pos + len(name.split()):p])]
        if before:
            return before[-1]
        if p + 1 < len(tokens) and tokens[p + 1].lower() == "by":
            after = [(pos, name) for pos, name in names if p + 2 <= pos <= p + BY_SPAN]
            people = [(pos, name) for pos, name in after if is_person(name, " ".join(tokens[:pos]))]
            if people or after:
                return min(people or after)[1]
    return ""
