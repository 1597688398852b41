"""Load through the page's /ask API (run with `make bench`; loopback only, bounded in users and seconds).

One user asking in a loop, then 20 users at once for LOAD_SECONDS, twice: answers per second of each, the
ratio (target >= 1.5: both cores at work), p50/p95 latency, errors (target 0) and the server's RSS after each
round (target: flat, < 10 % growth between the rounds). Figures go to bench/results/load.json.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from pathlib import Path

import pytest

from bench.results import rss_mb
from tests.pagekit import ask_api, start_server

USERS = int(os.environ.get("LOAD_USERS", "20"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
QUESTIONS = ["why did Iraq ask US troops to leave?", "How many US troops are in Iraq?",
             "What did the Pentagon say about withdrawing?", "who was killed with soleimani",
             "When did the Iraqi parliament vote to expel US troops?", "who is sudani",
             "What happened in 2024?", "What is the population of Baghdad?"]
RESULTS = Path(__file__).parent / "results"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("load"), browser=False)


def run_round(url: str, users: int, seconds: float) -> dict:
    """`users` threads each asking the next question as soon as the last answer came, until time is up."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def user(k: int) -> None:
        i = k
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                result = ask_api(url, QUESTIONS[i % len(QUESTIONS)], timeout=seconds + 120)
                failed = result.get("error") or not result.get("answer")
            except Exception as err:  # counted, never raised: a load test reports
                failed = f"{type(err).__name__}: {err}"
            with lock:
                (errors.append(str(failed)) if failed else latencies.append(time.perf_counter() - started))
            i += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    return {"users": users, "seconds": round(elapsed, 1), "answers": len(latencies), "errors": len(errors),
            "answers_per_s": round(len(latencies) / elapsed, 3), "p50_s": round(statistics.median(ordered), 2),
            "p95_s": round(ordered[int(0.95 * (len(ordered) - 1))], 2), "first_errors": errors[:3]}


def test_twenty_users_through_the_ask_api(server):
    for q in QUESTIONS:
        ask_api(server["url"], q)  # warm every path once
    single = run_round(server["url"], 1, SECONDS / 2)
    rounds = []
    for _ in range(2):
        rounds.append(run_round(server["url"], USERS, SECONDS))
        rounds[-1]["rss_mb"] = round(rss_mb(server["pid"]), 1)
    ratio = rounds[0]["answers_per_s"] / max(single["answers_per_s"], 1e-9)
    growth = rounds[1]["rss_mb"] / max(rounds[0]["rss_mb"], 1e-9) - 1
    figures = {"cores": os.cpu_count(), "load_average_after": os.getloadavg(), "single_user": single,
               "rounds": rounds, "throughput_ratio": round(ratio, 2), "rss_growth": round(growth, 3)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    assert all(r["errors"] == 0 for r in rounds), rounds
    assert ratio >= 1.5, f"{USERS} users get {ratio:.2f}x one user's answers per second"
    assert growth < 0.10, f"RSS grew {growth:.0%} between two rounds"
