"""Issue 13's reader features in a real browser: the Documents view with real titles, the chat kept across a
reload and New chat, phone tap targets and source text, and the system font stack."""

from __future__ import annotations

import re

import pytest

from tests.pagekit import ask, check_every_marker, open_page

pytestmark = pytest.mark.e2e
HASH_NAME = re.compile(r"[0-9a-f]{8,}")


def test_documents_view_lists_real_titles_dates_and_passage_counts(browser, server):
    page = open_page(browser, server)
    page.get_by_role("tab", name="Documents").click()
    table = page.locator("#documents table")
    table.wait_for()
    rows = [r.split("\t") for r in table.locator("tbody tr").all_inner_texts()]
    assert len(rows) == 6  # the five seeds and the zoo note
    titles = {r[0].strip(): r[1].strip() for r in rows}
    assert titles["Iraqi officials unite against US presence in the country"] == "2020-01-14"
    assert not any(HASH_NAME.search(t) or t.startswith("BAGHDAD") for t in titles), titles
    total = sum(int(r[2]) for r in rows)
    assert f"{total} passages" in page.inner_text("#documents") and "Most often mentioned" in page.inner_text("#documents")
    page.get_by_role("tab", name="Chat").click()
    ask(page, "Why did Iraq ask US troops to leave?")
    heads = page.locator("#sources .src-head").all_inner_texts()
    assert heads and not any(HASH_NAME.search(h) for h in heads), heads  # title first; the file name is below
    page.context.close()


def test_the_chat_is_kept_across_a_reload_and_new_chat_starts_over(browser, server):
    page = open_page(browser, server)
    ask(page, "What happened to Qassem Soleimani?")
    ask(page, "How many US troops are in Iraq?")
    before = page.locator("#chat .message").all_inner_texts()
    page.reload()
    page.wait_for_selector("#chat .answer", timeout=30_000)
    assert page.locator("#chat .message").all_inner_texts() == before
    assert check_every_marker(page, 0) >= 1  # the restored answers still reach their own sources
    page.get_by_role("button", name="New chat").click()
    page.wait_for_function("() => !document.querySelector('#chat .message') && !document.querySelector('#sources .src-card')")
    page.reload()
    page.wait_for_selector("#question textarea")
    page.wait_for_timeout(1000)
    assert page.locator("#chat .message").count() == 0
    page.context.close()


def test_phone_tap_targets_are_40px_and_source_text_is_14px(browser, server):
    page = open_page(browser, server, width=390, height=844)
    ask(page, "Why did Iraq ask US troops to leave?")
    page.locator("#chat .bubble-sources summary").last.click()
    targets = page.locator("#question textarea, #question button:visible, #new-chat, #chat .message-wrap button:visible, "
                           "#chat .answer a.cite, #chat .bubble-sources summary, #tabs button[role='tab']")
    small = [(t.evaluate("e => e.outerHTML.slice(0, 80)"), box) for t in targets.all()
             if (box := t.bounding_box()) and (box["width"] < 40 or box["height"] < 40)]
    assert targets.count() > 8 and not small, small
    sizes = page.locator("#chat .bubble-sources .src-card p").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 14, sizes
    page.context.close()


def test_the_page_uses_the_system_font_stack_and_loads_no_bundled_font(browser, server):
    page = open_page(browser, server)
    ask(page, "Why did Iraq ask US troops to leave?")
    for selector in (".gradio-container", "#chat .answer", "#chat .answer strong", "h1", "#question textarea"):
        family = page.locator(selector).first.evaluate("e => getComputedStyle(e).fontFamily")
        assert family.replace('"', "").startswith("system-ui"), (selector, family)
    loaded = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert loaded == [], loaded
    page.context.close()
