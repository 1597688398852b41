"""`rag serve` on the seeds: seconds from start to the page answering, RSS after warm-up and after N questions
through the /ask API (BENCH_SERVE_QUESTIONS, default 1,000), with the RSS every 100 questions (growth that levels
off is warm-up; growth that keeps its slope is a leak). Figures go to
bench/results/serve.json. Requests go to 127.0.0.1 only, bounded in count.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.latency import QUESTIONS
from bench.results import rss_mb, save
from tests.conftest import free_port

N = int(os.environ.get("BENCH_SERVE_QUESTIONS", "1000"))


def test_serve_ready_time_and_rss_over_questions(settings):
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "RAG_DATA": str(settings.data_dir), "RAG_PORT": str(port)}
    started = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "rag"), "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        ready_s = time.perf_counter() - started
        client = Client(url, verbose=False)
        client.predict(QUESTIONS[0], api_name="/ask")
        rss_warm = rss_mb(proc.pid)
        t = time.perf_counter()
        trail = {}
        for i in range(N):
            answer = client.predict(f"{QUESTIONS[i % len(QUESTIONS)]} ({i})", api_name="/ask")
            assert "answer" in answer
            if (i + 1) % 100 == 0:
                trail[str(i + 1)] = round(rss_mb(proc.pid))
        per_question_ms = (time.perf_counter() - t) / N * 1000
        rss_after = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    save("serve", {"start_to_ready_s": round(ready_s, 1), "rss_after_warm_up_mb": round(rss_warm),
                   "questions": N, "rss_after_questions_mb": round(rss_after),
                   "rss_growth": round(rss_after / rss_warm - 1, 3), "ms_per_question": round(per_question_ms),
                   "rss_mb_every_100": trail})
    assert rss_after > 0
