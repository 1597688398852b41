"""The offline answerer: what kind of answer a question wants, the lead line, follow-ups."""

import re

import pytest

from rag.chat import as_history
from rag.cite import split_label, strip_markers
from rag.condense import condense, rule_rewrite
from rag.extractive import LEAD_LABEL
from rag.extractive.question import question_kind
from rag.text import fold


@pytest.mark.parametrize("question, kind", [
    ("why did Iraq ask US troops to leave?", "why"),
    ("What triggered the January 2020 vote to expel US troops?", "why"),
    ("Who was Iraq's prime minister when parliament voted in January 2020?", "who"),  # not "when"
    ("Which political bloc threatened US troops?", "who"),
    ("How many people were killed in the airstrike?", "number"),
    ("When was Qassem Soleimani killed?", "when"),
    ("and who was killed with him?", "who"),
    ("How did the 2020 and 2024 demands differ?", "other"),
])
def test_question_kind_follows_the_opening_words(question, kind):
    assert question_kind(question) == kind


def _lead(answer) -> str:
    first = answer.answer.split("\n")[0]
    assert first.startswith(LEAD_LABEL), answer.answer
    return first


@pytest.mark.parametrize("question, pattern", [
    ("How many people died in the explosions at the memorial on the anniversary of Soleimani's death?", r"\d"),
    ("How many US soldiers were in Iraq in January 2020?", r"\d"),
    ("When was Qassem Soleimani killed?", r"(19|20)\d\d"),
    ("Which cleric called for a million people to protest against the American presence?", r"[A-Z][a-z]+ [A-Z]"),
])
def test_direct_questions_open_with_a_short_supported_answer_taken_from_the_cited_passage(chat, question, pattern):
    answer = chat.ask(question)
    first = _lead(answer)
    claim = strip_markers(split_label(first)[1]).rstrip(".").strip()
    assert re.search(pattern, claim) and len(claim.split()) <= 12
    cited = [c for c in answer.citations if f"[{c.n}]" in first]
    assert cited and fold(claim) in fold(cited[0].hit.passage.text), "the lead is the passage's own words"
    assert answer.sentences[0].supported and answer.sentences[0].text.startswith(LEAD_LABEL)
    assert len(answer.sentences) >= 2, "the full sentence follows the lead"


def test_the_number_lead_counts_what_was_asked_about(chat):
    answer = chat.ask("How many people died in the explosions at the memorial on the anniversary of Soleimani's death?")
    assert "people" in _lead(answer).lower(), "people were asked about, not explosions"


def test_why_questions_get_no_lead_and_name_the_reason(chat):
    answer = chat.ask("Why do Sunni and Kurdish lawmakers oppose the resolution to expel the Americans?")
    assert not answer.answer.startswith(LEAD_LABEL)
    # the sentence after "Sunni and Kurdish lawmakers opposed the resolution." carries the reason
    assert re.search(r"bulwark|training", answer.answer), answer.answer


def test_pronoun_in_a_follow_up_is_replaced_by_the_person_named_before():
    assert rule_rewrite("who was killed with him?", "When was Qassem Soleimani killed?") == \
        "Who was killed with Qassem Soleimani?"
    assert rule_rewrite("what was his role?", "Who was Suleimani?") == "What was Suleimani's role?"
    assert rule_rewrite("what did he say?", "What did Sadr call for in January?") == "What did Sadr say?", \
        "a month is not a second person"
    # two people named: no guessing, the previous question is searched along
    assert "(context:" in rule_rewrite("and what did he say?", "What did Abdul-Mahdi ask Pompeo?")
    history = [{"role": "user", "content": "When was Qassem Soleimani killed?"}]
    assert condense("Who was killed with him?", history) == "Who was killed with Qassem Soleimani?"


def test_previous_answers_passages_join_a_follow_ups_candidates(chat):
    question = "and what did he say about it?"
    asked_before = {"role": "user", "content": "Who is the Pentagon press secretary?"}
    standalone = chat.ask(question, history=[asked_before]).standalone_question
    plain = chat.retriever.retrieve(standalone)
    order = [h.passage.chunk_id for h in plain.candidates]
    earlier = order[8]  # a passage the follow-up's own search ranks ninth
    boosted = chat.retriever.retrieve(standalone, prior=[earlier])
    assert [h.passage.chunk_id for h in boosted.candidates].index(earlier) < 8, "the earlier answer's passage rises"

    history = [asked_before, {"role": "assistant", "content": "...", "sources": [earlier]}]
    follow = chat.ask(question, history=history)
    assert follow.standalone_question == standalone
    assert list(follow.retrieved) == boosted.hits, "the chat offers the previous answer's passages"
    # a new, self-contained question is not pulled towards the earlier passages
    fresh = "How many US troops are in Iraq?"
    assert chat.ask(fresh, history=history).retrieved == chat.ask(fresh).retrieved


def test_a_finished_turn_becomes_history_with_its_cited_passages(chat):
    answer = chat.ask("When was Qassem Soleimani killed?")
    user, assistant = as_history(answer)
    assert user == {"role": "user", "content": answer.question}
    assert assistant["content"] == answer.answer
    assert assistant["sources"] == [c.hit.passage.chunk_id for c in answer.citations] and assistant["sources"]

