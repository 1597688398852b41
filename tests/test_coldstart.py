"""What a fresh `rag ask` loads and how many threads it runs torch with (speed itself is measured in bench/)."""

import json
import os
import subprocess
import sys

from rag.threads import cores, threads, use_threads

HEADLINE = "why did Iraq ask US troops to leave?"

# The ask command as rag/cli.py runs it, in a fresh interpreter, then what it imported and torch's thread count.
PROBE = """
import json, sys
from rag.cli import main
code = main(["ask", sys.argv[1]])
import torch
print(json.dumps({"code": code, "modules": sorted(m for m in ("litellm", "gradio", "matplotlib", "openai")
                  if m in sys.modules), "threads": torch.get_num_threads()}))
"""


def test_offline_ask_imports_no_litellm_gradio_or_matplotlib_and_uses_one_thread(seeds_settings):
    env = {**os.environ, "RAG_DATA": str(seeds_settings.data_dir)}
    done = subprocess.run([sys.executable, "-c", PROBE, HEADLINE], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["code"] == 0 and "[1]" in done.stdout  # a cited answer, from the offline answerer
    assert probe["modules"] == []  # litellm alone cost ~2 s of every cold start
    assert probe["threads"] == 1  # RAG_QUERY_THREADS


def test_use_threads_applies_now_or_when_torch_loads():
    import torch

    with threads(0):  # restores the session's count afterwards
        assert use_threads(1) == 1 and torch.get_num_threads() == 1
        assert use_threads(0) == cores() and torch.get_num_threads() == cores()
