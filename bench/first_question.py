"""The first question of a fresh process against the warm ones, on an index already built: run as
`python -m bench.first_question DATA_DIR CORPUS_DIR`, prints one JSON object.

It does what `rag ask` and `rag serve` do before the first question (Retriever.warm_up: model, store, saved
indexes), then times the first retrieval, repeated questions (warm: their candidates' words are cached), the first
question again, and questions the process has not seen. A fresh interpreter, not a cleared cache in a process
that already read the files, so nothing the first question would load is already loaded.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from bench.latency import QUESTIONS
from rag.retrieve import Retriever
from rag.threads import use_threads
from tests.conftest import make_settings

# asked once each after the warm ones: what a warm process pays for a question it has not seen (its candidates'
# words are not cached yet), which is what the first question should be compared with
NEW = ["what happened to the harbour project?", "who criticised the new tax?", "when will the bridge reopen?",
       "what did the court decide?", "how many people were evacuated?", "which minister resigned?",
       "what did the mayor promise?", "why were the schools closed?", "how do I read a file line by line?"]


def main(data: Path, corpus: Path) -> dict:
    settings = make_settings(data, corpus)
    use_threads(settings.query_threads)
    started = time.perf_counter()
    retriever = Retriever(settings)
    retriever.warm_up()
    ready = time.perf_counter()
    retriever.retrieve(QUESTIONS[0])
    first = time.perf_counter()
    warm = []
    for q in QUESTIONS[1:] * 5:
        t = time.perf_counter()
        retriever.retrieve(q)
        warm.append(time.perf_counter() - t)
    warm_ms = statistics.median(warm) * 1000
    t = time.perf_counter()
    retriever.retrieve(QUESTIONS[0])  # the same question warm: what of the first time was first-time cost
    again_ms = (time.perf_counter() - t) * 1000
    new = []
    for q in NEW:
        t = time.perf_counter()
        retriever.retrieve(q)
        new.append(time.perf_counter() - t)
    new_ms = statistics.median(new) * 1000
    return {"passages": retriever.store.count(), "warm_up_s": round(ready - started, 2),
            "first_ms": round((first - ready) * 1000, 1), "warm_p50_ms": round(warm_ms, 1),
            "same_question_warm_ms": round(again_ms, 1),
            "first_over_warm": round((first - ready) * 1000 / warm_ms, 2), "new_question_p50_ms": round(new_ms, 1),
            "first_over_new_question": round((first - ready) * 1000 / new_ms, 2)}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
