"""The offline default answerer, served through litellm as the custom provider `local` (`local/extractive`).

It reads the same prompt a real LLM gets and composes the answer from the passages' own sentences: each
sentence is scored against the question (embedding similarity + keyword coverage + cues for why / how many /
when), near-duplicates are dropped, and the chosen ones are ordered by document date and cited with their
passage number. Grounded by construction, deterministic, and it never follows text inside a passage.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from rag.embed import Embedder
from rag.keyword import tokenize
from rag.prompt import REFUSAL, PromptPassage, parse_prompt
from rag.text import sentence_spans

PROVIDER = "local"
_ENDS = (".", "!", "?", '"', "'", ")")
FLOOR = 0.38  # below this no sentence is relevant enough to state
SPREAD = 0.12  # keep sentences within this of the best one
MAX_SENTENCES = 4
DUPLICATE = 0.82

_CAUSAL = re.compile(r"\b(because|after|following|due to|in retaliation|retaliat\w*|over|since|prompt\w*|push\w*|"
                     r"led to|demand\w*|violat\w*|sovereignty|killing|killed|assassinat\w*|strike|in response)\b", re.I)
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:hundred|thousand|million|dozens?|scores?)\b", re.I)
_TIME = re.compile(r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|"
                   r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    n: int
    date: str
    position: int
    text: str


def question_kind(question: str) -> str:
    q = question.lower()
    if re.search(r"\bwhy\b|\breason|\bcause", q):
        return "why"
    if re.search(r"\bhow (many|much)\b|\bnumber of\b|\bhow large\b", q):
        return "number"
    if re.search(r"\bwhen\b|\bwhat (date|day|year|month)\b", q):
        return "when"
    return "other"


def candidates(passages: list[PromptPassage]) -> list[Candidate]:
    """Every sentence of the passages, first occurrence only (neighbouring passages overlap)."""
    seen: set[str] = set()
    out = []
    for p in passages:
        for i, (s, e) in enumerate(sentence_spans(p.text)):
            text = p.text[s:e]
            key = " ".join(text.lower().split())
            if key in seen or len(text.split()) < 5 or not text.rstrip().endswith(_ENDS):
                continue  # headlines and fragments read badly as answer sentences
            seen.add(key)
            out.append(Candidate(p.n, p.date if p.date != "unknown" else "", i, text))
    return out


def score_sentences(question: str, cands: list[Candidate], q_vec: np.ndarray, s_vecs: np.ndarray,
                    n_passages: int) -> np.ndarray:
    """Relevance of each candidate sentence to the question."""
    q_terms = set(tokenize(question))
    kind = question_kind(question)
    scores = np.zeros(len(cands), dtype=np.float32)
    for i, c in enumerate(cands):
        semantic = float(s_vecs[i] @ q_vec)
        terms = set(tokenize(c.text))
        coverage = len(q_terms & terms) / max(1, len(q_terms))
        cue = 0.0
        if kind == "why" and _CAUSAL.search(c.text):
            cue += 0.06
        if kind == "number":
            cue += 0.10 if _NUMBER.search(c.text) else -0.10
        if kind == "when":
            cue += 0.08 if _TIME.search(c.text) else -0.05
        rank_prior = 0.04 * (1 - (c.n - 1) / max(1, n_passages))
        scores[i] = 0.62 * semantic + 0.38 * coverage + cue + rank_prior
    return scores


def select(cands: list[Candidate], scores: np.ndarray, s_vecs: np.ndarray,
           max_sentences: int = MAX_SENTENCES) -> list[int]:
    """Indices of the sentences to state: the best ones, no near-duplicates."""
    if len(cands) == 0 or float(scores.max()) < FLOOR:
        return []
    cutoff = max(FLOOR, float(scores.max()) - SPREAD)
    chosen: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if scores[i] < cutoff or len(chosen) == max_sentences:
            break
        if any(float(s_vecs[i] @ s_vecs[j]) > DUPLICATE for j in chosen):
            continue
        chosen.append(int(i))
    return chosen


def compose(cands: list[Candidate], chosen: list[int]) -> str:
    """The answer text: chosen sentences ordered by date (undated last), then passage, then position."""
    if not chosen:
        return REFUSAL
    ordered = sorted(chosen, key=lambda i: (cands[i].date or "9999", cands[i].n, cands[i].position))
    parts = []
    for i in ordered:
        text = cands[i].text.rstrip()
        parts.append(f"{text} [{cands[i].n}]")
    return " ".join(parts)


class ExtractiveAnswerer:
    """question + passages -> cited answer text, using the shared embedding model."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def answer(self, question: str, passages: list[PromptPassage]) -> str:
        cands = candidates(passages)
        if not cands or not question.strip():
            return REFUSAL
        vecs = self.embedder.encode([question] + [c.text for c in cands])
        q_vec, s_vecs = vecs[0], vecs[1:]
        scores = score_sentences(question, cands, q_vec, s_vecs, len(passages))
        return compose(cands, select(cands, scores, s_vecs))


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
