"""The chat page in a real browser (Debian's Chromium driven by Playwright) against `rag serve` started here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, free_port

pytestmark = pytest.mark.e2e
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
HEADLINE = "why did Iraq ask US troops to leave?"
XSS_DOC = ("Zoo census\n\nThe Baghdad zoo census counted 14 zebras this winter, keepers said. "
           "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\"> was found in the keepers' log.\n")



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`rag index` + `rag serve` on a free loopback port, over the seeds plus a file holding an XSS payload."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    base = tmp_path_factory.mktemp("page")
    corpus = base / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "zoo.txt").write_text(XSS_DOC)
    data = base / "data"
    port = free_port()
    env = {**os.environ, "RAG_DATA": str(data), "RAG_CORPUS": str(corpus), "RAG_PORT": str(port)}
    rag = str(Path(sys.executable).parent / "rag")
    subprocess.run([rag, "index", "-q"], env=env, check=True, timeout=300)
    log = open(base / "serve.log", "w")
    proc = subprocess.Popen([rag, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the page did not come up: " + (base / "serve.log").read_text()[-2000:])
    yield {"url": url, "data": data, "port": port}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _open(browser, server, width=1280, height=900):
    page = browser.new_page(viewport={"width": width, "height": height})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server["url"])
    page.wait_for_selector("#question textarea", timeout=60_000)
    return page, dialogs


def _ask(page, question: str) -> None:
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_selector("#sources .src-card", timeout=90_000)
    page.wait_for_function("() => !document.querySelector('#chat .message.bot:last-of-type')?.innerText.endsWith('…')")


def _last_answer(page) -> str:
    return page.locator("#chat .message.bot").last.inner_text()


def test_asking_by_enter_shows_cited_answer_and_matching_source_cards(browser, server):
    page, _ = _open(browser, server)
    _ask(page, HEADLINE)
    answer = _last_answer(page)
    cited = sorted({int(n) for n in __import__("re").findall(r"\[(\d+)\]", answer)})
    assert cited, answer
    for n in cited:
        card = page.locator(f"#src-{n}")
        assert card.count() == 1 and card.locator("mark").count() >= 1  # supporting sentence highlighted
    assert page.locator("#question textarea").evaluate("e => document.activeElement === e")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desktop.png"), full_page=True)
    page.close()


def test_clicking_an_example_asks_it(browser, server):
    page, _ = _open(browser, server)
    page.get_by_text("How many US troops are in Iraq?", exact=True).first.click()
    page.wait_for_selector("#sources .src-card", timeout=90_000)
    page.wait_for_function("() => /\\[1\\]/.test(document.querySelector('#chat').innerText)")
    assert "How many US troops are in Iraq?" in page.inner_text("#chat")
    page.close()


def test_thumbs_up_saves_feedback_line(browser, server):
    page, _ = _open(browser, server)
    _ask(page, "What did the Pentagon say about withdrawing?")
    page.locator("#chat button[aria-label='Like']").last.click()
    path = Path(server["data"]) / "feedback.jsonl"
    deadline = time.time() + 20
    while time.time() < deadline and not path.exists():
        time.sleep(0.2)
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert rows[-1]["question"] == "What did the Pentagon say about withdrawing?"
    assert rows[-1]["liked"] is True and rows[-1]["citations"] and rows[-1]["model"] == "local/extractive"
    page.close()


def test_script_in_a_document_shows_as_text(browser, server):
    page, dialogs = _open(browser, server)
    _ask(page, "How many zebras did the Baghdad zoo census count?")
    page.wait_for_timeout(500)
    assert "<script>" in page.inner_text("#sources")
    assert page.locator("#sources script, #chat script, #sources img, #chat img[src='x']").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []
    page.close()


def test_phone_width_puts_sources_below_the_chat(browser, server):
    page, _ = _open(browser, server, width=390, height=844)
    _ask(page, HEADLINE)
    chat_box = page.locator("#chat").bounding_box()
    sources_box = page.locator("#sources").bounding_box()
    assert sources_box["y"] >= chat_box["y"] + chat_box["height"] - 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone.png"), full_page=True)
    page.close()


def test_ask_api_returns_the_json_contract(server):
    from gradio_client import Client

    result = Client(server["url"], verbose=False).predict(HEADLINE, api_name="/ask")
    assert set(result) == {"question", "answer", "refused", "citations", "retrieved", "model", "timings_ms"}
    assert result["citations"] and not result["refused"]
