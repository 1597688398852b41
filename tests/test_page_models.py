"""Issue 13, bugs 9 and 10: a model fault says what a person can act on; the model is the operator's choice
(RAG_MODEL_CHOICES, off by default) and the reader sees in plain words which model answered."""

from __future__ import annotations

import pytest

from tests.pagekit import ask, open_page, start_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def nokey(tmp_path_factory):
    """RAG_MODEL=openai/nope with no API key anywhere; the operator lets visitors pick the offline answerer."""
    yield from start_server(tmp_path_factory.mktemp("nokey"), RAG_MODEL="openai/nope",
                            RAG_MODEL_CHOICES="local/extractive")


def test_a_model_without_an_api_key_says_so(browser, nokey):
    page = open_page(browser, nokey)
    ask(page, "Why did Iraq ask US troops to leave?")
    notice = page.locator("#chat .answer .notice").last.inner_text()
    assert "no API key is set" in notice and "RAG_API_KEY" in notice, notice
    assert "server error" not in notice
    assert "Answered by the offline answerer" in page.locator("#chat .answer .answered-by").last.inner_text()
    page.context.close()


def test_visitors_cannot_change_the_model_by_default_and_see_who_answered(browser, server):
    page = open_page(browser, server)
    page.get_by_text("Settings").click()
    page.wait_for_timeout(300)
    assert page.locator("#model").count() == 0
    assert page.get_by_label("Model", exact=False).count() == 0
    ask(page, "How many US troops are in Iraq?")
    who = page.locator("#chat .answer .answered-by").last.inner_text()
    assert who.startswith("Answered by the offline answerer") and "local/" not in who
    page.context.close()


def test_an_operator_allowed_model_can_be_picked(browser, nokey):
    page = open_page(browser, nokey)
    page.get_by_text("Settings").click()
    page.locator("#model input").click()
    options = page.locator("[role='option']").all_inner_texts()
    assert sorted(o.replace("✓", "").strip() for o in options) == ["local/extractive", "openai/nope"]
    page.locator("[role='option']", has_text="local/extractive").click()
    ask(page, "How many US troops are in Iraq?")
    answer = page.locator("#chat .answer").last
    assert answer.locator(".notice").count() == 0  # the offline answerer needs no key
    assert "Answered by the offline answerer" in answer.inner_text()
    page.context.close()
