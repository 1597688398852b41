"""The chat page in a real browser (Debian's Chromium driven by Playwright) against `rag serve` started by
tests/conftest.py: asking, examples, feedback, escaping, the API, and the four screenshots for the README."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.pagekit import ARTIFACTS, MARKER, ask, last_answer, open_page, wait_answers

pytestmark = pytest.mark.e2e
HEADLINE = "why did Iraq ask US troops to leave?"


def test_asking_by_enter_shows_cited_answer_and_matching_source_cards(browser, server):
    page = open_page(browser, server)
    ask(page, HEADLINE)
    answer = page.locator("#chat .answer").last
    aid = answer.get_attribute("id").removeprefix("ans-")
    cited = sorted({int(n) for n in MARKER.findall(answer.inner_text())})
    assert cited, answer.inner_text()
    for n in cited:
        card = page.locator(f"#sources #src-{aid}-{n}")
        assert card.count() == 1 and card.locator("mark").count() >= 1  # supporting sentence highlighted
    assert page.locator("#question textarea").evaluate("e => document.activeElement === e")
    page.context.close()


def test_clicking_an_example_asks_it(browser, server):
    page = open_page(browser, server)
    page.get_by_text("How many US troops are in Iraq?", exact=True).first.click()
    wait_answers(page, 1)
    assert "How many US troops are in Iraq?" in page.inner_text("#chat")
    assert MARKER.search(last_answer(page))
    page.context.close()


def test_thumbs_up_saves_feedback_line(browser, server):
    page = open_page(browser, server)
    ask(page, "What did the Pentagon say about withdrawing?")
    page.locator("#chat button[aria-label='Like']").last.click()
    rows = _feedback_rows(server, lambda rows: rows and rows[-1]["question"].startswith("What did the Pentagon"))
    assert rows[-1]["liked"] is True and rows[-1]["citations"] and rows[-1]["model"] == "local/extractive"
    page.context.close()


def test_script_in_a_document_shows_as_text(browser, server):
    page = open_page(browser, server)
    ask(page, "How many zebras did the Baghdad zoo census count?")
    assert "<script>" in page.inner_text("#sources")
    assert page.locator("#sources script, #chat script, #sources img, #chat img[src='x']").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0  # a javascript: link is text, never a link
    assert page.evaluate("() => window.__xss") is None
    assert page.dialogs == []
    page.context.close()


def test_ask_api_returns_the_json_contract(server):
    from gradio_client import Client

    result = Client(server["url"], verbose=False).predict(HEADLINE, api_name="/ask")
    assert set(result) == {"question", "answer", "refused", "citations", "retrieved", "model", "timings_ms",
                            "notices"}
    assert result["citations"] and not result["refused"]


@pytest.mark.parametrize("width, height, name", [(1280, 900, "desktop"), (390, 844, "phone")])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots_light_and_dark_at_desktop_and_phone_width(browser, server, width, height, name, dark):
    page = open_page(browser, server, width=width, height=height, dark=dark)
    ask(page, HEADLINE)
    if name == "phone":
        page.locator("#chat .bubble-sources summary").last.click()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{name}{'-dark' if dark else ''}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.context.close()


def _feedback_rows(server, ready, timeout: float = 20) -> list[dict]:
    path = Path(server["data"]) / "feedback.jsonl"
    deadline = time.time() + timeout
    rows: list[dict] = []
    while time.time() < deadline:
        if path.exists():
            rows = [json.loads(line) for line in path.read_text().splitlines()]
            if ready(rows):
                return rows
        time.sleep(0.2)
    raise AssertionError(f"feedback not saved as expected: {rows[-1:]}")
