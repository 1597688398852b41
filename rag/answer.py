"""Prompt -> the model (through rag.llm, the one door to a provider) -> text with [n] markers.

Both offline fallbacks are decided here: a provider's failure (timeout, refused connection, 401, 429 after
bounded retries, 5xx, unknown model) and an answer that cites no passage (empty, garbage, uncited). Neither
reaches the user as an exception: a "fallback" event says why in one plain line and the offline answer takes
the model's place. The reason is logged with the API key masked.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Iterator

from rag.cite import check
from rag.embed import Embedder
from rag.llm import completion_stream, is_rate_limit, masked, plain_reason
from rag.models import Hit
from rag.prompt import build_messages, is_refusal
from rag.settings import DEFAULT_MODEL, Settings

log = logging.getLogger(__name__)
RETRIES = 2
BACKOFF_S = 0.5


@dataclass(frozen=True)
class Event:
    """A piece of a streamed answer: kind is "text" (append), "reset" (discard what came so far), "notice", or
    "fallback" (a notice saying why the offline answerer writes from here on)."""

    kind: str
    value: str = ""


def offline_stream(settings: Settings, messages: list[dict], embedder: Embedder) -> Iterator[Event]:
    model = settings.model if settings.is_local_model else DEFAULT_MODEL
    for text in completion_stream(settings, messages, model, embedder):
        yield Event("text", text)


def stream_answer(settings: Settings, question: str, hits: list[Hit], embedder: Embedder) -> Iterator[Event]:
    """Events of the answer to `question` from `hits`; the offline answer replaces the model's when the
    provider fails or its answer cites no passage."""
    messages = build_messages(question, hits)
    if settings.is_local_model:
        yield from offline_stream(settings, messages, embedder)
        return
    text, cause = "", ""
    for event in _provider_stream(settings, messages, embedder):
        if event.kind == "fallback":
            cause = event.value
            break
        text = "" if event.kind == "reset" else text + event.value
        yield event
    cause = cause or _unusable(text, hits, embedder)
    if cause:
        yield Event("fallback", f"Showing the offline answer because {cause}.")
        if text:
            yield Event("reset")
        yield from offline_stream(settings, messages, embedder)


def _provider_stream(settings: Settings, messages: list[dict], embedder: Embedder) -> Iterator[Event]:
    """The provider's text, with bounded retries of a rate limit before anything was sent; a fault ends it
    with a "fallback" event carrying its plain cause."""
    attempt = 0
    while True:
        sent = False
        try:
            for text in completion_stream(settings, messages, settings.model, embedder):
                sent = True
                yield Event("text", text)
            return
        except Exception as err:  # any provider fault -> offline answer, never a crash
            log.warning("LLM call failed (%s): %s", type(err).__name__, masked(str(err), settings)[:500])
            if is_rate_limit(err) and not sent and attempt < RETRIES:
                attempt += 1
                time.sleep(BACKOFF_S * (3 ** (attempt - 1)))
                continue
            yield Event("fallback", plain_reason(err, settings))
            return


def _unusable(text: str, hits: list[Hit], embedder: Embedder) -> str:
    """Why a finished model answer cannot be shown ("" when it can): a refusal is fine, an answer must cite."""
    if is_refusal(text):
        return ""
    if not text.strip():
        return "the model's answer was empty or unreadable"
    if not check(text, hits, embedder).citations:
        return "the model's answer cited no passage"
    return ""
