"""Exposure: the server listens on loopback unless told otherwise; RAG_AUTH guards the page and every API
(Gradio's, /v1, MCP); an API key never appears in anything a run writes or shows (logs, errors, eval reports,
answers, the page)."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from rag.settings import Settings
from tests.fake_llm import FakeLLM
from tests.pagekit import start_server

pytestmark = pytest.mark.e2e
KEY = "sk-exposure-test-5f3a9c"
LOGIN = ("ana", "s3cret-pw")
QUESTION = "why did Iraq ask US troops to leave?"


@pytest.fixture(scope="module")
def fake():
    server = FakeLLM()
    server.mode = "401"  # the provider refuses the key: the error path is where keys leak
    yield server
    server.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory, fake):
    env = {"RAG_API_KEY": KEY, "RAG_MODEL": "openai/test-model", "RAG_API_BASE": fake.url,
           "RAG_AUTH": ":".join(LOGIN), "RAG_TIMEOUT": "5"}
    yield from start_server(tmp_path_factory.mktemp("exposure"), serve_args=("--mcp",), browser=False, **env)


def basic() -> dict:
    return {"Authorization": "Basic " + base64.b64encode(":".join(LOGIN).encode()).decode()}


def test_loopback_by_default(guarded):
    assert Settings.from_env({}).host == "127.0.0.1"
    assert "http://127.0.0.1:" in guarded["log"].read_text()


@pytest.mark.parametrize("method, path", [
    ("POST", "/gradio_api/call/ask"), ("GET", "/v1/models"), ("POST", "/v1/chat/completions"),
    ("GET", "/gradio_api/info"), ("GET", "/gradio_api/mcp/schema"),
])
def test_every_api_is_closed_without_a_login(guarded, method, path):
    body = {"data": [QUESTION, "", "", ""]} if "call" in path else {"model": "rag", "messages": [
        {"role": "user", "content": QUESTION}]}
    r = httpx.request(method, guarded["url"].rstrip("/") + path, json=body if method == "POST" else None, timeout=60)
    assert r.status_code in (401, 403), (path, r.status_code, r.text[:200])


def test_the_v1_api_opens_with_a_page_login(guarded):
    r = httpx.get(guarded["url"] + "v1/models", headers=basic(), timeout=30)
    assert r.status_code == 200 and r.json()["data"][0]["id"] == "rag"


def test_an_api_key_appears_nowhere_a_run_writes(guarded, tmp_path):
    """Ask through /v1 (the provider refuses the key, so the error path runs), through `rag -v ask` and
    `rag eval`, then search every file written, every output and the page's HTML for the key."""
    reply = httpx.post(guarded["url"] + "v1/chat/completions", headers=basic(), timeout=120,
                       json={"model": "rag", "messages": [{"role": "user", "content": QUESTION}]})
    assert reply.status_code == 200 and "refused the API key" in reply.text  # the notice names the cause
    env = {**guarded["env"]}
    rag = str(Path(sys.executable).parent / "rag")
    outputs = [reply.text]
    for argv in (["-v", "ask", QUESTION], ["-v", "ask", "--json", QUESTION],
                 ["eval", "--limit", "3", "-q", "--out", str(guarded["data"] / "eval" / "run")]):
        done = subprocess.run([rag, *argv], env=env, capture_output=True, text=True, timeout=600)
        outputs += [done.stdout, done.stderr]
    page = httpx.get(guarded["url"], headers=basic(), timeout=30)
    outputs.append(page.text)
    assert not [o for o in outputs if KEY in o], "the key was shown"
    leaked = [p for root in (guarded["data"], guarded["log"].parent) for p in Path(root).rglob("*")
              if p.is_file() and KEY.encode() in p.read_bytes()]
    assert not leaked, f"the key was written to {leaked}"
    assert any("refused the API key" in o for o in outputs), "the fault was not reported at all"
