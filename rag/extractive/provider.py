"""The offline answerer served through litellm as the custom provider `local` (`local/extractive`), so one
code path (litellm.completion, streaming or not) serves it and every real model alike. It reads the same prompt a
real LLM gets (rag.prompt) and streams the composed answer a few words at a time.
"""

from __future__ import annotations

import re
import time
from typing import Iterator

from rag.embed import Embedder
from rag.extractive.answerer import ExtractiveAnswerer
from rag.prompt import parse_prompt

PROVIDER = "local"


def _pieces(text: str) -> Iterator[str]:
    """Stream a finished answer a few words at a time, as a generative model would."""
    tokens = re.findall(r"\S+\s*", text)
    for i in range(0, len(tokens), 3):
        yield "".join(tokens[i:i + 3])


def make_provider(embedder: Embedder):
    """A litellm CustomLLM that answers with the ExtractiveAnswerer."""
    from litellm import CustomLLM
    from litellm.types.utils import GenericStreamingChunk

    answerer = ExtractiveAnswerer(embedder)

    class LocalProvider(CustomLLM):
        def _answer(self, messages: list) -> str:
            question, passages = parse_prompt(messages)
            return answerer.answer(question, passages)

        def completion(self, model, messages, *args, **kwargs):
            model_response = kwargs.get("model_response") or args[3]
            model_response.choices[0].message.content = self._answer(messages)
            model_response.model = model
            model_response.created = int(time.time())
            return model_response

        def streaming(self, model, messages, *args, **kwargs) -> Iterator[GenericStreamingChunk]:
            for piece in _pieces(self._answer(messages)):
                yield GenericStreamingChunk(text=piece, is_finished=False, finish_reason="", usage=None, index=0,
                                            tool_use=None)
            yield GenericStreamingChunk(text="", is_finished=True, finish_reason="stop", usage=None, index=0,
                                        tool_use=None)

    return LocalProvider()


_registered: dict[str, object] = {}


def register(embedder: Embedder) -> None:
    """Make `local/...` model strings reach the offline answerer (idempotent per embedding model)."""
    import litellm

    if _registered.get("model") == embedder.model_name:
        return
    handler = make_provider(embedder)
    litellm.custom_provider_map = [m for m in litellm.custom_provider_map if m["provider"] != PROVIDER]
    litellm.custom_provider_map.append({"provider": PROVIDER, "custom_handler": handler})
    from litellm.utils import custom_llm_setup

    custom_llm_setup()
    _registered["model"] = embedder.model_name
