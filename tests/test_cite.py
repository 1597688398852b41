from rag.cite import answer_sentences, check, remove_invalid
from rag.models import Hit, Passage

PASSAGES = [
    "The Pentagon said on Monday that it was not presently intending to withdraw its 2,500 personnel from the country.",
    "Iraqi lawmakers adopted a resolution on Sunday to oust American troops following the January 3 strike.",
]


def _hits():
    return [Hit(Passage(f"d#{i}", "d", "d.txt", "T", None, t, 0, len(t), i), score=0.5) for i, t in enumerate(PASSAGES)]


def test_markers_pointing_at_no_passage_are_removed_and_reported():
    text, invalid = remove_invalid("Troops stay [1][9]. Vote held [2, 7].", 5)
    assert invalid == [9, 7]
    assert "[9]" not in text and "[7]" not in text and "[1]" in text and "[2]" in text


def test_verbatim_claims_are_supported_and_invented_ones_are_not(embedder):
    answer = ("The Pentagon said on Monday that it was not presently intending to withdraw its 2,500 personnel "
              "from the country. [1] Iraqi lawmakers voted to oust American troops after the January 3 strike. [2] "
              "The Pentagon announced that all 2,500 troops will leave Iraq by March. [1] Iraq signed a new oil "
              "deal with France. [9]")
    checked = check(answer, _hits(), embedder)
    flags = [s.supported for s in checked.sentences]
    assert flags == [True, True, False, False]
    assert checked.invalid == (9,)
    assert [c.n for c in checked.citations] == [1, 2]
    assert checked.citations[1].supported and not checked.citations[0].supported


def test_citations_are_renumbered_in_reading_order(embedder):
    answer = f"{PASSAGES[1]} [2] {PASSAGES[0]} [1]"
    checked = check(answer, _hits(), embedder)
    assert checked.text.index("[1]") < checked.text.index("[2]")
    assert checked.citations[0].hit.passage.text == PASSAGES[1]


def test_markers_after_the_full_stop_stay_with_their_sentence():
    assert answer_sentences("One. [1] Two [2]. Three. [3][4] Four") == ["One. [1]", "Two [2].", "Three. [3][4]", "Four"]


def test_streamed_markers_are_renumbered_like_the_final_answer():
    from rag.cite import StreamRenumberer

    stream = StreamRenumberer(n_passages=5)
    pieces = ["Troops stay. ", "[", "3] Vote held. [", "9][1] End. ", "[3]"]
    text = "".join(stream.feed(p) for p in pieces) + stream.flush()
    assert text == "Troops stay. [1] Vote held. [2] End. [1]"
