"""Questions that point at the corpus's episodes without naming a year ("how do the two episodes compare?", "what
did X do each time?", "what happened?") are answered per episode, as "in 2018 and 2022" is, instead of being
refused for want of a topic; the reader sees the years in the "Searched for" notice. Invented text: a port's two
strikes, four years apart."""

import pytest

from rag.episodes import episodes, with_episodes
from tests.conftest import chat_over

STORIES = {
    "walkout.txt": ("Dockers walk out in Port Alder", "2018-05-03",
                    "Dockers in Port Alder walked out on Thursday over a new shift system, halting all cargo at the "
                    "harbour. The port authority said the strike was illegal and called for talks. Shipping lines "
                    "began diverting vessels to Kellby."),
    "stall.txt": ("Port Alder talks stall", "2018-05-10",
                  "Talks between the dockers' union and the port authority broke down on Wednesday after the "
                  "authority refused to drop the shift plan. The union's leader, Mara Quill, said the walkout "
                  "would go on."),
    "again.txt": ("Port Alder dockers strike again", "2022-09-12",
                  "Dockers at Port Alder stopped work on Monday for the second time in four years, this time over "
                  "pay after prices rose sharply. The port authority offered a four percent raise, which the union "
                  "rejected."),
    "deal.txt": ("Deal ends Port Alder strike", "2022-09-20",
                 "The union and the port authority agreed a deal on Tuesday that raises pay by seven percent, ending "
                 "the strike. Cargo began moving again the next morning."),
}


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    return chat_over(tmp_path_factory.mktemp("two_episodes"), STORIES)


def _years_cited(answer) -> set[str]:
    return {STORIES[c.hit.passage.source][1][:4] for c in answer.citations}


@pytest.mark.parametrize("question", ["how do the two episodes compare?", "what happened?",
                                      "what did the port authority do each time?"])
def test_a_question_about_the_episodes_is_answered_from_each(chat, question):
    answer = chat.ask(question)
    assert not answer.refused, answer.answer
    assert _years_cited(answer) == {"2018", "2022"}, answer.answer
    assert any("2018 and 2022" in n for n in answer.notices), answer.notices


def test_a_question_with_a_topic_or_a_year_of_its_own_is_left_as_asked(chat):
    for question in ("why did the dockers strike in 2018?", "who leads the union?"):
        assert chat.ask(question).standalone_question == question


def test_episodes_are_runs_of_dates_close_in_time():
    runs = episodes(["2019-12-20", "2020-01-10", None, "2024-01-05", "2024-01-09"])
    assert runs == [("2019", "2020"), ("2024",)]
    assert with_episodes("what did the mayor say each time?", runs) == "what did the mayor say each time (2019, 2020 and " \
        "2024)?"
    assert with_episodes("did the mayor resign in either episode?", runs[1:] + [("2026",)]) == "did the mayor " \
        "resign in either episode (2024 and 2026)?"
    three = runs + [("2026",)]
    assert with_episodes("how do the two episodes compare?", three) == "how do the two episodes compare?"
    assert with_episodes("what happened?", [("2024",)]) == "what happened (2024)?"
    assert with_episodes("what did the mayor say about the budget?", runs) == "what did the mayor say about the budget?"


def _follow(chat, *questions):
    from rag.chat import as_history

    history, answer = [], None
    for question in questions:
        answer = chat.ask(question, history)
        history += as_history(answer)
    return answer


def test_a_period_follow_up_gets_that_periods_overview(chat):
    answer = _follow(chat, "what happened in 2018?", "and in 2022?")
    assert not answer.refused, answer.answer
    assert _years_cited(answer) == {"2022"}, answer.answer


def test_a_question_word_alone_asks_it_of_the_previous_question(chat):
    answer = _follow(chat, "what did the port authority offer in 2022?", "when?")
    assert not answer.refused, answer.answer
    assert "September 12, 2022" in answer.answer.splitlines()[0], answer.answer


def test_a_whole_follow_up_question_asks_its_own_kind(chat):
    answer = _follow(chat, "how much was the raise in 2022?", "did the union accept it?")
    assert "rejected" in answer.answer and "In short" not in answer.answer, answer.answer  # no amount is asked


def test_each_named_year_gets_a_sentence_that_can_be_shown():
    """A sentence that leans on one the passages lack (a caption of a lost photo, "He also ...") is dropped when
    the answer is put together, so it cannot be a named year's sentence: the year's next best is."""
    import numpy as np

    from rag.extractive.candidates import Candidate
    from rag.extractive.question import Query
    from rag.extractive.select import each_named

    cands = [Candidate(1, "2024-01-05", 0, "The mayor demanded that the road reopen at once.", source="a.txt"),
             Candidate(2, "2020-01-10", 0, "He also demanded new buses for the town.", source="b.txt", leans=True),
             Candidate(3, "2020-01-12", 0, "The council asked the province for a new bridge.", source="c.txt")]
    query = Query.of("how did the demands differ between 2020 and 2024?", cands, 3)
    assert each_named(query, cands, np.array([0.6, 0.5, 0.3]), [0]) == [2]
