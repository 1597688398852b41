"""Questions about two episodes of one story, years apart, as news tells them: a later report recalls the earlier event
with its date, which belongs to the earlier year (for "in 2015 and in 2019" and for "in 2019" alike); the office
holder of each episode is named in one sentence and only called by the office in another, and a nationality ("the
Norlandian ambassador") does not make another office the asked one; a reader types the office short ("the pm"),
which keyword search must read as reports write it; a sentence tells what came of the asked act, not why it
happened; a sentence recalls a death "nearly four years after", which is not the answer to who was killed when it
reports. Invented text."""


import pytest

from tests.conftest import chat_over

STORIES = {
    "flood_a.txt": ("Mayor calls for dam inquiry", "2015-04-02",
                    "The city's mayor has asked the river board to explain the spring flood, his office said on "
                    "Thursday. The request came during a meeting on Wednesday between board chairman Paul Ferris and "
                    "Mayor Anton Lisle, a statement from the city hall said. The flood destroyed the Old Mill bridge "
                    "on March 28, 2015, and killed two workers."),
    "flood_b.txt": ("New flood, new demands", "2019-04-05",
                    "The Old Mill bridge was destroyed by a flood on March 28, 2015, and killed two workers. A flood "
                    "on Monday swept away the ferry pier and killed a ferryman, Jonas Weir. Mayor Clara Dunn said on "
                    "Tuesday that the river board must be dissolved. The board said it was not aware of any plan to "
                    "dissolve it."),
    "council.txt": ("Council votes on the board", "2019-04-08",
                    "The council's vote came a day after the river board opened the sluice gates of the Kessel "
                    "dam, which flooded the lower town. "
                    "Councillors voted to cut the board's budget by a third."),
    "board.txt": ("River board answers", "2019-04-09",
                  "The river board opened the sluice gates of the Kessel dam on Monday because the reservoir had "
                  "reached its highest level in forty years. Engineers had warned the dam could fail."),
    "dunn.txt": ("Mayor wants the board gone", "2019-04-06",
                 "Mayor Clara Dunn called for the river board to be dissolved on Friday, nearly four years after a "
                 "flood killed the mill foreman Tom Pike."),
    "envoy.txt": ("Envoy briefs on floods", "2019-04-13",
                  "The Norlandian ambassador to Geneva, Piet Vos, discussed the floods with United Nations "
                  "officials."),
    "market.txt": ("Fish market reopens", "2019-04-10",
                   "The fish market reopened on Friday after repairs to its roof. Traders said prices had doubled."),
    "school.txt": ("Schools stay shut", "2019-04-11",
                   "Schools in the lower town stayed shut for a week. Parents were told to keep children indoors."),
    "prime.txt": ("Cabinet meets on floods", "2019-04-12",
                  "Prime Minister Hugo Brandt chaired an emergency cabinet meeting on the floods on Thursday. The "
                  "cabinet promised money for new levees."),
}


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    return chat_over(tmp_path_factory.mktemp("episodes"), STORIES)


def test_each_year_gets_its_own_event_not_one_a_later_report_recalls(chat):
    answer = chat.ask("who was killed by the flood in 2015 and who in 2019?")
    assert "Jonas Weir" in answer.answer and "In short: Tom Pike" not in answer.answer, answer.answer


def test_each_episode_of_a_who_question_names_the_person_not_only_the_office(chat):
    answer = chat.ask("Who was the mayor during each of the two floods?")
    assert "Anton Lisle" in answer.answer and "Clara Dunn" in answer.answer, answer.answer


def test_a_nationality_shared_by_another_office_does_not_make_its_holder_the_answer(chat):
    answer = chat.ask("who was the norlandian prime minister during the floods?")
    assert "Hugo Brandt" in answer.answer and "Piet Vos" not in answer.answer, answer.answer  # an ambassador


def test_an_office_typed_short_is_searched_by_keyword_as_reports_write_it(chat):
    hits = chat.retriever.retrieve("who is the pm?").hits  # BM25 knows no "pm": reports write "Prime Minister"
    assert any(h.passage.source == "prime.txt" and "bm25" in h.scores for h in hits), [h.scores for h in hits]


def test_why_is_not_answered_by_what_came_of_the_act(chat):
    answer = chat.ask("why did the river board open the sluice gates of the Kessel dam?")
    assert "highest level" in answer.answer and "vote came a day after" not in answer.answer, answer.answer


def test_a_question_about_one_year_leaves_out_what_a_report_of_that_year_recalls_of_another(chat):
    answer = chat.ask("what did the flood destroy in 2019?")
    assert "ferry pier" in answer.answer and "2015" not in answer.answer, answer.answer


def test_a_death_the_sentence_recalls_from_years_before_is_not_led_with(chat):
    answer = chat.ask("who was killed when the mayor called for the board to be dissolved?")
    assert answer.citations and "In short: Tom Pike" not in answer.answer, answer.answer  # "four years after ..."
