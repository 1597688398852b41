"""The offline default answerer, served through litellm as the custom provider `local` (`local/extractive`).

It reads the same prompt a real LLM gets and composes the answer from the passages' own sentences: each
sentence is scored against the question (embedding similarity + keyword coverage + what kind of answer the
question wants, read by rag.query), near-duplicates are dropped, the chosen ones are ordered by document date
and cited with their passage number, and a direct answer opens the text (rag.lead). Grounded by construction,
deterministic, and it never follows text inside a passage.
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
from rag.lead import lead
from rag.query import MONTH_NAMES, SPEECH, Query, new_names, terms_of
from rag.text import sentence_spans

PROVIDER = "local"
_ENDS = (".", "!", "?", '"', "'", ")")
FLOOR = 0.38  # below this no sentence is relevant enough to state
SPREAD = 0.25  # keep sentences within this of the best one
MAX_SENTENCES = 4
DUPLICATE = 0.82
EPISODE_SPREAD = 0.15  # how far below the best sentence another year's best may be and still be shown
RESTATES = 0.15  # further bonus for the sentence after one that only restates the question ("X opposed it." -> why)
RESTATE_COVERAGE = 0.6
UNCOVERED = 0.4  # weight of the question terms no chosen sentence has yet, against all of its terms
ADJACENT = 0.10  # the sentence after a chosen one often finishes its thought ("... explosions. ISIS claimed ...")
_CAUSAL = re.compile(r"\b(because|after|following|due to|in retaliation|retaliat\w*|over|since|prompt\w*|push\w*|"
                     r"led to|demand\w*|violat\w*|sovereignty|killing|killed|assassinat\w*|strike|in response)\b", re.I)
_LEANS_BACK = re.compile(r"(however|but|meanwhile|moreover|also|still|yet|he|she|they|it|this|that|these|those|his|her|"
                         r"their|its)\b", re.I)
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundreds?|thousands?|millions?|dozens?|scores?)\b", re.I)
_TIME = re.compile(r"\b(19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|"
                   r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    n: int
    date: str
    position: int
    text: str
    terms: frozenset[str] = frozenset()  # its content stems, plus those of whoever it reports speaking


_CAPITALISED = re.compile(r"(?<!^)\b[A-Z][a-zA-Z]+")


def speaker_terms(sentences: list[str], i: int) -> frozenset[str]:
    """Who a reported sentence speaks for. '"... invitation of its government," Ryder added.' names only Ryder;
    the earlier sentence that introduced him ("the Pentagon Press Secretary, Major General Pat Ryder") says he
    speaks for the Pentagon, so those capitalised words count as this sentence's terms too."""
    if not SPEECH.search(sentences[i]):
        return frozenset()
    names = set(_CAPITALISED.findall(sentences[i]))
    for earlier in reversed(sentences[:i]):
        found = set(_CAPITALISED.findall(earlier))
        if names & found:
            return frozenset(terms_of(" ".join(found)))
    return frozenset()


def candidates(passages: list[PromptPassage]) -> list[Candidate]:
    """Every sentence of the passages, first occurrence only (neighbouring passages overlap)."""
    seen: set[str] = set()
    out = []
    for p in passages:
        sentences = [p.text[s:e] for s, e in sentence_spans(p.text)]
        for i, text in enumerate(sentences):
            key = " ".join(text.lower().split())
            if key in seen or len(text.split()) < 5 or not text.rstrip().endswith(_ENDS):
                continue  # headlines and fragments read badly as answer sentences
            seen.add(key)
            out.append(Candidate(p.n, p.date if p.date != "unknown" else "", i, text,
                                 frozenset(terms_of(text)) | speaker_terms(sentences, i)))
    return out


def score_sentences(query: Query, cands: list[Candidate], q_vec: np.ndarray, s_vecs: np.ndarray) -> np.ndarray:
    """Relevance of each candidate sentence to the question on its own."""
    return np.array([
        _score(query, c, float(s_vecs[i] @ q_vec), _coverage(query.terms, set(c.terms)))
        for i, c in enumerate(cands)
    ], dtype=np.float32)


def _coverage(wanted: set[str] | frozenset[str], terms: set[str]) -> float:
    return len(wanted & terms) / max(1, len(wanted))


def _score(query: Query, c: Candidate, semantic: float, coverage: float) -> float:
    cue = 0.0
    if query.kind == "why" and _CAUSAL.search(c.text):
        cue += 0.06
    if query.kind == "number":
        cue += 0.10 if _NUMBER.search(c.text) else -0.10
    if query.kind == "when":
        cue += 0.08 if _TIME.search(c.text) else -0.05
    if query.kind == "who":
        cue += _answers_who(query, c.text)
    if query.speaker and query.speaker & c.terms and (SPEECH.search(c.text) or '"' in c.text):
        cue += 0.08  # the question asks what someone said, and this sentence reports them saying it
    if query.years and c.date:  # the question names a year: prefer what documents of that year say
        cue += 0.08 if c.date[:4] in query.years else -0.08
    if _LEANS_BACK.match(c.text):
        cue -= 0.05  # "However, ..." / "He said ..." needs the sentence before it to make sense
    rank_prior = 0.04 * (1 - (c.n - 1) / max(1, query.n_passages))
    return 0.62 * semantic + 0.38 * coverage + cue + rank_prior


def _answers_who(query: Query, sentence: str) -> float:
    """A who/which answer names someone new, best right beside what the question asks for ("Prime Minister
    Adel Abdul-Mahdi" for "who was prime minister", "Fatah alliance has the ... bloc" for "which bloc")."""
    names = new_names(query, sentence)
    if not names:
        return -0.04
    tokens = sentence.split()
    near = query.head and any(
        set(tokenize(" ".join(tokens[max(0, at - 3):at + len(name.split()) + 6]))) & query.head for at, name in names)
    return 0.20 if near else 0.05


def restates(q_terms: set[str], terms: set[str]) -> bool:
    """The sentence mostly re-tells the question's event ("Sunni and Kurdish lawmakers opposed the resolution.",
    "An alliance threatened US troops with escalation ..."): news style puts the answer in the next sentence."""
    novelty = len(terms - q_terms) / max(1, len(terms))
    return novelty < 0.4 or (novelty < 0.6 and _coverage(q_terms, terms) >= RESTATE_COVERAGE)


def select(query: Query, cands: list[Candidate], scores: np.ndarray, s_vecs: np.ndarray, q_vec: np.ndarray,
           max_sentences: int = MAX_SENTENCES) -> list[int]:
    """Indices of the sentences to state, chosen greedily.

    The first is the best-scoring sentence. Each next one is scored on the question terms still *uncovered*
    (so a sentence that answers the part the others left open wins) plus a small bonus for following a chosen
    sentence in the same passage; it must stay within SPREAD of the best score and not repeat a chosen one.
    """
    if len(cands) == 0 or float(scores.max()) < FLOOR:
        return []
    cutoff = max(FLOOR, float(scores.max()) - SPREAD)
    q_terms = set(query.terms)
    terms = [set(c.terms) for c in cands]
    chosen = [int(np.argmax(scores))]
    covered = q_terms & terms[chosen[0]]
    while len(chosen) < max_sentences:
        uncovered = q_terms - covered
        best_i, best_gain = -1, -1.0
        for i, c in enumerate(cands):
            if i in chosen or any(float(s_vecs[i] @ s_vecs[j]) > DUPLICATE for j in chosen):
                continue
            gain_terms = (UNCOVERED * _coverage(uncovered, terms[i]) + (1 - UNCOVERED) * _coverage(q_terms, terms[i])
                          if uncovered else _coverage(q_terms, terms[i]))
            gain = _score(query, c, float(s_vecs[i] @ q_vec), gain_terms)
            before = [j for j in chosen if cands[j].n == c.n and cands[j].position == c.position - 1]
            if before:  # it may finish the chosen sentence's thought, above all when that one restates the question
                gain += ADJACENT + (RESTATES if restates(q_terms, terms[before[0]]) else 0.0)
            if gain > best_gain:
                best_i, best_gain = i, gain
        if best_i < 0 or best_gain < cutoff:
            break
        chosen.append(best_i)
        covered |= q_terms & terms[best_i]
    return chosen + other_episodes(query, cands, scores, chosen)


def other_episodes(query: Query, cands: list[Candidate], scores: np.ndarray, chosen: list[int]) -> list[int]:
    """When the question names no year but the evidence spans several, add the best sentence of each year the
    answer would otherwise leave out (if it is relevant enough), so separate episodes are all shown."""
    if query.years:
        return []
    have = {cands[i].date[:4] for i in chosen if cands[i].date}
    floor = max(FLOOR, float(scores.max()) - EPISODE_SPREAD)
    extra = []
    for year in sorted({c.date[:4] for c in cands if c.date} - have):
        best = max((i for i, c in enumerate(cands) if c.date.startswith(year)), key=lambda i: scores[i])
        if scores[best] >= floor:
            extra.append(best)
    return extra if have else []


def month_label(iso: str) -> str:
    """"2020-01-10" -> "January 2020"."""
    return f"{MONTH_NAMES[int(iso[5:7]) - 1]} {iso[:4]}"


def compose(cands: list[Candidate], chosen: list[int], first: str = "") -> str:
    """The answer text: chosen sentences ordered by date (undated last), then passage, then position.

    `first` (a lead line with the direct answer) opens the answer when all sentences share one year. When they
    come from different years there is no single direct answer to lead with; each date group opens on its own
    line with the documents' date ("As reported in January 2020: ...") so the episodes are kept apart.
    The label is the report's date, not necessarily the event's: a 2024 article may recall a 2020 event.
    """
    if not chosen:
        return REFUSAL
    ordered = sorted(chosen, key=lambda i: (cands[i].date or "9999", cands[i].n, cands[i].position))
    years = {cands[i].date[:4] for i in ordered if cands[i].date}
    if len(years) < 2:
        body = " ".join(f"{cands[i].text.rstrip()} [{cands[i].n}]" for i in ordered)
        return f"{first}\n{body}" if first else body
    lines: list[str] = []
    label = None
    for i in ordered:
        c = cands[i]
        this = f"As reported in {month_label(c.date)}:" if c.date else "Undated report:"
        sentence = f"{c.text.rstrip()} [{c.n}]"
        if this != label:
            lines.append(f"{this} {sentence}")
            label = this
        else:
            lines[-1] += f" {sentence}"
    return "\n".join(lines)


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
        query = Query.of(question, cands, len(passages))
        scores = score_sentences(query, cands, q_vec, s_vecs)
        chosen = select(query, cands, scores, s_vecs, q_vec)
        return compose(cands, chosen, lead(query, cands, chosen))


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
