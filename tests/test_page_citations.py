"""Issue 13, bug 1 and the follow-up check: every [n] in every answer opens that answer's own passage,
however many answers come after it, on desktop (side panel) and on a phone (sources under the answer)."""

from __future__ import annotations

import pytest

from tests.pagekit import ask, check_every_marker, open_page

pytestmark = pytest.mark.e2e


def test_citations_in_an_earlier_answer_still_reach_its_own_passages(browser, server):
    page = open_page(browser, server)
    ask(page, "Why did Iraq ask US troops to leave in 2020?")
    ask(page, "What did the Pentagon say in 2024 about its 2,500 personnel?")
    assert check_every_marker(page, 0) >= 2  # the first answer, after the second replaced the latest sources
    assert check_every_marker(page, 1) >= 1
    page.context.close()


def test_follow_up_conversation_every_marker_in_every_answer(browser, server):
    page = open_page(browser, server)
    ask(page, "When was Qassem Soleimani killed?")
    ask(page, "Who was killed with him?")
    ask(page, "What did Iraq's parliament do after that?")
    total = sum(check_every_marker(page, i) for i in range(3))
    assert total >= 4
    page.context.close()


def test_on_a_phone_markers_open_the_sources_under_their_own_answer(browser, server):
    page = open_page(browser, server, width=390, height=844)
    ask(page, "Why did Iraq ask US troops to leave in 2020?")
    ask(page, "How many US troops are in Iraq in 2024?")
    assert not page.locator("#sources").is_visible()  # no 2,000 px scroll down to a side panel
    assert check_every_marker(page, 0) >= 2
    page.context.close()
