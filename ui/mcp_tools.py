"""The two MCP tools `rag serve --mcp` exposes through Gradio's MCP server: `ask` and `search`.

Why separate from the page's /ask endpoint: an assistant calling a tool needs a short, self-describing result
(the answer, its citations, the passages) rather than the page's full debugging object, and Gradio turns each
public API function into a tool named after it, with its docstring as the tool's description. So the
docstrings below are written for the model that reads them, and their Args lines stay one line each (Gradio
reads one line per parameter, and one line per Returns entry).
"""

from __future__ import annotations

import json
from typing import Any

import gradio as gr

from rag.errors import RagError
from rag.models import Hit
from rag.text import clean_question
from ui.turns import Turns

MAX_K = 20


def _passage(hit: Hit) -> dict[str, Any]:
    p = hit.passage
    return {"id": p.chunk_id, "title": p.title, "source": p.source, "date": p.date, "text": p.text,
            "score": round(hit.score, 4)}


def _json(value: dict[str, Any]) -> str:
    """Tool results are text: JSON, which any client and model can read back (Gradio would send a dict as
    Python's repr)."""
    return json.dumps(value, ensure_ascii=False)


class Tools:
    """The tool functions over the page's chat chain (the same Chat objects, loaded once)."""

    def __init__(self, turns: Turns) -> None:
        self.turns = turns

    def ask(self, question: str) -> str:
        """Answer a question from the indexed news documents, every sentence citing its source passage as [n]. Use it
        for questions of fact about the collection (who, what, when, why, how many). Each call stands alone: put names
        and dates in the question rather than relying on earlier calls. When the documents do not cover the question,
        the answer says "The documents don't say." and "refused" is true; do not answer from elsewhere then.

        Args:
            question: The question in plain words, e.g. "Why did Iraq ask US troops to leave in 2020?"

        Returns:
            JSON {"answer": text with [n] markers, "refused": bool, "citations": [{n, id, title, source, date, text}]}
        """
        if not clean_question(question or ""):
            raise gr.Error("Please give a question.")
        chat = self.turns.chat_for(None, None)
        try:
            answer = chat.ask(question)
        except RagError as err:
            raise gr.Error(str(err)) from None
        return _json({"answer": answer.answer, "refused": answer.refused,
                      "citations": [{"n": c.n, **_passage(c.hit)} for c in answer.citations]})

    def search(self, query: str, k: int = 5) -> str:
        """Find the passages of the indexed news documents that best match a query (keyword and meaning search
        together), best first, without writing an answer. Use it to read the evidence yourself, to find which
        documents mention something, or to quote exact wording.

        Args:
            query: What to look for, as a question or keywords, e.g. "US troop numbers in Iraq 2024".
            k: How many passages to return, 1 to 20 (default 5).

        Returns:
            JSON {"query", "passages": [{id, title, source (file), date (YYYY-MM-DD or null), text, score}]}
        """
        if not clean_question(query or ""):
            raise gr.Error("Please give a query.")
        try:
            k = int(k)
        except (TypeError, ValueError):
            raise gr.Error(f"k must be a whole number from 1 to {MAX_K}.") from None
        if not 1 <= k <= MAX_K:
            raise gr.Error(f"k must be from 1 to {MAX_K}, not {k}.")
        try:
            hits = self.turns.chat_for(None, None).retriever.retrieve(query, k=k).hits
        except RagError as err:
            raise gr.Error(str(err)) from None
        return _json({"query": query, "passages": [_passage(h) for h in hits]})


def add_tools(turns: Turns) -> None:
    """Register the tools as public API endpoints of the Blocks being built (Gradio lists those as MCP tools)."""
    tools = Tools(turns)
    gr.api(tools.ask, api_name="ask_tool")
    gr.api(tools.search, api_name="search")
