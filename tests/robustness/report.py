"""Write docs/robustness.md from a real run: `python -m tests.robustness.report` runs the robustness tests (and
the fault, interruption, injection and page tests that live beside the rooms they test), then fills each table
row with how many cases were tried and how many passed. The load row is read from bench/results/load.json
(`make bench` writes it)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.robustness.cases import BAD_QUESTIONS

ROOT = Path(__file__).resolve().parents[2]
FILES = ["tests/robustness", "tests/test_llm.py", "tests/test_interrupt.py", "tests/test_index.py",
         "tests/test_composition.py", "tests/test_page.py::test_script_in_a_document_shows_as_text"]
DOORS = {"the chain": "test_the_chain", "CLI": "test_the_cli", "page (Chromium)": "test_the_page",
         "/ask API": "test_the_ask_api[", "/v1 API": "test_the_openai_compatible_api"}
OTHER_TABLES = {
    "Bad corpus files (one folder, one `rag index`)": [
        ("each bad file named once in plain words (empty, binary .txt, corrupt PDF, unreadable folder, symlink "
         "loop, duplicate)", ["test_each_bad_file_is_named_once"]),
        ("every other file indexed and found (plain, Latin-1, UTF-16 BOM, HTML with script, front matter, 10,000 "
         "one-word lines, 12 folders deep, spaces and non-ASCII names, PDF)", ["test_every_other_file_is_indexed"]),
        ("script text is not indexed", ["test_script_text_is_not_indexed"]),
        ("binary, corrupt PDF and Latin-1 beside good files", ["test_binary_corrupt_pdf_and_latin1_files"]),
    ],
    "Interruptions and faults": [
        ("SIGKILL / SIGINT during `rag index`: last good index answers, next run ends with the right count",
         ["test_killed_index_keeps_the_last_good_index"]),
        ("two `rag index` at once", ["test_second_index_run_waits_for_the_lock"]),
        ("read-only data folder (real read-only bind mount)", ["test_a_read_only_index_answers"]),
        ("full disk (real 4 MB tmpfs): plain stop, asking still works, next run finishes",
         ["test_a_full_disk_stops_indexing"]),
        ("the Chroma server going away mid-session and coming back", ["test_the_chroma_server_going_away"]),
        ("LLM faults: 401, 429, 500, unknown model, timeout, garbage body",
         ["test_every_provider_fault_gives_a_notice"]),
        ("LLM: connection refused, no citations, citation out of range, no key, 429 retried",
         ["test_unreachable_server_falls_back", "test_answer_without_citations_is_replaced",
          "test_citation_to_a_passage_not_given", "test_no_api_key_is_named", "test_rate_limit_is_retried"]),
        ("`-v --json` after a provider fault: pure JSON, model and notices say the offline answer stood in",
         ["test_verbose_json_stays_parseable"]),
    ],
    "Injection and output safety": [
        ("a document that orders the model around: the offline answer is unchanged, passages stay inside the "
         "prompt's delimiters", ["test_injected_instructions_stay_data", "test_prompt_holds_the_rules"]),
        ("fake [n] markers and a planted restatement of the question", ["test_a_planted_restatement"]),
        ("`<script>`, `<img onerror>`, `javascript:` links in a document: nothing runs in Chromium",
         ["test_script_in_a_document_shows_as_text"]),
    ],
    "Exposure": [
        ("loopback by default", ["test_loopback_by_default"]),
        ("RAG_AUTH closes the Gradio API, /v1 and MCP without a login", ["test_every_api_is_closed_without"]),
        ("/v1 opens with a page login", ["test_the_v1_api_opens_with_a_page_login"]),
        ("an API key appears in no log, error, eval report, answer, file or page", ["test_an_api_key_appears"]),
    ],
}


def run() -> dict[str, bool]:
    """nodeid -> passed, from one pytest run."""
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "junit.xml"
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={xml}",
                        *FILES], cwd=ROOT, check=False)
        results = {}
        for case in ET.parse(xml).getroot().iter("testcase"):
            failed = any(child.tag in ("failure", "error") for child in case)
            skipped = any(child.tag == "skipped" for child in case)
            if not skipped:
                results[f"{case.get('classname')}::{case.get('name')}"] = not failed
        return results


def count(results: dict[str, bool], needles: list[str]) -> tuple[int, int]:
    hits = [ok for name, ok in results.items() if any(n in name for n in needles)]
    return len(hits), sum(hits)


def render(results: dict[str, bool]) -> str:
    lines = ["# Robustness, measured", "",
             "Written by `python -m tests.robustness.report` from one run of the tests named in each row (cases "
             "tried / passed). Every row is a test that can fail; none times anything.", "",
             "## Bad questions (each door)", "",
             "| question | " + " | ".join(DOORS) + " |", "|---|" + "---|" * len(DOORS)]
    for name in BAD_QUESTIONS:
        cells = []
        for door in DOORS.values():
            tried, passed = count(results, [f"{door}" + ("" if door.endswith("[") else "[") + name])
            cells.append(f"{passed}/{tried}" if tried else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for title, rows in OTHER_TABLES.items():
        lines += ["", f"## {title}", "", "| case | tried | passed |", "|---|---|---|"]
        for label, needles in rows:
            tried, passed = count(results, needles)
            lines.append(f"| {label} | {tried} | {passed} |")
    load = ROOT / "bench" / "results" / "load.json"
    lines += ["", "## Load (bench/test_load.py, `make bench`)", ""]
    if load.exists():
        f = json.loads(load.read_text())
        r1, r2 = f["rounds"]
        lines += ["| figure | value |", "|---|---|",
                  f"| machine | {f['cores']} cores, load average just after the run {f['load_average_after'][0]:.2f} |",
                  f"| one user asking in a loop | {f['single_user']['answers_per_s']} answers/s, p50 "
                  f"{f['single_user']['p50_s']} s |",
                  f"| {r1['users']} users, round 1 ({r1['seconds']} s) | {r1['answers']} answers, {r1['errors']} errors, "
                  f"{r1['answers_per_s']} answers/s, p50 {r1['p50_s']} s, p95 {r1['p95_s']} s, RSS {r1['rss_mb']} MB |",
                  f"| {r2['users']} users, round 2 ({r2['seconds']} s) | {r2['answers']} answers, {r2['errors']} errors, "
                  f"{r2['answers_per_s']} answers/s, p50 {r2['p50_s']} s, p95 {r2['p95_s']} s, RSS {r2['rss_mb']} MB |",
                  f"| throughput, 20 users ÷ 1 user | {f['throughput_ratio']} (target ≥ 1.5) |",
                  f"| RSS growth between rounds | {f['rss_growth']:.1%} (target < 10 %) |"]
    else:
        lines.append("Not measured yet: run `make bench`.")
    total, ok = len(results), sum(results.values())
    lines += ["", f"All tests in this run: {ok} of {total} passed.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    out = ROOT / "docs" / "robustness.md"
    out.write_text(render(run()))
    print(f"wrote {out}")
