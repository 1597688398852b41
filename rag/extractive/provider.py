"""The offline answerer as a provider: `local/...` model strings (`local/extractive`) are answered here, in
process, from the same prompt a real LLM gets (rag.prompt), streamed a few words at a time.

rag/llm.py `completion_stream` is the one place that decides which provider answers a model string: `local/`
comes here, everything else goes to litellm. It used to reach this answerer through litellm too (as a custom
provider), which cost every offline `rag ask` the ~2 s `import litellm` for nothing (bench/README.md, cold start).
"""

from __future__ import annotations

import re
from typing import Iterator

from rag.embed import Embedder
from rag.extractive.answerer import ExtractiveAnswerer
from rag.prompt import parse_prompt

PROVIDER = "local"

_answerers: dict[str, ExtractiveAnswerer] = {}


def _pieces(text: str) -> Iterator[str]:
    """Stream a finished answer a few words at a time, as a generative model would."""
    tokens = re.findall(r"\S+\s*", text)
    for i in range(0, len(tokens), 3):
        yield "".join(tokens[i:i + 3])


def is_local(model: str) -> bool:
    """Whether `model` names the offline answerer (`local/<anything>`)."""
    return model.startswith(f"{PROVIDER}/")


def local_stream(messages: list[dict], embedder: Embedder) -> Iterator[str]:
    """The offline answer to a prompt made by rag.prompt.build_messages, in pieces of a few words."""
    answerer = _answerers.get(embedder.model_name)
    if answerer is None or answerer.embedder is not embedder:
        answerer = _answerers[embedder.model_name] = ExtractiveAnswerer(embedder)
    question, passages = parse_prompt(messages)
    yield from _pieces(answerer.answer(question, passages))
