"""Faults of the machine: a read-only data folder and a full disk (a real tmpfs / a real read-only bind mount;
skipped where the test may not mount). Each: a plain message naming the cause, the last good index answering,
nothing lost, and the next run recovering."""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from index.build import build_index
from rag.store import PassageStore
from tests.conftest import SEEDS, make_settings

QUESTION = "why did Iraq ask US troops to leave?"


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount here: {done.stderr.strip()[:100]}")


@contextmanager
def tmpfs(where: Path, size: str):
    where.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where))
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@contextmanager
def read_only_view(source: Path, where: Path):
    where.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(source), str(where))
    try:
        _mount("-o", "remount,bind,ro", str(where))
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def ask(capsys, data: Path, *argv: str) -> tuple[int, str, str]:
    """`rag --data DATA ARGV...` in a process of its own, as a reader runs it (Chroma's embedded client keeps
    per-process state that a failed write can leave unusable for that process)."""
    done = subprocess.run([str(Path(sys.executable).parent / "rag"), "--data", str(data), *argv],
                          capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout, done.stderr


def test_a_read_only_index_answers_and_indexing_into_it_says_why_not(seeds_settings, tmp_path, capsys):
    with read_only_view(seeds_settings.data_dir, tmp_path / "ro") as ro:
        code, out, err = ask(capsys, ro, "ask", QUESTION)
        assert code == 0 and "[1]" in out and "Traceback" not in err, err
        code, out, err = ask(capsys, ro, "index", str(SEEDS), "-q")
        assert code == 1 and "read-only" in err and err.count("\n") == 1 and "Traceback" not in err, err


def _fill(disk: Path, leave_kb: int) -> Path:
    free_kb = shutil.disk_usage(disk).free // 1024
    filler = disk / "filler"
    with filler.open("wb") as f:
        f.write(b"\0" * max(0, free_kb - leave_kb) * 1024)
    return filler


def test_a_full_disk_stops_indexing_plainly_keeps_the_last_index_answering_and_the_next_run_finishes(
        tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    reference = make_settings(tmp_path / "reference", corpus)
    with tmpfs(tmp_path / "disk", "4m") as disk:
        settings = make_settings(disk / "data", corpus)
        build_index(settings, corpus, progress=False)
        words = "council vote minister strike base withdrawal coalition troops parliament envoy".split()
        (corpus / "long.txt").write_text("Long notes\n\n" + " ".join(words[i % 10] + ("." if i % 17 == 16 else "")
                                                                      for i in range(30000)) + "\n")
        filler = _fill(disk, leave_kb=150)
        code, out, err = ask(capsys, settings.data_dir, "index", str(corpus), "-q")
        assert code == 1 and "disk holding" in err and "is full" in err and "Traceback" not in err and err.count("\n") == 1, err
        code, out, err = ask(capsys, settings.data_dir, "ask", QUESTION)  # still full: asking needs no room
        assert code == 0 and "[1]" in out, err
        assert not list((settings.data_dir / "cache").glob(".*tmp*")), "a temporary folder was left behind"
        filler.unlink()
        code, out, err = ask(capsys, settings.data_dir, "index", str(corpus), "-q")
        assert code == 0, err
        build_index(reference, corpus, progress=False)
        assert PassageStore(settings).count() == PassageStore(reference).count(), "passages lost in the cut"


@pytest.mark.e2e
def test_the_chroma_server_going_away_mid_session_is_a_plain_message_and_its_return_is_enough(tmp_path):
    from rag.chat import Chat
    from rag.errors import RagError
    from tests.conftest import free_port, start_chroma

    port = free_port()
    chroma = start_chroma(tmp_path / "chroma", port)
    try:
        settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=port)
        build_index(settings, SEEDS, progress=False)
        chat = Chat(settings)  # one session, as the page keeps it
        assert chat.ask(QUESTION).citations
        chroma.terminate()
        chroma.wait(timeout=20)
        with pytest.raises(RagError, match="stopped answering"):
            chat.ask(QUESTION)
        chroma = start_chroma(tmp_path / "chroma", port)
        assert chat.ask(QUESTION).citations, "the same session answers again once the server is back"
    finally:
        chroma.terminate()
        chroma.wait(timeout=20)
