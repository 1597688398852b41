"""Run folder outputs: results.jsonl, summary.json, report.md and a self-contained report.html with charts."""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

from eval.metrics import METRICS
from rag.errors import BadInputError

DETERMINISM = ("Every metric is computed without an LLM judge or the network; on the same index and settings the "
               "offline answerer gives the same answers, so two runs give the same numbers (latency aside).")
SHOWN = ("source_recall@5", "mrr", "evidence_recall@5", "key_fact_recall", "citation_precision",
         "doc_citation_precision", "citation_recall", "faithfulness", "unanswerable_refused", "answerable_answered",
         "dates_named", "completed")
SPLITS_NOTE = ("dev is the part the answerer may be tuned on; test and blind are only measured (blind was written "
               "from the documents before it was ever run). gap = dev − test: what tuning bought that does not "
               "carry over to unseen questions.")


def load_summary(run_dir: Path) -> dict:
    path = Path(run_dir) / "summary.json"
    if not path.exists():
        raise BadInputError(f"No earlier run to compare with at '{run_dir}' (it has no summary.json).")
    try:
        return json.loads(path.read_text())
    except ValueError:
        raise BadInputError(f"'{path}' is not a valid summary.json.") from None


def _fmt(value) -> str:
    return "–" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def _delta(now, before) -> str:
    if now is None or before is None:
        return ""
    d = now - before
    return "±0" if abs(d) < 5e-4 else f"{d:+.3f}"


def comparison(summary: dict, previous: dict | None) -> dict:
    """Metric deltas, overall and per type, against an earlier run's summary."""
    if not previous:
        return {}
    out = {"overall": {m: _delta(summary["overall"].get(m), previous["overall"].get(m)) for m in METRICS}}
    for split, metrics in summary.get("by_split", {}).items():
        before = previous.get("by_split", {}).get(split, {})
        out[f"split:{split}"] = {m: _delta(metrics.get(m), before.get(m)) for m in METRICS}
    for t, metrics in summary["by_type"].items():
        before = previous.get("by_type", {}).get(t, {})
        out[t] = {m: _delta(metrics.get(m), before.get(m)) for m in METRICS}
    return out


def _table(summary: dict, deltas: dict) -> list[str]:
    types = list(summary["by_type"])
    head = "| metric | overall | " + " | ".join(f"{t} ({summary['counts'][t]})" for t in types) + " |"
    lines = [head, "|" + "---|" * (len(types) + 2)]
    for m in SHOWN:
        cells = [_fmt(summary["overall"][m]) + (f" ({deltas['overall'][m]})" if deltas and deltas["overall"][m] else "")]
        for t in types:
            d = deltas.get(t, {}).get(m, "") if deltas else ""
            cells.append(_fmt(summary["by_type"][t][m]) + (f" ({d})" if d else ""))
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return lines


def _split_table(summary: dict, deltas: dict) -> list[str]:
    splits = list(summary.get("by_split", {}))
    gap = summary.get("gap", {})
    head = "| metric | " + " | ".join(f"{s} ({summary['split_counts'][s]})" for s in splits) + \
        (" | gap (dev − test) |" if gap else " |")
    lines = [head, "|" + "---|" * (len(splits) + 1 + bool(gap))]
    for m in SHOWN:
        cells = []
        for s in splits:
            d = deltas.get(f"split:{s}", {}).get(m, "") if deltas else ""
            cells.append(_fmt(summary["by_split"][s][m]) + (f" ({d})" if d else ""))
        if gap:
            cells.append(f"{gap[m]:+.3f}" if m in gap else "–")
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return lines


def worst(rows: list[dict], n: int = 20) -> list[dict]:
    """Questions that fell short, most reasons first."""
    failing = [r for r in rows if r["failures"]]
    return sorted(failing, key=lambda r: (-len(r["failures"]), r["id"]))[:n]


def markdown(summary: dict, rows: list[dict], deltas: dict) -> str:
    run = summary["run"]
    lat = summary["latency_ms"]
    lines = [
        "# Answer-quality report", "",
        f"{run['questions']} questions from " + ", ".join(f"`{f}`" for f in run["questions_files"])
        + f" · model `{run['model']}` · embeddings `{run['embed_model']}` · k={run['top_k']} · evidence threshold "
        f"{run['min_score']} · {run['time']}", "",
        DETERMINISM, "", "## Metrics by split (deltas against the compared run in brackets)", "", SPLITS_NOTE, "",
        *_split_table(summary, deltas), "",
        "## Metrics by question type (all splits)", "",
        *_table(summary, deltas), "",
        f"Latency: retrieve p50 {_fmt(lat['retrieve_p50'])} ms, p95 {_fmt(lat['retrieve_p95'])} ms; "
        f"total p50 {_fmt(lat['total_p50'])} ms, p95 {_fmt(lat['total_p95'])} ms.", "",
        "## Refusal trade-off (evidence threshold vs refusals)", "",
        "| threshold | unanswerable refused | answerable refused |", "|---|---|---|",
        *[f"| {p['threshold']:.2f} | {p['unanswerable_refused']:.3f} | {p['answerable_refused']:.3f} |"
          for p in summary["refusal_curve"]], "",
    ]
    if summary.get("errors"):
        lines += ["## Questions that raised an error", "",
                  *[f"- {e['id']}: {e['error']}" for e in summary["errors"]], ""]
    if summary.get("gates", {}).get("checked"):
        failed = summary["gates"]["failed"]
        lines += ["## Gates", "", "All gates passed." if not failed else "Failed: " + "; ".join(failed), ""]
    lines += ["## Questions that fell short", ""]
    for r in worst(rows):
        lines += [f"### {r['id']} ({r.get('split', '')}, {r['type']}): {r['question']}", "",
                  "- why: " + "; ".join(r["failures"]),
                  f"- answer: {r['answer'][:600]}",
                  f"- expected: {r['gold_answer'][:300] or '(a refusal)'}",
                  "- retrieved: " + ", ".join(x["chunk_id"] for x in r["retrieved"]), ""]
    if not worst(rows):
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def charts(summary: dict, rows: list[dict]) -> list[tuple[str, str]]:
    """(title, data-URI PNG) for the metric bars by type, the latency histogram and the refusal curve."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = []
    types = list(summary["by_type"])
    fig, ax = plt.subplots(figsize=(11, 4))
    width = 0.8 / max(1, len(types))
    for i, t in enumerate(types):
        values = [summary["by_type"][t][m] or 0 for m in SHOWN]
        ax.bar([x + i * width for x in range(len(SHOWN))], values, width, label=t)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(SHOWN))], SHOWN, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8, ncol=3)
    out.append(("Metrics by question type", _png(fig)))
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist([r["timings_ms"]["total"] for r in rows], bins=20, color="#4c72b0")
    ax.set_xlabel("total time per question (ms)")
    ax.set_ylabel("questions")
    out.append(("Latency", _png(fig)))
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    curve = summary["refusal_curve"]
    ax.plot([p["threshold"] for p in curve], [p["unanswerable_refused"] for p in curve], "o-", label="unanswerable refused")
    ax.plot([p["threshold"] for p in curve], [p["answerable_refused"] for p in curve], "s-", label="answerable refused")
    ax.axvline(summary["run"]["min_score"], color="grey", ls="--", lw=1)
    ax.set_xlabel("evidence threshold (cosine)")
    ax.legend(fontsize=8)
    out.append(("Refusal trade-off", _png(fig)))
    plt.close(fig)
    return out


def html_report(md_text: str, images: list[tuple[str, str]]) -> str:
    body = []
    in_table = False
    for line in md_text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("-"):
                continue
            if not in_table:
                body.append("<table>")
                in_table = True
            body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            body.append("</table>")
            in_table = False
        if line.startswith("### "):
            body.append(f"<h3>{html.escape(line[4:])}</h3>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
            body += [f'<figure><img alt="{html.escape(t)}" src="{uri}"><figcaption>{html.escape(t)}</figcaption></figure>'
                     for t, uri in images]
        elif line.startswith("- "):
            body.append(f"<li>{html.escape(line[2:])}</li>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        body.append("</table>")
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
             "table{border-collapse:collapse;margin:1em 0}td{border:1px solid #ccc;padding:3px 8px;font-size:14px}"
             "tr:first-child td{font-weight:bold;background:#f4f4f4}figure{display:inline-block;margin:0 1em 1em 0}"
             "img{max-width:100%}li{margin:2px 0}")
    return f"<!doctype html><html><head><meta charset='utf-8'><title>Answer-quality report</title><style>{style}</style></head><body>{''.join(body)}</body></html>"


def write_reports(out_dir: Path, rows: list[dict], summary: dict, previous: dict | None) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    deltas = comparison(summary, previous)
    if deltas:
        summary["compared_with"] = {"run": previous.get("run", {}), "deltas": deltas}
    with (out_dir / "results.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    (out_dir / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    md_text = markdown(summary, rows, deltas)
    (out_dir / "report.md").write_text(md_text)
    (out_dir / "report.html").write_text(html_report(md_text, charts(summary, rows)))
