"""The words of a sentence that state a number or a date, for the lead line: "at least 25 people", "wounded dozens
more", "Populist cleric Moqtada Al Sadr called late on Tuesday", "in 2014".
"""

from __future__ import annotations

import re

from rag.dates import DATE_MENTION, DURATION, WEEKDAY_MENTION
from rag.extractive.counted import fates_asked
from rag.extractive.question import Query
from rag.keyword import tokenize
from rag.text import asked_part

LEAD_WORDS = 12
_QUALIFIER = r"(?:(?:at least|about|around|nearly|almost|more than|over|some|approximately|up to|roughly)\s+)?"
_NUMBER_START = re.compile(_QUALIFIER + r"(?:\d[\d,.]*\d|\d)\b(?:-\w+)?|" + _QUALIFIER + r"\b(?:two|three|four|five|"
                           r"six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds|thousands|"
                           r"dozens|one million|a million|million)\b", re.I)


_PLACED = re.compile(r"\b(?:in|at|from|inside|across)\s+\w", re.I)
_PLACE = re.compile(r"\b(?:in|at|from|inside|across)\s+(?:the\s+)?(?:(?:neighbou?ring|northern|southern|eastern|"
                    r"western|central)\s+)?([A-Z][a-z]+)")


_YEAR = re.compile(r"(?:19|20)\d\d")


def _is_date(m: re.Match, text: str, counted: frozenset[str]) -> bool:
    """The number is part of a date ("April 4, 2023") or a year, not a count: a year-like number counts only when
    the counted noun follows it ("1,900 soldiers" never looks like a year; "2000 soldiers" may)."""
    if any(d.start() <= m.start() < d.end() for d in DATE_MENTION.finditer(text)):
        return True
    if _YEAR.fullmatch(m.group().strip()):
        return not set(tokenize(" ".join(text[m.end():].split()[:2]))) & counted
    return False


def fated_word(words: set[str], fates: list[frozenset[str]]) -> bool:
    """One of the words is a fate the question asks about ("killing 100": the count is of the killed)."""
    return any(words & fate for fate in fates)


def number_span(query: Query, text: str) -> tuple[tuple[int, int, int, int], str]:
    """The clause from the number of the thing asked about ("nearly 100 people"): a number whose place agrees
    with the question's ("2,500 in Iraq" for troops in Iraq, not "900 ... in neighboring Syria"), then one
    followed by the counted noun, then one among the question's other words."""
    fates, counted = fates_asked(query.counted)
    asked = {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", query.text)}
    own = {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", asked_part(query.text))}
    if own & {p.lower()[:4] for p in _PLACE.findall(text)}:  # "and in syria? (context: how many troops are in
        asked = own  # iraq?)": the follow-up's own place replaces the one it leans on
    placed = bool(_PLACED.search(query.text))  # "how many Iraqi bases did missiles hit" asks no place of the count

    def fit(m: re.Match) -> tuple[int, int, int, int]:
        clause = re.split(r"\d[\d,.]*\d|\b\d\b|[;:]", text[m.end():])[0]
        places = {p.lower()[:4] for p in _PLACE.findall(clause)} if placed else set()
        place = len(places & asked) - len(places - asked)
        noun = set(tokenize(next((w for w in text[m.end():].split()[:2] if not w[:1].isupper()), "")))  # "2,500
        # soldiers" (or "900 US soldiers") counts soldiers, whatever
        if query.counted and noun and not noun & counted and not fated_word(noun, fates):  # its place: not the
            place = min(place, 0)  # civilians asked for ("2,500 in Iraq" leaves its noun to the sentence)
        after = set(tokenize(" ".join(text[m.end():].split()[:3])))
        around = set(tokenize(" ".join(text[max(0, m.start() - 40):m.end()].split()[-4:] + text[m.end():].split()[:4])))
        own = re.split(r"\band\b|[,;]", text[m.end():])[0]  # "killing 100 people and wounding hundreds more":
        near = set(tokenize(" ".join(text[:m.start()].split()[-2:] + own.split()[:4])))  # the fate of each number
        fated = all(near & fate for fate in fates)
        return place, int(fated), len(after & counted), len(around & query.terms)

    found = [m for m in _NUMBER_START.finditer(text) if not _is_date(m, text, counted)]
    if not found:
        return (-9, 0, 0, 0), ""
    m = max(found, key=fit)
    if query.counted and (fit(m)[0], fit(m)[2] + fit(m)[1] * bool(fates)) <= (0, 0):  # a number, but not of what
        return (-9, 0, 0, 0), ""  # is asked ("dozens of armed factions")
    clause = re.split(r"(?<!\d),|,(?!\d)|[;:]|\s-\s|\sand\s|\.$", text[m.start():])[0].strip()
    verb = (text[:m.start()].split() or [""])[-1]
    fated = not fit(m)[2] and fated_word(set(tokenize(verb)), fates)  # "wounding hundreds more"
    clause = f"{verb} {clause}" if fated else clause
    words, head = clause.split(), len(m.group().split()) + fated
    short = clause if len(words) <= LEAD_WORDS else " ".join(words[:head + 2])
    return fit(m), re.sub(r"(?:\s+(?:to|of|in|on|at|for|and|or|the|a|an|by|with|from|as|who|that|which|still|"
                          r"also|now))+$", "", short)  # "one million people", not "one million people to"


_PAST_VERB = re.compile(r"\w+ed|was|were|began|left|met|said|took|came|went|fell|rose|won|lost|held|made|gave|ran|"
                        r"struck|fled|told|sent|spoke|broke|set|hit|quit|led|fought|signed|voted")


def date_span(text: str, asked: str = "") -> str:
    """The clause that states the sentence's most precise date, up to that date ("Populist cleric Moqtada Al Sadr
    called late on Tuesday"; "January 3, 2020" beats "2020", a month beats a weekday); "" when it states none. A
    date the question itself names (`asked`: "when did X speak about the 2014 redeployment") is not its answer."""
    named = {d.group().lower() for d in DATE_MENTION.finditer(asked)}
    dates = [d for d in DATE_MENTION.finditer(text) if d.group().lower() not in named]
    weekdays = list(WEEKDAY_MENTION.finditer(text))
    asked_terms = set(tokenize(asked))
    # "adopted a resolution on Sunday following the January 3 strike": a date that names another thing than the
    # asked one dates that thing, not the asked act
    own = [d for d in dates + weekdays if not set(tokenize(_thing_named(text, d))) - asked_terms]
    dates = [d for d in dates if d in own] or [d for d in weekdays if d in own] or dates or weekdays
    if not dates:
        return ""
    m = max(dates, key=lambda d: (len(d.group().split()), -d.start()))
    thing = _thing_named(text, m)
    if thing:
        return text[m.start():m.end() + len(thing)]  # "defended the January 4 strike"
    start = max((b.end() for b in re.finditer(r"[;:]\s+|\s-\s", text[:m.start()])), default=0)
    clause = text[start:m.end()].strip()
    if len(clause.split()) <= LEAD_WORDS + 4:
        return clause
    before: list[str] = []  # the verb and preposition right before the date, never a place or a name
    for word in reversed(text[:m.start()].split()[-3:]):
        if not word[:1].islower() or word.endswith(",") or word in ("who", "which", "that", "and", "but"):
            break
        before.insert(0, word)
    if len(before) > 1 and not _PAST_VERB.fullmatch(before[-2]):
        before = before[-1:]  # "overran a third of its territory in 2014": "in 2014", not "territory in 2014"
    return " ".join(before + [m.group()])  # "resigned in December", "on January 3, 2020"


def _thing_named(text: str, m: re.Match) -> str:
    """The noun a date names, with its leading space ("the January 4 strike" -> " strike"); "" for a date that
    stands alone ("on January 4")."""
    noun = re.match(r"\s+[a-z][\w-]*", text[m.end():])
    if noun and re.search(r"\b(?:the|a|an|its|his|her|their|this|that)\s+$", text[:m.start()], re.I):
        return noun.group()
    return ""


_DURATION_LEAD = re.compile(r"(?:\b(?:after|for|over|within|in|nearly|almost|about|more than|at least)\s+)*$", re.I)


def duration_span(text: str) -> tuple[int, str]:
    """The length of time a sentence states, for "how long ...?" ("after a decade", "for nearly four years"), with
    how well it fits: a length (2) before a starting point ("since October", 1); (0, "") when there is none."""
    found = [(1 if re.match(r"since\b", m.group(), re.I) else 2, m) for m in DURATION.finditer(text)]
    if not found:
        return 0, ""
    fit, m = max(found, key=lambda f: f[0])
    start = _DURATION_LEAD.search(text[:m.start()]).start()
    span = text[start:m.end()]
    if len(span.split()) < 3:  # "a four-year term", not "four-year": a lead line is checked as a span of its passage
        span += re.match(r"(?:\s+[^\s,.;:]+){0,%d}" % (3 - len(span.split())), text[m.end():]).group()
        span = re.sub(r"\s+(?:as|of|in|on|at|for|and|or|the|a|an|to|by|with|from)$", "", span, flags=re.I)
    return fit, span
