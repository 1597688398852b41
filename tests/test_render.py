"""The page's text rules without a browser: reader-facing titles, the words searched for a typed question,
and the plain text the copy button gives (built from a real answer over the seeds)."""

from __future__ import annotations

import re

import pytest

from ui.plain import plain_text, typed_words
from ui.render import answer_html
from ui.titles import UNTITLED, display_title


def test_only_real_titles_are_shown():
    assert display_title("Iraqi officials unite against US presence in the country").startswith("Iraqi officials")
    assert display_title("Why did Iraq vote to expel US troops?") == "Why did Iraq vote to expel US troops?"
    for fallback in ("BAGHDAD - Iraqi interim Prime Minister has asked Washington to start developing...",
                     "The prime minister said so.", "002_4c90c73626e9fd7b", ""):
        assert display_title(fallback) == UNTITLED


def test_typed_markup_is_not_searched_but_comparisons_are():
    assert typed_words('<b>How many</b> troops? <img src=x onerror="alert(2)">') == "How many troops?"
    assert typed_words("Is 3 < 5 and 6 > 2?") == "Is 3 < 5 and 6 > 2?"
    assert typed_words("AT&amp;T") == "AT&T"


def test_plain_copy_has_markers_and_a_source_line_for_each(chat):
    answer = chat.ask("Why did Iraq ask US troops to leave?")
    text = plain_text(answer)
    body, sources = text.split("\nSources:\n")
    assert "<" not in text and set(re.findall(r"\[(\d+)\]", body)) == set(re.findall(r"^\[(\d+)\]", sources, re.M))
    bubble = answer_html(answer, "abc123")
    assert 'id="ans-abc123"' in bubble and 'href="#src-abc123-1"' in bubble and 'id="m-abc123-1"' in bubble


def test_page_history_carries_each_answers_cited_passages(chat, seeds_settings):
    from rag.chat import Done
    from ui.turns import Turns, chain_history, fresh

    answer = chat.ask("When was Qassem Soleimani killed?")
    saved = {**fresh(), "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "…"}]}
    _, _, saved, _ = Turns(seeds_settings)._finish(saved, "When was <b>Qassem</b> Soleimani killed?", Done(answer))
    history = chain_history(saved["answers"])
    assert history[0] == {"role": "user", "content": answer.question}
    assert history[1]["sources"] == [c.hit.passage.chunk_id for c in answer.citations] and history[1]["sources"]
    assert "id=\"ans-" in saved["messages"][-1]["content"]


def test_upload_never_writes_into_the_shipped_seeds(tmp_path):
    from rag.errors import RagError
    from tests.conftest import SEEDS, make_settings
    from ui.upload import check_upload

    with pytest.raises(RagError, match="seeds/"):
        check_upload(make_settings(tmp_path, SEEDS, allow_upload="1", auth="a:b"))
    check_upload(make_settings(tmp_path, tmp_path / "mine", allow_upload="1", auth="a:b"))  # a folder of one's own
