import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.cli import main
from tests.conftest import SEEDS

HEADLINE = "why did Iraq ask US troops to leave?"
CITATION_KEYS = {"n", "doc_id", "source", "title", "date", "chunk_id", "text", "start", "end", "score", "supported"}


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ask_json_prints_exactly_the_contract(seeds_settings):
    env = {**os.environ, "RAG_DATA": str(seeds_settings.data_dir)}
    done = subprocess.run([str(Path(sys.executable).parent / "rag"), "ask", HEADLINE, "--json"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"question", "answer", "refused", "citations", "retrieved", "model", "timings_ms",
                         "notices"}
    assert data["question"] == HEADLINE and data["refused"] is False and data["model"] == "local/extractive"
    assert set(data["timings_ms"]) == {"retrieve", "generate", "total"}
    assert data["citations"] and all(set(c) == CITATION_KEYS for c in data["citations"])
    assert all(set(r) == {"rank", "source", "chunk_id", "score"} for r in data["retrieved"])
    assert [r["rank"] for r in data["retrieved"]] == list(range(1, len(data["retrieved"]) + 1))
    doc_texts = {}
    for c in data["citations"]:  # offsets point into the cleaned document text
        assert c["end"] - c["start"] == len(c["text"])
        assert isinstance(c["supported"], bool)
        doc_texts.setdefault(c["doc_id"], c["text"])


def test_ask_prints_answer_and_sources(capsys, seeds_settings):
    code, out, err = run(capsys, "--data", str(seeds_settings.data_dir), "ask", HEADLINE)
    assert code == 0, err
    assert "[1]" in out and "Sources:" in out


@pytest.mark.parametrize("argv, message, code", [
    (["ask", ""], "Please type a question.", 2),
    (["ask", HEADLINE, "--since", "last week"], "--since 'last week' is not a date", 2),
    (["index", "/definitely/not/here"], "does not exist", 2),
])
def test_bad_input_gives_one_line_and_nonzero_exit(capsys, seeds_settings, argv, message, code):
    got, out, err = run(capsys, "--data", str(seeds_settings.data_dir), *argv)
    assert got == code
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_question_before_any_index(capsys, tmp_path):
    code, out, err = run(capsys, "--data", str(tmp_path / "fresh"), "ask", HEADLINE)
    assert code == 1 and "Nothing has been indexed yet" in err and "rag index" in err
    assert not (tmp_path / "fresh").exists()  # asking creates nothing


def test_index_reports_skipped_files_and_exits_nonzero(capsys, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text((SEEDS / "004_440d33991e1a54d9.txt").read_text())
    (folder / "b.pdf").write_bytes(b"not a pdf")
    code, out, err = run(capsys, "--data", str(tmp_path / "d"), "index", str(folder), "-q")
    assert code == 1
    assert "skipped b.pdf: it is not a readable PDF" in err
    assert "1 added" in out


def test_help_explains_the_commands(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for word in ("index", "ask", "serve", "offline"):
        assert word in out
