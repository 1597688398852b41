"""Issue 13, bugs 4-8 in a real browser: plain-text copy, dark-mode evidence, 🗑 and feedback by answer id,
the question shown as text and searched as words, a refusal listing each document once."""

from __future__ import annotations

import re

import pytest

from tests.pagekit import ask, last_answer, open_page
from tests.test_page import _feedback_rows

pytestmark = pytest.mark.e2e


def test_copy_puts_plain_text_with_markers_and_sources_on_the_clipboard(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = open_page(browser, server, context=context)
    ask(page, "Why did Iraq ask US troops to leave?")
    page.locator("#chat .message-wrap button[aria-label='Copy message']").last.click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).includes('Sources:')", timeout=5_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "<" not in copied and "class=" not in copied, copied
    body, sources = copied.split("\nSources:\n")
    cited = set(re.findall(r"\[(\d+)\]", body))
    listed = set(re.findall(r"^\[(\d+)\] ", sources, re.M))
    assert cited and cited == listed, copied
    context.close()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_highlighted_evidence_is_readable_in_light_and_dark_mode(browser, server, dark):
    page = open_page(browser, server, dark=dark)
    ask(page, "Why did Iraq ask US troops to leave?")
    mark = page.locator("#sources mark").first
    color, background = mark.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    light, deep = sorted([_luminance(color), _luminance(background)], reverse=True)
    assert (light + 0.05) / (deep + 0.05) >= 4.5, (color, background)  # WCAG AA for body text
    page.context.close()


def test_clearing_the_chat_clears_sources_and_feedback_goes_to_the_answer_rated(browser, server):
    page = open_page(browser, server)
    ask(page, "What happened to Qassem Soleimani?")
    ask(page, "How many US troops are in Iraq?")
    page.locator("#chat button[aria-label='Clear']").click()
    page.wait_for_function("() => !document.querySelector('#sources .src-card')")
    question = "What did the Pentagon say about withdrawing its personnel?"
    ask(page, question)
    page.locator("#chat button[aria-label='Dislike']").last.click()
    rows = _feedback_rows(server, lambda rows: rows and rows[-1]["liked"] is False)
    assert rows[-1]["question"] == question, rows[-1]
    assert len(page.locator("#sources .src-group").all()) == 1
    page.context.close()


def test_the_question_shows_as_typed_text_and_markup_is_not_searched(browser, server):
    page = open_page(browser, server)
    typed = '<b>How many</b> US troops are in Iraq? <img src=x onerror="window.__q = 2">'
    ask(page, typed)
    user = page.locator("#chat .message.user").last
    assert user.inner_text().strip() == typed
    assert user.locator("b, img").count() == 0 and page.evaluate("() => window.__q") is None
    answer = last_answer(page)
    assert "documents don't say" not in answer.lower() and re.search(r"\[\d+\]", answer), answer
    page.context.close()


def test_a_refusal_lists_each_closest_document_once(browser, server):
    page = open_page(browser, server)
    ask(page, "What is the capital of France?")
    answer = page.locator("#chat .answer").last
    assert "documents don't say" in answer.inner_text().lower()
    items = answer.locator(".closest li").all_inner_texts()
    assert items and len(items) == len(set(items)), items
    cards = page.locator("#sources .src-group").first.locator(".src-card p").all_inner_texts()
    assert cards and len(cards) == len(set(cards))
    page.context.close()
