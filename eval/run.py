"""`rag eval`: every question through rag.chat (the chain the page uses), scored, written to a run folder."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from eval.metrics import KS, METRICS, aggregate, dates_named, doc_citation_precision, evidence_recall, fact_found, \
    key_fact_recall, percentile, reciprocal_rank, source_recall
from eval.questions import NO_SPLIT, TYPES, Question, load_question_files
from rag.chat import Chat, as_history
from rag.cite import faithful
from rag.errors import BadInputError
from rag.evidence import MIN_COVERAGE
from rag.models import Answer
from rag.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    out_dir: Path
    rows: list[dict]
    summary: dict
    gate_failures: list[str]


def score(q: Question, answer: Answer, chat: Chat) -> tuple[dict, list[str]]:
    """Per-question metrics and the plain reasons it fell short."""
    m: dict[str, float | None] = {name: None for name in METRICS}
    m["completed"] = 1.0
    reasons: list[str] = []
    if not q.answerable:
        m["unanswerable_refused"] = 1.0 if answer.refused else 0.0
        if not answer.refused:
            reasons.append("answered a question the documents do not answer")
        return m, reasons
    sources = [h.passage.source for h in answer.retrieved]
    texts = [h.passage.text for h in answer.retrieved]
    for k in KS:
        m[f"source_recall@{k}"] = source_recall(q.sources, sources, k)
        if q.evidence:
            m[f"evidence_recall@{k}"] = evidence_recall(q.evidence, texts, k)
    m["mrr"] = reciprocal_rank(q.sources, sources)
    m["answerable_answered"] = 0.0 if answer.refused else 1.0
    m["key_fact_recall"] = key_fact_recall(q.key_facts, answer.answer) if q.key_facts else None
    if m["source_recall@5"] < 1:
        reasons.append("gold source missing from the top 5: "
                       + ", ".join(s for s in q.sources if s not in sources[:5]))
    if q.evidence and (m["evidence_recall@5"] or 0) < 1:
        reasons.append("gold evidence not in the retrieved passages")
    if answer.refused:
        reasons.append(f"wrongly refused ({getattr(answer.evidence_check, 'reason', '')})")
        return m, reasons
    missing = [f for f in q.key_facts if not fact_found(f, answer.answer)]
    if missing:
        reasons.append("answer lacks key facts: " + ", ".join(missing))
    m["doc_citation_precision"] = doc_citation_precision(q.sources, [c.hit.passage.source for c in answer.citations])
    if (m["doc_citation_precision"] or 1.0) < 1:
        reasons.append("cites a document the answer is not in: " + ", ".join(
            sorted({c.hit.passage.source for c in answer.citations if c.hit.passage.source not in q.sources})))
    m["dates_named"] = dates_named(answer.answer, [c.hit.passage.date for c in answer.citations])
    if m["dates_named"] == 0.0:
        reasons.append("cites passages from different years without naming each year")
    checks = [s for s in answer.sentences]
    if checks:
        pairs = sum(len(s.cited) for s in checks)
        m["citation_precision"] = sum(len(s.supported_by) for s in checks) / pairs if pairs else 0.0
        m["citation_recall"] = sum(1 for s in checks if s.supported) / len(checks)
        given = faithful([s.text for s in checks], texts, chat.embedder)
        m["faithfulness"] = sum(given) / len(given)
        if m["citation_recall"] < 1:
            reasons.append(f"{sum(1 for s in checks if not s.supported)} sentence(s) without a supporting citation")
    return m, reasons


def crashed(q: Question, err: Exception) -> dict:
    """The row of a question whose chain raised: a failure on every metric it would have had, and the error."""
    m: dict[str, float | None] = {name: None for name in METRICS}
    m["completed"] = 0.0
    if q.answerable:
        m.update(answerable_answered=0.0, key_fact_recall=0.0 if q.key_facts else None)
    else:
        m["unanswerable_refused"] = 0.0
    error = f"{type(err).__name__}: {(str(err).strip().splitlines() or [''])[0]}"[:300]
    return {"id": q.id, "type": q.type, "split": q.split, "question": q.question, "answer": "", "refused": False,
            "citations": [], "retrieved": [], "model": "", "timings_ms": {"retrieve": 0.0, "generate": 0.0, "total": 0.0},
            "metrics": m, "failures": [f"raised {error}"], "error": error, "contexts": [], "gold_answer": q.answer,
            "gold_evidence": list(q.evidence),
            "standalone_question": "", "evidence": {"best_score": 0.0, "coverage": 0.0, "missing": [], "reason": ""}}


def refusal_curve(rows: list[dict], thresholds: list[float]) -> list[dict]:
    """For each evidence threshold: share of unanswerable questions refused and of answerable ones refused."""
    curve = []
    for t in thresholds:
        refused = {True: [], False: []}
        for r in rows:
            if r.get("error"):
                continue
            e = r["evidence"]
            would_refuse = e["best_score"] < t or bool(e["missing"]) or e["coverage"] < MIN_COVERAGE
            refused[r["type"] != "unanswerable"].append(would_refuse)
        curve.append({
            "threshold": t,
            "unanswerable_refused": round(sum(refused[False]) / max(1, len(refused[False])), 4),
            "answerable_refused": round(sum(refused[True]) / max(1, len(refused[True])), 4),
        })
    return curve


GAP_METRICS = ("source_recall@5", "evidence_recall@5", "key_fact_recall", "citation_precision",
               "doc_citation_precision", "faithfulness", "unanswerable_refused", "answerable_answered")


def summarize(rows: list[dict], settings: Settings, questions_files: list[Path]) -> dict:
    by_type = {t: aggregate([r for r in rows if r["type"] == t]) for t in TYPES if any(r["type"] == t for r in rows)}
    splits = list(dict.fromkeys(r["split"] for r in rows))
    by_split = {s: aggregate([r for r in rows if r["split"] == s]) for s in splits}
    gap = {}
    if "dev" in by_split and "test" in by_split:  # what tuning on dev bought that does not hold on unseen questions
        gap = {m: round(by_split["dev"][m] - by_split["test"][m], 4) for m in GAP_METRICS
               if by_split["dev"][m] is not None and by_split["test"][m] is not None}
    answered = [r for r in rows if not r.get("error")]
    retrieve = [r["timings_ms"]["retrieve"] for r in answered]
    total = [r["timings_ms"]["total"] for r in answered]
    return {
        "run": {"questions_files": [str(f) for f in questions_files], "questions": len(rows), "model": settings.model,
                "embed_model": settings.embed_model, "top_k": settings.top_k, "min_score": settings.min_score,
                "time": time.strftime("%Y-%m-%d %H:%M:%S")},
        "overall": aggregate(rows),
        "by_split": by_split,
        "split_counts": {s: sum(1 for r in rows if r["split"] == s) for s in splits},
        "gap": gap,
        "errors": [{"id": r["id"], "error": r["error"]} for r in rows if r.get("error")],
        "by_type": by_type,
        "counts": {t: sum(1 for r in rows if r["type"] == t) for t in by_type},
        "latency_ms": {"retrieve_p50": percentile(retrieve, 50), "retrieve_p95": percentile(retrieve, 95),
                       "total_p50": percentile(total, 50), "total_p95": percentile(total, 95)},
        "refusal_curve": refusal_curve(rows, [round(0.05 * i, 2) for i in range(0, 13)]),
    }


def check_gates(summary: dict, gates: dict[str, float]) -> list[str]:
    """Each gate must hold on every split of the run (dev, test and blind alike), not on their average."""
    failures = []
    groups = summary.get("by_split") or {NO_SPLIT: summary["overall"]}
    for name, floor in gates.items():
        for split, metrics in groups.items():
            value = metrics.get(name)
            if value is None or value < floor:
                where = "" if split == NO_SPLIT else f"{split}: "
                failures.append(f"{where}{name} = {value} is below the gate {floor}")
    return failures


def ask_all(chat: Chat, q: Question) -> Answer:
    """The question's answer after replaying its conversation, so a follow-up sees real earlier answers."""
    history: list[dict] = []
    for earlier in q.history:
        history += as_history(chat.ask(earlier, history=history))
    return chat.ask(q.question, history=history)


def run_eval(settings: Settings, questions_files: Path | list[Path], out_dir: Path | None = None,
             limit: int | None = None, gates: dict[str, float] | None = None, compare: Path | None = None,
             progress: bool = True, splits: tuple[str, ...] = ()) -> RunResult:
    """Run, score and report. Validates the question files and the --compare run before any question runs.
    `splits` keeps only questions of those splits (tune with `dev` alone; test and blind are only measured).
    A question whose chain raises is recorded as a failure with its error, and the run goes on."""
    from eval.report import load_summary, write_reports

    files = [questions_files] if isinstance(questions_files, Path) else list(questions_files)
    questions = load_question_files(files)
    if splits:
        questions = [q for q in questions if q.split in splits]
        if not questions:
            raise BadInputError(f"No question is in the split(s) {', '.join(splits)}.")
    questions = questions[:limit] if limit else questions
    previous = load_summary(compare) if compare else None
    unknown = [g for g in (gates or {}) if g not in METRICS]
    if unknown:
        raise BadInputError(f"Unknown metric in --min-: {', '.join(unknown)}. Known: {', '.join(METRICS)}.")
    chat = Chat(settings)
    chat.retriever.store.check_ready()
    chat.ask("warm-up question about the documents")  # load models before timing anything
    rows = []
    for q in tqdm(questions, desc="Evaluating", unit="q", disable=not progress, leave=False):
        try:
            answer = ask_all(chat, q)
        except Exception as err:  # a bug, not a verdict on the question set: count it, list it, go on
            log.exception("question %s raised", q.id)
            rows.append(crashed(q, err))
            continue
        metrics, reasons = score(q, answer, chat)
        e = answer.evidence_check
        rows.append({"id": q.id, "type": q.type, "split": q.split, **answer.to_dict(), "metrics": metrics,
                     "failures": reasons, "contexts": [h.passage.text for h in answer.retrieved],
                     "gold_answer": q.answer, "gold_evidence": list(q.evidence),
                     "standalone_question": answer.standalone_question,
                     "evidence": {"best_score": round(e.best_score, 4), "coverage": round(e.coverage, 4),
                                  "missing": list(e.missing), "reason": e.reason}})
    summary = summarize(rows, settings, files)
    failures = check_gates(summary, gates or {})
    summary["gates"] = {"checked": gates or {}, "failed": failures}
    out_dir = out_dir or settings.data_dir / "eval" / time.strftime("%Y%m%d-%H%M%S")
    write_reports(out_dir, rows, summary, previous)
    return RunResult(out_dir=out_dir, rows=rows, summary=summary, gate_failures=failures)


def with_overrides(settings: Settings, model: str | None, top_k: int | None) -> Settings:
    return replace(settings, model=model or settings.model, top_k=top_k or settings.top_k).validated()
