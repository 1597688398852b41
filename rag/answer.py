"""Prompt -> text with [n] markers: `_completion_stream` is the one place that picks the provider (the offline
answerer in process for `local/` models, litellm.completion(stream=True) for every other model).

A real provider's failure (timeout, refused connection, 401, 429 after bounded retries, 5xx, unknown model)
never reaches the user as an exception: the stream says why in one plain line and the offline answer
takes its place. The reason is logged with the API key masked.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Iterator

from rag.embed import Embedder
from rag.extractive import is_local, local_stream
from rag.prompt import build_messages
from rag.models import Hit
from rag.settings import DEFAULT_MODEL, Settings

log = logging.getLogger(__name__)
RETRIES = 2
BACKOFF_S = 0.5


@dataclass(frozen=True)
class Event:
    """A piece of a streamed answer: kind is "text" (append), "reset" (discard what came so far) or "notice"."""

    kind: str
    value: str = ""


def _missing_key(settings: Settings) -> str:
    """The provider's API-key variable when neither RAG_API_KEY nor it is set, else ""."""
    import litellm

    if settings.api_key:
        return ""
    try:
        missing = litellm.validate_environment(settings.model).get("missing_keys") or []
    except Exception:  # an unknown provider: not a key problem
        return ""
    return next((k for k in missing if k.endswith("_KEY")), "")


def _plain_reason(err: Exception, settings: Settings) -> str:
    """Why the model failed, in words a person can act on (set a key, fix the name, start the server, wait)."""
    import litellm

    name = settings.model
    text = str(err).lower()
    key = _missing_key(settings)
    if key or "missing credentials" in text or "api_key client option must be set" in text:
        var = key or "the provider's API key variable"
        return f"no API key is set for the model '{name}' (set RAG_API_KEY or {var})"
    if isinstance(err, litellm.AuthenticationError):
        return f"the provider of '{name}' refused the API key (check RAG_API_KEY)"
    if isinstance(err, litellm.RateLimitError):
        return f"the provider of '{name}' is rate-limiting requests; try again in a minute"
    if isinstance(err, litellm.Timeout):
        return f"the model '{name}' did not answer within {settings.timeout:g} s"
    if isinstance(err, litellm.NotFoundError) or "llm provider not provided" in text:
        return f"the model '{name}' is not known to its provider (check RAG_MODEL)"
    if "connection error" in text or isinstance(err, (ConnectionError, litellm.APIConnectionError)):
        return f"the server for '{name}' could not be reached (is it running? check RAG_API_BASE)"
    if isinstance(err, (litellm.InternalServerError, litellm.ServiceUnavailableError)):
        return f"the provider of '{name}' had a server error; try again later"
    if isinstance(err, litellm.BadRequestError):
        return f"the model '{name}' rejected the request"
    return f"the model '{name}' failed ({type(err).__name__})"


def _masked(text: str, settings: Settings) -> str:
    return text.replace(settings.api_key, "***") if settings.api_key else text


def _completion_stream(settings: Settings, messages: list[dict], model: str, embedder: Embedder) -> Iterator[str]:
    """The text pieces `model` writes for `messages`. `local/` models are answered in process without importing
    litellm (about 2 s of every offline `rag ask`'s cold start); any other model goes through litellm."""
    if is_local(model):
        yield from local_stream(messages, embedder)
        return
    import litellm

    litellm.suppress_debug_info = True  # else litellm prints a help banner to stdout on errors (breaks --json)

    # our own bounded retry (stream_answer) is the only one: the provider SDK's retries would multiply waits
    kwargs: dict = {"model": model, "messages": messages, "stream": True, "temperature": settings.temperature,
                    "max_tokens": settings.max_tokens, "timeout": settings.timeout, "max_retries": 0,
                    "num_retries": 0}
    if settings.api_base:
        kwargs["api_base"] = settings.api_base
    if settings.api_key:
        kwargs["api_key"] = settings.api_key
    for chunk in litellm.completion(**kwargs):
        choices = getattr(chunk, "choices", None) or []
        delta = getattr(choices[0], "delta", None) if choices else None
        text = getattr(delta, "content", None) if delta is not None else None
        if text:
            yield text


def offline_stream(settings: Settings, messages: list[dict], embedder: Embedder) -> Iterator[Event]:
    model = settings.model if settings.is_local_model else DEFAULT_MODEL
    for text in _completion_stream(settings, messages, model, embedder):
        yield Event("text", text)


def stream_answer(settings: Settings, question: str, hits: list[Hit], embedder: Embedder) -> Iterator[Event]:
    """Events of the answer to `question` from `hits`, falling back to the offline answer on any model fault."""
    messages = build_messages(question, hits)
    if settings.is_local_model:
        yield from offline_stream(settings, messages, embedder)
        return
    import litellm

    attempt = 0
    while True:
        sent = False
        try:
            for text in _completion_stream(settings, messages, settings.model, embedder):
                sent = True
                yield Event("text", text)
            return
        except Exception as err:  # any provider fault -> offline answer, never a crash
            retry = isinstance(err, litellm.RateLimitError) and not sent and attempt < RETRIES
            log.warning("LLM call failed (%s): %s", type(err).__name__, _masked(str(err), settings)[:500])
            if retry:
                attempt += 1
                time.sleep(BACKOFF_S * (3 ** (attempt - 1)))
                continue
            yield Event("notice", f"Showing the offline answer because {_plain_reason(err, settings)}.")
            if sent:
                yield Event("reset")
            yield from offline_stream(settings, messages, embedder)
            return
