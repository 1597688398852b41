"""Fixtures build real things: a Chroma index in a temp dir with the shipped embedding model, corpus folders."""

from __future__ import annotations

import shutil
import socket
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
