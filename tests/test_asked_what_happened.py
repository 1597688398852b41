""""What happened ...?" as readers ask it. "In <the place every report is set in> in early <month year>" is a period
question: the place narrows nothing when most passages name it, and "early" places the time, so the answer is the
period's overview (each report's lede), not the one sentence that repeats the place's name most; "early" is an
English word, not a misspelling of the corpus's "nearly". "To <someone>" asks what befell them: the sentence that
tells it comes first, not the one that names them most. "In <a month no report is of>" is not told from
another month's reports. "What changed between <year> and <year>?" is each year's overview ("different from
2019" compares; it bounds nothing). Invented text."""

import re

import pytest

from rag.keyword import KeywordIndex
from rag.models import Passage
from tests.conftest import chat_over

STORIES = {
    "flood.txt": ("River floods Dunmore", "2021-03-04",
                  "The river burst its banks in Dunmore on Tuesday, flooding nearly 300 homes in the old town. "
                  "Rescue boats carried families to the Dunmore sports hall. The water fell by Thursday."),
    "strike.txt": ("Dunmore bus drivers strike", "2021-03-06",
                   "Bus drivers in Dunmore walked out on Friday over pay, leaving the city without public transport. "
                   "The union said nearly all drivers had joined. Talks are set for next week in Dunmore."),
    "mayor.txt": ("Mayor of Dunmore resigns", "2021-03-08",
                  "Angry at months of delays to the flood walls and at rising fares, councillors met on Sunday, and "
                  "the clerk said mayor Clara Voss was removed with immediate effect. Her deputy will lead the "
                  "council until a vote. In Dunmore, in early spring, people in Dunmore said Dunmore "
                  "had seen nothing like it in Dunmore."),
    "budget.txt": ("Mayor presents the budget", "2021-03-02",
                   "Mayor Clara Voss presented the Dunmore budget on Monday. Clara Voss said the plan of mayor Clara "
                   "Voss would pay for new flood walls, and Voss promised lower fares."),
    "bridge.txt": ("Dunmore bridge opens", "2019-06-02",
                   "A new bridge over the river opened in Dunmore on Saturday, nearly two years late. "
                   "Cars crossed it in Dunmore within the hour."),
    "market.txt": ("Dunmore market returns", "2019-06-09",
                   "The old market returned to Dunmore's square on Sunday after nearly a decade away. "
                   "Traders in Dunmore said sales were brisk."),
}


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    return chat_over(tmp_path_factory.mktemp("period_and_place"), STORIES)


def test_an_english_word_the_corpus_lacks_is_not_corrected_into_one_it_has():
    texts = ["Rescue boats carried nearly 300 families.", "The bridge opened nearly two years late."]
    index = KeywordIndex.build([Passage(f"d#{i}", "d", "d.txt", "T", None, t, 0, len(t), i)
                                for i, t in enumerate(texts)])
    assert index.correct("what happened in early March?") == "what happened in early March?"
    assert index.correct("how many famillies were rescued?") == "how many families were rescued?"


def test_what_happened_in_the_place_every_report_names_is_the_periods_overview(chat):
    answer = chat.ask("what happened in dunmore in early march 2021?")
    assert not answer.refused, answer.answer
    cited = {c.hit.passage.source for c in answer.citations}
    assert len(cited) >= 2 and all(STORIES[s][1].startswith("2021") for s in cited), answer.answer
    ledes = [re.split(r"(?<=\.) ", body)[0] for _, date, body in STORIES.values() if date.startswith("2021")]
    assert any(answer.answer.startswith(lede) for lede in ledes), answer.answer


def test_what_happened_to_someone_is_answered_by_what_befell_them(chat):
    answer = chat.ask("what happened to clara voss?")
    assert answer.answer.startswith("Angry at months of delays"), answer.answer


def test_a_month_no_report_tells_of_is_not_told_from_another_months_reports(chat):
    assert chat.ask("what happened in april 2021?").refused
    answer = chat.ask("what happened in june 2019?")
    assert not answer.refused and {c.hit.passage.date[:7] for c in answer.citations} == {"2019-06"}, answer.answer


@pytest.mark.parametrize("question", ["what changed between 2019 and 2021?",
                                      "how is the 2021 situation different from 2019?"])
def test_a_comparison_of_two_years_with_no_topic_is_an_overview_of_each(chat, question):
    answer = chat.ask(question)
    assert not answer.refused, answer.answer
    assert {c.hit.passage.date[:4] for c in answer.citations} == {"2019", "2021"}, answer.answer
    assert "2019" in answer.answer and "2021" in answer.answer


def test_a_word_that_only_starts_like_a_month_is_a_topic():
    from rag.dates import period_only

    assert period_only("what happened in early jan 2024?") == {"2024"}
    assert period_only("what happened to the market in 2024?") == set()  # "mar..." is no March
