"""Issue 13, bugs 2 and 3 against a page whose model streams slowly (tests/fake_llm.py on loopback):
the page loads everything before it says it is ready and says what is happening while an answer is slow;
a question typed while an answer streams is kept and asked next; Stop ends the answer."""

from __future__ import annotations

import pytest

from tests.fake_llm import FakeLLM
from tests.pagekit import open_page, start_server, wait_answers

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def slow(tmp_path_factory):
    fake = FakeLLM()
    fake.delay = 0.25
    try:
        yield from start_server(tmp_path_factory.mktemp("slow"), RAG_MODEL="openai/test-model",
                                RAG_API_BASE=fake.url, RAG_API_KEY="test-key", RAG_TIMEOUT="30")
    finally:
        fake.stop()


def _press(page, question: str) -> None:
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")


def test_models_load_before_the_page_is_served_and_a_slow_answer_says_what_happens(browser, slow):
    log = slow["log"].read_text()
    assert "Loaded" in log and log.index("Loaded") < log.index("Running on local URL"), log
    page = open_page(browser, slow)
    _press(page, "Why did Iraq ask US troops to leave?")
    pending = page.locator("#chat .message.bot .pending")
    pending.wait_for(timeout=10_000)
    assert "Searching the documents" in pending.inner_text()
    wait_answers(page, 1)
    page.context.close()


def test_a_question_typed_while_an_answer_streams_is_kept_and_asked_next(browser, slow):
    page = open_page(browser, slow)
    first, second = "Why did Iraq ask US troops to leave?", "How many US troops are in Iraq?"
    _press(page, first)
    page.locator("#chat .message.bot .pending").wait_for(timeout=10_000)
    page.fill("#question textarea", second)  # typed while the answer is on its way
    page.wait_for_function("() => { const b = [...document.querySelectorAll('#chat .message.bot')].pop();"
                           " return b && !b.querySelector('.pending') && b.innerText.split(' ').length > 3; }",
                           timeout=20_000)  # words are streaming in
    page.wait_for_timeout(600)
    assert page.input_value("#question textarea") == second  # the streamed words did not wipe it
    page.press("#question textarea", "Enter")  # sent while the first answer streams: it waits, visibly
    assert page.locator("#chat .answer").count() == 0
    assert page.input_value("#question textarea") == second
    wait_answers(page, 2)
    users = page.locator("#chat .message.user").all_inner_texts()
    assert [u.strip() for u in users] == [first, second]
    assert page.input_value("#question textarea") == ""
    page.context.close()


def test_stop_ends_the_answer_and_keeps_the_question(browser, slow):
    page = open_page(browser, slow)
    _press(page, "What happened to Qassem Soleimani?")
    bubble = page.locator("#chat .message.bot").last
    page.wait_for_function("() => { const b = [...document.querySelectorAll('#chat .message.bot')].pop();"
                           " return b && !b.querySelector('.pending') && b.innerText.trim().length > 0; }",
                           timeout=20_000)
    page.locator("#question button[data-testid='stop-button']").click()
    page.wait_for_function("() => /Stopped/.test([...document.querySelectorAll('#chat .message.bot')].pop().innerText)",
                           timeout=10_000)
    stopped = bubble.inner_text()
    page.wait_for_timeout(1500)
    assert bubble.inner_text() == stopped  # nothing more streams in
    assert "What happened to Qassem Soleimani?" in page.inner_text("#chat")
    _press(page, "How many US troops are in Iraq?")
    wait_answers(page, 1)
    page.context.close()
