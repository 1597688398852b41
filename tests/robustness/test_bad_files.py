"""Bad corpus files, all in one folder indexed by `rag index` as a reader runs it: each bad one named once in
plain words, every other one indexed and found by a search for what it says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rag.retrieve import Filters, Retriever
from tests.conftest import make_settings
from tests.pdf import text_pdf

# file name -> (bytes, a phrase a search must find in it, or None when the file must be named as skipped)
GOOD = {
    "plain.txt": ("Harbour\n\nThe harbour master said the cranes were repaired on Monday.\n", "cranes repaired"),
    "latin1.txt": ("Caf\xe9 owners in the old town said business was slow this winter.".encode("cp1252"),
                   "Café owners business slow"),
    "utf16.txt": ("\ufeffThe orchard cooperative exported twelve tonnes of figs in August.\n".encode("utf-16-le"),
                  "orchard cooperative figs"),
    "script.html": ("<html><head><title>Bridge</title><script>var secretScriptWord = 1;</script></head><body>"
                    "<h1>Bridge works</h1><p>The river bridge reopened to lorries after inspectors approved it.</p>"
                    "<script>document.write('scriptonlytoken')</script></body></html>", "river bridge lorries"),
    "front.md": ("---\ntitle: Library hours\ndate: 2023-03-04\n---\n\nThe city library now opens at seven on "
                 "weekdays, the council said.\n", "library opens seven weekdays"),
    "lines.txt": ("Word list\n\n" + "\n".join(f"lantern{i % 50}" for i in range(10000)) + "\n", "lantern7"),
    "deep/" + "/".join(f"level{i}" for i in range(12)) + "/deep.txt":
        ("Deep\n\nThe lighthouse keeper counted forty ships passing the cape.\n", "lighthouse keeper ships"),
    "dup one.txt": ("Duplicate\n\nThe bakery guild raised the price of bread by five cents.\n", "bakery guild bread"),
    "naïve café notes.txt": ("Notes\n\nThe glassblowers of the market street opened a new furnace.\n",
                             "glassblowers furnace"),
    "report.pdf": (text_pdf(["Quarterly report", "Forty advisers left the garrison in March."]),
                   "advisers garrison"),
}
DUPLICATE = ("dup two.txt", GOOD["dup one.txt"][0])  # named in a note, indexed once
BAD = {
    "empty.txt": (b"", "empty"),
    "blob.txt": (b"\x00\x01\x02binary\x00" * 50, "binary"),
    "broken.pdf": (b"%PDF-1.4 this is not really a pdf", "PDF"),
    "locked/secret.txt": ("Locked\n\nNobody may read this file.\n", "could not be read"),
}


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    base = tmp_path_factory.mktemp("badfiles")
    folder = base / "corpus"
    for name, (content, _) in {**GOOD, **BAD}.items():
        write(folder, name, content)
    write(folder, *DUPLICATE)
    (folder / "loop").mkdir()
    os.symlink("..", folder / "loop" / "back")  # a symlink loop
    os.chmod(folder / "locked", 0o000)  # an unreadable folder (its owner may not enter without privileges)
    data = base / "data"
    # without CAP_DAC_OVERRIDE even root meets file permissions, as an ordinary user would
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if shutil.which("setpriv") else []
    env = {**os.environ, "RAG_DATA": str(data)}
    done = subprocess.run([*drop, str(Path(sys.executable).parent / "rag"), "index", str(folder), "-q"],
                          env=env, capture_output=True, text=True, timeout=900)
    os.chmod(folder / "locked", 0o755)
    yield {"folder": folder, "data": data, "done": done, "privileged": not drop}


def test_each_bad_file_is_named_once_in_plain_words(indexed):
    done = indexed["done"]
    assert "Traceback" not in done.stderr and "Indexed" in done.stdout, done.stderr
    lines = done.stderr.splitlines()
    for name, (_, reason) in BAD.items():
        if name.startswith("locked/") and indexed["privileged"]:
            continue
        said = [line for line in lines if name.split("/")[0] in line]
        assert len(said) == 1 and reason in said[0], (name, said)
    dup = [line for line in lines if DUPLICATE[0] in line]
    assert len(dup) == 1 and "same text" in dup[0] and dup[0].startswith("note:"), dup
    loop = [line for line in lines if "loop" in line]
    assert len(loop) == 1 and "link" in loop[0], loop
    assert done.returncode == 1  # some files could not be indexed: said, and the rest were


@pytest.mark.parametrize("name", list(GOOD), ids=list(GOOD))
def test_every_other_file_is_indexed_and_found(indexed, name):
    settings = make_settings(indexed["data"], indexed["folder"])
    phrase = GOOD[name][1]
    hits = Retriever(settings).retrieve(phrase, filters=Filters(source=Path(name).name)).hits
    assert hits, f"{name} is not in the index"
    assert all(w.lower() in hits[0].passage.text.lower() for w in phrase.split() if len(w) > 4), hits[0].passage.text


def test_script_text_is_not_indexed(indexed):
    settings = make_settings(indexed["data"], indexed["folder"])
    hits = Retriever(settings).retrieve("scriptonlytoken secretScriptWord").hits
    assert not any("scriptonlytoken" in h.passage.text or "secretScriptWord" in h.passage.text for h in hits)
