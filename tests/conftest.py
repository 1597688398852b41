"""Fixtures build real things: a Chroma index in a temp dir with the shipped embedding model, corpus folders."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import rag  # noqa: F401  (offline environment switches)
from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_settings(data_dir: Path, corpus: Path = SEEDS, **overrides) -> Settings:
    return Settings.from_env({}, data_dir=data_dir, corpus=corpus, **overrides)


def chat_over(root: Path, stories: dict[str, tuple[str, str, str]]):
    """A Chat over an invented corpus indexed under `root`: file name -> (title, ISO date, body), the dates given
    in a metadata.json sidecar as an operator would."""
    import json

    from index.build import build_index
    from rag.chat import Chat

    corpus = root / "corpus"
    corpus.mkdir()
    for name, (title, _, body) in stories.items():
        (corpus / name).write_text(f"{title}\n\n{body}\n")
    (corpus / "metadata.json").write_text(json.dumps({name: {"date": date} for name, (_, date, _) in stories.items()}))
    settings = make_settings(root / "data", corpus)
    build_index(settings, corpus, progress=False)
    return Chat(settings)


@pytest.fixture(scope="session")
def seeds_settings(tmp_path_factory) -> Settings:
    """Settings whose data dir holds an index of seeds/ (built once per test session)."""
    from index.build import build_index

    settings = make_settings(tmp_path_factory.mktemp("seeds-data"))
    build_index(settings, SEEDS, progress=False)
    return settings


@pytest.fixture(scope="session")
def chat(seeds_settings):
    from rag.chat import Chat

    return Chat(seeds_settings)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of the seeds that a test may edit."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def embedder():
    from rag.embed import get_embedder

    return get_embedder("all-MiniLM-L6-v2")


@pytest.fixture(scope="module")
def answerer():
    """The offline answerer with the shipped embedding model, as `rag ask` runs it."""
    from rag.embed import get_embedder
    from rag.extractive.answerer import ExtractiveAnswerer
    from rag.settings import DEFAULT_EMBED_MODEL

    return ExtractiveAnswerer(get_embedder(DEFAULT_EMBED_MODEL))


def news_passages(*texts: str, date: str = "2022-03-08") -> list:
    """Invented news passages, numbered from 1, one report each, as the answerer receives them."""
    from rag.prompt import PromptPassage

    return [PromptPassage(n, "Report", date, f"{n}.txt", text) for n, text in enumerate(texts, 1)]


XSS_DOC = ("Zoo census\n\nThe Baghdad zoo census counted 14 zebras this winter, keepers said. "
           "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\"> was found in the keepers' log. "
           "The keepers' [census page](javascript:window.__xss=3) and <a href=\"javascript:window.__xss=4\">log</a> "
           "list the zebras.\n")


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The page over the seeds plus a file holding an XSS payload, shared by every page test module."""
    from tests.pagekit import start_server

    yield from start_server(tmp_path_factory.mktemp("page"), {"zoo.txt": XSS_DOC})


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium",
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    """`chroma run` on loopback, returned once its heartbeat answers (stop it by PID)."""
    proc = subprocess.Popen([str(Path(sys.executable).parent / "chroma"), "run", "--path", str(path), "--host",
                             "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("chroma run did not start")
