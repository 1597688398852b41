"""Follow-up questions become standalone questions before retrieval.

Offline (and whenever the LLM rewrite fails) the rule is deterministic: a question that leans on the previous
turn (starts with "and"/"what about"/"also", or points back with "that", "it", "they"... and is short) is
searched together with the previous standalone question. With a real model, the model rewrites it.
"""

from __future__ import annotations

import logging
import re
from typing import Sequence

from rag.dates import CALENDAR, MONTH_NAMES, YEAR
from rag.extractive.lead import LEAD_LABEL
from rag.extractive.sought import asked_for_a_person
from rag.text import CONTEXT_MARK

log = logging.getLogger(__name__)

_LEADS = re.compile(r"^\s*(and|also|so|but|then|what about|how about|and what about)\b[\s,]*", re.I)
_POINTERS = re.compile(r"\b(that|this|it|its|they|them|their|he|him|his|she|her|those|these|there|then)\b", re.I)


def previous_questions(history: Sequence) -> list[str]:
    """User turns from history given as Gradio-style messages or (question, answer) pairs."""
    out = []
    for turn in history or ():
        if isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                out.append(turn["content"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            out.append(turn[0])
    return [q for q in out if q.strip()]


def previous_sources(history: Sequence) -> list[str]:
    """Chunk ids the last answer in the history cited: assistant turns may carry them as "sources"."""
    for turn in reversed(list(history or ())):
        if isinstance(turn, dict) and turn.get("role") == "assistant":
            return [str(s) for s in turn.get("sources") or ()]
    return []


def previous_answer(history: Sequence) -> str:
    """The last assistant message's text ("" when there is none)."""
    for turn in reversed(list(history or ())):
        if isinstance(turn, dict) and turn.get("role") == "assistant" and isinstance(turn.get("content"), str):
            return turn["content"]
        if isinstance(turn, (list, tuple)) and len(turn) > 1 and isinstance(turn[1], str):
            return turn[1]
    return ""


_BARE = re.compile(r"^\s*(?:when|where|why|how|who|how (?:many|much|long)|since when|by whom)\s*\??\s*$", re.I)


def is_follow_up(question: str) -> bool:
    """The question leans on the previous turn: it starts with "and"/"what about", points back ("that", "he") and
    is short, or is a question word alone ("when?", "why?")."""
    words = question.split()
    return (bool(_LEADS.match(question)) or (len(words) <= 12 and bool(_POINTERS.search(question)))
            or bool(_BARE.match(question)))


_PERSON = re.compile(r"\b(he|him|his|she|her)\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[- ](?:al-)?[A-Z][a-z]+)+|(?<!^)(?<![.?!] )\b[A-Z][a-z]{2,}\b")


# the offline answerer's first line names the answer: "In short: Adel Abdul-Mahdi [1]."
_SHORT_ANSWER = re.compile(rf"^{re.escape(LEAD_LABEL)}\s*([^\[\n]{{1,80}}?)\s*\[\d+\]")
_TIME_OF = re.compile(rf"\b(?:(?:in|of|during)\s+)?(?:(?:{'|'.join(MONTH_NAMES)})\s+)?(?:19|20)\d\d\b", re.I)


def rule_rewrite(question: str, previous: str, answer: str = "") -> str:
    """The follow-up made standalone without a model.

    "who was killed with him?" after "When was Qassem Soleimani killed?" -> "who was killed with Qassem
    Soleimani?" (a he/him/his/she/her pointing at the one person the previous question names, or else at the
    person the previous answer named when that question asked for one: "when did he resign?" after "which PM did
    Pompeo call?"); otherwise "and what did the Pentagon say about that?" -> "What did the Pentagon say about
    that? (context: previous)". A follow-up that names its own year asks about that time, not the earlier one:
    "and how many were there in 2024?" after "... in January 2020" keeps the context without "January 2020".
    """
    core = _LEADS.sub("", question).strip() or question
    core = core[:1].upper() + core[1:]
    names = {m.group() for m in _NAME.finditer(previous.strip()) if m.group().lower() not in CALENDAR}
    short = _SHORT_ANSWER.match(answer.strip())
    if len(names) != 1 and short and asked_for_a_person(previous):
        names = {m.group() for m in _NAME.finditer(short.group(1))}
    if len(names) == 1 and _PERSON.search(core):
        name = names.pop()
        return _PERSON.sub(lambda m: name + "'s" if m.group().lower() in ("his",) else name, core)
    if YEAR.search(core):
        previous = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s+", " ", _TIME_OF.sub("", previous))).strip()
    return f"{core}{CONTEXT_MARK}{previous.strip()})"


def condense(question: str, history: Sequence, llm_rewrite=None) -> str:
    """The standalone form of `question` given the conversation so far."""
    questions = previous_questions(history)
    if not questions or not is_follow_up(question):
        return question
    if llm_rewrite is not None:
        try:
            rewritten = (llm_rewrite(question, questions[-3:]) or "").strip()
            if 3 <= len(rewritten) <= 500:
                return rewritten
        except Exception as err:  # the rule below still gives a usable question
            log.warning("follow-up rewrite by the model failed: %s", type(err).__name__)
    return rule_rewrite(question, standalone_previous(questions), previous_answer(history))


def standalone_previous(questions: list[str]) -> str:
    """The last question, itself made standalone when it was a follow-up too."""
    last = questions[-1]
    if len(questions) > 1 and is_follow_up(last):
        return rule_rewrite(last, standalone_previous(questions[:-1]))
    return last
