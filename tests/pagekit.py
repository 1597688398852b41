"""Helpers for the page tests: `rag index` + `rag serve` on a free loopback port, Chromium pages, asking."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, free_port

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
MARKER = re.compile(r"\[(\d+)\]")
KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "RAG_API_KEY", "RAG_API_BASE", "RAG_MODEL", "RAG_MODEL_CHOICES",
        "RAG_API_TOKEN")


def start_server(base: Path, extra_files: dict[str, str] | None = None, serve_args: tuple[str, ...] = (),
                 browser: bool = True, **env_extra: str):
    """Index a copy of the seeds (plus extra_files) and start `rag serve SERVE_ARGS`; yields a dict, stops it by
    PID. Skipped without Chromium unless `browser` is False (tests that talk to the server's APIs only)."""
    if browser and not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    for name, text in (extra_files or {}).items():
        (corpus / name).write_text(text)
    data = base / "data"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in KEYS}
    env.update({"RAG_DATA": str(data), "RAG_CORPUS": str(corpus), "RAG_PORT": str(port), **env_extra})
    rag = str(Path(sys.executable).parent / "rag")
    subprocess.run([rag, "index", "-q"], env=env, check=True, timeout=300)
    log_path = base / "serve.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([rag, "serve", *serve_args], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the page did not come up: " + log_path.read_text()[-2000:])
    if proc.poll() is not None:
        pytest.fail("rag serve exited: " + log_path.read_text()[-2000:])
    try:
        yield {"url": url, "data": data, "port": port, "log": log_path, "corpus": corpus, "env": env, "pid": proc.pid}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def open_page(browser, server, width=1280, height=900, dark=False, context=None):
    """A fresh page (own browser storage unless a context is given); dialogs are recorded and dismissed."""
    ctx = context or browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(server["url"] + ("?__theme=dark" if dark else ""))
    page.wait_for_selector("#question textarea", timeout=60_000)
    page.wait_for_function("() => document.querySelector('#sources') && !document.querySelector('#sources .loading')",
                           timeout=60_000)  # the conversation kept in this browser is restored
    return page


def answers(page) -> int:
    return page.locator("#chat .answer").count()


def ask(page, question: str, expect: int | None = None) -> None:
    """Type a question, press Enter and wait until its finished answer (or refusal) is shown."""
    before = answers(page)
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    wait_answers(page, expect if expect is not None else before + 1)


def wait_answers(page, n: int, timeout: int = 90_000) -> None:
    page.wait_for_function(f"() => document.querySelectorAll('#chat .answer').length >= {n}", timeout=timeout)


def bot_bubbles(page):
    return page.locator("#chat .message.bot")


def last_answer(page) -> str:
    return page.locator("#chat .answer").last.inner_text()


def words(text: str) -> set[str]:
    return {w.lower().replace(",", "") for w in re.findall(r"[A-Za-z]{5,}|\d[\d,]*\d|\d", text)}


def check_every_marker(page, answer_index: int) -> int:
    """Click every [n] in one answer; the card it opens must be that answer's [n] and hold the words of the
    sentence that cites it (the offline answerer quotes its passages). Returns how many were checked."""
    answer = page.locator("#chat .answer").nth(answer_index)
    aid = answer.get_attribute("id").removeprefix("ans-")
    links = answer.locator(".answer-text a.cite")
    sentences = answer.locator(".answer-text").inner_text()
    checked = 0
    for i in range(links.count()):
        link = links.nth(i)
        n = MARKER.fullmatch(link.inner_text().strip()).group(1)
        cited = _sentence_before(sentences, i)
        link.click()
        target = page.locator(".src-card.targeted")
        target.wait_for(state="visible", timeout=5_000)
        assert target.count() == 1
        assert target.get_attribute("id").endswith(f"{aid}-{n}"), (target.get_attribute("id"), aid, n)
        target.evaluate("e => new Promise(ok => setTimeout(ok, 600))")
        assert target.evaluate("e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }")
        card = target.inner_text()
        claim = words(re.sub(r"^\s*(?:In short|As reported in \w+ \d{4}):", "", cited))
        assert claim and len(claim & words(card)) >= 0.6 * len(claim), (n, cited, card[:300])
        checked += 1
    return checked


def _sentence_before(text: str, marker_index: int) -> str:
    """The text between the previous marker group and the marker_index-th marker."""
    spans = list(MARKER.finditer(text))
    end = spans[marker_index].start()
    start = 0
    for prev in reversed(spans[:marker_index]):
        if text[prev.end():end].strip():
            start = prev.end()
            break
        end = prev.start()
    return text[start:end]


def ask_api(url: str, question: str, *filters: str, timeout: float = 120) -> dict:
    """POST the page's /ask API as a plain HTTP client would (JSON escaped to ASCII, so that even a lone
    surrogate "\\udcff", which no UTF-8 client library sends raw, reaches the server); the answer object."""
    import json

    import httpx

    body = json.dumps({"data": [question, *(filters or ("", "", ""))]})
    with httpx.Client(base_url=url, timeout=timeout) as http:
        posted = http.post("/gradio_api/call/ask", content=body, headers={"Content-Type": "application/json"})
        posted.raise_for_status()
        stream = http.get(f"/gradio_api/call/ask/{posted.json()['event_id']}").text
    event, data = "", None
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "complete":
            data = json.loads(line.split(":", 1)[1])
    if data is None:
        raise RuntimeError(f"no answer, only: {stream[:300]}")
    return data[0]
