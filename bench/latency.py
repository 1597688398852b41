"""Retrieval latency against its floor, measured query by query in one run: the floor is what no retriever can
avoid (one query embedding + one Chroma k-NN on the same index), the full retrieval is Retriever.retrieve
(dense + BM25 + sentence vectors + fusion + diversity). Their ratio is the project's overhead, whatever the load.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.results import RESULTS, percentile
from rag.retrieve import Retriever
from rag.settings import Settings
from rag.threads import use_threads

QUESTIONS = ["why did Iraq ask US troops to leave?", "How many US troops are in Iraq?",
             "What did the Pentagon say about withdrawing?", "who was killed with soleimani",
             "what did officials say about the railway budget?", "how do I open a file in binary mode?",
             "which treaty did the senate approve?", "what changed in the drought plan for district 12?"]


def retrieval_vs_floor(settings: Settings, rounds: int = 40) -> dict:
    """p50/p95 (ms) of the floor and of the full retrieval, interleaved, and their ratios. Runs with the thread
    count of an answering process (RAG_QUERY_THREADS)."""
    use_threads(settings.query_threads)
    retriever = Retriever(settings)
    retriever.warm_up()
    store, embedder = retriever.store, retriever.embedder
    for q in QUESTIONS:
        retriever.retrieve(q)
    floor: list[float] = []
    full: list[float] = []
    for i in range(rounds):
        q = f"{QUESTIONS[i % len(QUESTIONS)]} {i}"
        started = time.perf_counter()
        store.collection.query(query_embeddings=[embedder.encode_one(q).tolist()],
                               n_results=min(settings.candidates, store.count()))
        floor.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        retriever.retrieve(q)
        full.append((time.perf_counter() - started) * 1000)
    out = {"passages": store.count(), "rounds": rounds}
    for name, values in (("floor", floor), ("retrieval", full)):
        out[f"{name}_p50_ms"] = round(percentile(values, 50), 1)
        out[f"{name}_p95_ms"] = round(percentile(values, 95), 1)
    out["p50_over_floor"] = round(out["retrieval_p50_ms"] / out["floor_p50_ms"], 2)
    out["p95_over_floor"] = round(out["retrieval_p95_ms"] / out["floor_p95_ms"], 2)
    return out


def plot(points: list[dict], path: Path = RESULTS.parent / "latency.png") -> Path:
    """Retrieval and floor p50/p95 against passages (log x), from the rows of retrieval_vs_floor."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points = sorted(points, key=lambda p: p["passages"])
    line = [p for p in points if not p.get("corpus", "").startswith("python-doc")]  # one kind of text: joined
    other = [p for p in points if p not in line]  # another kind and another run: markers only
    x = [p["passages"] for p in line]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for key, style, colour in (("retrieval_p50_ms", "o-", "C0"), ("retrieval_p95_ms", "o--", "C1"),
                               ("floor_p50_ms", "s-", "C2"), ("floor_p95_ms", "s--", "C3")):
        ax.plot(x, [p[key] for p in line], style, color=colour, label=key.replace("_ms", "").replace("_", " "))
        ax.plot([p["passages"] for p in other], [p[key] for p in other], style[0], color=colour, mfc="none")
    for p in points:
        ax.annotate(p.get("corpus", ""), (p["passages"], p["retrieval_p95_ms"]), textcoords="offset points",
                    xytext=(4, 6), fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("passages in the index")
    ax.set_ylabel("ms per question")
    ax.set_title("Retrieval vs floor (1 query embedding + 1 Chroma k-NN); hollow: python3.11-doc", fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
