"""`rag index` on Debian's python3.11-doc (`apt-get install -y python3.11-doc`): index ÷ encode, peak RSS, re-index
of the unchanged folder, retrieval ÷ floor. Figures go to bench/results/pydoc-<pages>.json (pydoc-all.json for all).

All 530 pages (~15k passages) take tens of minutes on 2 cores, so by default the first BENCH_PYDOC_PAGES=100
pages (sorted by path) are copied to .rag/bench/pydoc-<N>/corpus; BENCH_PYDOC_PAGES=0 takes them all.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.latency import retrieval_vs_floor
from bench.results import save
from rag.embed import get_embedder
from rag.store import PassageStore
from rag.threads import threads
from tests.conftest import ROOT, make_settings

DOCS = Path("/usr/share/doc/python3.11/html")
PAGES = int(os.environ.get("BENCH_PYDOC_PAGES", "100"))


def _rag_index(folder: Path, data: Path) -> tuple[float, str]:
    """Wall seconds and stdout of `rag index FOLDER -q` in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "rag"), "--data", str(data), "index", str(folder), "-q"],
                          capture_output=True, text=True, timeout=7200)
    assert done.returncode == 0, done.stderr[-2000:]
    return time.perf_counter() - started, done.stdout


@pytest.mark.skipif(not DOCS.exists(), reason="apt-get install -y python3.11-doc")
def test_python_doc_index_vs_encode_rss_reindex_and_retrieval():
    pages = sorted(DOCS.rglob("*.html"))
    pages = pages[:PAGES] if PAGES else pages
    name = f"pydoc-{PAGES or 'all'}"
    folder, data = ROOT / ".rag" / "bench" / name / "corpus", ROOT / ".rag" / "bench" / name / "data"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    for page in pages:
        target = folder / page.relative_to(DOCS)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, target)

    index_s, out = _rag_index(folder, data)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    passages = int(re.search(r"(\d+) passages in the index", out).group(1))
    settings = make_settings(data, folder)
    texts = [p.text for p in PassageStore(settings).all_passages()]
    embedder = get_embedder(settings.embed_model)
    with threads(0):  # as `rag index` runs it: every core
        embedder.encode(["warm-up"])
        started = time.perf_counter()
        embedder.model.encode(texts)  # sentence-transformers alone, with its defaults
        encode_s = time.perf_counter() - started
    again_s, again = _rag_index(folder, data)
    figures = {
        "pages": len(pages), "megabytes": round(sum(p.stat().st_size for p in pages) / 1e6, 1), "passages": passages,
        "index_s": round(index_s, 1), "index_passages_per_s": round(passages / index_s, 1),
        "encode_passages_per_s": round(len(texts) / encode_s, 1),
        "index_over_encode": round((passages / index_s) / (len(texts) / encode_s), 2),
        "index_peak_rss_mb": round(peak_rss_mb), "reindex_unchanged_wall_s": round(again_s, 1),
        "reindex_unchanged_reported_s": float(re.search(r"\(([\d.]+) s\)", again).group(1)),
        "retrieval": retrieval_vs_floor(settings),
    }
    save(f"pydoc-{PAGES or 'all'}", figures)
    assert passages == len(texts) and "0 added, 0 updated" in again
