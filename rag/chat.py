"""The one chain every front end calls: history + question -> standalone question -> retrieve -> answer ->
verified Answer. `Chat.stream` yields text as it is produced and ends with the Answer; `Chat.ask` returns it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from rag.answer import Event, stream_answer
from rag.cite import StreamRenumberer, check
from rag.condense import condense, is_follow_up, previous_sources
from rag.embed import get_embedder
from rag.errors import BadInputError
from rag.evidence import assess
from rag.llm import complete
from rag.models import Answer, Hit
from rag.prompt import REFUSAL, is_refusal
from rag.retrieve import MAX_QUERY_CHARS, Filters, Retriever
from rag.settings import DEFAULT_MODEL, Settings
from rag.text import clean_question


@dataclass(frozen=True)
class Done:
    """The last item of `Chat.stream`: the finished, verified answer."""

    answer: Answer


def closest_passages(hits: Sequence[Hit], n: int = 3) -> list[Hit]:
    """Up to n hits from different documents, best first: a refusal that lists one document three times
    tells the reader nothing more than listing it once."""
    seen: set[str] = set()
    out: list[Hit] = []
    for h in hits:
        if h.passage.doc_id not in seen:
            seen.add(h.passage.doc_id)
            out.append(h)
    return out[:n]


def refusal_text(reason: str, hits: list[Hit]) -> str:
    lines = [f"{REFUSAL[:-1]}: {reason}."] if reason else [REFUSAL]
    closest = closest_passages(hits)
    if closest:
        lines.append("The closest passages are:")
        for h in closest:
            p = h.passage
            lines.append(f"- {p.title} ({p.source}{', ' + p.date if p.date else ''})")
    return "\n".join(lines)


def as_history(answer: Answer) -> list[dict]:
    """The two messages a finished turn adds to the history, with the cited chunk ids as "sources"."""
    return [{"role": "user", "content": answer.question},
            {"role": "assistant", "content": answer.answer,
             "sources": [c.hit.passage.chunk_id for c in answer.citations]}]


class Chat:
    """Holds the settings, the retriever and the loaded models for a process; safe to share across requests."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.embedder = get_embedder(settings.embed_model)
        self.retriever = Retriever(settings)

    def ask(self, question: str, history: Sequence = (), filters: Filters | None = None) -> Answer:
        answer = None
        for item in self.stream(question, history, filters):
            if isinstance(item, Done):
                answer = item.answer
        assert answer is not None
        return answer

    def stream(self, question: str, history: Sequence = (), filters: Filters | None = None
               ) -> Iterator[Event | Done]:
        """Events ("text", "reset", "notice") while the answer is written, then Done(answer).

        `history` is the conversation so far as {"role", "content"} messages; an assistant message may carry
        "sources" (the chunk ids its answer cited), which a follow-up then gets as candidates."""
        question = clean_question(question)
        if not question:
            raise BadInputError("Please type a question.")
        started = time.perf_counter()
        notices: list[str] = []
        if len(question) > MAX_QUERY_CHARS:
            notices.append(f"Your question is long; only its first {MAX_QUERY_CHARS} characters were used to search.")
        standalone = condense(question, history, None if self.settings.is_local_model else self._llm_rewrite)
        standalone = self.retriever.with_episodes(standalone, filters)  # "each time": the episodes' years
        prior = previous_sources(history) if is_follow_up(question) else []
        retrieval = self.retriever.retrieve(standalone, filters=filters, prior=prior)
        notices.extend(retrieval.notices)  # e.g. a derived index is missing: say so, and how to fix it
        hits = retrieval.hits
        t_retrieved = time.perf_counter()
        verdict = assess(standalone, hits, self.settings.min_score)  # on the user's own words, uncorrected
        if not hits and filters is not None and filters.active:
            verdict = replace(verdict, reason="no indexed passage matches the source or dates you chose")
        if not retrieval.truncated:
            standalone = retrieval.query  # follow-up made standalone, misspellings corrected
            if standalone != question:
                notices.append(f'Searched for "{standalone}".')
        if not verdict.answerable:
            text = refusal_text(verdict.reason, hits)
            yield Event("text", text)
            timings = {"retrieve": (t_retrieved - started) * 1000, "generate": 0.0,
                       "total": (time.perf_counter() - started) * 1000}
            yield Done(Answer(question=question, answer=text, refused=True, citations=(), retrieved=tuple(hits),
                              model=self.settings.model, timings_ms=timings, notices=tuple(notices),
                              standalone_question=standalone, evidence_check=verdict))
            return
        text, answered_by = "", self.settings.model
        shown = StreamRenumberer(len(hits))
        for event in stream_answer(self.settings, standalone, hits, self.embedder):
            if event.kind == "text":
                text += event.value
                event = Event("text", shown.feed(event.value))
            elif event.kind == "reset":
                text, shown = "", StreamRenumberer(len(hits))
            elif event.kind in ("notice", "fallback"):
                notices.append(event.value)
                if event.kind == "fallback":  # the offline answerer writes from here on: say so in `model` too
                    answered_by = DEFAULT_MODEL
            yield event
        yield Event("text", shown.flush())
        checked = check(text, hits, self.embedder)
        if checked.invalid:
            notices.append(f"Removed citation(s) {', '.join(f'[{n}]' for n in checked.invalid)} that pointed at "
                           "no passage.")
        done = time.perf_counter()
        timings = {"retrieve": (t_retrieved - started) * 1000, "generate": (done - t_retrieved) * 1000,
                   "total": (done - started) * 1000}
        yield Done(Answer(
            question=question, answer=checked.text, refused=is_refusal(checked.text),
            citations=checked.citations, retrieved=tuple(hits), model=answered_by, timings_ms=timings,
            sentences=checked.sentences, notices=tuple(notices), standalone_question=standalone,
            evidence_check=verdict,
        ))

    def _llm_rewrite(self, question: str, previous: list[str]) -> str:
        prompt = ("Rewrite the follow-up question as one standalone question, using the earlier questions for "
                  "context. Reply with the question only.\nEarlier questions:\n" + "\n".join(f"- {q}" for q in previous)
                  + f"\nFollow-up: {question}")
        return complete(self.settings, [{"role": "user", "content": prompt}], temperature=0, max_tokens=100,
                        timeout=min(self.settings.timeout, 20))
