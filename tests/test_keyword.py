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


def test_near_word_lookup_finds_what_difflib_finds_over_the_whole_vocabulary():
    import difflib
    import random

    from rag.keyword import close_matches
    from rag.text import words
    from tests.conftest import SEEDS

    vocabulary = sorted({w for f in SEEDS.glob("*.txt") for w in words(f.read_text())})
    rng = random.Random(7)
    tried = 0
    for word in rng.sample([w for w in vocabulary if len(w) >= 5], 150):
        i = rng.randrange(len(word))
        for typo in (word[:i] + word[i + 1:], word[:i] + rng.choice("aeiourst") + word[i:], word[::-1][:6]):
            for n, cutoff in ((1, 0.85), (3, 0.85), (2, 0.8)):
                assert close_matches(typo, vocabulary, n, cutoff) == \
                    difflib.get_close_matches(typo, vocabulary, n=n, cutoff=cutoff), typo
                tried += 1
    assert tried == 150 * 3 * 3
