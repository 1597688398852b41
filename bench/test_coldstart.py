"""Cold start of `rag ask` on the seeds: the real command end to end in fresh processes (median of 3), and the
step-by-step breakdown of one fresh process (bench/coldstart.py). Figures go to bench/results/coldstart.json.
Target (issue 14): under 8 s; it was 11.7-12.3 s when every offline answer went through litellm."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.results import save

HERE = Path(__file__).resolve().parent


def test_rag_ask_cold_start(settings):
    env = {**os.environ, "RAG_DATA": str(settings.data_dir)}
    walls = []
    for _ in range(3):
        started = time.perf_counter()
        done = subprocess.run([str(Path(sys.executable).parent / "rag"), "ask", "why did Iraq ask US troops to leave?"],
                              capture_output=True, text=True, env=env, timeout=600)
        walls.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
    steps = subprocess.run([sys.executable, str(HERE / "coldstart.py"), str(settings.data_dir)], capture_output=True,
                           text=True, env={**env, "PYTHONPATH": str(HERE.parent)}, timeout=600)
    assert steps.returncode == 0, steps.stderr
    save("coldstart", {"rag_ask_wall_s": [round(w, 2) for w in walls], "rag_ask_median_s": round(statistics.median(walls), 2),
                       **json.loads(steps.stdout.strip().splitlines()[-1])})
