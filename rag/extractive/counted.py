"""What a how-many, how-much or "what is the X of Y" question asks for: the counted noun with its other names
("troops" ~ "soldiers"), the fate it counts ("injured", not "killed"), money, an attribute.
"""

from __future__ import annotations

import re

from rag.keyword import tokenize

# the same thing counted under another name: "how many troops" is answered by "2,500 soldiers"
_COUNTED_ALIKE = [frozenset(tokenize(group)) for group in (
    "troops soldiers forces personnel servicemen service members", "people persons civilians individuals",
    "times occasions attacks incidents", "years decade", "lawmakers legislators deputies members parliamentarians")]
MONEY_ASKED = re.compile(r"\bhow much\b.*\b(?:cost\w*|money|spen[dt]\w*|pa(?:y|id)\w*|budget\w*|price\w*|worth|fund\w*|"
                          r"aid|dollars?)\b|\b(?:cost|price|budget)\b", re.I)
_COUNT_NOUN = re.compile(r"\bhow many ((?:[\w'-]+\s+){0,2}[\w'-]+)", re.I)


_ATTRIBUTE = re.compile(r"\bwhat(?:'s| is| was| are| were) the ((?:[a-z-]+ ){0,1}[a-z-]+) of\b", re.I)


_NAMED_BY_ANSWER = frozenset(tokenize("name names title identity role meaning purpose reason cause result"))


def attribute_of(question: str) -> set[str]:
    """The attribute a "what is the X of Y?" question asks for: only a sentence that states an X answers it."""
    m = _ATTRIBUTE.search(question)
    words = set(tokenize(m.group(1))) if m else set()
    return set() if words & _NAMED_BY_ANSWER else words


# what befell those counted: "how many people were injured" is not answered by "two people were killed"
_FATES = [frozenset(tokenize(group)) for group in (
    "killed killing dead deaths died death lives", "injured injuring injuries wounded wounding hurt",
    "arrested arresting arrests detained detaining", "displaced displacing fled")]


def fates_asked(counted: frozenset[str]) -> tuple[list[frozenset[str]], frozenset[str]]:
    """(the fates a how-many question asks about, each with its other words; the counted nouns without them):
    "how many people were wounded" -> ([{injur, wound, hurt...}], {peopl, person...})."""
    fates = [group for group in _FATES if group & counted]
    return fates, counted - frozenset().union(*fates) or counted


def counted_of(question: str) -> set[str]:
    """What a "how many" question counts ("how many US soldiers" -> soldiers, troops, forces, ...)."""
    m = _COUNT_NOUN.search(question)
    asked = set(tokenize(m.group(1))) if m else set()
    if m:  # "how many Iraqi soldiers were killed": the fate may come after the counted noun
        asked |= {t for t in tokenize(question[m.end():]) if any(t in group for group in _FATES)}
    for group in _COUNTED_ALIKE:
        if asked & group:
            asked |= group
    return asked
