"""The saved passage columns give back exactly the passages they were made from, in order, without reading
them all at load time."""

from __future__ import annotations

from rag.models import Passage
from rag.passage_table import PassageTable

PASSAGES = [
    Passage("a.txt#0", "a.txt", "a.txt", "Troops", "2020-01-05", "Parliament voted on Sunday.", 0, 27, 0),
    Passage("a.txt#1", "a.txt", "a.txt", "Troops", "2020-01-05", "« Le départ » — 100 % ✓ 😀", 28, 52, 1),
    Passage("b.md#0", "b.md", "b.md", "Talks", None, "", 0, 0, 0),
    Passage("c.html#0", "c.html", "c.html", "Talks", "2024-01-30", "Talks began on Thursday.", 0, 24, 0),
]


def test_a_saved_table_loads_back_the_same_passages_in_order(tmp_path):
    PassageTable.of(PASSAGES).write(tmp_path)
    table = PassageTable.load(tmp_path)
    assert list(table) == PASSAGES and len(table) == 4
    assert table[-1] == PASSAGES[-1] and table[1:3] == PASSAGES[1:3]
    assert table.fingerprint == PassageTable.of(PASSAGES).fingerprint == PassageTable.saved_fingerprint(tmp_path)
    assert table.fingerprint != PassageTable.of(PASSAGES[::-1]).fingerprint


def test_rows_are_found_by_id_and_by_document_fields(tmp_path):
    PassageTable.of(PASSAGES).write(tmp_path)
    table = PassageTable.load(tmp_path)
    assert sorted(table.rows_of(["c.html#0", "a.txt#1", "gone#3"])) == [1, 3]
    assert list(table.rows_where(lambda source, date: bool(date))) == [0, 1, 3]
    assert list(table.rows_where(lambda source, date: (date or "").startswith("2020"), openings_only=True)) == [0]


def test_an_empty_table_saves_and_loads(tmp_path):
    PassageTable.of([]).write(tmp_path)
    table = PassageTable.load(tmp_path)
    assert len(table) == 0 and list(table) == [] and len(table.rows_where(lambda s, d: True)) == 0
