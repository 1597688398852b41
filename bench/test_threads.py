"""Queries beside a running `rag index`: one query embedding and one full retrieval, p50/p95, with the thread
count the project chooses for answering processes (RAG_QUERY_THREADS=1) and with torch's default (one per
core), interleaved query by query in one run so both see the same indexing load. Writes
bench/results/threads.json.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import torch

from bench.results import percentile, save
from bench.test_index_speed import QUESTIONS, generated_corpus
from rag.retrieve import Retriever
from rag.threads import cores, threads

ROUNDS = 40  # queries per setting while the indexer runs (bounded: the indexer is restarted at most once)


def _indexer(corpus: Path, data: Path) -> subprocess.Popen:
    env = {**os.environ, "RAG_DATA": str(data), "RAG_INDEX_THREADS": "0"}
    return subprocess.Popen([str(Path(sys.executable).parent / "rag"), "index", str(corpus), "-q"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_query_threads_beside_indexing(settings, tmp_path):
    corpus = generated_corpus(tmp_path / "corpus", 600)
    retriever = Retriever(settings)
    default = torch.get_num_threads()
    for q in QUESTIONS:
        retriever.retrieve(q)
    chosen = settings.query_threads or cores()
    times: dict[str, dict[str, list[float]]] = {name: {"embed": [], "retrieve": []} for name in ("chosen", "default")}
    indexer = _indexer(corpus, tmp_path / "index-data")
    restarts = 0
    try:
        time.sleep(8)  # past its imports: the indexer is encoding
        for i in range(ROUNDS):
            if indexer.poll() is not None and restarts == 0:  # finished early: one more run keeps the load on
                indexer, restarts = _indexer(corpus, tmp_path / "index-data-2"), 1
                time.sleep(8)
            q = QUESTIONS[i % len(QUESTIONS)] + f" ({i})"
            for name, count in (("chosen", chosen), ("default", default)) if i % 2 else (("default", default),
                                                                                          ("chosen", chosen)):
                with threads(count):
                    started = time.perf_counter()
                    retriever.embedder.encode_one(q)
                    embedded = time.perf_counter()
                    retriever.retrieve(q)
                    done = time.perf_counter()
                times[name]["embed"].append((embedded - started) * 1000)
                times[name]["retrieve"].append((done - embedded) * 1000)
        busy = indexer.poll() is None
    finally:
        indexer.kill()
        indexer.wait()
    figures: dict = {"chosen_threads": chosen, "default_threads": default, "rounds": ROUNDS,
                     "indexer_still_running_at_end": busy}
    for kind in ("embed", "retrieve"):
        for name in ("chosen", "default"):
            figures[f"{kind}_{name}_p50_ms"] = round(percentile(times[name][kind], 50), 1)
            figures[f"{kind}_{name}_p95_ms"] = round(percentile(times[name][kind], 95), 1)
        for q in ("p50", "p95"):
            figures[f"{kind}_default_over_chosen_{q}"] = round(
                figures[f"{kind}_default_{q}_ms"] / figures[f"{kind}_chosen_{q}_ms"], 2)
    save("threads", figures)
    assert figures["embed_chosen_p50_ms"] > 0
