"""Why-questions answered by the sentence that names the cause, however news orders it: "The collapse of the pier
pushed the council to close the road" names the cause *before* the verb and what it caused after it, unlike
"the council closed the road after the pier collapsed". Invented text."""


import pytest

from tests.conftest import chat_over

STORIES = {
    "pier.txt": ("Harbour road shut", "2022-05-02",
                 "Storms hit the valley towns last week. The collapse of the old wooden pier, battered for days by "
                 "storms that flooded the valley towns and cut power to thousands of homes, pushed the council to "
                 "close the harbour road. Workers began repairs on Monday."),
    "road.txt": ("Council statement", "2022-05-03",
                 "The council closed the harbour road on Friday morning, and buses will run on the hill road until "
                 "the harbour road reopens. Shops near the harbour stayed open."),
}


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    return chat_over(tmp_path_factory.mktemp("cause"), STORIES)


def test_a_cause_told_before_its_verb_answers_why(chat):
    answer = chat.ask("why did the council close the harbour road?")
    assert answer.answer.startswith("The collapse of the old wooden pier"), answer.answer
