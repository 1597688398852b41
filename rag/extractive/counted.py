"""What a how-many, how-much or "what is the X of Y" question asks for: the counted noun with its other names
("troops" ~ "soldiers"), the fate it counts ("injured", not "killed"), money, an attribute.
"""

from __future__ import annotations

import re

from rag.keyword import tokenize

# the same thing counted under another name: "how many troops" is answered by "2,500 soldiers"
_COUNTED_ALIKE = [frozenset(tokenize(group)) for group in (
    "troops soldiers forces personnel servicemen service members",
    "people persons civilians individuals demonstrators protesters marchers",
    "times occasions attacks incidents", "years decade", "lawmakers legislators deputies members parliamentarians mps")]
MONEY_ASKED = re.compile(r"\bhow much\b.*\b(?:cost\w*|money|spen[dt]\w*|pa(?:y|id)\w*|budget\w*|price\w*|worth|fund\w*|"
                          r"aid|dollars?)\b|\b(?:cost|price|budget)\b", re.I)
_COUNT_NOUN = re.compile(r"\b(?:how many|(?:the|total|minimum|maximum|exact|overall) number of) "
                         r"((?:[\w'-]+\s+){0,2}[\w'-]+)", re.I)
# where the counted noun ends: "how many demonstrators did X want" counts demonstrators, not X
_NOUN_ENDS = frozenset("did do does were was are is have has had will would could can in on at of from during "
                       "by to for".split())


_ATTRIBUTE = re.compile(r"\bwhat(?:'s| is| was| are| were) the ((?:[a-z-]+ ){0,1}[a-z-]+) of\b", re.I)


# "the name of", "the reason for": any answer states them; "the number of", "the date of": the count or the time
# is what a how-many or when answer gives, never the word itself
_NAMED_BY_ANSWER = frozenset(tokenize("name names title identity role meaning purpose reason cause result number total "
                                      "amount count date day year month time"))


def attribute_of(question: str) -> set[str]:
    """The attribute a "what is the X of Y?" question asks for: only a sentence that states an X answers it."""
    m = _ATTRIBUTE.search(question)
    words = set(tokenize(m.group(1))) if m else set()
    return set() if words & _NAMED_BY_ANSWER else words


# whom a fate befalls when the question names no one: "how many were killed" counts people, or soldiers
_BEFALLEN = _COUNTED_ALIKE[0] | _COUNTED_ALIKE[1]


# what befell those counted: "how many people were injured" is not answered by "two people were killed"
_FATES = [frozenset(tokenize(group)) for group in (
    "killed killing dead deaths died death lives fatalities fatality",
    "injured injuring injuries wounded wounding hurt",
    "arrested arresting arrests detained detaining", "displaced displacing fled")]


_BEFELL = re.compile(r"\bwho(?:m)?\s+(?:(?:was|were|got|has been|have been|had been|is|are)\s+)?(?:\w+\s+)?"
                     r"(?:killed|dead|died|die|assassinated|injured|wounded|hurt|arrested|detained|kidnapped|"
                     r"abducted)\b", re.I)


# "which commanders were killed": the fate, after the people a which-question asks for
_FATE_TOLD = re.compile(r"\b(?:was|were|got|been)\s+(?:\w+\s+)?(?:killed|assassinated|injured|wounded|arrested|"
                        r"detained|kidnapped|abducted)\b|\b(?:died|dead)\b", re.I)


def asks_whom_fate_befell(question: str) -> bool:
    """"who was killed / died / arrested": people, not the group or army a sentence also names, answer it."""
    return bool(_BEFELL.search(question))


def asks_a_fate(question: str) -> bool:
    """"who was killed", "which commanders were killed": the question asks whom a fate befell ("after X was
    killed, who took over" asks for someone else)."""
    m = _BEFELL.search(question) or _FATE_TOLD.search(question)
    return bool(m) and not _CLAUSE_OPENED.search(question[:m.start()])


def fates_asked(counted: frozenset[str]) -> tuple[list[frozenset[str]], frozenset[str]]:
    """(the fates a how-many question asks about, each with its other words; the counted nouns without them):
    "how many people were wounded" -> ([{injur, wound, hurt...}], {peopl, person...})."""
    fates = [group for group in _FATES if group & counted]
    fated = frozenset().union(*fates)
    return fates, counted - fated or fated | _BEFALLEN  # "how many were killed": people or troops, or the fate


def counted_of(question: str) -> set[str]:
    """What a "how many" question counts ("how many US soldiers" -> soldiers, troops, forces, ...)."""
    m = _COUNT_NOUN.search(question)
    if not m:
        return set()
    words: list[str] = []
    for word in m.group(1).split():
        if word.lower() in _NOUN_ENDS or (words and word.lower().endswith("ed")):  # "how many MPs voted"
            break
        words.append(word)
    counted = [w for w in words[:-1] if not _DEMONYM.fullmatch(w)] + words[-1:]  # "Iraqi" in "how many Iraqi MPs"
    asked = set(tokenize(" ".join(counted)))  # counts no one ("one million man Iraqi revolution" is no count of MPs);
    # "how many Iraqi soldiers were killed": the fate may come after it
    asked |= {t for t in _fates_told(question[m.start(1):], len(words)) if any(t in group for group in _FATES)}
    return asked.union(*(group for group in _COUNTED_ALIKE if asked & group))  # not chained: troops are no lawmakers


_DEMONYM = re.compile(r"(?i:us|u\.s\.?|[a-z]+(?:i|ian|ish|ese|an))")  # a people's adjective before the noun counted
_TELLS_FATE = frozenset("were was are is be been being got get gets or and".split())
_CLAUSE_OPENS = frozenset("after before when since following because while until once".split())
_CLAUSE_OPENED = re.compile(r"\b(?:%s)\b" % "|".join(sorted(_CLAUSE_OPENS)), re.I)


def _fates_told(text: str, noun: int) -> set[str]:
    """Terms of the words that say what befell those counted: right after the counted noun ("people died"), an
    auxiliary or another fate ("were killed or injured"), not an event a noun names ("between the depot killing
    and the 2023 bombing", "after the deaths")."""
    words = text.lower().split()
    clause = next((k for k, w in enumerate(words) if k > noun and w in _CLAUSE_OPENS), len(words))
    words = words[:clause]  # "how many bases did missiles hit after X was killed": X's fate, not the bases'
    return {t for k, w in enumerate(words) for t in tokenize(w) if k == noun or (k > 0 and words[k - 1] in _TELLS_FATE)}
