"""The one door to a model provider: which provider answers a model string, and every litellm call (the answer,
the follow-up rewrite), is decided here, so timeouts, retries, the API base and key, log routing and the plain
words for a fault are decided once.

litellm is imported only when a call is made: the offline default never pays its import time.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Iterator

from rag.embed import Embedder
from rag.extractive import is_local, local_stream
from rag.settings import Settings

log = logging.getLogger(__name__)
_LITELLM_LOGGERS = ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy")


@functools.lru_cache(maxsize=1)
def litellm() -> Any:
    """The litellm module, told not to print: its help banner and its INFO lines go to stdout, where they
    would break `rag ask --json`. Its log records go through our logging (stderr, shown with -v) instead."""
    import litellm as module

    module.suppress_debug_info = True
    for name in _LITELLM_LOGGERS:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if isinstance(handler, logging.StreamHandler):  # litellm's own, which prints INFO to stdout
                logger.removeHandler(handler)
        logger.propagate = True
    return module


def call_kwargs(settings: Settings, model: str, messages: list[dict], **overrides: Any) -> dict:
    """litellm.completion arguments for `model`. A remote model gets the settings' temperature, token limit,
    timeout, API base and key, and no retries of its own: ours (RateLimit, bounded) are the only ones, else
    the provider SDK's retries would multiply the waits."""
    kwargs: dict[str, Any] = {"model": model, "messages": messages}
    if not model.startswith("local/"):
        kwargs.update(temperature=settings.temperature, max_tokens=settings.max_tokens, timeout=settings.timeout,
                      max_retries=0, num_retries=0)
        if settings.api_base:
            kwargs["api_base"] = settings.api_base
        if settings.api_key:
            kwargs["api_key"] = settings.api_key
    kwargs.update(overrides)
    return kwargs


def completion_stream(settings: Settings, messages: list[dict], model: str, embedder: Embedder) -> Iterator[str]:
    """The text pieces `model` writes for `messages`: the one place that picks the provider. `local/` models
    are answered in process without importing litellm (about 2 s of every offline `rag ask`'s cold start);
    any other model goes through litellm."""
    if is_local(model):
        yield from local_stream(messages, embedder)
        return
    for chunk in litellm().completion(**call_kwargs(settings, model, messages, stream=True)):
        choices = getattr(chunk, "choices", None) or []
        delta = getattr(choices[0], "delta", None) if choices else None
        text = getattr(delta, "content", None) if delta is not None else None
        if text:
            yield text


def complete(settings: Settings, messages: list[dict], **overrides: Any) -> str:
    """One non-streamed completion's text (the follow-up rewrite)."""
    response = litellm().completion(**call_kwargs(settings, settings.model, messages, **overrides))
    return response.choices[0].message.content or ""


def is_rate_limit(err: Exception) -> bool:
    return isinstance(err, litellm().RateLimitError)


def masked(text: str, settings: Settings) -> str:
    """`text` with the API key replaced: errors and logs never show it."""
    return text.replace(settings.api_key, "***") if settings.api_key else text


def _missing_key(settings: Settings) -> str:
    """The provider's API-key variable when neither RAG_API_KEY nor it is set, else ""."""
    if settings.api_key:
        return ""
    try:
        missing = litellm().validate_environment(settings.model).get("missing_keys") or []
    except Exception:  # an unknown provider: not a key problem
        return ""
    return next((k for k in missing if k.endswith("_KEY")), "")


def plain_reason(err: Exception, settings: Settings) -> str:
    """Why the model failed, in words a person can act on (set a key, fix the name, start the server, wait)."""
    lib = litellm()
    name = settings.model
    text = str(err).lower()
    key = _missing_key(settings)
    if key or "missing credentials" in text or "api_key client option must be set" in text:
        var = key or "the provider's API key variable"
        return f"no API key is set for the model '{name}' (set RAG_API_KEY or {var})"
    if isinstance(err, lib.AuthenticationError):
        return f"the provider of '{name}' refused the API key (check RAG_API_KEY)"
    if isinstance(err, lib.RateLimitError):
        return f"the provider of '{name}' is rate-limiting requests; try again in a minute"
    if isinstance(err, lib.Timeout):
        return f"the model '{name}' did not answer within {settings.timeout:g} s"
    if isinstance(err, lib.NotFoundError) or "llm provider not provided" in text:
        return f"the model '{name}' is not known to its provider (check RAG_MODEL)"
    if "connection error" in text or isinstance(err, (ConnectionError, lib.APIConnectionError)):
        return f"the server for '{name}' could not be reached (is it running? check RAG_API_BASE)"
    if isinstance(err, (lib.InternalServerError, lib.ServiceUnavailableError)):
        return f"the provider of '{name}' had a server error; try again later"
    if isinstance(err, lib.BadRequestError):
        return f"the model '{name}' rejected the request"
    return f"the model '{name}' failed ({type(err).__name__})"
