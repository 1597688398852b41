"""Answer-quality metrics: pure functions of gold data and an answer, no LLM judge, no network.

Per question a metric is a number in [0, 1] or None when it does not apply (retrieval metrics for an
unanswerable question, citation metrics for a refusal). Aggregates are means over the questions where defined.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, Sequence

from rag.text import fold

KS = (1, 3, 5)
# metric name -> True when higher is better (all gated metrics are)
METRICS = (
    "source_recall@1", "source_recall@3", "source_recall@5", "mrr",
    "evidence_recall@1", "evidence_recall@3", "evidence_recall@5",
    "key_fact_recall", "citation_precision", "doc_citation_precision", "citation_recall", "faithfulness",
    "unanswerable_refused", "answerable_answered", "dates_named", "completed",
)


def normalize(text: str) -> str:
    """Folded text with thousands separators dropped, so "2,500" matches "2500"."""
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", fold(text))


def source_recall(gold: Sequence[str], retrieved_sources: Sequence[str], k: int) -> float:
    """Share of gold sources found among the first k retrieved passages."""
    top = set(retrieved_sources[:k])
    return sum(1 for s in gold if s in top) / len(gold)


def reciprocal_rank(gold: Sequence[str], retrieved_sources: Sequence[str]) -> float:
    """1 / rank of the first retrieved passage from a gold source (0 when none is retrieved)."""
    for rank, source in enumerate(retrieved_sources, 1):
        if source in gold:
            return 1.0 / rank
    return 0.0


def evidence_recall(gold: Sequence[str], retrieved_texts: Sequence[str], k: int) -> float:
    """Share of gold evidence strings that lie inside one of the first k retrieved passages."""
    top = [normalize(t) for t in retrieved_texts[:k]]
    return sum(1 for e in gold if any(normalize(e) in t for t in top)) / len(gold)


def fact_found(fact: str, answer: str) -> bool:
    """A key fact (variants split by |) occurs in the answer, case- and number-format-insensitively, from the start
    of a word: "Esper" is not found in "spokesperson", while "spokes" still finds "spokesperson"."""
    text = normalize(answer)
    return any(normalize(v) and re.search(r"(?<![a-z0-9])" + re.escape(normalize(v)), text) for v in fact.split("|"))


def doc_citation_precision(gold_sources: Sequence[str], cited_sources: Sequence[str]) -> float | None:
    """Share of the answer's citations whose passage comes from a document the question's gold `sources` list:
    a citation of another document pads the answer even when its sentence is supported there."""
    if not cited_sources:
        return None
    return sum(1 for s in cited_sources if s in gold_sources) / len(cited_sources)


def key_fact_recall(facts: Sequence[str], answer: str) -> float:
    return sum(1 for f in facts if fact_found(f, answer)) / len(facts)


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) of values, None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else None


def aggregate(rows: Sequence[dict]) -> dict[str, float | None]:
    """Mean of every metric over the rows where it applies."""
    return {name: mean(r["metrics"].get(name) for r in rows) for name in METRICS}


def dates_named(answer: str, cited_dates: Sequence[str | None]) -> float | None:
    """When the cited passages come from two or more years: 1.0 if the answer names every one of those years,
    else 0.0 (None when they do not span years). Keeps separate episodes visibly apart."""
    years = {d[:4] for d in cited_dates if d}
    if len(years) < 2:
        return None
    return 1.0 if all(y in answer for y in years) else 0.0
