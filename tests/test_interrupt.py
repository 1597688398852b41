"""`rag index` killed part way (SIGKILL: no clean-up runs) or stopped with Ctrl-C (SIGINT) leaves the last good
index answering, and the next run finishes the job."""

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.build import build_index, content_hash, to_document
from index.chunk import chunk_document
from index.load import load_folder
from index.spill import spill_folder
from rag.derived import forget
from rag.retrieve import Retriever
from rag.store import PassageStore
from rag.text import sentence_spans
from tests.conftest import make_settings

WORDS = ("army council minister river harbour budget election drought vaccine railway tariff senate "
         "festival bridge court strike pipeline treaty satellite museum").split()


def write_story(folder: Path, i: int) -> None:
    """A small news story of about 260 words, different for every i (so about 3 passages each)."""
    rng = random.Random(i)
    sentences = [f"Officials in district {i} said the {rng.choice(WORDS)} plan number {i} would change "
                 f"{' '.join(rng.choice(WORDS) for _ in range(12))}." for _ in range(12)]
    (folder / f"story_{i:04d}.txt").write_text(f"Story {i} of the district\n\n" + " ".join(sentences) + "\n")


def expected_passages(settings, folder: Path) -> int:
    files, _ = load_folder(folder)
    return sum(len(chunk_document(to_document(raw, content_hash(raw, settings)), settings.chunk_words,
                                  settings.chunk_overlap)) for raw in files)


def start_index(data: Path, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "RAG_DATA": str(data), "RAG_INDEX_BATCH": "16"}  # many small writes to land between
    return subprocess.Popen([str(Path(sys.executable).parent / "rag"), "index", str(folder)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill_when(proc: subprocess.Popen, ready, timeout: float = 600, sig: int = signal.SIGKILL) -> str:
    """Send `sig` to `proc` as soon as ready(stderr so far) is true and wait for it to end; fail if it ended
    first. Returns its stderr."""
    os.set_blocking(proc.stderr.fileno(), False)
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = proc.stderr.read() or b""
        seen += chunk
        if ready(seen.decode(errors="replace")):
            proc.send_signal(sig)
            proc.wait(timeout=120)
            os.set_blocking(proc.stderr.fileno(), True)
            return (seen + proc.stderr.read()).decode(errors="replace")
        if proc.poll() is not None:
            pytest.fail(f"rag index ended before it could be interrupted: {seen.decode(errors='replace')[-500:]}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("rag index never reached the point to interrupt it")


def passages_done(text: str) -> int:
    counts = re.findall(r"Indexing:.*?\|\s*(\d+)/\d+", text)
    return int(counts[-1]) if counts else 0


@pytest.mark.parametrize("when, sig", [("writing passages", signal.SIGKILL), ("writing passages", signal.SIGINT),
                                       ("building the derived indexes", signal.SIGKILL)],
                         ids=["SIGKILL-writing", "SIGINT-writing", "SIGKILL-deriving"])
def test_killed_index_keeps_the_last_good_index_and_the_next_run_finishes(tmp_path, when, sig):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(10):
        write_story(corpus, i)
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    good_revision = PassageStore(settings).revision
    for i in range(10, 70):
        write_story(corpus, i)

    proc = start_index(settings.data_dir, corpus)
    if when == "writing passages":
        said = kill_when(proc, lambda err: passages_done(err) >= 40, sig=sig)
        if sig == signal.SIGINT:  # Ctrl-C: one plain line, no traceback
            assert proc.returncode == 130 and "rag: stopped." in said and "Traceback" not in said, said[-500:]
    else:  # BM25 of the new revision is saved, the sentence vectors are being computed
        # The writer keeps each batch's sentence vectors on disk (index/spill.py), which makes the sentence index
        # a quick copy; the slow case is a store written without them (a run killed before they were kept, an
        # older version): kill a run while writing, lose what it kept, and kill the next one while deriving.
        kill_when(proc, lambda err: passages_done(err) >= 40)
        shutil.rmtree(spill_folder(settings.cache_dir, settings.collection, settings.embed_model))
        proc = start_index(settings.data_dir, corpus)
        cache = settings.cache_dir
        kill_when(proc, lambda err: any(f.name.startswith("bm25-") and not f.name.endswith(good_revision)
                                        for f in cache.iterdir()))

    forget()
    store = PassageStore(settings)
    assert store.revision == good_revision  # the interrupted run never claimed its work was done
    retriever = Retriever(settings)
    assert retriever.warm_up() == ()  # the last good derived indexes are still there and load
    hits = retriever.retrieve("What did officials in district 7 say about the plan number 7?").hits
    assert hits and any(h.passage.doc_id == "story_0007.txt" for h in hits)

    report = build_index(settings, corpus, progress=False)
    forget()
    store = PassageStore(settings)
    assert report.passages == store.count() == expected_passages(settings, corpus)
    assert len(store.doc_hashes()) == 70 and store.revision != good_revision
    if when == "writing passages":  # the killed run's sentence vectors were kept (index/spill.py), not computed again
        new = [p for p in store.all_passages() if int(p.doc_id[6:10]) >= 10]
        assert 0 < report.encoded_sentences < sum(len(sentence_spans(p.text)) for p in new)
    retriever = Retriever(settings)
    assert retriever.warm_up() == ()
    kw, sentences, _ = retriever.indexes()
    assert len(kw.passages) == len(sentences.passages) == store.count()
    hits = retriever.retrieve("What did officials in district 60 say about the plan number 60?").hits
    assert any(h.passage.doc_id == "story_0060.txt" for h in hits)


def test_killed_in_the_middle_of_one_large_file_the_next_run_indexes_that_file_again(tmp_path):
    """A large file is written over many batches as it is cut (memory stays bounded); killed half-way, its
    passages so far must not count as the file being indexed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_story(corpus, 1)
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    parts = tmp_path / "parts"
    parts.mkdir()
    for i in range(2, 120):
        write_story(parts, i)
    (corpus / "large.txt").write_text("".join((parts / f"story_{i:04d}.txt").read_text() for i in range(2, 120)))

    proc = start_index(settings.data_dir, corpus)  # batches of 16 passages: about 25 batches inside large.txt
    kill_when(proc, lambda err: passages_done(err) >= 48)
    forget()
    store = PassageStore(settings)
    assert 0 < store.count() - 3 < expected_passages(settings, corpus) - 3  # part of large.txt was written
    assert store.doc_hashes()["large.txt"] == ""  # ... and it does not count as indexed

    report = build_index(settings, corpus, progress=False)
    assert report.updated == ["large.txt"] and report.unchanged == ["story_0001.txt"]
    assert report.passages == PassageStore(settings).count() == expected_passages(settings, corpus)
