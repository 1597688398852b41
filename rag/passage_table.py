"""The passages of one store revision as columns, saved next to each derived index and read back in milliseconds.

The derived indexes (BM25, sentence vectors) address passages by row. Saving those passages as one JSON list of
objects made the first question of a fresh process parse and rebuild every one of them: 0.65 s at 100k passages,
against 16 ms for a warm question. Here the small columns (ids, document fields once per document, offsets) are
read whole, the text stays in one memory-mapped UTF-8 file, and a `Passage` is made only for a row that is asked
for (a search's hits), so loading costs little at any size.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, overload

import numpy as np

from rag.models import Passage

IDS, DOCS, ROWS, TEXT, TEXT_AT, ABOUT = ("passages.ids.json", "passages.docs.json", "passages.rows.npy",
                                         "passages.text.bin", "passages.text_at.npy", "passages.about.json")
DOC_FIELDS = ("doc_id", "source", "title", "date")


def _fingerprint(ids: Sequence[str]) -> str:
    return hashlib.sha1("\n".join(ids).encode("utf-8")).hexdigest()


class PassageTable(Sequence[Passage]):
    """Read-only passages in a fixed order; row i is `table[i]`."""

    def __init__(self, ids: list[str], docs: dict[str, list], rows: np.ndarray, text: Callable[[int], str],
                 fingerprint: str | None = None) -> None:
        self.chunk_ids = ids
        # once per document, as columns of strings: a list per document made the garbage collector walk them all
        # while loading (0.2 s of 0.4 s at 33k documents)
        self._docs = docs  # "doc_id", "source", "title", "date" -> one value per document
        self._rows = rows  # (n, 4) int64: document index, start, end, position
        self._text = text
        self._fingerprint = fingerprint
        self._row_of: dict[str, int] | None = None

    @classmethod
    def of(cls, passages: Sequence[Passage]) -> "PassageTable":
        """A table of passages already in memory (what `rag index` builds the derived indexes from)."""
        if isinstance(passages, PassageTable):
            return passages
        docs: dict[tuple[str, str, str, str | None], int] = {}
        rows = np.zeros((len(passages), 4), dtype=np.int64)
        for i, p in enumerate(passages):
            rows[i] = (docs.setdefault((p.doc_id, p.source, p.title, p.date), len(docs)), p.start, p.end, p.position)
        texts = [p.text for p in passages]
        columns = dict(zip(DOC_FIELDS, map(list, zip(*docs)))) if docs else {f: [] for f in DOC_FIELDS}
        return cls([p.chunk_id for p in passages], columns, rows, texts.__getitem__)

    @property
    def fingerprint(self) -> str:
        """A hash of the ids in order: equal fingerprints, interchangeable tables."""
        if self._fingerprint is None:
            self._fingerprint = _fingerprint(self.chunk_ids)
        return self._fingerprint

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> list[Passage]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = range(len(self))[i]  # negative rows, and IndexError past the end
        doc, start, end, position = (int(v) for v in self._rows[i])
        doc_id, source, title, date = (self._docs[f][doc] for f in DOC_FIELDS)
        return Passage(self.chunk_ids[i], doc_id, source, title, date, self._text(i), start, end, position)

    def __iter__(self) -> Iterator[Passage]:
        return (self[i] for i in range(len(self)))

    def row_of(self, chunk_id: str) -> int | None:
        """The row of a chunk id, or None when this revision does not hold it."""
        if self._row_of is None:
            self._row_of = {c: i for i, c in enumerate(self.chunk_ids)}
        return self._row_of.get(chunk_id)

    def rows_of(self, chunk_ids: Iterable[str]) -> list[int]:
        """The rows of those chunk ids this revision holds, in no particular order."""
        return [r for r in map(self.row_of, chunk_ids) if r is not None]

    def dates(self, admits_doc: Callable[[str, str | None], bool] = lambda source, date: True) -> list[str | None]:
        """The date of each document `admits_doc(source, date)` passes, once per document."""
        return [d for s, d in zip(self._docs["source"], self._docs["date"]) if admits_doc(s, d)]

    def rows_where(self, admits_doc: Callable[[str, str | None], bool], openings_only: bool = False) -> np.ndarray:
        """Rows whose document passes `admits_doc(source, date)` (a filter, a period), judged once per document
        rather than once per passage; `openings_only`: only each document's first passage."""
        ok = np.fromiter(map(admits_doc, self._docs["source"], self._docs["date"]), dtype=bool,
                         count=len(self._docs["source"]))
        keep = ok[self._rows[:, 0]] if len(self._rows) else np.zeros(0, dtype=bool)
        if openings_only:
            keep &= self._rows[:, 3] == 0
        return np.flatnonzero(keep)

    def write(self, folder: Path) -> None:
        """Save into `folder` (a temporary one: rag.derived.save_atomic renames it into place)."""
        (folder / IDS).write_text(json.dumps(self.chunk_ids))
        (folder / DOCS).write_text(json.dumps(self._docs))
        np.save(folder / ROWS, self._rows)
        at = [0]
        with open(folder / TEXT, "wb") as out:
            for i in range(len(self)):
                data = self._text(i).encode("utf-8")
                out.write(data)
                at.append(at[-1] + len(data))
        np.save(folder / TEXT_AT, np.asarray(at, dtype=np.int64))
        (folder / ABOUT).write_text(json.dumps({"fingerprint": self.fingerprint}))

    @classmethod
    def load(cls, folder: Path) -> "PassageTable":
        """Read a saved table: the columns whole, the text memory-mapped (decoded row by row when asked for)."""
        ids = json.loads((folder / IDS).read_text())
        docs = json.loads((folder / DOCS).read_text())
        rows = np.load(folder / ROWS)
        at = np.load(folder / TEXT_AT)
        if len(rows) != len(ids) or len(at) != len(ids) + 1:
            raise ValueError(f"{folder}: the passage columns disagree in length")
        blob = np.memmap(folder / TEXT, dtype=np.uint8, mode="r") if at[-1] else np.zeros(0, dtype=np.uint8)

        def text(i: int) -> str:
            return blob[at[i]:at[i + 1]].tobytes().decode("utf-8")

        return cls(ids, docs, rows, text, json.loads((folder / ABOUT).read_text())["fingerprint"])

    @staticmethod
    def saved_fingerprint(folder: Path) -> str | None:
        """The fingerprint of the table saved in `folder`, without loading it."""
        try:
            return json.loads((folder / ABOUT).read_text())["fingerprint"]
        except (OSError, ValueError, KeyError):
            return None
