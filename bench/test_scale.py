"""Retrieval p50/p95 ÷ the floor at several corpus sizes, a peer row (the same libraries with no project code),
and the latency-vs-size plot (bench/latency.png). Figures go to bench/results/scale.json.

Built indexes are cached under .rag/bench/<corpus> (git-ignored), so a second `make bench` only measures;
BENCH_SIZES picks the generated sizes in files (3 passages each), e.g. BENCH_SIZES=800,3000.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.latency import QUESTIONS, plot, retrieval_vs_floor
from bench.results import RESULTS, percentile, save
from bench.test_index_speed import generated_corpus
from index.build import build_index
from rag.embed import get_embedder, resolve_model
from rag.settings import DEFAULT_EMBED_MODEL
from rag.retrieve import Retriever
from rag.store import PassageStore
from rag.threads import threads, use_threads
from tests.conftest import ROOT, SEEDS, make_settings

CACHE = ROOT / ".rag" / "bench"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "800").split(",") if n.strip()]


def _indexed(name: str, folder: Path):
    """Settings of an index of `folder`, built once and kept under .rag/bench/<name>."""
    settings = make_settings(CACHE / name / "data", folder)
    build_index(settings, folder, progress=False)  # an unchanged folder: seconds
    return settings


def test_retrieval_vs_floor_by_corpus_size():
    rows = []
    for name in ["seeds", *[f"generated-{n}" for n in SIZES]]:
        folder = SEEDS if name == "seeds" else CACHE / name / "corpus"
        if name != "seeds" and not folder.exists():
            generated_corpus(folder, int(name.split("-")[1]))
        rows.append({"corpus": name, **retrieval_vs_floor(_indexed(name, folder))})
    points = rows + [{"corpus": f"python-doc ({json.loads(f.read_text())['pages']} pages)",
                      **json.loads(f.read_text())["retrieval"]}
                     for f in sorted(RESULTS.glob("pydoc-*.json"))]  # bench/test_pydoc.py's rows, when it has run
    plot(points)
    save("scale", {"rows": rows})
    assert all(r["retrieval_p50_ms"] > 0 for r in rows)


def test_first_question_of_a_fresh_process_by_corpus_size():
    """`python -m bench.first_question` in a fresh interpreter per corpus: warm-up as `rag ask` / `rag serve` do
    it, then the first question against the warm ones. Uses the indexes the test above built (and pydoc-all's
    when bench/test_pydoc.py has cached it)."""
    rows = []
    names = ["seeds", *[f"generated-{n}" for n in SIZES], "pydoc-all"]
    for name in names:
        data, corpus = CACHE / name / "data", SEEDS if name == "seeds" else CACHE / name / "corpus"
        if not (data / "chroma").exists():
            continue
        done = subprocess.run([sys.executable, "-m", "bench.first_question", str(data), str(corpus)],
                              capture_output=True, text=True, cwd=ROOT, timeout=600, check=True)
        rows.append({"corpus": name, **json.loads(done.stdout.strip().splitlines()[-1])})
    save("first_question", {"rows": rows})
    assert rows and all(r["first_ms"] > 0 for r in rows)


def test_peer_row_same_libraries_without_project_code(tmp_path):
    """sentence-transformers encode + Chroma add/query on the generated-800 passages, nothing of ours in between;
    beside it the project's own figures on the same passages, in the same run."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from sentence_transformers import SentenceTransformer

    folder = CACHE / "generated-800" / "corpus"
    if not folder.exists():
        generated_corpus(folder, 800)
    texts = [p.text for p in PassageStore(_indexed("generated-800", folder)).all_passages()]
    model = SentenceTransformer(resolve_model(DEFAULT_EMBED_MODEL), device="cpu")
    with threads(0):  # indexing runs on every core (`rag index`, RAG_INDEX_THREADS=0): so does the peer's
        started_peer = time.perf_counter()
        vectors = model.encode(texts, batch_size=64, normalize_embeddings=True)
        encoded = time.perf_counter()
    client = chromadb.PersistentClient(path=str(tmp_path / "peer"), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection("peer", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    for i in range(0, len(texts), 1000):
        collection.add(ids=[str(j) for j in range(i, min(i + 1000, len(texts)))],
                       embeddings=np.asarray(vectors[i:i + 1000]).tolist(), documents=texts[i:i + 1000])
    added = time.perf_counter()
    settings = make_settings(tmp_path / "ours", folder)  # the project on the same passages, same run
    get_embedder(settings.embed_model).encode(["warm-up"])  # loaded, as the peer's model is
    with threads(0):
        started = time.perf_counter()
        report = build_index(settings, folder, progress=False)
    ours = {"passages": report.passages, "index_passages_per_s": round(report.passages / (time.perf_counter() - started), 1)}
    use_threads(1)  # queries as an answering process runs them (RAG_QUERY_THREADS=1), for both
    retriever = Retriever(settings)
    retriever.warm_up()
    peer_ms, ours_ms = [], []
    for i in range(40):  # interleaved: both see the same load
        q = f"{QUESTIONS[i % len(QUESTIONS)]} {i}"
        t = time.perf_counter()
        collection.query(query_embeddings=model.encode([q], normalize_embeddings=True).tolist(), n_results=30)
        peer_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        retriever.retrieve(q)
        ours_ms.append((time.perf_counter() - t) * 1000)
    peer = {"passages": len(texts), "encode_passages_per_s": round(len(texts) / (encoded - started_peer), 1),
            "encode_and_add_passages_per_s": round(len(texts) / (added - started_peer), 1),
            "query_p50_ms": round(percentile(peer_ms, 50), 1), "query_p95_ms": round(percentile(peer_ms, 95), 1)}
    ours.update(retrieval_p50_ms=round(percentile(ours_ms, 50), 1), retrieval_p95_ms=round(percentile(ours_ms, 95), 1))
    ours["index_over_peer_encode_and_add"] = round(ours["index_passages_per_s"] / peer["encode_and_add_passages_per_s"], 2)
    ours["retrieval_p50_over_peer_query"] = round(ours["retrieval_p50_ms"] / peer["query_p50_ms"], 2)
    save("peer", {"peer": peer, "project": ours})
    assert peer["passages"] == ours["passages"]
