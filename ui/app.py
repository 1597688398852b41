"""The chat page: Gradio Blocks over rag.chat — streamed answer, sources panel, feedback, and the /ask API."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Iterator

import gradio as gr

from rag.chat import Chat, Done
from rag.errors import RagError
from rag.settings import Settings
from ui.render import answer_html, corpus_line, sources_html

log = logging.getLogger(__name__)
CSS = (Path(__file__).parent / "style.css").read_text()
EXAMPLES = [
    "Why did Iraq ask US troops to leave?",
    "How many US troops are in Iraq?",
    "What did the Pentagon say about withdrawing?",
    "What happened to Qassem Soleimani?",
]
FOOTER = ("Answers are composed only from the indexed documents; every sentence cites the passage it comes from, "
          "and citations are checked against those passages. When the documents don't cover a question, it says so.")


class App:
    """Holds one Chat per model setting; the page and the API call the same chain."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._chats: dict[tuple[str, int], Chat] = {}
        self.feedback_path = settings.data_dir / "feedback.jsonl"

    def chat_for(self, model: str, k: int) -> Chat:
        from dataclasses import replace

        key = (model or self.settings.model, int(k or self.settings.top_k))
        if key not in self._chats:
            self._chats[key] = Chat(replace(self.settings, model=key[0], top_k=key[1]))
        return self._chats[key]

    def header(self) -> str:
        try:
            from rag.store import PassageStore

            summary = PassageStore(self.settings).documents_summary()
            return f"**{self.settings.corpus.name or 'Corpus'}** — {corpus_line(summary)}"
        except RagError as err:
            return f"⚠ {err}"

    def respond(self, message: str, history: list[dict], answers: list[dict], model: str, k: int
                ) -> Iterator[tuple[list[dict], str, list[dict], str]]:
        """Stream one turn: (chat messages, sources panel, answers so far, textbox value)."""
        message = (message or "").strip()
        history = list(history or [])
        answers = list(answers or [])
        if not message:
            yield history, sources_html(None), answers, ""
            return
        past = [m for m in history if m.get("role") in ("user", "assistant")]
        history = past + [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        yield history, sources_html(None), answers, ""
        text = ""
        try:
            for item in self.chat_for(model, k).stream(message, history=with_sources(past, answers)):
                if isinstance(item, Done):
                    answer = item.answer
                    history[-1] = {"role": "assistant", "content": answer_html(answer)}
                    answers.append({"index": len(history) - 1, **answer.to_dict()})
                    yield history, sources_html(answer), answers, ""
                    return
                if item.kind == "text":
                    text += item.value
                elif item.kind == "reset":
                    text = ""
                history[-1] = {"role": "assistant", "content": text or "…"}
                yield history, gr.skip(), answers, ""
        except RagError as err:
            history[-1] = {"role": "assistant", "content": f"⚠ {err}"}
            yield history, sources_html(None), answers, ""
        except Exception:  # never a stack trace on the page; the log has it
            log.exception("answering failed")
            history[-1] = {"role": "assistant",
                           "content": "⚠ Something went wrong while answering; the details are in the server log."}
            yield history, sources_html(None), answers, ""

    def record_feedback(self, answers: list[dict], data: gr.LikeData) -> None:
        """Append the rated answer (question, answer, citations, model, time) to feedback.jsonl."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        answer = next((a for a in answers or [] if a.get("index") == index), None)
        if answer is None:
            return
        row = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "liked": data.liked, "question": answer["question"],
               "answer": answer["answer"], "citations": answer["citations"], "model": answer["model"],
               "refused": answer["refused"]}
        self.feedback_path.parent.mkdir(parents=True, exist_ok=True)
        with self.feedback_path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        gr.Info("Thanks — your feedback was saved.")

    def api_ask(self, question: str, source: str = "", since: str = "", until: str = "") -> dict[str, Any]:
        """The `rag ask --json` object for a question (Gradio API endpoint /ask); optional source file and
        since/until dates (YYYY-MM-DD) limit the evidence like `rag ask --source/--since/--until`."""
        from rag.retrieve import Filters

        try:
            filters = Filters(source=source or None, since=since or None, until=until or None)
            return self.chat_for(self.settings.model, self.settings.top_k).ask(question, filters=filters).to_dict()
        except RagError as err:
            return {"question": question, "error": str(err)}


def with_sources(messages: list[dict], answers: list[dict]) -> list[dict]:
    """The chat messages with each answered turn's cited chunk ids attached as "sources" (the page keeps the
    answers in state; the messages themselves hold only HTML), so a follow-up can reuse those passages."""
    cited = {a["index"]: [c["chunk_id"] for c in a.get("citations", [])] for a in answers or [] if "index" in a}
    return [{**m, "sources": cited[i]} if i in cited else m for i, m in enumerate(messages)]


def build(settings: Settings) -> gr.Blocks:
    app = App(settings)
    with gr.Blocks(title="Ask the documents", analytics_enabled=False) as demo:
        gr.Markdown("# Ask the documents")
        header = gr.Markdown(app.header(), elem_id="corpus-line")
        with gr.Row(equal_height=False, elem_id="main-row"):
            with gr.Column(scale=3, min_width=340, elem_id="chat-col"):
                chatbot = gr.Chatbot(elem_id="chat", height=520, label="Chat", sanitize_html=True,
                                     feedback_options=("Like", "Dislike"), buttons=["copy"],
                                     placeholder="Ask a question about the documents.")
                with gr.Row():
                    box = gr.Textbox(placeholder="Type a question and press Enter", show_label=False, scale=5,
                                     autofocus=True, elem_id="question", submit_btn=True)
                new_chat = gr.Button("New chat", variant="secondary", size="sm", elem_id="new-chat")
                examples = gr.Examples(EXAMPLES, inputs=box, label="Try one", elem_id="examples")
            with gr.Column(scale=2, min_width=300, elem_id="sources-col"):
                sources = gr.HTML(sources_html(None), elem_id="sources")
        with gr.Accordion("Settings", open=False):
            model = gr.Textbox(settings.model, label="Model (litellm string; local/extractive needs no key)")
            top_k = gr.Slider(1, 10, value=settings.top_k, step=1, label="Passages per answer")
        gr.Markdown(FOOTER, elem_id="footer-note")
        answers = gr.State([])

        turn = dict(fn=app.respond, inputs=[box, chatbot, answers, model, top_k],
                    outputs=[chatbot, sources, answers, box], api_visibility="private")
        box.submit(**turn)
        examples.load_input_event.then(**turn)  # clicking an example asks it
        new_chat.click(lambda: ([], sources_html(None), [], ""), None, [chatbot, sources, answers, box],
                       api_visibility="private")
        chatbot.like(app.record_feedback, [answers], None, api_visibility="private")
        demo.load(app.header, None, header, api_visibility="private")
        gr.api(app.api_ask, api_name="ask")
    return demo


def auth_pairs(spec: str) -> list[tuple[str, str]] | None:
    """RAG_AUTH as 'user:password' or a file with one such line each."""
    if not spec:
        return None
    path = Path(spec)
    lines = path.read_text().splitlines() if path.is_file() else [spec]
    pairs = [tuple(line.split(":", 1)) for line in lines if ":" in line]
    if not pairs:
        raise RagError("RAG_AUTH must be user:password or a file of such lines.")
    return [(u.strip(), p.strip()) for u, p in pairs]


def serve(settings: Settings, block: bool = True) -> gr.Blocks:
    demo = build(settings)
    demo.queue(default_concurrency_limit=2)
    demo.launch(server_name=settings.host, server_port=settings.port, auth=auth_pairs(settings.auth),
                show_error=False, css=CSS, ssr_mode=False, prevent_thread_lock=not block, quiet=False,
                footer_links=["api"])
    return demo
