"""Speed figures (run with `make bench`): targets are stated here and checked on the median, not in unit tests.

- retrieval p50 on the seeds after warm-up: under 60 ms
- first streamed text of the offline answer after warm-up: under 1 s
- indexing throughput: reported (passages per second for a cold full index of seeds/)
"""

from __future__ import annotations

from index.build import build_index
from rag.chat import Chat, Done
from rag.retrieve import Retriever
from tests.conftest import SEEDS

QUESTIONS = ["why did Iraq ask US troops to leave?", "How many US troops are in Iraq?",
             "What did the Pentagon say about withdrawing?", "who was killed with soleimani"]


def test_retrieval_latency(benchmark, settings):
    retriever = Retriever(settings)
    for q in QUESTIONS:
        retriever.retrieve(q)  # warm-up: models and derived indexes loaded
    state = {"i": 0}

    def one():
        state["i"] += 1
        return retriever.retrieve(QUESTIONS[state["i"] % len(QUESTIONS)])

    benchmark.pedantic(one, rounds=40, iterations=1)
    assert benchmark.stats["median"] < 0.060


def test_first_streamed_text_offline(benchmark, settings):
    chat = Chat(settings)
    chat.ask(QUESTIONS[0])

    def first_text():
        for item in chat.stream(QUESTIONS[1]):
            if not isinstance(item, Done) and item.kind == "text" and item.value:
                return item.value

    benchmark.pedantic(first_text, rounds=10, iterations=1)
    assert benchmark.stats["median"] < 1.0


def test_indexing_throughput(benchmark, settings, tmp_path):
    runs = iter(range(100))

    def cold_index():  # a new data dir each round (Chroma keeps clients per path alive in-process)
        s = type(settings).from_env({}, data_dir=tmp_path / f"d{next(runs)}", corpus=SEEDS)
        return build_index(s, SEEDS, progress=False)

    report = benchmark.pedantic(cold_index, rounds=3, iterations=1)
    benchmark.extra_info["passages_per_second"] = round(report.passages / benchmark.stats["median"], 1)
    assert report.passages > 0
