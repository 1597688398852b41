""""Who is the finance minister?": the passage that names the holder beside the title ("Finance Minister Tomas
Ek opened the bridge") ranks first, above passages closer to the question's words that only mention the title
("the finance minister's plan angered lawmakers"); and the title is read from the question as readers type it.
Invented text."""

import pytest

from rag.holders import role_asked
from tests.conftest import chat_over

TOPICS = ["fuel prices", "teacher pay", "the rail budget", "hospital funding", "farm subsidies", "the pension age",
          "road tolls", "the sugar tax"]
STORIES = {f"row{i}.txt": (f"Cabinet row over {topic}", f"2022-04-0{i + 1}",
                           f"The finance minister's plan for {topic} angered lawmakers on Monday. Critics said the "
                           f"finance minister had not explained how {topic} would be paid for, and the opposition "
                           "asked the finance minister to publish the figures.") for i, topic in enumerate(TOPICS)}
STORIES["bridge.txt"] = ("Vell bridge opens", "2022-04-09",
                         "Finance Minister Tomas Ek opened the new bridge in Vell on Sunday, with the mayor and two "
                         "hundred people watching the ribbon being cut.")


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    return chat_over(tmp_path_factory.mktemp("holder"), STORIES)


def test_the_passage_naming_the_holder_ranks_first(chat):
    answer = chat.ask("who is the finance minister?")
    assert answer.retrieved[0].passage.source == "bridge.txt", [h.passage.source for h in answer.retrieved]
    assert "Tomas Ek" in answer.answer.splitlines()[0], answer.answer


@pytest.mark.parametrize("question, role", [("who is the prime minister in 2024?", "prime minister"),
                                            ("Who was the US secretary of state?", "secretary"),
                                            ("who's the current finance minister", "finance minister"),
                                            ("who is sudani", ""), ("who leads the bloc?", "")])
def test_the_title_asked_is_read_from_the_question(question, role):
    assert role_asked(question) == role
