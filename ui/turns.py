"""One chat turn on the page: stream an answer into the conversation, stop it, rate it, start over.

The conversation lives in one JSON value kept in the browser (gr.BrowserState): the messages as shown and
one record per answer (its id, question, cited chunk ids and its source cards). Every answer has an id that
its bubble carries (`id="ans-<aid>"`), so feedback and citation links find the answer they belong to however
the messages are cleared, reloaded or added to.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import gradio as gr

from rag.chat import Chat, Done
from rag.errors import RagError
from rag.settings import Settings
from ui.plain import typed_words
from ui.render import answer_html, panel_html, pending_html, question_html, source_group_html

log = logging.getLogger(__name__)
_AID = re.compile(r'id=\\?"ans-([0-9a-f]+)\\?"')
WARM_QUESTION = "What happened?"


def fresh() -> dict[str, list]:
    return {"messages": [], "answers": []}


def answer_id_in(content: Any) -> str | None:
    """The answer id a bubble carries, whatever shape Gradio hands the message content back in."""
    m = _AID.search(content if isinstance(content, str) else json.dumps(content))
    return m.group(1) if m else None


class Turns:
    """Holds one Chat per (model, k); the page's events call these methods."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._chats: dict[tuple[str, int], Chat] = {}
        self.feedback_path = settings.data_dir / "feedback.jsonl"

    def chat_for(self, model: str | None, k: int | None) -> Chat:
        """The chain for a model the operator allows (anything else falls back to RAG_MODEL) and k passages."""
        chosen = model if model in self.settings.page_models else self.settings.model
        key = (chosen, int(k or self.settings.top_k))
        if key not in self._chats:
            self._chats[key] = Chat(replace(self.settings, model=key[0], top_k=key[1]))
        return self._chats[key]

    def warm_up(self) -> None:
        """Load the embedding model, the keyword and sentence indexes and the offline answerer now, so the
        first reader does not wait for them behind a silent page. A remote model is not called."""
        from rag.answer import offline_stream
        from rag.prompt import build_messages

        local = replace(self.settings, model="local/extractive")
        chat = Chat(local)
        chat.ask(WARM_QUESTION)  # embeddings, keyword and sentence indexes, the evidence check
        hits = chat.retriever.retrieve(WARM_QUESTION).hits
        if hits:  # the answerer too, even when the warm-up question is refused
            for _ in offline_stream(local, build_messages(WARM_QUESTION, hits), chat.embedder):
                pass
        self.chat_for(self.settings.model, self.settings.top_k)

    def respond(self, typed: str, saved: dict | None, k: int, model: str | None
                ) -> Iterator[tuple[list[dict], Any, dict, Any]]:
        """Stream one turn: (chat messages, sources panel, saved conversation, question box)."""
        saved = _valid(saved)
        words = typed_words(typed)
        if not words:
            gr.Warning("Please type a question.")
            yield saved["messages"], gr.skip(), saved, gr.skip()
            return
        messages = saved["messages"] + [{"role": "user", "content": question_html(typed.strip())},
                                        {"role": "assistant", "content": pending_html()}]
        saved = {**saved, "messages": messages}
        yield messages, gr.skip(), saved, ""  # the box is free again; what is typed from now on stays there
        text = ""
        try:
            for item in self.chat_for(model, k).stream(words, history=chain_history(saved["answers"])):
                if isinstance(item, Done):
                    yield self._finish(saved, typed.strip(), item)
                    return
                if item.kind == "text":
                    text += item.value
                elif item.kind == "reset":
                    text = ""
                messages[-1] = {"role": "assistant", "content": pending_html(text)}
                yield messages, gr.skip(), saved, gr.skip()
        except RagError as err:
            messages[-1] = {"role": "assistant", "content": f'<span class="error">⚠ {html.escape(str(err))}</span>'}
            yield messages, gr.skip(), saved, gr.skip()
        except Exception:  # never a stack trace on the page; the log has it
            log.exception("answering failed")
            messages[-1] = {"role": "assistant", "content": '<span class="error">⚠ Something went wrong while '
                            "answering; the details are in the server log. Your question is kept above.</span>"}
            yield messages, gr.skip(), saved, gr.skip()

    def _finish(self, saved: dict, typed: str, done: Done) -> tuple[list[dict], str, dict, Any]:
        answer = done.answer
        aid = uuid.uuid4().hex[:12]
        messages = saved["messages"][:-1] + [{"role": "assistant", "content": answer_html(answer, aid)}]
        record = {"id": aid, "question": typed, "words": answer.question, "answer": answer.answer,
                  "refused": answer.refused, "model": answer.model,
                  "citations": [{k: c[k] for k in ("n", "source", "title", "date", "chunk_id")}
                                for c in answer.to_dict()["citations"]],
                  "panel": source_group_html(answer, aid, typed)}
        answers = saved["answers"] + [record]
        return messages, panel_html([a["panel"] for a in answers]), {"messages": messages, "answers": answers}, \
            gr.skip()

    def stopped(self, saved: dict | None) -> tuple[list[dict], dict]:
        """Stop pressed: the partial answer stays, marked as stopped; the question stays in the chat."""
        saved = _valid(saved)
        messages = list(saved["messages"])
        if messages and messages[-1]["role"] == "assistant" and answer_id_in(messages[-1]["content"]) is None \
                and 'class="error"' not in messages[-1]["content"]:
            partial = messages[-1]["content"]
            if 'class="pending"' in partial:
                partial = ""
            note = '<div class="notice">ⓘ Stopped. The sources of this partial answer were not checked.</div>' \
                if partial else '<span class="notice">ⓘ Stopped before an answer was written.</span>'
            messages[-1] = {"role": "assistant", "content": partial + note}
        saved = {**saved, "messages": messages}
        return messages, saved

    def restore(self, saved: dict | None) -> tuple[list[dict], str, dict]:
        """Page (re)loaded: show the conversation kept in this browser."""
        saved = _valid(saved)
        return saved["messages"], panel_html([a["panel"] for a in saved["answers"]]), saved

    def cleared(self) -> tuple[list[dict], str, dict, str]:
        """New chat or 🗑: no messages, no sources, no answers left to rate."""
        return [], panel_html([]), fresh(), ""

    def record_feedback(self, saved: dict | None, data: gr.LikeData) -> None:
        """Append the rated answer (found by the id its bubble carries) to feedback.jsonl."""
        saved = _valid(saved)
        aid = answer_id_in(data.value)
        if aid is None:
            index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
            if isinstance(index, int) and 0 <= index < len(saved["messages"]):
                aid = answer_id_in(saved["messages"][index]["content"])
        answer = next((a for a in saved["answers"] if a.get("id") == aid), None)
        if answer is None:
            gr.Warning("Only a finished answer can be rated.")
            return
        row = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "answer_id": aid, "liked": data.liked,
               "question": answer["words"], "answer": answer["answer"], "citations": answer["citations"],
               "model": answer["model"], "refused": answer["refused"]}
        append_jsonl(self.feedback_path, row)
        gr.Info("Thanks — your feedback was saved.")


def append_jsonl(path: Path, row: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


def chain_history(answers: list[dict]) -> list[dict]:
    """The conversation as the chain reads it: the words asked, the answers, and each answer's cited chunks."""
    out: list[dict] = []
    for a in answers:
        out += [{"role": "user", "content": a["words"]},
                {"role": "assistant", "content": a["answer"], "sources": [c["chunk_id"] for c in a["citations"]]}]
    return out


def _valid(saved: Any) -> dict:
    """The saved conversation, or a fresh one when the browser holds nothing usable (old format, tampered)."""
    if isinstance(saved, dict) and isinstance(saved.get("messages"), list) and isinstance(saved.get("answers"), list):
        return {"messages": list(saved["messages"]), "answers": list(saved["answers"])}
    return fresh()
