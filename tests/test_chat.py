import re

import pytest

from rag.errors import BadInputError, NoIndexError
from rag.retrieve import Filters
from tests.conftest import make_settings

HEADLINE = "why did Iraq ask US troops to leave?"
DEMAND = re.compile(r"withdraw|leave|expel|oust|end(ing)? (the|this|its) (US )?(military )?presence", re.I)


def test_headline_answer_cites_passages_about_the_withdrawal_demand(chat):
    answer = chat.ask(HEADLINE)
    assert not answer.refused
    assert answer.citations
    for citation in answer.citations:
        assert citation.hit.passage.source[:3] in {"001", "002", "003", "004"}
        assert DEMAND.search(citation.hit.passage.text)
    sentences = [s for s in answer.sentences]
    assert sentences and all(s.cited for s in sentences), "every sentence carries a marker"
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}


def test_offline_answer_is_fully_supported_and_deterministic(chat):
    first = chat.ask("How many US troops are in Iraq?")
    second = chat.ask("How many US troops are in Iraq?")
    assert first.answer == second.answer
    assert all(s.supported for s in first.sentences)
    assert "2,500" in first.answer


def test_question_about_something_absent_is_refused_with_closest_passages(chat):
    answer = chat.ask("How many US troops are in Germany?")
    assert answer.refused and not answer.citations
    assert "don't say" in answer.answer and answer.retrieved


def test_follow_up_is_searched_with_the_previous_question(chat):
    history = [{"role": "user", "content": HEADLINE}, {"role": "assistant", "content": "..."}]
    answer = chat.ask("and what did the Pentagon say about that?", history=history)
    assert "Pentagon" in answer.standalone_question and "leave" in answer.standalone_question
    assert "Pentagon" in answer.answer


def test_empty_question_and_missing_index_are_plain_errors(chat, tmp_path):
    from rag.chat import Chat

    with pytest.raises(BadInputError, match="type a question"):
        chat.ask("   ")
    with pytest.raises(NoIndexError, match="Nothing has been indexed"):
        Chat(make_settings(tmp_path / "empty-data")).ask(HEADLINE)


def test_source_filter_limits_the_evidence(chat):
    answer = chat.ask(HEADLINE, filters=Filters(source="003_017d4f346cb3be16.txt"))
    assert answer.retrieved and {h.passage.source for h in answer.retrieved} == {"003_017d4f346cb3be16.txt"}


def test_very_long_question_is_truncated_with_a_note_and_answered(chat):
    answer = chat.ask(HEADLINE + " " + "please explain in detail " * 500)
    assert any("first 1000 characters" in n for n in answer.notices)
    assert answer.retrieved


def test_filter_that_matches_nothing_says_so_plainly(chat):
    answer = chat.ask(HEADLINE, filters=Filters(since="2030-01-01"))
    assert answer.refused and "no indexed passage matches the source or dates" in answer.answer


def test_date_filters_keep_the_episodes_apart(chat):
    answer = chat.ask(HEADLINE, filters=Filters(until="2020-12-31"))
    assert answer.retrieved and all(h.passage.date.startswith("2020") for h in answer.retrieved)


@pytest.mark.parametrize("question, must_find", [
    ("Who was Suleimani?", "Soleimani"),            # spelling variant across documents
    ("what happened to soliemani", "Soleimani"),    # typo
    ("the withdrawl of US troops", "withdraw"),     # typo
    ("What did Sudani promise?", "al-Sudani"),      # partial name
])
def test_name_variants_and_typos_retrieve_the_right_passages(chat, question, must_find):
    retrieval = chat.retriever.retrieve(question)
    assert any(must_find.lower() in h.passage.text.lower() for h in retrieval.hits[:3])


def test_headline_answer_keeps_both_episodes_apart_by_date(chat):
    answer = chat.ask(HEADLINE)
    assert "As reported in January 2020:" in answer.answer and "As reported in January 2024:" in answer.answer
    years = [c.hit.passage.date[:4] for c in answer.citations if c.hit.passage.date]
    assert {"2020", "2024"} <= set(years)


def test_reranker_setting_loads_a_cross_encoder_and_orders_by_it(seeds_settings):
    from dataclasses import replace

    from rag.embed import resolve_model
    from rag.retrieve import Retriever

    settings = replace(seeds_settings, reranker=resolve_model("all-MiniLM-L6-v2"))  # untrained head, real code path
    retrieval = Retriever(settings).retrieve(HEADLINE)
    scores = [h.scores["rerank"] for h in retrieval.candidates]
    assert scores == sorted(scores, reverse=True)
