"""Torch intra-op threads, chosen per kind of work rather than left at torch's default (one per core).

Measured on this 2-core machine beside a running `rag index`: one query embedding took 480 ms with the default 2
threads and 14 ms with 1 (issue 14); bench/test_threads.py, p50 299 ms vs 26 ms. OpenMP threads spin waiting for
a core the indexer holds. So processes that answer questions (`rag ask`, `rag serve`, `rag eval`) run torch with RAG_QUERY_THREADS
(default 1): a single query is too small to split, and concurrent requests each get a core of their own instead
of fighting over the same ones. `rag index` encodes large batches and uses RAG_INDEX_THREADS (default 0 = every
core). The count is process-wide (torch has one intra-op pool), so it is set once at the edge, by the command;
a document uploaded on the page is therefore indexed with the page's 1 thread, slower but never starving the
questions answered beside it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

_wanted: dict[str, int] = {}


def cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's count, where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS / Windows
        return os.cpu_count() or 1


def use_threads(count: int) -> int:
    """Make torch use `count` intra-op threads in this process (0 = every core); returns the count. torch is not
    imported for this: when it is not loaded yet, the count is applied as the embedding model loads (apply())."""
    _wanted["n"] = count if count > 0 else cores()
    apply()
    return _wanted["n"]


def apply() -> None:
    """Apply the chosen count if torch is loaded (called again by rag.embed right after it imports torch)."""
    torch = sys.modules.get("torch")
    if torch is not None and "n" in _wanted and torch.get_num_threads() != _wanted["n"]:
        torch.set_num_threads(_wanted["n"])


@contextlib.contextmanager
def threads(count: int) -> Iterator[None]:
    """Run a block with `count` torch threads (0 = every core), then restore the previous count. For benches and
    single-threaded tools: the count is process-wide, so do not use it around work other threads share."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count if count > 0 else cores())
    try:
        yield
    finally:
        torch.set_num_threads(before)
