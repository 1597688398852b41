"""The lead line: when a question wants a number, a date, a name or a role and a chosen sentence states it, the
answer opens with it in the passage's own words ("In short: at least two people were killed in the attack [2].").

The lead only ever names a thing of the asked type: a number for how many, a date for when, a person for who
(an organisation for "which group"), a role for "who is X". When no chosen sentence has one, there is no lead.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from rag.dates import TIME_MENTION, date_weekdays, recalls_earlier
from rag.extractive.agent import agent_named
from rag.extractive.counted import asks_a_fate, asks_whom_fate_befell
from rag.extractive.names import (GROUP_NOUNS, MEDIA_NOUNS, PERSON_NOUNS, PLACE_NOUNS, TITLE_STEMS, TITLES,
                                  country_stem, is_group, is_person)
from rag.extractive.question import Query, asks_several_numbers
from rag.extractive.roles import former, in_present, role_of
from rag.extractive.sought import POSSESSIVE, head_modifiers, head_owner, is_nationality, new_names
from rag.extractive.spans import date_span, duration_span, number_span
from rag.extractive.states import timing_the_act
from rag.extractive.terms import CALENDAR_TERMS, told
from rag.keyword import tokenize

if TYPE_CHECKING:
    from rag.extractive.candidates import Candidate

LEAD_LABEL = "In short:"
# how news writes whose report it quotes: "a Reuters report", "according to Reuters", "told Reuters"
_AS_SOURCE = frozenset("report reported reports reporting according told".split())
_PERSON_WANTED = re.compile(r"^\s*(?:and\s+)?(?:who|whom|whose)\b", re.I)


def named_answer(query: Query, sentence: str, background: bool = False) -> str:
    """The name standing for what a who/which question asks for: a new name within a few words of the asked-for
    noun ("Populist cleric Moqtada Al Sadr" for "which cleric"), not one owned by another role ("spokesperson
    William Warda" does not answer "who was prime minister"), and a person when the question says "who"."""
    tokens = sentence.split()
    modifiers = head_modifiers(query.text)  # the noun is what is asked for; "US" in "the US ambassador" narrows it
    noun = {t for t in query.head if t[:4] not in modifiers} or query.head
    owner = head_owner(query.text)  # "the commander of US forces": of another owner is another role
    at = [k for k, w in enumerate(tokens) if set(tokenize(w)) & noun
          and not (modifiers and _narrowed_otherwise(tokens, k, query.head, modifiers))
          and not (owner and _owned_otherwise(tokens, k, owner))]
    if query.head & MEDIA_NOUNS:  # "which news agency published it": the name a report is credited to
        at += [k for k, w in enumerate(tokens) if re.sub(r"\W", "", w.lower()) in _AS_SOURCE]
    # the role under another title ("the Pentagon Press Secretary" for "the Pentagon spokesman"); a place has none
    if modifiers and not noun & PLACE_NOUNS and not any(set(tokenize(w)) & noun for w in tokens):
        at = [k for k, w in enumerate(tokens[:-1])
              if w.lower()[:4] in modifiers and tokens[k + 1].lower().strip(",.'") in TITLES
              and not (is_nationality(w) and {t[:4] for t in noun} & TITLE_STEMS)]  # "the Norlandian envoy"
    # is not its prime minister: an office asked by its title is another office under another title ("what German
    # diplomat" may be the German Deputy Foreign Minister)
    wants_person = bool(_PERSON_WANTED.match(query.text)) or bool(query.head & PERSON_NOUNS) or bool(
        set(tokenize(query.text)) & PERSON_NOUNS and not set(tokenize(query.text)) & GROUP_NOUNS)  # "militia leader"
    present = in_present(query)
    best, distance = "", 7
    for position, name in new_names(query, sentence, background):
        if _of_another_role(query, tokens, position):
            continue  # "spokesperson William Warda": the name of another role
        if wants_person and not is_person(name, " ".join(tokens[:position])):
            continue
        if present and former(" ".join(tokens[max(0, position - 3):position]) + " " + name, query.head):
            continue  # "who is the prime minister": not the former one
        if query.head & GROUP_NOUNS and not query.head & PERSON_NOUNS and is_person(name, " ".join(tokens[:position])):
            continue  # "which country / group": a person is not one
        if _of_another_place(query, tokens, position, name, modifiers):
            continue
        d = min((abs(position - a) for a in at), default=99)
        if d < distance:
            best, distance = name, d
    return best


def _of_another_place(query: Query, tokens: list[str], position: int, name: str, modifiers: frozenset[str]) -> bool:
    """For "which (Iranian) city": the name owns the place rather than being it ("Iraq's holy city of Najaf"), or
    the sentence, or another of the passages, places it in another country than the question names ("in Baghdad,
    Iraq"; "Iraq's ... Najaf")."""
    if not query.head & PLACE_NOUNS:
        return False
    end = position + len(name.split())
    if POSSESSIVE.search(tokens[end - 1]):
        return True
    if not modifiers:
        return False
    after = re.sub(r"[^\w]", "", tokens[end]) if end < len(tokens) and tokens[end - 1].endswith(",") else ""
    owners = [POSSESSIVE.sub("", w) for w in tokens[max(0, position - 4):position] if POSSESSIVE.search(w)]
    countries = {country_stem(m) for m in modifiers}
    if any(w[:1].isupper() and country_stem(w) not in countries for w in [after, *owners] if w):
        return True
    place = name.split()[-1].lower()[:4]  # another sentence may place it: "in Baghdad, Iraq"
    if query.head & (PLACE_NOUNS - {"countri"}) and country_stem(place) in {c for _, c in query.placed}:
        return True  # ... and what holds a place ("Iraq" there) is a country, no city
    return any(p == place and country not in countries for p, country in query.placed)


def _of_another_role(query: Query, tokens: list[str], position: int) -> bool:
    """The name at `position` follows the title of a role the question does not ask for ("spokesperson William
    Warda" when it asks for the prime minister)."""
    before = re.sub(r"[^\w]", "", tokens[position - 1]) if position > 0 else ""
    return before in TITLES and before.lower() not in ("former", "late") and not set(tokenize(before)) & query.head


def may_name_the_answer(query: Query, sentence: str) -> bool:
    """Looser than `names_an_answer`: the sentence names someone or something new that is not another role's
    holder ('"...," Ryder added' may name the spokesman). A report whose chosen sentences name nobody of the
    kind cannot answer a who-question, however close its words."""
    tokens = sentence.split()
    for position, name in new_names(query, sentence):  # not a name most passages mention (Iraq, Washington)
        titles = list(itertools.takewhile(lambda w: w.lower() in TITLES or w.isupper(), name.split()))
        if not _of_another_role(query, tokens, position) and not any(  # nor "Prime Minister X" when the question
                w.lower() in TITLES and not set(tokenize(w)) & query.head for w in titles):  # asks another role
            return True
    return False


_COMPANION = re.compile(r"\b(?:with|alongside|along with|together with)\s+((?:[A-Z][\w'-]*\s*){1,4})")


def companion_named(query: Query, sentence: str, names: list[tuple[int, str]] | None = None) -> str:
    """"Who was killed with X?": the new name written together with X ("X and Y", "Y, along with X"); ""."""
    m = _COMPANION.search(query.text)
    if not m:
        return ""
    companion = {w.lower()[:4] for w in m.group(1).split()}
    tokens = sentence.split()
    at = [k for k, w in enumerate(tokens) if re.sub(r"[^\w]", "", w).lower()[:4] in companion]
    for position, name in new_names(query, sentence) if names is None else names:
        if any(abs(position - k) <= 6 and re.search(r"\b(?:and|with|alongside)\b",
                                                   " ".join(tokens[min(position, k):max(position, k) + 1]))
               for k in at):
            return name
    return ""


_FATE_WORD = re.compile(r"\b(?:killed|killing|dead|died|assassinated|injured|wounded|arrested|detained|kidnapped|"
                        r"abducted)\b", re.I)


def fate_named(query: Query, sentence: str, names: list[tuple[int, str]] | None = None) -> str:
    """"Who was killed in the strike?": the person named right beside the fate ("two people were killed, including
    X", "the strike killed X", "X was killed"); "". A name farther off is usually someone else in the story."""
    if (query.head and not query.head & PERSON_NOUNS) or not asks_a_fate(query.text):
        return ""  # "which militia commanders were killed" asks for people too
    tokens = sentence.split()
    at = [k for k, w in enumerate(tokens)
          if _FATE_WORD.search(w) and not recalls_earlier(" ".join(tokens[max(0, k - 12):k]))]  # "years after X died"
    for position, name in new_names(query, sentence) if names is None else names:
        if any(0 < position - k <= 8 or 0 < k - position <= 5 for k in at) and is_person(
                name, " ".join(tokens[:position])):
            return name
    return ""


def _narrowed_otherwise(tokens: list[str], k: int, head: frozenset[str], modifiers: set[str]) -> bool:
    """The asked-for noun at `k` is narrowed by another name than the question's: "the Iraqi ambassador" when it
    asks for "the US ambassador", "Lebanon's prime minister" for "Iraq's"."""
    while k > 0 and set(tokenize(tokens[k - 1])) & head:
        k -= 1  # back over the noun's own words ("Prime Minister", "US ambassador")
    before = re.sub(r"[^\w'-]", "", tokens[k - 1]) if k > 0 else ""
    country_like = re.fullmatch(r"[A-Z]{2,3}|[A-Z][a-z]+(?:'s|ian|ese|ish|i|an|ch)", before)  # "Iraqi", "Lebanon's"
    return bool(country_like) and re.sub(r"'s$", "", before).lower()[:4] not in modifiers


def _owned_otherwise(tokens: list[str], k: int, owner: frozenset[str]) -> bool:
    """The asked-for noun at `k` is owned by another name than the question's: "second-in-command of the Iraq's
    PMU" when it asks for "the commander of US forces"."""
    after = [w for w in tokens[k + 1:k + 4] if w.lower() != "the"]
    if len(after) < 2 or after[0].lower() != "of" or not after[1][:1].isupper():
        return False
    return POSSESSIVE.sub("", re.sub(r"[^\w'’-]", "", after[1])).lower()[:4] not in owner


def names_an_answer(query: Query, sentence: str) -> bool:
    """The sentence names what a name-seeking question asks for: the name beside the asked-for noun (see
    `named_answer`), or, when the question names no noun ("who sits on the committee?"), a new person or body.
    A name most passages mention counts here ("ISIS claimed responsibility"): this decides whether to answer."""
    if query.head and named_answer(query, sentence, background=True):
        return True
    if query.head & PERSON_NOUNS and fate_named(query, sentence):  # "which commanders were killed": "two people
        return True  # were killed, including X, the leader of the Y brigade"
    if query.head and not query.head & (GROUP_NOUNS | PLACE_NOUNS):
        return False  # "the name of the American contractor": only a name beside that noun answers
    tokens = sentence.split()  # "which organization / city ...?": any body or place named; "who sits on it?" a person
    modifiers = head_modifiers(query.text)
    town = bool(query.head & (PLACE_NOUNS - {"countri"}))  # "which city": a group or country is none
    befell = not query.head and asks_whom_fate_befell(query.text)  # "who was killed": a person, not a group
    for position, name in new_names(query, sentence, background=True):
        if _of_another_place(query, tokens, position, name, modifiers):
            continue
        person = is_person(name, " ".join(tokens[:position]))
        if (is_group(name, " ".join(tokens[:position])) and not town and not befell) or (not query.head and person) or (
                query.head & PLACE_NOUNS and not person and _written_as_place(query, tokens, position)):
            return True
    return False


_SUCCEEDS = re.compile(r"\b(?:took over|takes over|succeed\w*|successor|replac\w+|appoint\w*|chosen|elected)\b", re.I)


def names_a_successor(query: Query, sentence: str) -> bool:
    """The sentence tells a succession and names a person the question does not ("Yusuf Adem took over as
    commander")."""
    return bool(_SUCCEEDS.search(sentence)) and names_a_new_person(query, sentence)


def names_a_new_person(query: Query, sentence: str) -> bool:
    """The sentence names a person the question does not."""
    tokens = sentence.split()
    return any(is_person(name, " ".join(tokens[:position])) for position, name in new_names(query, sentence))


_AT_PLACE = re.compile(r"\b(?:in|at|near|outside|inside|from|to|into|towards?|visit\w*|(?:city|town|village|"
                       r"province|region|capital) of)\s+(?:the\s+)?$", re.I)


def _written_as_place(query: Query, tokens: list[str], position: int) -> bool:
    """"which city / town / province": a name the sentence writes as a place ("in Najaf", "the city of Najaf",
    "visited Erbil"), not any name ("US President Donald Trump", "the Telegram app"). A country may also be
    named as an actor ("Spain backed the plan"), so "which country" takes any name that is not a person."""
    if not query.head & (PLACE_NOUNS - {"countri"}):
        return True
    return bool(_AT_PLACE.search(" ".join(tokens[:position]) + " ")) or (
        position + 1 < len(tokens) and tokens[position + 1].lower().strip(",.") in ("city", "province", "town"))


# "who was PM when parliament voted", "the secretary who spoke": what follows frames or describes the asked thing
_RELATIVE = re.compile(r"\s(?:that|which|who|whom|whose|where|when|while)\s", re.I)
_ASKS = re.compile(r"\b(?:who|whom|whose|which|what)\b", re.I)


def tells_the_act(query: Query, terms: frozenset[str]) -> bool:
    """A sentence's `terms` (with its neighbours', which often tell the act) tell some of what the
    question's main clause says of the asked-for thing beyond the thing itself and the names and times it gives
    ("opposed the vote" in "which groups opposed the vote?"): a group named in a sentence about another event ("a
    rocket attack blamed on the militia group X") is no answer to lead with."""
    asks = _ASKS.search(query.text)  # past the question's own "who" / "which" ("after X was killed, who took over")
    m = _RELATIVE.search(query.text, asks.end() if asks else 0)
    main = set(tokenize(query.text[:m.start()] if m else query.text))
    act = {t for t in (query.asked_terms & main) - query.head - CALENDAR_TERMS
           if t[:4] not in query.background and not any(t[:4] in a for a in query.actors) and not t.isdigit()}
    return not act or any(told(t, terms) for t in act)


def lead(query: Query, cands: list[Candidate], chosen: list[int]) -> str:
    """A short first line giving the direct answer in the passage's own words, so it is as grounded as the
    sentence: "In short: at least two people were killed in the attack [2]."; "" when there is none."""
    if query.kind == "number" and asks_several_numbers(query.text):
        return ""  # "the reports give different counts: what numbers do they give?": no one number answers
    if query.kind == "number":  # the best-fitting number among the chosen sentences, not just the first one
        span_of = duration_span if query.duration else (lambda text: number_span(query, text))
        fits = [(span_of(cands[i].text), -k, i) for k, i in enumerate(chosen)]
        (_, span), _, i = max(fits, default=(((-9, 0, 0, 0), ""), 0, -1))
        return f"{LEAD_LABEL} {span[:1].upper() + span[1:].rstrip('.,')} [{cands[i].n}]." if span else ""
    if query.kind == "when":  # "when did X resign": the date of the sentence that tells the resignation, not of
        chosen = sorted(chosen, key=lambda i: (not TIME_MENTION.search(timing_the_act(query, cands[i].text)),
                                               -len(query.unnamed & cands[i].terms)))  # one saying "X stated Tuesday"
    for i in chosen:
        c = cands[i]
        span = ""
        if query.kind == "when" and not query.report_date:
            if not TIME_MENTION.search(timing_the_act(query, c.text)):
                continue  # "the government said on Tuesday that it backs parliament's vote": not when it voted
            span = date_weekdays(date_span(c.text, query.text), c.date)  # "on Thursday (January 4, 2024)"
        elif query.kind == "who" and query.subject:
            span = role_of(query, c.text)
        elif (query.kind == "who" or query.wants_name) and query.head:  # "which news agency ...": its name
            beside = (d.terms for j, d in enumerate(cands) if j == c.antecedent or d.antecedent == i)
            told_with = c.terms.union(*beside)  # news tells the act beside the name ("head of the bloc, X")
            span = named_answer(query, c.text) if tells_the_act(query, told_with) else ""
        elif query.kind == "who":
            span = companion_named(query, c.text) or fate_named(query, c.text) or agent_named(query, c.text)
        if span:
            span = span[:1].upper() + span[1:]
            return f"{LEAD_LABEL} {span.rstrip('.,')} [{c.n}]."
    return ""
