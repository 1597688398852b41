"""Turn the page's 👍/👎 feedback into a question-file draft a person can finish and add to the test set."""

from __future__ import annotations

import json
from pathlib import Path

from rag.errors import BadInputError


def export_feedback(feedback_file: Path, out: Path) -> int:
    """Write one draft question per rated answer (latest rating per question wins); returns how many.

    Liked answers become drafts whose sources are the cited files; disliked ones keep an empty gold answer and
    a "todo" so a person fills in what the right answer is. `type` is a guess to be corrected."""
    if not feedback_file.exists():
        raise BadInputError(f"No feedback yet ({feedback_file} does not exist); rate some answers on the page first.")
    latest: dict[str, dict] = {}
    for number, line in enumerate(feedback_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise BadInputError(f"{feedback_file}, line {number}: not valid JSON.") from None
        latest[row["question"]] = row
    drafts = []
    for i, row in enumerate(latest.values(), 1):
        liked = row.get("liked") is True
        drafts.append({
            "id": f"fb{i:03d}", "question": row["question"],
            "answer": row["answer"] if liked else "",
            "key_facts": [], "sources": sorted({c["source"] for c in row.get("citations", [])}),
            "evidence": [], "type": "unanswerable" if row.get("refused") and liked else "single-fact",
            "todo": "check sources, add key_facts and evidence" + ("" if liked else "; the reader disliked this answer"),
        })
    for d in drafts:
        if d["type"] == "unanswerable":
            d["sources"] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts), encoding="utf-8")
    return len(drafts)
