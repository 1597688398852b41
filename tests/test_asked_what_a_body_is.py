""""What is the NGB?": news spells an acronym out once ("the Northern Grain Board (NGB)") and then uses either
form, and says what a body is in an apposition that may only write its name ("the Northern Grain Board, a state
agency that ..."). Retrieval must find that passage and the answer must be that description. Invented text."""

from index.build import build_index
from rag.chat import Chat
from rag.keyword import written_out
from tests.conftest import make_settings

_OTHERS = [
    "The NGB said on Monday it would raise the price it pays for wheat by a tenth. Farmers said the NGB move came "
    "too late for the spring planting.",
    "Truck drivers blocked the roads to the NGB silos in the north on Tuesday, demanding higher fees from the NGB.",
    "The NGB chairman met the finance minister to discuss the NGB budget for the coming season.",
    "Rain delayed the harvest and the NGB extended its buying season by two weeks, the NGB said.",
    "Millers accused the NGB of selling flour below cost. The NGB denied the accusation.",
    "An audit of the NGB found that storage losses had doubled. The NGB board promised reforms.",
]


def test_an_acronym_is_found_by_its_name_and_answered_by_what_the_body_is(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "prices.txt").write_text("Grain prices\n\nThe Northern Grain Board (NGB) cut its wheat forecast on "
                                       "Friday after a dry spring.\n")
    (corpus / "hearing.txt").write_text(
        "Lawmakers question grain agency\n\nLawmakers questioned the Northern Grain Board, a state agency that buys "
        "and stores the country's wheat, for six hours on Wednesday. The hearing ended without a vote.\n")
    for i, text in enumerate(_OTHERS):
        (corpus / f"story_{i}.txt").write_text(f"Story {i}\n\n{text}\n")
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    answer = Chat(settings).ask("what is the NGB?")
    assert "a state agency that buys and stores" in answer.answer, answer.answer
    assert [c.hit.passage.source for c in answer.citations] == ["hearing.txt"]


def test_the_name_an_acronym_stands_for_is_the_run_with_its_initials():
    assert written_out("ISIS", "fighters of the Islamic State of Iraq and Syria took the town") == \
        "Islamic State of Iraq and Syria"
    assert written_out("PMF", "The Popular Mobilization Forces (PMF) said") == "Popular Mobilization Forces"
    assert written_out("NGB", "The North Atlantic Treaty Organization met") == ""
