"""The chat page: Gradio Blocks wiring over ui.turns (one chat turn), ui.render (answer and source HTML) and
ui.documents (the Documents view), plus the /ask API. Layout and events only; the behaviour lives there."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import gradio as gr

from rag.errors import RagError
from rag.settings import Settings
from ui.auth import auth_pairs, guard
from ui.documents import documents_html
from ui.mcp_tools import add_tools
from ui.openai_api import add_openai_routes
from ui.plain import describe_model
from ui.render import corpus_line
from ui.turns import Turns, fresh
from ui.upload import ACCEPTED, add_files, check_upload, upload_enabled

HERE = Path(__file__).parent
CSS = (HERE / "style.css").read_text()
JS = (HERE / "page.js").read_text()
EXAMPLES = [
    "Why did Iraq ask US troops to leave?",
    "How many US troops are in Iraq?",
    "What did the Pentagon say about withdrawing?",
    "What happened to Qassem Soleimani?",
]
FOOTER = ("Answers are composed only from the indexed documents; every sentence cites the passage it comes from, "
          "and citations are checked against those passages. When the documents don't cover a question, it says so.")
LOADING = '<div class="src-empty loading">Loading your conversation…</div>'
# The system's own UI font: it has every glyph the reader's language needs, in every weight.
FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Helvetica Neue", "Arial", "sans-serif"]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]


class App(Turns):
    """The page's state holder: the chat turns plus the header and the /ask API."""

    def header(self) -> str:
        try:
            from rag.store import PassageStore

            summary = PassageStore(self.settings).documents_summary()
            line = f"**{self.settings.corpus.name or 'Corpus'}** — {corpus_line(summary)}"
        except RagError as err:
            line = f"⚠ {err}"
        return f"{line} · answers by {describe_model(self.settings.model)}"

    def documents(self) -> str:
        return documents_html(self.settings)

    def add_documents(self, paths: list[str] | None, progress: gr.Progress = gr.Progress(track_tqdm=True)
                      ) -> tuple[str, str, str, None]:
        """Upload button: (plain report, documents view, header, cleared file picker)."""
        try:
            message = add_files(self.settings, paths or [], progress)
        except RagError as err:
            message = f"⚠ {err}"
        except Exception:  # never a traceback on the page; the log has it
            import logging

            logging.getLogger(__name__).exception("upload failed")
            message = "⚠ The files could not be added; the details are in the server log. The index was not changed."
        return message, self.documents(), self.header(), None

    def api_ask(self, question: str, source: str = "", since: str = "", until: str = "") -> dict[str, Any]:
        """The `rag ask --json` object for a question (Gradio API endpoint /ask); optional source file and
        since/until dates (YYYY-MM-DD) limit the evidence like `rag ask --source/--since/--until`."""
        from rag.retrieve import Filters

        try:
            filters = Filters.parse(source, since, until)
            return self.chat_for(self.settings.model, self.settings.top_k).ask(question, filters=filters).to_dict()
        except RagError as err:
            return {"question": question, "error": str(err)}
        except Exception:  # never a traceback for a question: the log has it, the caller gets a plain error
            import logging

            logging.getLogger(__name__).exception("/ask failed")
            return {"question": question, "error": "The question could not be answered; the details are in the "
                                                   "server log."}


def browser_secret(settings: Settings) -> str:
    """A key kept in the data folder, so a conversation saved in a browser still opens after a restart."""
    path = settings.data_dir / "page-secret"
    try:
        return path.read_text().strip()
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(16))
        return path.read_text().strip()


def build(settings: Settings, mcp: bool = False) -> gr.Blocks:
    """The page. With `mcp`, the public API is exactly the two MCP tools (ui.mcp_tools): Gradio makes a tool of
    every public endpoint, so /ask stays callable by Gradio clients but is left out of the listing."""
    app = App(settings)
    with gr.Blocks(title="Ask the documents", analytics_enabled=False) as demo:
        gr.Markdown("# Ask the documents")
        header = gr.Markdown(app.header(), elem_id="corpus-line")
        saved = gr.BrowserState(fresh(), storage_key="rag-chat", secret=browser_secret(settings))
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Chat", id="chat-tab", elem_id="chat-tab"):
                with gr.Row(equal_height=False, elem_id="main-row"):
                    with gr.Column(scale=3, min_width=340, elem_id="chat-col"):
                        chatbot = gr.Chatbot(elem_id="chat", height=520, label="Chat", sanitize_html=True,
                                             render_markdown=False, feedback_options=("Like", "Dislike"),
                                             buttons=["copy"], placeholder="Ask a question about the documents.")
                        box = gr.Textbox(placeholder="Type a question and press Enter", show_label=False,
                                         autofocus=True, elem_id="question", submit_btn="Ask", stop_btn="Stop")
                        new_chat = gr.Button("New chat", variant="secondary", size="sm", elem_id="new-chat")
                        examples = gr.Examples(EXAMPLES, inputs=box, label="Try one", elem_id="examples")
                    with gr.Column(scale=2, min_width=300, elem_id="sources-col"):
                        sources = gr.HTML(LOADING, elem_id="sources")  # restore() replaces it
                with gr.Accordion("Settings", open=False, elem_id="settings"):
                    if len(settings.page_models) > 1:
                        model: Any = gr.Dropdown(settings.page_models, value=settings.model, label="Model",
                                                 elem_id="model")
                    else:
                        model = gr.State(settings.model)
                    top_k = gr.Slider(1, 10, value=settings.top_k, step=1, label="Passages per answer")
            with gr.Tab("Documents", id="docs-tab", elem_id="docs-tab"):
                docs = gr.HTML(app.documents(), elem_id="documents")
                if upload_enabled(settings):
                    files = gr.File(file_count="multiple", file_types=ACCEPTED, elem_id="upload",
                                    label="Add documents (.txt, .md, .html, .pdf)")
                    add = gr.Button("Add to the collection", variant="primary", elem_id="add-docs")
                    added = gr.Textbox(label="Result", interactive=False, lines=3, elem_id="upload-result")
                    add.click(app.add_documents, [files], [added, docs, header, files], api_visibility="private")
        gr.Markdown(FOOTER, elem_id="footer-note")

        turn = dict(fn=app.respond, inputs=[box, saved, top_k, model], outputs=[chatbot, sources, saved, box],
                    api_visibility="private", trigger_mode="always_last")
        asked = box.submit(**turn)
        picked = examples.load_input_event.then(**turn)  # clicking an example asks it
        box.stop(app.stopped, [saved], [chatbot, saved], cancels=[asked, picked], api_visibility="private")
        for clear in (new_chat.click, chatbot.clear):
            clear(app.cleared, None, [chatbot, sources, saved], api_visibility="private")
        chatbot.like(app.record_feedback, [saved], None, api_visibility="private")
        demo.load(app.restore, [saved], [chatbot, sources, saved], api_visibility="private")
        demo.load(lambda: (app.header(), app.documents()), None, [header, docs], api_visibility="private")
        gr.api(app.api_ask, api_name="ask", api_visibility="undocumented" if mcp else "public")
        if mcp:
            add_tools(app)
    demo.rag_app = app  # serve() warms it up before the page says it is ready
    return demo


def bound_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's malloc arenas before the server starts its worker threads. Each thread that allocates gets an
    arena of its own by default (up to 8 per core), and freed memory stays in them: measured with 20 users on
    the /ask API (bench/test_load.py), RSS kept growing round after round. A no-op off glibc."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def serve(settings: Settings, mcp: bool = False) -> None:
    """Load every model and index first, then open the page, its /v1 OpenAI-compatible API and (with `mcp`)
    its MCP server on one port: the first question is answered as fast as the tenth, and the log says what is
    happening meanwhile. The page is mounted in a FastAPI app so the /v1 routes live beside it."""
    import uvicorn
    from fastapi import FastAPI

    check_upload(settings)
    bound_malloc_arenas()
    demo = build(settings, mcp=mcp)
    print("Loading the embedding model, the indexes and the answerer…", flush=True)
    try:
        demo.rag_app.warm_up()
        print("Loaded; starting the page.", flush=True)
    except RagError as err:  # e.g. nothing indexed yet: the page still opens and says so
        print(f"Not loaded: {err}", flush=True)
    demo.queue(default_concurrency_limit=2)
    server = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    add_openai_routes(server, demo.rag_app)
    guard(server, "/gradio_api/mcp", settings.api_token, auth_pairs(settings.auth))
    theme = gr.themes.Default(font=FONTS, font_mono=MONO)
    server = gr.mount_gradio_app(server, demo, path="/", server_name=settings.host, server_port=settings.port,
                                 auth=auth_pairs(settings.auth), show_error=False, css=CSS, theme=theme,
                                 head=f"<script>{JS}</script>", ssr_mode=False, footer_links=["api"],
                                 mcp_server=mcp)
    url = f"http://{settings.host}:{settings.port}"
    print(f"* Running on local URL:  {url}", flush=True)
    print(f"* OpenAI-compatible API: {url}/v1" + ("" if settings.api_token else " (no RAG_API_TOKEN: open to "
          "anyone who can reach this address)"), flush=True)
    if mcp:
        print(f"* MCP server (streamable HTTP): {url}/gradio_api/mcp/  (SSE: {url}/gradio_api/mcp/sse)", flush=True)
    # Ctrl-C / SIGTERM: open connections (a Gradio client's heartbeat stream never ends by itself) get a few
    # seconds to finish, then the server exits; without a limit uvicorn waited for them forever
    uvicorn.run(server, host=settings.host, port=settings.port, log_level="warning", timeout_graceful_shutdown=3)
