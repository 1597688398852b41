"""What one sentence states, measured against the question: how much of it the sentence covers, whether it gives
a thing of the asked kind (a count, a time, a new name), whether it reports the asked speaker. Selection uses
these both to score a sentence and to tell an answer from padding, on any news text.
"""

from __future__ import annotations

import functools
import re

from rag.dates import DATE_MENTION, DURATION, TIME_MENTION, WEEKDAYS, recalls_earlier
from rag.extractive.candidates import Candidate
from rag.extractive.question import SPEECH, Query
from rag.extractive.sought import new_names, speaker_phrase
from rag.extractive.terms import terms_of
from rag.keyword import tokenize
from rag.text import STOPWORDS

NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundreds?|thousands?|millions?|dozens?|scores?)\b", re.I)


def coverage(wanted: set[str] | frozenset[str], terms: set[str] | frozenset[str]) -> float:
    """The share of `wanted` (the question's terms, its speaker...) that `terms` holds."""
    return len(wanted & terms) / max(1, len(wanted))


def states_count(text: str) -> bool:
    """The sentence states a number that is not a date or a year ("April 4, 2023" counts nothing)."""
    return bool(NUMBER.search(TIME_MENTION.sub(" ", DATE_MENTION.sub(" ", text))))


# "X said on Tuesday that ...", "stated last week": the time dates the saying, not the act it reports
_SAID_WHEN = re.compile(r"\b(?:said|says|told \w+|announced|stated|added|noted)\s+(?:(?:on|last|this|late|early|"
                        rf"earlier)\s+)*(?:{'|'.join(WEEKDAYS)}|week|month|yesterday|today)\b", re.I)
_SPOKEN_ASKED = re.compile(r"\b(?:say|said|says|announce\w*|state\w*|tell|told|declare\w*|remarks?|statement)\b",
                           re.I)


def timing_the_act(query: Query, text: str) -> str:
    """The sentence without the times that only date someone's saying it ("said last week that a committee is
    being formed" does not say when the committee met), unless the question asks when something was said."""
    return text if query.speaker or _SPOKEN_ASKED.search(query.text) else _SAID_WHEN.sub(" ", text)


def of_asked_kind(query: Query, c: Candidate) -> bool:
    """The sentence states a thing of the kind asked for: a number for how many, a time for when, a new name for
    who. Another document's sentence without one does not answer the question too; it pads."""
    if query.duration:
        return bool(DURATION.search(c.text))
    if query.kind == "number":
        return states_count(c.text)
    if query.kind == "when":
        return bool(TIME_MENTION.search(timing_the_act(query, c.text)))
    if query.kind == "who" and not query.subject:
        return bool(new_names(query, c.text))
    return True


def reports_speaker(query: Query, c: Candidate) -> bool:
    """The sentence reports whoever's words the question asks for ("what did the Pentagon say") saying something."""
    return bool(SPEECH.search(c.text) or '"' in c.text) and coverage(
        query.speaker, c.names | {t[:4] for t in c.terms}) >= 0.5


# what news writes someone's words with: their name before the verb ("X said", "X's office stated") or right after
# it ("said X", "according to X")
_VOICED = re.compile(r"(?:said|says|added|adds|noted|stated|told|insisted|stressed|warned|explained|announced|"
                     r"affirmed|urged|claimed|accused|condemned|called|demanded|denied|argued|declared|vowed|"
                     r"promised|threatened|tweeted|wrote|described|welcomed|rejected|defended|reiterated|according|"
                     r"asked|pointed|confirmed|criticised|criticized|blamed|praised|dismissed)$", re.I)
_WHAT_SAID = re.compile(r"^\s*(?:and\s+|so\s+)?(?:what|how) (?:did|does|do|has|have) (?:the )?.+? (?:say|said|announce|"
                        r"post|tweet|tell|warn|claim|insist)\b", re.I)  # not "respond": an act may be the response


def asks_what_was_said(query: Query) -> bool:
    """"What did X say / tell / announce ...?": X's own words are asked for (not "according to X", and not "how did
    X respond?", which an act may answer)."""
    return bool(query.speaker) and bool(_WHAT_SAID.match(query.text))


def voices_speaker(query: Query, text: str) -> bool:
    """The asked speaker (one of them: "what did Norway and the UN say") is who speaks in the sentence: most of
    their name within a few words before a verb of saying, with no "that" between ("the Pentagon said", "Russia's
    deputy foreign minister told reporters"), or right after one ("said Ryder", "according to the ministry"). A
    name inside what someone else says ("X pointed out that ending Israel's war ...") is not Israel speaking."""
    tokens = re.findall(r"[A-Za-z]+", text)
    stems = [w.lower()[:4] for w in tokens]
    speakers = _speakers(query.text)
    for v, w in enumerate(tokens):
        if not _VOICED.match(w):
            continue
        before = stems[max(0, v - 8):v]
        if "that" in before:
            before = before[len(before) - before[::-1].index("that"):]
        near = set(before) | set(stems[v + 1:v + 4])
        if any(len(words & near) >= (len(words) + 1) // 2 for words in speakers):
            return True
    return False


@functools.lru_cache(maxsize=256)
def _speakers(question: str) -> tuple[frozenset[str], ...]:
    """The 4-letter stems of each speaker the question lists, as typed and as written out ("the UN")."""
    return tuple(words for part in re.split(r",|\band\b|&", speaker_phrase(question))
                 if (words := frozenset({w.lower()[:4] for w in re.findall(r"[A-Za-z]+", part)
                                         if w.lower() not in STOPWORDS} | {t[:4] for t in terms_of(part)})))


# "what happened to the governor (in 2021)?": whom the question asks the fate of
_HAPPENED_TO = re.compile(r"^\s*(?:so\s+|and\s+)?what (?:has |had )?happen(?:ed|s)? to (?:the )?(.+?)"
                          r"(?:\s+(?:in|on|during|after|before|since|when|at)\b.*)?[?.!]*\s*$", re.I)
# what news writes as having befallen someone: an act done to them, or their own end in office
_FATE = re.compile(r"\b(?:killed|died|assassinated|arrested|detained|jailed|sentenced|executed|injured|wounded|"
                   r"kidnapped|abducted|released|freed|resigned|ousted|sacked|fired|dismissed|removed|elected|"
                   r"appointed)\b", re.I)  # as a verb: "the death of X" is often the cause of another act told
FATE_CUE = 0.15  # a "what happened to X?" sentence that tells what befell X, against one that only names X


def tells_the_fate(query: Query, text: str) -> bool:
    """"What happened to X?" (or "where was X killed?") asks what befell X: the sentence writes a fate within a few
    words of X's name, before it ("the drone strike that killed general X") or after it ("X was arrested", "X, a
    general, was killed"), and not as an earlier event ("years after X died"). A sentence that only names X ("X's
    supporters marched") tells less; so, measured, does one naming the act as a noun ("retaliated for the death of
    X", "following the killing of X earlier this month"), which news writes when it tells what came of it."""
    whom = _fate_of(query.text)
    if not whom:
        return False
    tokens = text.split()
    at = [k for k, w in enumerate(tokens) if {t[:4] for t in tokenize(w)} & whom]
    fates = [k for k, w in enumerate(tokens) if at and _FATE.search(w)
             and not recalls_earlier(" ".join(tokens[max(0, k - 12):k]))]
    return any(0 < position - k <= 6 or 0 < k - _past_apposition(tokens, position) <= 4
               for position in at for k in fates)


def _past_apposition(tokens: list[str], position: int) -> int:
    """Where the name at `position` ends, past an apposition set off by commas ("X, a revered general, was")."""
    if not tokens[position].endswith(","):
        return position
    return next((k for k in range(position + 1, min(len(tokens), position + 9)) if tokens[k].endswith(",")), position)


_FATE_VERBS = _FATE.pattern[2:]  # "(?:killed|died|...)\b"
# "where was X killed?", "when did X resign?", "who killed X?": a question about X's fate, told as it befell X
_FATE_ASKED = re.compile(
    r"^\s*(?:(?:where|when|how|why|by whom|in (?:what|which) \w+|on (?:what|which) \w+)\s+(?:was|were|did|had|has)\s+"
    r"(?:the\s+)?(?P<done_to>.+?)\s+(?:get\s+|been\s+)?(?:" + _FATE_VERBS + r"|(?:die|resign|quit|step down)\b)" +
    r"|who\s+(?:killed|assassinated|arrested|detained|kidnapped|abducted|released|freed|ousted|sacked|fired|"
    r"dismissed|removed|elected|appointed)\s+(?:the\s+)?(?P<object>.+?)(?:\s+(?:in|on|during|after|before|at)\b.*)?"
    r"[?.!]*\s*$)", re.I)


@functools.lru_cache(maxsize=256)
def _fate_of(question: str) -> frozenset[str]:
    """The 4-letter stems of whose fate the question asks ("what happened to X?", "where was X killed?", "who
    killed X?"); empty for any other question."""
    m = _HAPPENED_TO.match(question) or _FATE_ASKED.match(question)
    whom = (m.group(1) if m.re is _HAPPENED_TO else m.group("done_to") or m.group("object")) if m else ""
    return frozenset(t[:4] for t in tokenize(whom) if len(t) > 2)  # not "al" of "al-Saidi"
