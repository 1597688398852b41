"""One generated 50 MB text file (BENCH_BIGFILE_MB): `rag index` on it, watched for BENCH_BIGFILE_SECONDS (default
240; the whole file, ~70k passages, takes about an hour of encoding on 2 cores) - peak RSS, seconds until the
first passages are written, passages written in the window. With BENCH_BIGFILE_BASELINE=<an older checkout> the
same window is run with that code first, for comparison in one run. Figures go to bench/results/bigfile.json.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.results import rss_mb, save
from bench.test_index_speed import WORDS

MB = int(os.environ.get("BENCH_BIGFILE_MB", "50"))
WINDOW = float(os.environ.get("BENCH_BIGFILE_SECONDS", "240"))
BASELINE = os.environ.get("BENCH_BIGFILE_BASELINE", "")


def big_file(path: Path, megabytes: int) -> Path:
    """News-like sentences up to `megabytes` MB, written in pieces (the generator holds one paragraph)."""
    rng = random.Random(7)
    with path.open("w") as f:
        f.write("A very long report\n\n")
        i = 0
        while f.tell() < megabytes * 1_000_000:
            f.write(" ".join(f"Officials in district {i} said the {rng.choice(WORDS)} plan would change "
                             f"{' '.join(rng.choice(WORDS) for _ in range(14))}." for _ in range(8)) + "\n\n")
            i += 1
    return path


def watch(folder: Path, data: Path, pythonpath: str = "") -> dict:
    """Run `rag index` for at most WINDOW seconds: RSS every 0.5 s, progress from its bar."""
    env = {**os.environ, "RAG_DATA": str(data), **({"PYTHONPATH": pythonpath} if pythonpath else {})}
    # cwd matters: `python -m` puts it before PYTHONPATH on sys.path, so run from the checkout being measured
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "index", str(folder)], env=env,
                            cwd=pythonpath or str(data.parent), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.set_blocking(proc.stderr.fileno(), False)
    started = time.perf_counter()
    seen, peak, first, samples = "", 0.0, None, []
    while time.perf_counter() - started < WINDOW and proc.poll() is None:
        time.sleep(0.5)
        seen += (proc.stderr.read() or b"").decode(errors="replace")
        rss = rss_mb(proc.pid)
        peak = max(peak, rss)
        done = [int(n) for n in re.findall(r"Indexing:.*?\|\s*(\d+)/\d+", seen)]
        if first is None and done and done[-1] > 0:
            first = time.perf_counter() - started
        samples.append((round(time.perf_counter() - started, 1), round(rss)))
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = [int(n) for n in re.findall(r"Indexing:.*?\|\s*(\d+)/\d+", seen)]
    totals = [int(n) for n in re.findall(r"Indexing:.*?\|\s*\d+/(\d+)", seen)]
    return {"window_s": WINDOW, "finished": finished, "peak_rss_mb": round(peak),
            "rss_mb_at": {str(t): r for t, r in samples[::max(1, len(samples) // 8)]},
            "seconds_to_first_passages_written": round(first, 1) if first else None,
            "passages_written": done[-1] if done else 0, "bar_total_estimate": totals[-1] if totals else None,
            "last_bar": (seen.replace("\r", "\n").strip().splitlines() or [""])[-1][:160]}


def test_fifty_megabyte_file_memory_and_progress(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = big_file(folder / "report.txt", MB)
    figures = {"file_mb": round(path.stat().st_size / 1e6, 1)}
    if BASELINE:
        figures["baseline"] = watch(folder, tmp_path / "data-baseline", BASELINE)
    figures["streaming"] = watch(folder, tmp_path / "data")
    save("bigfile", figures)
    assert figures["streaming"]["peak_rss_mb"] > 0
