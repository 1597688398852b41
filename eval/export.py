"""`rag eval --export FILE`: the run as a ragas-style dataset, one JSON object a line.

Why: our metrics are our own; writing the same run in the shape ragas (and most other RAG evaluators) read
lets anyone judge it with their evaluator too, without re-running the chain. Each row carries both the
current ragas names (user_input, response, retrieved_contexts, reference, reference_contexts) and the older
ones (question, answer, contexts, ground_truth), plus our id, split and type so results can be joined back.
"""

from __future__ import annotations

import json
from pathlib import Path

from rag.errors import BadInputError


def ragas_row(row: dict) -> dict:
    """One results.jsonl row of `rag eval` -> one dataset row. reference_contexts are the question file's gold
    evidence sentences (empty for an unanswerable question)."""
    contexts = list(row.get("contexts") or [])
    reference_contexts = list(row.get("gold_evidence") or [])
    return {
        "user_input": row["question"], "response": row["answer"], "retrieved_contexts": contexts,
        "reference": row["gold_answer"], "reference_contexts": reference_contexts,
        "question": row["question"], "answer": row["answer"], "contexts": contexts,
        "ground_truth": row["gold_answer"],
        "id": row["id"], "split": row["split"], "type": row["type"], "refused": row.get("refused", False),
    }


def export_ragas(rows: list[dict], path: Path) -> int:
    """Write the dataset to `path` (its folder is made); returns the number of rows written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(ragas_row(row), ensure_ascii=False) + "\n")
    except OSError as err:
        raise BadInputError(f"Could not write the export file {path}: {err.strerror or err}.") from None
    return len(rows)
