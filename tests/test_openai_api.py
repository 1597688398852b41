"""`rag serve --mcp` reached by real clients on loopback: the official `openai` SDK, the project's own litellm
path pointed at the server, raw HTTP for bad requests, and the `mcp` SDK for the two tools. One server for the
module; every answer comes from the chain over the seeds, none is written into a test."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import openai
import pytest

from tests.pagekit import start_server

pytestmark = pytest.mark.e2e
TOKEN = "test-token-5f2c"
HEADLINE = "Why did Iraq ask US troops to leave?"
TROOPS = "How many US troops are in Iraq?"
OFF_TOPIC = "What is the recipe for banana bread?"
MARKER = re.compile(r"\[(\d+)\]")
SOURCE_LINE = re.compile(r"^\[(\d+)\] (.+) — (\S+?)(?:, (\d{4}-\d{2}-\d{2}))?$")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("openai"), serve_args=("--mcp",), browser=False,
                            RAG_API_TOKEN=TOKEN, RAG_MODEL_CHOICES="openai/gpt-4o-mini")


@pytest.fixture(scope="module")
def client(server):
    return openai.OpenAI(base_url=f"{server['url']}v1", api_key=TOKEN, max_retries=0, timeout=120)


def split_reply(content: str) -> tuple[str, list[tuple[str, ...]]]:
    """(answer text, parsed Sources lines) of a reply's content."""
    text, _, sources = content.partition("\n\nSources:\n")
    lines = [SOURCE_LINE.match(line) for line in sources.splitlines()]
    assert all(lines), sources
    return text, [m.groups() for m in lines]


def check_cited(content: str, rag: dict) -> None:
    """Every [n] in the text has its Sources line, and the lines are the citations of the Answer object."""
    text, sources = split_reply(content)
    assert text == rag["answer"] and not rag["refused"]
    cited = {int(n) for n in MARKER.findall(text)}
    assert cited and cited == {int(s[0]) for s in sources}
    assert [(int(n), title, file, date) for n, title, file, date in sources] == \
        [(c["n"], c["title"], c["source"], c["date"]) for c in rag["citations"]]


def test_models_lists_the_corpus_and_the_configured_models(client):
    assert [m.id for m in client.models.list().data] == ["rag", "local/extractive", "openai/gpt-4o-mini"]


def test_a_completion_is_the_cited_answer_then_its_sources(client):
    reply = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": HEADLINE}])
    assert reply.object == "chat.completion" and reply.choices[0].finish_reason == "stop"
    rag = reply.model_extra["rag"]
    assert rag["question"] == HEADLINE and rag["model"] == "local/extractive"
    check_cited(reply.choices[0].message.content, rag)


def test_a_streamed_completion_arrives_in_chunks_and_ends_as_the_whole_answer(client):
    chunks = list(client.chat.completions.create(model="rag", stream=True,
                                                 messages=[{"role": "user", "content": TROOPS}]))
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    pieces = [c.choices[0].delta.content for c in chunks if c.choices[0].delta.content]
    assert chunks[0].choices[0].delta.role == "assistant" and len(pieces) > 3
    assert chunks[-1].choices[0].finish_reason == "stop" and [c.choices[0].finish_reason for c in chunks[:-1]] \
        == [None] * (len(chunks) - 1)
    streamed = "".join(pieces)
    check_cited(streamed, chunks[-1].model_extra["rag"])
    whole = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": TROOPS}])
    assert streamed == whole.choices[0].message.content  # the same chain, the same answer


def test_a_follow_up_is_read_against_the_earlier_messages(client):
    first = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": TROOPS}])
    messages = [{"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": TROOPS},
                {"role": "assistant", "content": first.choices[0].message.content},
                {"role": "user", "content": "and in 2024?"}]
    follow = client.chat.completions.create(model="rag", messages=messages).model_extra["rag"]
    alone = client.chat.completions.create(model="rag", messages=messages[-1:]).model_extra["rag"]
    assert "troops" in follow["standalone_question"].lower()
    assert "troops" not in alone["standalone_question"].lower()
    assert not follow["refused"] and any((c["date"] or "").startswith("2024") for c in follow["citations"])


def test_a_question_the_documents_do_not_cover_is_an_ordinary_refusal(client):
    reply = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": OFF_TOPIC}])
    content = reply.choices[0].message.content
    assert reply.choices[0].finish_reason == "stop" and reply.model_extra["rag"]["refused"] is True
    assert content.startswith("The documents don't say") and "Sources:" not in content


def test_a_wrong_or_missing_token_is_refused_with_401(server):
    wrong = openai.OpenAI(base_url=f"{server['url']}v1", api_key="not-the-token", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        wrong.chat.completions.create(model="rag", messages=[{"role": "user", "content": HEADLINE}])
    assert err.value.status_code == 401 and "RAG_API_TOKEN" in err.value.message
    bare = httpx.get(f"{server['url']}v1/models", timeout=30)
    assert bare.status_code == 401 and set(bare.json()["error"]) == {"message", "type", "param", "code"}


def _post(server, content: bytes, token: str = TOKEN) -> httpx.Response:
    return httpx.post(f"{server['url']}v1/chat/completions", content=content, timeout=60,
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def _body(**fields) -> bytes:
    return json.dumps({"model": "rag", **fields}).encode()


@pytest.mark.parametrize("body, status, says", [
    (_body(messages=[]), 400, "messages"),
    (_body(), 400, "messages"),
    (_body(messages=[{"role": "user", "content": "   "}]), 400, "empty"),
    (_body(messages=[{"role": "user", "content": [{"type": "text", "text": ""}]}]), 400, "empty"),
    (_body(messages=[{"role": "user", "content": HEADLINE}, {"role": "assistant", "content": "x"}]), 400,
     "last message"),
    (_body(messages=[{"role": "robot", "content": HEADLINE}]), 400, "role"),
    (json.dumps({"model": "gpt-9", "messages": [{"role": "user", "content": HEADLINE}]}).encode(), 404, "gpt-9"),
    (b'{"model": "rag", "messages": [', 400, "not valid JSON"),
    (b"[1, 2]", 400, "JSON object"),
    (_body(messages=[{"role": "user", "content": "x" * 1_000_001}]), 413, "1 MB"),
], ids=["no-messages", "messages-missing", "empty-content", "empty-parts", "ends-with-assistant", "unknown-role",
        "unknown-model", "malformed-json", "not-an-object", "1mb-body"])
def test_bad_requests_get_a_plain_4xx_in_openai_error_shape(server, body, status, says):
    got = _post(server, body)
    assert got.status_code == status, got.text
    error = got.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["type"] == "invalid_request_error"
    assert says in error["message"] and "Traceback" not in got.text


def test_an_unknown_path_is_a_404_in_the_error_shape_and_no_request_left_a_traceback(server):
    got = httpx.post(f"{server['url']}v1/embeddings", json={}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert got.status_code == 404 and "POST /v1/chat/completions" in got.json()["error"]["message"]
    assert "Traceback" not in server["log"].read_text()


def test_the_projects_own_litellm_path_pointed_at_the_server_gets_a_cited_answer(server):
    env = {**server["env"], "RAG_MODEL": "openai/rag", "RAG_API_BASE": f"{server['url']}v1", "RAG_API_KEY": TOKEN}
    done = subprocess.run([str(Path(sys.executable).parent / "rag"), "ask", "--json", HEADLINE], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "offline answer" not in done.stderr, done.stderr  # the answer came through the server, no fallback
    answer = json.loads(done.stdout)
    assert answer["model"] == "openai/rag" and not answer["refused"]
    assert answer["citations"] and MARKER.search(answer["answer"])
    assert all(c["supported"] for c in answer["citations"])


async def _mcp(url: str) -> tuple[list, dict, dict, str]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    headers = {"Authorization": f"Bearer {TOKEN}"}  # RAG_API_TOKEN guards the MCP routes as it guards /v1
    async with httpx.AsyncClient(headers=headers, timeout=httpx.Timeout(120, read=300)) as http:
        async with streamable_http_client(f"{url}gradio_api/mcp/", http_client=http) as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = (await session.list_tools()).tools
                found = await session.call_tool("search", {"query": "US troops in Iraq", "k": 3})
                asked = await session.call_tool("ask", {"question": HEADLINE})
                bad = await session.call_tool("search", {"query": "troops", "k": 99})
                assert not found.isError and not asked.isError and bad.isError
                return (tools, json.loads(found.content[0].text), json.loads(asked.content[0].text),
                        bad.content[0].text)


def test_mcp_lists_exactly_ask_and_search_and_calls_both(server, client):
    assert httpx.get(f"{server['url']}gradio_api/mcp/schema").status_code == 401  # no token, no tools
    # a thread of its own: the session's Playwright browser keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        tools, found, asked, bad = pool.submit(asyncio.run, _mcp(server["url"])).result(timeout=600)
    assert sorted(t.name for t in tools) == ["ask", "search"]
    schema = {t.name: t.inputSchema for t in tools}
    assert schema["ask"]["required"] == ["question"] and set(schema["search"]["properties"]) == {"query", "k"}
    assert all(len(t.description) > 100 for t in tools)
    assert len(found["passages"]) == 3
    assert all({"id", "title", "source", "date", "text"} <= set(p) and p["text"] for p in found["passages"])
    assert "k must be from 1 to 20" in bad
    same = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": HEADLINE}])
    rag = same.model_extra["rag"]
    assert asked["answer"] == rag["answer"] and not asked["refused"]  # the tool is the same chain
    assert [c["id"] for c in asked["citations"]] == [c["chunk_id"] for c in rag["citations"]]
