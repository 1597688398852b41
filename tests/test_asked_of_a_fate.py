""""Where was X killed?", "who killed X?": the question asks about X's fate, so the sentence that tells it of X
("after gunmen killed ... X ... near the river bridge") answers first, not a closer-worded one about someone
else's death; and an answer of one period opens with its best sentence's report, whatever the reports' dates
(an undated one included). Invented text."""

import pytest

from tests.conftest import chat_over

STORIES = {
    "raid.txt": ("Rocket attack on Kellby depot", "2021-03-04",
                 "A rocket attack killed two guards at the Kellby depot on Tuesday, including the depot chief Omar "
                 "Hale. Police blamed a gang from the hills."),
    "warning.txt": ("Depot supervisor warned of attacks", "2021-03-02",
                    "Lena Ruiz, the depot's night supervisor, warned the mayor in February that guards could be "
                    "killed at the Kellby depot. The mayor did not reply to her letter."),
    "march.txt": ("Kellby mourns", "2021-03-06",
                  "Hundreds marched in Kellby on Friday to mourn after gunmen killed the depot's night supervisor, "
                  "Lena Ruiz, and her driver near the river bridge. The mayor promised new patrols."),
    "trial.txt": ("Gang member charged", "2021-03-09",
                  "A court in Kellby charged a gang member with the murder of Lena Ruiz on Monday. He denied it."),
}


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    return chat_over(tmp_path_factory.mktemp("fate"), STORIES)


def test_where_someone_was_killed_is_answered_by_the_sentence_telling_their_fate(chat):
    answer = chat.ask("where was Lena Ruiz killed?")
    assert not answer.refused, answer.answer
    assert answer.answer.startswith("Hundreds marched in Kellby"), answer.answer


def test_an_answer_of_one_period_opens_with_its_best_sentences_report():
    from rag.extractive.candidates import Candidate
    from rag.extractive.compose import compose

    cands = [Candidate(1, "2021-03-02", 0, "An early report names Lena Ruiz.", source="early.txt"),
             Candidate(2, "", 0, "An undated report tells her killing.", source="undated.txt"),
             Candidate(2, "", 1, "Its next sentence follows it.", source="undated.txt"),
             Candidate(3, "2021-03-06", 0, "A later report tells the march.", source="late.txt")]
    assert compose(cands, [1, 0, 2, 3]).split(" [")[0] == "An undated report tells her killing."
    assert compose(cands, [1, 0, 2, 3]).index("Its next") < compose(cands, [1, 0, 2, 3]).index("An early")
