from pathlib import Path

import pytest

from index.build import to_document
from index.chunk import chunk_document
from index.load import load_folder

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize("target", [40, 110, 200])
def test_passage_offsets_slice_back_to_the_passage_text(target):
    files, _ = load_folder(SEEDS)
    for raw in files:
        doc = to_document(raw, "h")
        passages = chunk_document(doc, target, 1)
        assert passages, raw.doc_id
        for p in passages:
            assert doc.text[p.start:p.end] == p.text
            assert p.chunk_id == f"{doc.doc_id}#{p.position}"
        # every sentence of the document lands in some passage
        covered = set()
        for p in passages:
            covered.update(range(p.start, p.end))
        assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())


def test_passages_stay_near_the_target_length_and_overlap_by_a_sentence():
    files, _ = load_folder(SEEDS)
    doc = to_document(next(f for f in files if f.doc_id.startswith("002")), "h")
    passages = chunk_document(doc, 110, 1)
    lengths = [len(p.text.split()) for p in passages]
    assert all(40 <= n <= 200 for n in lengths), lengths
    for a, b in zip(passages, passages[1:]):
        assert b.start < a.end  # the last sentence of one passage opens the next


def test_code_heavy_text_is_cut_to_the_encoders_window_and_prose_is_not_changed():
    """Code spends two or three tokens a word: cut by words alone, passages ran past the model's 256-token window
    and the encoder dropped their tail."""
    from index.chunk import Window
    from rag.embed import get_embedder
    from rag.models import Document

    embedder = get_embedder("all-MiniLM-L6-v2")
    window = Window(embedder.max_tokens, embedder.token_counts)
    lines = [f"PyObject *PyLong_FromSsize_t_{i}(Py_ssize_t v, int *overflow_{i}); // returns NULL on error."
             for i in range(80)]
    text = "\n".join(lines)
    doc = Document(doc_id="api.html", source="api.html", title="C API", date=None, text=text, content_hash="h")
    words_only = chunk_document(doc, 110, 1)
    assert max(embedder.token_counts([p.text for p in words_only])) > window.tokens  # the bug this guards
    passages = chunk_document(doc, 110, 1, window)
    assert max(embedder.token_counts([p.text for p in passages])) <= window.tokens
    covered = {i for p in passages for i in range(p.start, p.end)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    files, _ = load_folder(SEEDS)  # news prose fits anyway: the same passages as before
    for raw in files:
        news = to_document(raw, "h")
        assert chunk_document(news, 110, 1, window) == chunk_document(news, 110, 1)


def test_a_long_overlap_sentence_is_not_carried_past_the_window():
    from index.chunk import Window, chunk_spans

    count = lambda texts: [len(t.split()) for t in texts]  # one token a word: easy to reason about
    text = " ".join(["Intro " + " ".join(["intro"] * 19) + ".", "Long " + " ".join(["long"] * 69) + ".",
                     "Next " + " ".join(["next"] * 39) + "."])
    spans = chunk_spans(text, target_words=60, overlap=1, window=Window(100, count))
    assert len(spans) == 2  # the 70-word sentence is not carried in front of the 40-word one (110 > 100)
    assert all(sum(count([text[s:e]])) <= 100 for s, e in spans)
    covered = {i for s, e in spans for i in range(s, e)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_a_pages_photo_captions_are_passages_of_their_own():
    """A caption sits where the photo was; cut with the article, it would blur the passage of the paragraphs
    around it (or the last ones, at the end). It comes out as a passage of its own, offsets still exact."""
    from index.clean import clean
    from rag.models import Document

    article = " ".join(f"The council met on day {i} to debate the harbour budget and the new ferry line." for i in
                       range(1, 9))
    raw = (f"Harbour budget row\n\n{article}\n\nafp0123456 Dock workers march through the port of Valeta on "
           "Monday, 3 May 2021. The strike over unpaid wages began on 1 March 2021. AFP/Ana Ruiz\n\n"
           "The mayor said the ferry line would open in June.")
    cleaned = clean(raw)
    doc = Document(doc_id="port.txt", source="port.txt", title=cleaned.title, date=cleaned.date, text=cleaned.text,
                   content_hash="h", sections=cleaned.sections)
    passages = chunk_document(doc, 40, 1)
    assert all(doc.text[p.start:p.end] == p.text for p in passages)
    assert passages[-1].text == "Dock workers march through the port of Valeta on Monday, 3 May 2021. The strike " \
                                "over unpaid wages began on 1 March 2021."
    assert all("Dock workers" not in p.text for p in passages[:-1])
    assert "ferry line would open in June" in passages[-2].text
