"""Sentence vectors come from the passages' own forward pass (indexing runs the encoder once), wait on disk until
the sentence index holds them, and the best-sentence ranker only looks at the other rankers' candidates."""

import numpy as np
import pytest

from index.build import build_index
from index.spill import spill_folder, waiting
from rag.derived import forget
from rag.embed import TOKEN_BUDGET, get_embedder, token_batches
from rag.models import Passage
from rag.retrieve import Retriever
from rag.settings import DEFAULT_EMBED_MODEL
from rag.store import PassageStore
from rag.text import sentence_spans
from tests.conftest import make_settings


def test_one_pass_gives_the_encoders_passage_vectors_and_a_vector_per_sentence():
    embedder = get_embedder(DEFAULT_EMBED_MODEL)
    short = "Iraq's parliament voted to expel foreign troops. The weather in the capital was cold and wet."
    tail = "A drone strike killed the commander near the airport."
    long = "The committee met again in the capital to review the budget. " * 60 + tail  # past the token window
    texts = [short, long]
    vectors, sentences = embedder.encode_passages(texts, [sentence_spans(t) for t in texts])
    assert np.allclose(vectors, embedder.encode(texts), atol=1e-5)  # Chroma gets what `encode` would give
    assert [len(s) for s in sentences] == [2, 61]
    assert np.allclose(np.linalg.norm(np.concatenate(sentences), axis=1), 1.0, atol=1e-5)
    # the model never saw the tail inside the passage: it is encoded on its own, not dropped
    assert np.allclose(sentences[1][-1], embedder.encode_one(tail), atol=1e-5)
    vote, weather = embedder.encode(["parliament vote to expel troops", "cold wet weather"])
    assert sentences[0][0] @ vote > sentences[0][1] @ vote and sentences[0][1] @ weather > sentences[0][0] @ weather


def test_passages_batched_by_tokens_keep_their_own_vectors_in_input_order():
    """Indexing groups passages by length into batches of about TOKEN_BUDGET padded tokens (faster on a CPU
    than fixed 64-row batches); every passage must still get its own vector, in the order it was given."""
    embedder = get_embedder(DEFAULT_EMBED_MODEL)
    texts = [f"Report {i}: " + "the council met to discuss the harbour budget and the railway. " * (i % 7 * 3)
             + f"Item {i} closed." for i in range(40)]
    lengths = [n + 2 for n in embedder.token_counts(texts)]
    batches = token_batches(lengths, TOKEN_BUDGET)
    assert len(batches) > 2 and sorted(i for b in batches for i in b) == list(range(40))
    assert all(len(b) == 1 or len(b) * max(lengths[i] for i in b) <= TOKEN_BUDGET for b in batches)
    vectors, sentences = embedder.encode_passages(texts, [sentence_spans(t) for t in texts])
    assert np.allclose(vectors, embedder.encode(texts), atol=1e-5)
    assert [len(s) for s in sentences] == [len(sentence_spans(t)) for t in texts]  # each text its own sentences


def test_indexing_computes_each_sentence_vector_once_and_keeps_none_after(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    report = build_index(settings, corpus, progress=False)
    passages = PassageStore(settings).all_passages()
    assert report.encoded_sentences == sum(len(sentence_spans(p.text)) for p in passages)
    folder = spill_folder(settings.cache_dir, settings.collection, settings.embed_model)
    assert waiting(folder) == {}  # the sentence index holds them now
    forget()
    _, index, notices = Retriever(settings).indexes()
    assert notices == ()
    by_id = {p.chunk_id: p for p in passages}
    texts = [by_id[p.chunk_id].text for p in index.passages]
    _, pooled = get_embedder(settings.embed_model).encode_passages(texts, [sentence_spans(t) for t in texts])
    assert np.allclose(index.vectors, np.concatenate(pooled), atol=1e-4)


def test_the_sentence_ranker_ranks_only_the_candidates_it_is_given(seeds_settings):
    retriever = Retriever(seeds_settings)
    _, index, _ = retriever.indexes()
    qv = retriever.embedder.encode_one("Who was killed in the drone strike near Baghdad airport?")
    everyone = index.search(qv, len(index.passages))
    among = {h.passage.chunk_id for h in everyone[3::2]}  # not the best ones
    some = index.search(qv, 30, among=among)
    assert [h.passage.chunk_id for h in some] == [h.passage.chunk_id for h in everyone if h.passage.chunk_id in among]
    # the same scores, up to float32 rounding: a product over fewer rows may take another BLAS path
    assert [h.score for h in some] == pytest.approx([h.score for h in everyone if h.passage.chunk_id in among],
                                                    abs=1e-6)
    assert index.search(qv, 5, among={"no-such#0"}) == []
    assert isinstance(some[0].passage, Passage)


def test_the_sentence_index_shares_the_keyword_index_passages_only_when_they_are_the_same(seeds_settings):
    from rag.passage_table import PassageTable
    from rag.sentence_index import SentenceIndex

    forget()
    kw, index, _ = Retriever(seeds_settings).indexes()
    assert index.passages is kw.passages  # read once, not twice
    folder = next(seeds_settings.cache_dir.glob("sent-*"))
    shuffled = PassageTable.of(list(reversed(kw.passages)))  # another order: saved rows would point elsewhere
    loaded = SentenceIndex.load(folder, shuffled)
    assert loaded.passages is not shuffled and [p.chunk_id for p in loaded.passages] == [p.chunk_id for p in kw.passages]
