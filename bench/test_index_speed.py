"""Indexing and first-question figures (run with `make bench`), as ratios measured in one run so that other work
on the machine moves numerator and denominator alike. The figures go to benchmark extra_info and are printed;
bench/README.md holds a table of one run.

- index_vs_encode: passages/s of a cold `build_index` (chunking, passage vectors, Chroma writes, BM25, sentence
  vectors) / passages/s of sentence-transformers' `model.encode` alone, with the library's defaults, on the same
  passages. The sentence vectors are pooled from the passages' own forward pass, so indexing runs the encoder
  once: the target is 0.8 or more. `wrapper_encode_passages_per_s` is the project's `Embedder.encode` (64 rows a
  batch), the denominator before the indexer batched by tokens.
- first_vs_warm: the first retrieval in a process after `rag index` (loads the saved BM25 and sentence
  indexes) / a warm retrieval. Before the derived indexes were built at index time, that first retrieval
  rebuilt them; `rebuild_vs_warm` shows what that cost, for comparison.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import pytest

from bench.results import save
from index.build import build_index
from index.derive import build_derived
from rag.derived import forget
from rag.embed import get_embedder
from rag.retrieve import Retriever
from rag.store import PassageStore
from tests.conftest import SEEDS, make_settings

QUESTIONS = ["why did Iraq ask US troops to leave?", "How many US troops are in Iraq?",
             "What did the Pentagon say about withdrawing?", "who was killed with soleimani"]
WORDS = ("army council minister river harbour budget election drought vaccine railway tariff senate festival bridge "
         "court strike pipeline treaty satellite museum troops withdrawal coalition parliament").split()


def generated_corpus(folder: Path, files: int) -> Path:
    """`files` news-like stories of about 330 words (3 passages each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        rng = random.Random(i)
        body = " ".join(f"Officials in district {i} said the {rng.choice(WORDS)} plan would change "
                        f"{' '.join(rng.choice(WORDS) for _ in range(16))}." for _ in range(14))
        (folder / f"story_{i:05d}.txt").write_text(f"Story {i}\n\n{body}\n")
    return folder


@pytest.mark.parametrize("corpus", ["seeds", "generated-800-files"])
def test_index_throughput_vs_encoder(benchmark, tmp_path, corpus):
    folder = SEEDS if corpus == "seeds" else generated_corpus(tmp_path / "corpus", 800)
    settings = make_settings(tmp_path / "data", folder)
    embedder = get_embedder(settings.embed_model)
    embedder.encode(["warm-up"])
    report = benchmark.pedantic(lambda: build_index(settings, folder, progress=False), rounds=1, iterations=1)
    index_seconds = benchmark.stats["median"]
    texts = [p.text for p in PassageStore(settings).all_passages()]
    started = time.perf_counter()
    embedder.model.encode(texts)
    encode_seconds = time.perf_counter() - started
    started = time.perf_counter()
    embedder.encode(texts)
    wrapper_seconds = time.perf_counter() - started
    ratio = (report.passages / index_seconds) / (len(texts) / encode_seconds)
    benchmark.extra_info.update(passages=report.passages, index_passages_per_s=round(report.passages / index_seconds, 1),
                                encode_passages_per_s=round(len(texts) / encode_seconds, 1),
                                wrapper_encode_passages_per_s=round(len(texts) / wrapper_seconds, 1),
                                index_vs_encode=round(ratio, 2))
    save(f"index_speed-{corpus}", dict(benchmark.extra_info))
    assert report.passages == len(texts) and ratio > 0.1


@pytest.mark.parametrize("corpus", ["seeds", "generated-800-files"])
def test_first_question_after_index_vs_warm(benchmark, tmp_path, corpus):
    folder = SEEDS if corpus == "seeds" else generated_corpus(tmp_path / "corpus", 800)
    settings = make_settings(tmp_path / "data", folder)
    build_index(settings, folder, progress=False)
    forget()  # a fresh process: the model is loaded (as `rag serve` does before it is ready), indexes are not
    retriever = Retriever(settings)
    retriever.embedder.encode(["warm-up"])
    first = benchmark.pedantic(lambda: retriever.retrieve(QUESTIONS[0]), rounds=1, iterations=1)
    first_seconds = benchmark.stats["median"]
    warm = []
    for q in QUESTIONS * 5:
        started = time.perf_counter()
        retriever.retrieve(q)
        warm.append(time.perf_counter() - started)
    warm_seconds = statistics.median(warm)
    started = time.perf_counter()  # what the first question used to pay: building both derived indexes
    build_derived(PassageStore(settings), make_settings(tmp_path / "rebuild", folder), retriever.embedder, "x")
    rebuild_seconds = time.perf_counter() - started
    benchmark.extra_info.update(first_ms=round(first_seconds * 1000, 1), warm_ms=round(warm_seconds * 1000, 1),
                                first_vs_warm=round(first_seconds / warm_seconds, 2),
                                rebuild_vs_warm=round(rebuild_seconds / warm_seconds, 1))
    print(f"\n{corpus}: {benchmark.extra_info}")
    assert first.hits and first_seconds < rebuild_seconds
