"""The question file: JSON Lines with id, question, answer, key_facts[], sources[], evidence[], type, an
optional `split` (dev: may be tuned on; test and blind: only measured) and an optional `history` of earlier
questions for follow-ups. Validated whole before any question runs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import BadInputError
from rag.dates import date_forms
from rag.text import fold

TYPES = ("single-fact", "multi-doc", "temporal", "numeric", "why", "unanswerable")
DEFAULT_FILE = Path(__file__).parent / "questions.jsonl"  # dev + test parts
BLIND_FILE = Path(__file__).parent / "blind.jsonl"  # written from the documents before it was ever run
DEFAULT_FILES = (DEFAULT_FILE, BLIND_FILE)
NO_SPLIT = "all"  # the split of a question whose file names none


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answer: str
    key_facts: tuple[str, ...]
    sources: tuple[str, ...]
    evidence: tuple[str, ...]
    type: str
    history: tuple[str, ...] = field(default=())
    split: str = NO_SPLIT

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


def _problem(row: object) -> str | None:
    if not isinstance(row, dict):
        return "a line must be a JSON object"
    for key, kind in (("id", str), ("question", str), ("answer", str), ("type", str)):
        if not isinstance(row.get(key), kind):
            return f"'{key}' must be a string"
    for key in ("key_facts", "sources", "evidence"):
        value = row.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"'{key}' must be a list of strings"
    if not row["question"].strip():
        return "'question' is empty"
    if row["type"] not in TYPES:
        return f"'type' is {row['type']!r}; use one of {', '.join(TYPES)}"
    if row["type"] == "unanswerable" and (row["sources"] or row["evidence"] or row["key_facts"]):
        return "an unanswerable question must have empty sources, evidence and key_facts"
    if row["type"] != "unanswerable" and not row["sources"]:
        return "an answerable question needs at least one source"
    if not isinstance(row.get("split", NO_SPLIT), str) or not row.get("split", NO_SPLIT).strip():
        return "'split' must be a non-empty string (dev, test, blind, ...)"
    history = row.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        return "'history' must be a list of earlier questions"
    return None


def load_question_files(paths: list[Path] | tuple[Path, ...]) -> list[Question]:
    """The questions of several files in order; an id used in two files is an error."""
    questions: list[Question] = []
    seen: set[str] = set()
    for path in paths:
        for q in load_questions(path):
            if q.id in seen:
                raise BadInputError(f"{path}: the id {q.id!r} is also used in an earlier question file.")
            seen.add(q.id)
            questions.append(q)
    return questions


def load_questions(path: Path) -> list[Question]:
    """Every question in the file; a malformed line raises BadInputError naming file, line and problem."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise BadInputError(f"The question file '{path}' does not exist.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise BadInputError(f"The question file '{path}' could not be read ({err}).") from None
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise BadInputError(f"{path}, line {number}: not valid JSON ({err.msg}).") from None
        problem = _problem(row)
        if problem is None and row["id"] in seen:
            problem = f"the id {row['id']!r} is used twice"
        if problem:
            raise BadInputError(f"{path}, line {number}: {problem}.")
        seen.add(row["id"])
        questions.append(Question(
            id=row["id"], question=row["question"], answer=row["answer"], key_facts=tuple(row["key_facts"]),
            sources=tuple(row["sources"]), evidence=tuple(row["evidence"]), type=row["type"],
            history=tuple(row.get("history", [])), split=row.get("split", NO_SPLIT),
        ))
    if not questions:
        raise BadInputError(f"The question file '{path}' has no questions.")
    return questions


def _sidecar_dates(corpus: Path) -> dict[str, str]:
    """file name -> date from the corpus's metadata.json: a document's date is part of what it says."""
    try:
        meta = json.loads((corpus / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: m["date"] for name, m in meta.items() if isinstance(m, dict) and isinstance(m.get("date"), str)}


def rot_problems(questions: list[Question], corpus: Path) -> list[str]:
    """Gold data that no longer matches the corpus: evidence not verbatim in a listed source, key facts absent
    (a key fact may also be the source's sidecar date, written as a reader sees it)."""
    texts: dict[str, str] = {}
    dates = _sidecar_dates(corpus)
    problems = []
    for q in questions:
        for source in q.sources:
            path = corpus / source
            if source not in texts:
                texts[source] = fold(path.read_text(encoding="utf-8")) if path.exists() else ""
                if texts[source] and source in dates:
                    texts[source] += " " + fold(" ".join(date_forms(dates[source])))
            if not texts[source]:
                problems.append(f"{q.id}: source {source} is not in {corpus}")
        listed = [texts.get(s, "") for s in q.sources]
        for evidence in q.evidence:
            if not any(fold(evidence) in t for t in listed):
                problems.append(f"{q.id}: evidence not verbatim in its sources: {evidence!r}")
        for fact in q.key_facts:
            if not any(fold(v) in t for v in fact.split("|") for t in listed):
                problems.append(f"{q.id}: key fact not in its sources: {fact!r}")
    return problems
