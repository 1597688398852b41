"""Spelling correction of the search query: typos and name variants are fixed, correct words are not."""

from rag.keyword import KeywordIndex
from rag.models import Passage

TEXTS = ["Protesters repeated their demands for a withdrawal of foreign forces.",
         "General Qassem Soleimani was killed in a drone strike near the airport."]


def index() -> KeywordIndex:
    return KeywordIndex.build([Passage(f"d#{i}", "d", "d.txt", "T", None, t, 0, len(t), i) for i, t in enumerate(TEXTS)])


def test_a_typo_and_a_transliteration_are_corrected_to_the_corpus_spelling():
    assert index().correct("when was soliemani killed after the withdrawl?") == \
        "when was soleimani killed after the withdrawal?"


def test_a_word_the_corpus_has_in_another_form_is_left_alone():
    # the corpus says "demands": "demand" is a real word with the same stem, not a typo of it
    assert index().correct("What was the demand of the protesters?") == "What was the demand of the protesters?"


def test_words_with_letters_outside_english_are_left_alone():
    question = "Pourquoi l'Irak a-t-il demandé le départ des troupes américaines ?"
    assert index().correct(question) == question
