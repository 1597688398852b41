"""The question's words together in one sentence: the passage whose sentence says the asked thing outranks one
that only mentions each word somewhere, before and after the index is saved, and retrieval fuses the signal.
Invented news text."""

from index.build import build_index
from rag.keyword import KeywordIndex
from rag.models import Passage
from rag.retrieve import Retriever
from tests.conftest import make_settings

SPREAD = ("The minister met the Americans on Monday. The agreements on trade were discussed at length. Bilateral "
          "ties have been strained for years, the minister said, and the drones were a topic as well.")
TOGETHER = ("The minister said American drones had crossed the border without permission, a violation of "
            "bilateral agreements. Talks are expected next week.")
OTHER = "Farmers in the north said the harvest was poor after a dry summer."
QUESTION = "why did the minister say the Americans broke the bilateral agreements?"


def _index() -> KeywordIndex:
    texts = [SPREAD, TOGETHER, OTHER]
    return KeywordIndex.build([Passage(f"d{i}#0", f"d{i}", f"d{i}.txt", "News", None, t, 0, len(t), 0)
                               for i, t in enumerate(texts)])


def test_the_sentence_that_holds_the_words_together_ranks_its_passage_first():
    kw = _index()
    hits = kw.together_hits(kw.terms(QUESTION), list(kw.passages))
    assert [h.passage.text for h in hits][:2] == [TOGETHER, SPREAD], [h.scores for h in hits]
    assert all(h.passage.text != OTHER for h in hits)  # it holds none of the words: no vote at all
    bm25 = kw.search(QUESTION, 3)
    assert bm25[0].passage.text == SPREAD  # what BM25 alone prefers: every word, once each, somewhere


def test_a_saved_index_ranks_as_the_one_built(tmp_path):
    kw = _index()
    kw.write(tmp_path)
    loaded = KeywordIndex.load(tmp_path)
    built = [(h.passage.chunk_id, round(h.score, 5)) for h in kw.together_hits(kw.terms(QUESTION), list(kw.passages))]
    again = [(h.passage.chunk_id, round(h.score, 5))
             for h in loaded.together_hits(loaded.terms(QUESTION), list(loaded.passages))]
    assert again == built and built


def test_retrieval_fuses_the_words_together_from_the_index_rag_index_saved(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in (("spread.txt", SPREAD), ("together.txt", TOGETHER), ("other.txt", OTHER)):
        (corpus / name).write_text(f"News\n\n{text}\n")
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    retrieval = Retriever(settings).retrieve(QUESTION)
    assert not retrieval.notices
    together = {h.passage.source: h.scores.get("together", 0.0) for h in retrieval.candidates}
    assert together["together.txt"] > together["spread.txt"] > together["other.txt"] == 0.0, together


def test_the_same_words_score_the_same_however_the_vocabulary_is_numbered():
    """bm25s numbers its vocabulary differently from one build to the next, so a sentence's words are summed in
    another order after a rebuild; a passage's score must not change with it, or ties fall the other way and a
    fresh index answers differently from the one it replaced."""
    import numpy as np

    from rag.terms_together import TermsTogether

    weights = [0.1, 0.2, 0.3, 0.7, 1.1]
    one = TermsTogether(np.arange(5, dtype=np.int32), np.array([0, 5]), np.array([0, 1]))  # ids 0..4 in order
    other = TermsTogether(np.arange(5, dtype=np.int32), np.array([0, 5]), np.array([0, 1]))
    first = one.best([0], np.arange(5), np.array(weights))
    again = other.best([0], np.arange(5), np.array(weights[::-1]))  # the same words, numbered the other way round
    assert first.tolist() == again.tolist()
