"""OpenAI-compatible endpoints beside the page (one process, one port): `GET /v1/models` and
`POST /v1/chat/completions`, streamed (server-sent events) or not.

Why: people already have chat clients they like (open-webui, LibreChat, editor assistants, the `openai` SDK,
litellm); speaking their protocol lets them ask the corpus without this page. The whole `messages` list is the
conversation, so follow-ups work. The reply is the cited answer followed by a plain "Sources:" list, and the
full Answer object rides along as `"rag"` for clients that read it. Refusals are ordinary answers. Every
mistake a caller can make gets a 4xx in OpenAI's error shape with a plain message, never a traceback.
"""

from __future__ import annotations

import itertools
import json
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any, Iterator, Literal

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from rag.answer import stream_answer
from rag.chat import Chat, Done
from rag.errors import BadInputError, RagError
from rag.models import Answer, Hit, Passage
from rag.prompt import parse_prompt
from rag.text import clean_question
from ui.auth import auth_pairs, authorized
from ui.turns import Turns

log = logging.getLogger(__name__)
MODEL = "rag"  # the corpus as a model: answers with the server's RAG_MODEL
MAX_BODY = 1_000_000  # bytes; a conversation this long is a mistake or an attack, not a question
SOURCES = "\n\nSources:\n"
REPLACED = "\n\n---\n\n"  # a stream cannot take text back: a model that failed mid-answer is followed by this


class ApiError(Exception):
    """A request the API refuses, carried to the one place that turns it into OpenAI's error shape."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None,
                 kind: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.kind = status, message, param, code, kind

    def response(self) -> JSONResponse:
        return JSONResponse({"error": {"message": self.message, "type": self.kind, "param": self.param,
                                       "code": self.code}}, status_code=self.status)


class Part(BaseModel):
    """One part of a message's content; only text parts are read (images and files are not answered from)."""

    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class Message(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[Part] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    """The fields the chain uses; others (temperature, max_tokens, tools, ...) are accepted and ignored,
    because the server's settings decide how answers are made."""

    model_config = ConfigDict(extra="allow")
    model: str
    messages: list[Message] = Field(min_length=1)
    stream: bool = False


@dataclass(frozen=True)
class Reply:
    """What one request produced: the answer text, the Sources list that follows it, and the "rag" object."""

    text: str
    sources: str
    rag: dict[str, Any]


def sources_text(answer: Answer) -> str:
    """The plain Sources list: `[1] title — file, date`, one line per citation; empty for a refusal."""
    lines = []
    for c in answer.citations:
        p = c.hit.passage
        lines.append(f"[{c.n}] {p.title} — {p.source}{', ' + p.date if p.date else ''}")
    return SOURCES + "\n".join(lines) if lines else ""


def conversation(messages: list[Message]) -> tuple[str, list[dict]]:
    """(question, history) from the messages: the last user message is the question, the earlier user and
    assistant turns are the history a follow-up like "and in 2024?" is read against. System messages are left
    out: the chain has its own rules, and a client's persona prompt cannot change what the documents say."""
    turns = [m for m in messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise ApiError(400, "The last message must be the question, with role 'user'.", param="messages")
    question = turns[-1].text.strip()
    if not clean_question(question):
        raise ApiError(400, "The question (the last user message) is empty.", param="messages")
    history = [{"role": m.role, "content": m.text.split(SOURCES)[0]} for m in turns[:-1] if m.text.strip()]
    return question, history


def caller_passages(messages: list[Message]) -> tuple[str, list[Hit]] | None:
    """The question and passages when the request is this project's own prompt (another `rag` using this
    server as its model): it is answered from those passages, so its [n] mean the caller's passage n."""
    user = next((m.text for m in reversed(messages) if m.role == "user"), "")
    if "<passage " not in user:
        return None
    question, passages = parse_prompt([{"role": "user", "content": user}])
    if not passages or not question:
        return None
    hits = [Hit(Passage(chunk_id=f"request:{p.n}", doc_id=p.source, source=p.source, title=p.title,
                        date=None if p.date == "unknown" else p.date, text=p.text, start=0, end=len(p.text),
                        position=p.part), score=1.0, rank=p.n) for p in passages]
    return question, hits


def answer_pieces(chat: Chat, messages: list[Message]) -> Iterator[str | Reply]:
    """The answer's text pieces as they are written, then its Reply. Checks the request before any work, so
    the caller can still refuse it with a 4xx before a stream starts."""
    given = caller_passages(messages)
    question, history = (given[0], []) if given else conversation(messages)

    def run() -> Iterator[str | Reply]:
        if given:
            text = ""
            for event in stream_answer(chat.settings, question, given[1], chat.embedder):
                if event.kind == "text":
                    text += event.value
                    yield event.value
                elif event.kind == "reset":
                    text = ""
                    yield REPLACED
            yield Reply(text, "", {"question": question, "answer": text, "passages": "from the request",
                                   "model": chat.settings.model})
            return
        for item in chat.stream(question, history=history):
            if isinstance(item, Done):
                a = item.answer
                yield Reply(a.answer, sources_text(a), {**a.to_dict(), "notices": list(a.notices),
                                                        "standalone_question": a.standalone_question})
            elif item.kind == "text":
                yield item.value
            elif item.kind == "reset":
                yield REPLACED

    return run()


def _sse(body: dict) -> str:
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def sse_stream(first: str | Reply, rest: Iterator[str | Reply], model: str) -> Iterator[str]:
    """`data: {chat.completion.chunk}` events: the role, the answer's pieces, the Sources list, a last chunk
    with finish_reason "stop" and the "rag" object, then `data: [DONE]`. A failure after the stream started
    is sent as an OpenAI error event, since the status line is gone by then."""
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": model}

    def chunk(delta: dict, finish: str | None = None, **extra: Any) -> str:
        return _sse({**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})

    yield chunk({"role": "assistant", "content": ""})
    try:
        for piece in itertools.chain([first], rest):
            if isinstance(piece, Reply):
                if piece.sources:
                    yield chunk({"content": piece.sources})
                yield chunk({}, "stop", rag=piece.rag)
            elif piece:
                yield chunk({"content": piece})
    except Exception as err:  # the status line is sent: say it in the stream, in the error shape
        message = str(err) if isinstance(err, RagError) else "Answering failed; the details are in the server log."
        if not isinstance(err, RagError):
            log.exception("streamed answer failed")
        yield _sse({"error": {"message": message, "type": "server_error", "param": None, "code": None}})
    yield "data: [DONE]\n\n"


def completion(reply: Reply, model: str) -> dict[str, Any]:
    """A non-streamed chat.completion object, with the "rag" object beside the choices."""
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "rag": reply.rag,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": reply.text + reply.sources}}]}


async def read_body(request: Request) -> bytes:
    """The request body, refused past MAX_BODY without reading the rest."""
    too_big = ApiError(413, f"The request body is larger than {MAX_BODY // 1_000_000} MB.", code="request_too_large")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        raise too_big
    body = b""
    async for part in request.stream():
        body += part
        if len(body) > MAX_BODY:
            raise too_big
    return body


def parse_request(body: bytes) -> ChatRequest:
    try:
        data = json.loads(body)
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    try:
        return ChatRequest.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or None
        raise ApiError(400, f"Invalid '{where}': {first['msg']}." if where else f"Invalid request: {first['msg']}.",
                       param=where) from None


def router(turns: Turns) -> APIRouter:
    """The /v1 routes over the page's chat chains (one Chat per model, shared with the page)."""
    settings = turns.settings
    api = APIRouter()

    logins = auth_pairs(settings.auth)

    def check_token(request: Request) -> None:
        if not authorized(request.headers.get("authorization", ""), settings.api_token, logins):
            # OpenAI's wording: litellm-based clients recognise it as a key problem, not a bad request
            raise ApiError(401, "Incorrect API key provided: send the server's RAG_API_TOKEN as 'Authorization: "
                           "Bearer <token>' (or, when the page has logins, one of them as 'user:password').",
                           code="invalid_api_key")

    def model_names() -> list[str]:
        return [MODEL, *settings.page_models]

    @api.get("/models")
    async def models(request: Request) -> Response:
        """The corpus as model `rag` (the server's RAG_MODEL), then each model the operator allows."""
        try:
            check_token(request)
        except ApiError as err:
            return err.response()
        return JSONResponse({"object": "list", "data": [{"id": name, "object": "model", "created": 0,
                                                          "owned_by": "rag"} for name in model_names()]})

    @api.post("/chat/completions")
    async def chat_completions(request: Request) -> Response:
        """Answer the conversation's last question from the documents, streamed or in one piece."""
        try:
            check_token(request)
            req = parse_request(await read_body(request))
            if req.model not in model_names():
                raise ApiError(404, f"The model '{req.model}' does not exist here; use one of: "
                               f"{', '.join(model_names())} (GET /v1/models).", param="model", code="model_not_found")
            chat = turns.chat_for(settings.model if req.model == MODEL else req.model, None)
            pieces = answer_pieces(chat, req.messages)
            first = await run_in_threadpool(next, pieces)  # retrieval: a missing index is still an HTTP error
            if req.stream:
                return StreamingResponse(sse_stream(first, pieces, req.model), media_type="text/event-stream")
            rest = await run_in_threadpool(list, pieces)
            reply = next(p for p in [first, *rest] if isinstance(p, Reply))
            return JSONResponse(completion(reply, req.model))
        except ApiError as err:
            return err.response()
        except BadInputError as err:
            return ApiError(400, str(err)).response()
        except RagError as err:  # e.g. nothing indexed yet: the server's state, said plainly
            return ApiError(503, str(err), kind="server_error").response()
        except Exception:
            log.exception("chat completion failed")
            return ApiError(500, "Answering failed; the details are in the server log.", kind="server_error").response()

    @api.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def unknown(request: Request, path: str) -> Response:
        return ApiError(404, f"There is no {request.method} /v1/{path} here; this server has GET /v1/models and "
                        "POST /v1/chat/completions.", code="unknown_url").response()

    return api


def add_openai_routes(app: FastAPI, turns: Turns) -> None:
    """Serve the /v1 API from `app`, the FastAPI app the page is mounted in."""
    app.include_router(router(turns), prefix="/v1")
