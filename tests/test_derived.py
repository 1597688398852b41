"""The derived indexes (BM25, sentence vectors) are built by `rag index` and only loaded by questions."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.build import build_index
from rag.chat import Chat
from rag.derived import folder_for, forget, is_complete, save_atomic
from rag.keyword import KeywordIndex
from rag.keyword import index_name as bm25_name
from rag.models import Hit, Passage
from rag.retrieve import Ranking, Retriever, rrf
from rag.sentence_index import SentenceIndex
from rag.sentence_index import index_name as sentence_name
from rag.store import PassageStore
from rag.text import sentence_spans
from tests.conftest import make_settings

QUESTION = "who was killed with soleimani"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its size and modification time: any write shows up."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def derived_folders(settings):
    revision = PassageStore(settings).revision
    return (folder_for(settings.cache_dir, bm25_name(settings.collection), revision),
            folder_for(settings.cache_dir, sentence_name(settings.collection, settings.embed_model), revision))


def test_first_question_after_index_builds_nothing(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    assert all(is_complete(f) for f in derived_folders(settings))
    forget()  # like a fresh process: nothing in memory
    before = snapshot(settings.cache_dir)
    chat = Chat(settings)
    assert chat.retriever.warm_up() == ()
    answer = chat.ask(QUESTION)
    assert answer.citations and not answer.refused
    candidates = chat.retriever.retrieve(QUESTION).candidates
    assert any("bm25" in h.scores for h in candidates) and any("sentence" in h.scores for h in candidates)
    assert snapshot(settings.cache_dir) == before


@pytest.mark.parametrize("damage", ["deleted", "older version"])
def test_missing_indexes_answer_from_vectors_with_a_notice_and_build_nothing(tmp_path, corpus, damage):
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    for folder in derived_folders(settings):
        (folder / "meta.json").unlink()  # an index written by an older version has no meta.json of this format
    if damage == "deleted":
        for folder in derived_folders(settings):
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
    forget()
    before = snapshot(settings.cache_dir)
    retriever = Retriever(settings)
    notices = retriever.warm_up()
    assert len(notices) == 1 and "run `rag index`" in notices[0] and "keyword and sentence" in notices[0]
    retrieval = retriever.retrieve(QUESTION)
    assert retrieval.hits and retrieval.notices == notices
    assert all(set(h.scores) == {"dense", "rrf"} for h in retrieval.candidates)
    assert snapshot(settings.cache_dir) == before  # nothing was built at question time
    again = build_index(settings, corpus, progress=False)  # unchanged files, but the indexes come back
    assert again.unchanged and all(is_complete(f) for f in derived_folders(settings))
    forget()
    assert Retriever(settings).warm_up() == ()


def test_an_upgrade_that_changes_the_saved_layout_keeps_the_sentence_vectors(tmp_path, corpus):
    """A sentence index saved by the previous version (format 3: the same vectors, passages as one JSON list)
    counts as missing, but its vectors are copied, not computed again: at 100k passages that is half an hour."""
    settings = make_settings(tmp_path / "data", corpus)
    first = build_index(settings, corpus, progress=False)
    for folder in derived_folders(settings):
        meta = json.loads((folder / "meta.json").read_text())
        (folder / "meta.json").write_text(json.dumps({**meta, "format": "3"}))
        for f in folder.glob("passages.*"):
            f.unlink()
    forget()
    assert "run `rag index`" in Retriever(settings).warm_up()[0]
    again = build_index(settings, corpus, progress=False)
    assert first.encoded_sentences > 0 and again.encoded_sentences == 0
    forget()
    assert Retriever(settings).warm_up() == ()


def test_a_damaged_earlier_sentence_index_is_encoded_again_not_a_crash(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    folder = derived_folders(settings)[1]
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "meta.json").write_text(json.dumps({**meta, "format": "3"}))  # counts as missing, offered for reuse
    (folder / "vectors.npy").write_bytes(b"not an array")
    again = build_index(settings, corpus, progress=False)
    assert again.encoded_sentences > 0
    forget()
    assert Retriever(settings).warm_up() == ()


def test_ask_names_a_missing_index_on_stderr(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    for folder in derived_folders(settings):
        (folder / "meta.json").unlink()
    env = {**os.environ, "RAG_DATA": str(settings.data_dir)}
    done = subprocess.run([str(Path(sys.executable).parent / "rag"), "ask", QUESTION], capture_output=True,
                          text=True, env=env, timeout=300)
    assert done.returncode == 0 and "Sources:" in done.stdout
    assert "note: The keyword and sentence index" in done.stderr and "rag index" in done.stderr
    assert "Traceback" not in done.stderr


def test_reindex_after_editing_one_file_encodes_only_its_passages(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    first = build_index(settings, corpus, progress=False)
    edited = corpus / "004_440d33991e1a54d9.txt"
    edited.write_text(edited.read_text() + "\nOfficials said the zebra migration crossed the river on Monday.\n")
    report = build_index(settings, corpus, progress=False)
    assert report.updated == ["004_440d33991e1a54d9.txt"]
    changed = [p for p in PassageStore(settings).all_passages() if p.doc_id == "004_440d33991e1a54d9.txt"]
    at_most = sum(len(sentence_spans(p.text)) for p in changed)
    assert 0 < report.encoded_sentences <= at_most < first.encoded_sentences
    # the reused vectors are the ones a full build computes
    fresh = make_settings(tmp_path / "fresh", corpus)
    build_index(fresh, corpus, progress=False)
    forget()
    inc = SentenceIndex.load(derived_folders(settings)[1])
    full = SentenceIndex.load(derived_folders(fresh)[1])
    assert [p.chunk_id for p in inc.passages] == [p.chunk_id for p in full.passages]
    assert np.array_equal(inc.owner, full.owner)
    assert np.allclose(inc.vectors, full.vectors, atol=1e-5)


def test_failed_save_keeps_the_last_good_index(tmp_path):
    passages = [Passage("a#0", "a", "a.txt", "A", None, "Troops left the base on Monday.", 0, 31, 0)]
    folder = tmp_path / "cache" / "bm25-x-1"
    save_atomic(folder, KeywordIndex.build(passages).write, {"revision": "1"})
    good = snapshot(folder)

    def broken(tmp: Path) -> None:
        (tmp / "passages.json").write_text("[]")
        raise OSError("disk full")

    with pytest.raises(OSError):
        save_atomic(folder, broken, {"revision": "1"})
    assert snapshot(folder) == good and is_complete(folder)
    assert sorted(p.name for p in folder.parent.iterdir()) == ["bm25-x-1"]  # no half-written folder left
    assert KeywordIndex.load(folder).search("troops", 3)[0].passage.chunk_id == "a#0"


def test_fusion_takes_named_rankings_and_a_new_signal_is_one_entry():
    a, b, c = (Hit(Passage(f"{x}#0", x, f"{x}.txt", x, None, "text", 0, 4, 0), 0.0) for x in "abc")
    base = {"dense": Ranking([a, b, c]), "bm25": Ranking([a, c])}
    assert [cid for cid, _ in rrf(base)] == ["a#0", "c#0", "b#0"]
    boosted = {**base, "openings": Ranking([b], 3.0)}
    assert [cid for cid, _ in rrf(boosted)][0] == "b#0"


def test_keyword_only_hits_get_the_dense_score_of_their_stored_vector(seeds_settings):
    from dataclasses import replace

    settings = replace(seeds_settings, candidates=3)  # fewer dense candidates than BM25/sentence ones
    retriever = Retriever(settings)
    question = "How many US troops are in Iraq?"
    retrieval = retriever.retrieve(question)
    dense_ids = {h.passage.chunk_id for h in retriever.store.query(retriever.embedder.encode_one(question), 3)}
    others = [h for h in retrieval.candidates if h.passage.chunk_id not in dense_ids]
    assert others  # the candidates reach beyond what dense search proposed
    qv = retriever.embedder.encode_one(retrieval.query)
    for hit in others:
        assert hit.scores["dense"] == pytest.approx(float(retriever.embedder.encode_one(hit.passage.text) @ qv),
                                                    abs=1e-4)


def test_rebuild_encodes_every_sentence_again(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    first = build_index(settings, corpus, progress=False)
    assert build_index(settings, corpus, progress=False).encoded_sentences == 0  # nothing changed
    again = build_index(settings, corpus, rebuild=True, progress=False)
    assert again.encoded_sentences == first.encoded_sentences > 0
    forget()
    assert Retriever(settings).warm_up() == ()
