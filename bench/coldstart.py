"""Where the seconds of a fresh `rag ask` go: run in a new process, it times each step the command takes (the
same calls as rag/cli.py `ask`) and lists which heavy libraries ended up imported.

    python bench/coldstart.py DATA_DIR ["question"]     # prints one JSON object

bench/test_coldstart.py runs it (and the real `rag ask` end to end) and writes bench/results/coldstart.json.
"""

from __future__ import annotations

import json
import sys
import time

HEAVY = ("litellm", "gradio", "matplotlib", "sklearn", "scipy", "pandas", "sentence_transformers", "transformers",
         "torch", "chromadb", "openai", "fastapi", "uvicorn")


def main(data_dir: str, question: str) -> dict:
    steps: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        steps[name] = round(now - t, 3)
        t = now

    import rag.cli  # noqa: F401
    lap("import rag.cli")
    from rag.chat import Chat
    from rag.settings import Settings
    lap("import rag.chat")
    chat = Chat(Settings.from_env(data_dir=data_dir))
    chat.retriever.store.check_ready()
    lap("open the Chroma store")
    chat.embedder.encode_one("warm-up")
    lap("load the embedding model")
    chat.retriever.indexes()
    lap("load the saved BM25 + sentence indexes")
    chat.ask(question)
    lap("first answer")
    chat.ask(question)
    lap("a second answer in the same process")
    return {"steps_s": steps, "imported": sorted(m for m in HEAVY if m in sys.modules)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "why did Iraq ask US troops to leave?")))
