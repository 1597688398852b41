import json
from collections import Counter

import pytest

from eval.metrics import evidence_recall, key_fact_recall, percentile, reciprocal_rank, source_recall
from eval.questions import DEFAULT_FILE, TYPES, load_questions, rot_problems
from eval.run import run_eval
from rag.cli import main
from rag.errors import BadInputError
from tests.conftest import SEEDS


def test_question_set_matches_the_corpus_and_covers_every_type():
    questions = load_questions(DEFAULT_FILE)
    assert len(questions) >= 40
    counts = Counter(q.type for q in questions)
    assert set(counts) == set(TYPES) and counts["unanswerable"] >= 6
    assert rot_problems(questions, SEEDS) == []


def test_rot_check_catches_evidence_that_is_not_verbatim(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"id": "a", "question": "q?", "answer": "", "type": "numeric", "key_facts": ["9,999"],
                                "sources": ["004_440d33991e1a54d9.txt"], "evidence": ["2,500 soldiers in Germany"]}) + "\n")
    problems = rot_problems(load_questions(path), SEEDS)
    assert len(problems) == 2


@pytest.mark.parametrize("line, problem", [
    ("{not json", "not valid JSON"),
    ('{"id": "x", "question": "q", "answer": "", "type": "opinion", "key_facts": [], "sources": ["a"], "evidence": []}',
     "'type' is 'opinion'"),
    ('{"id": "x", "question": "q", "answer": "", "type": "unanswerable", "key_facts": ["a"], "sources": [], "evidence": []}',
     "must have empty sources"),
    ('{"id": "x", "question": "q", "answer": "", "type": "numeric", "key_facts": "5", "sources": ["a"], "evidence": []}',
     "'key_facts' must be a list"),
])
def test_malformed_question_line_names_file_and_line(tmp_path, line, problem):
    path = tmp_path / "mine.jsonl"
    good = '{"id": "ok", "question": "q", "answer": "a", "type": "why", "key_facts": [], "sources": ["s"], "evidence": []}'
    path.write_text(good + "\n" + line + "\n")
    with pytest.raises(BadInputError, match=rf"mine.jsonl, line 2: .*{problem}"):
        load_questions(path)


def test_metrics_fold_case_numbers_and_variants():
    assert key_fact_recall(["2,500", "Soleimani|Suleimani"], "about 2500 troops after suleimani died") == 1.0
    assert key_fact_recall(["5,200", "Pompeo"], "5,200 soldiers") == 0.5
    # a fact is a word or the start of one, not letters inside another word
    assert key_fact_recall(["Esper", "spokes"], "the spokesperson said") == 0.5
    assert source_recall(["a", "b"], ["c", "a", "d", "b"], 3) == 0.5
    assert reciprocal_rank(["b"], ["a", "b"]) == 0.5 and reciprocal_rank(["z"], ["a"]) == 0.0
    assert evidence_recall(["The Pentagon said"], ["x", "the  pentagon said on Monday"], 1) == 0.0
    assert evidence_recall(["The Pentagon said"], ["x", "the  pentagon said on Monday"], 2) == 1.0
    assert percentile([5, 1, 3, 2, 4], 50) == 3 and percentile([], 95) is None


def test_eval_writes_the_run_folder_and_is_deterministic(seeds_settings, tmp_path):
    first = run_eval(seeds_settings, DEFAULT_FILE, tmp_path / "a", limit=6, progress=False)
    for name in ("results.jsonl", "summary.json", "report.md", "report.html"):
        assert (first.out_dir / name).exists()
    rows = [json.loads(line) for line in (first.out_dir / "results.jsonl").read_text().splitlines()]
    assert len(rows) == 6 and all({"id", "metrics", "failures", "answer", "citations"} <= set(r) for r in rows)
    second = run_eval(seeds_settings, DEFAULT_FILE, tmp_path / "b", limit=6, progress=False, compare=first.out_dir)
    assert second.summary["overall"] == first.summary["overall"]
    assert "deltas" in second.summary["compared_with"]
    html = (second.out_dir / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 3 and "Refusal trade-off" in html


def test_eval_gates_and_bad_options_exit_nonzero(capsys, seeds_settings, tmp_path):
    data = str(seeds_settings.data_dir)
    code = main(["--data", data, "eval", "-q", "--limit", "2", "--out", str(tmp_path / "r"), "--min-mrr", "1.01"])
    err = capsys.readouterr().err
    assert code == 1 and "Quality gate failed: dev: mrr" in err
    assert main(["--data", data, "eval", "--min-happiness", "0.5"]) == 2
    assert "Unknown metric in --min-happiness" in capsys.readouterr().err
    assert main(["--data", data, "eval", "--compare", str(tmp_path / "missing")]) == 2
    assert "No earlier run to compare with" in capsys.readouterr().err


def test_feedback_exports_as_a_question_file_draft(tmp_path):
    from eval.feedback import export_feedback

    feedback = tmp_path / "feedback.jsonl"
    rows = [
        {"liked": True, "question": "How many US troops are in Iraq?", "answer": "2,500 [1]", "refused": False,
         "citations": [{"source": "004_440d33991e1a54d9.txt"}], "model": "local/extractive"},
        {"liked": False, "question": "Why did Iraq ask?", "answer": "x [1]", "refused": False,
         "citations": [{"source": "002_4c90c73626e9fd7b.txt"}], "model": "local/extractive"},
    ]
    feedback.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "draft.jsonl"
    assert export_feedback(feedback, out) == 2
    drafts = load_questions(out)  # a valid question file
    assert drafts[0].sources == ("004_440d33991e1a54d9.txt",) and drafts[0].answer == "2,500 [1]"
    assert drafts[1].answer == ""


def test_dates_named_only_counts_answers_spanning_years():
    from eval.metrics import dates_named

    assert dates_named("As reported in January 2020: x. As reported in January 2024: y.", ["2020-01-10", "2024-01-05"]) == 1.0
    assert dates_named("x [1] y [2]", ["2020-01-10", "2024-01-05"]) == 0.0
    assert dates_named("x [1]", ["2020-01-10", None]) is None


def test_doc_citation_precision_counts_citations_of_documents_outside_the_gold_sources():
    from eval.metrics import doc_citation_precision

    assert doc_citation_precision(["a.txt"], ["a.txt", "a.txt", "b.txt", "a.txt"]) == 0.75
    assert doc_citation_precision(["a.txt"], []) is None


def test_eval_reports_splits_side_by_side_with_the_gap(seeds_settings, tmp_path):
    from eval.questions import DEFAULT_FILES

    result = run_eval(seeds_settings, list(DEFAULT_FILES), tmp_path / "r", progress=False,
                      splits=("dev", "test"), limit=None, gates={"completed": 1.0})
    summary = result.summary
    assert set(summary["by_split"]) == {"dev", "test"}
    assert summary["gap"]["key_fact_recall"] == pytest.approx(
        summary["by_split"]["dev"]["key_fact_recall"] - summary["by_split"]["test"]["key_fact_recall"], abs=1e-3)
    report = (result.out_dir / "report.md").read_text()
    assert "| metric | dev (" in report and "gap (dev − test)" in report and "doc_citation_precision" in report
    assert result.gate_failures == []


def test_a_question_that_raises_is_recorded_and_the_run_goes_on(seeds_settings, tmp_path, monkeypatch):
    from rag.chat import Chat

    real_ask = Chat.ask

    def flaky(self, question, *args, **kwargs):  # fault injection: the runner's own bookkeeping is under test
        if question.startswith("Why do Sunni"):
            raise IndexError("list index out of range")
        return real_ask(self, question, *args, **kwargs)

    monkeypatch.setattr(Chat, "ask", flaky)
    result = run_eval(seeds_settings, DEFAULT_FILE, tmp_path / "r", limit=5, progress=False, gates={"completed": 1.0})
    assert len(result.rows) == 5
    assert [e["id"] for e in result.summary["errors"]] == ["q04"]
    assert result.rows[3]["metrics"]["key_fact_recall"] == 0.0 and result.rows[4]["answer"]
    assert "q04: IndexError: list index out of range" in (result.out_dir / "report.md").read_text()
    assert any("completed" in f for f in result.gate_failures)


def test_eval_export_writes_the_run_as_a_ragas_style_dataset(seeds_settings, tmp_path, capsys):
    path = tmp_path / "export" / "dataset.jsonl"
    code = main(["--data", str(seeds_settings.data_dir), "eval", "-q", "--limit", "3", "--out", str(tmp_path / "run"),
                 "--export", str(path)])
    assert code == 0 and f"Dataset: {path} (3 rows" in capsys.readouterr().out
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    results = [json.loads(line) for line in (tmp_path / "run" / "results.jsonl").read_text().splitlines()]
    assert len(rows) == len(results) == 3
    for row, result in zip(rows, results):
        assert row["id"] == result["id"] and row["user_input"] == row["question"] == result["question"]
        assert row["response"] == row["answer"] == result["answer"] and row["response"].strip()
        contexts = row["retrieved_contexts"]
        assert contexts == row["contexts"] and len(contexts) == len(result["retrieved"]) and all(contexts)
        assert all(c["text"] in contexts for c in result["citations"])  # the passages the answer cites
        assert row["reference"] == row["ground_truth"] == result["gold_answer"] and row["reference"].strip()
        assert row["reference_contexts"] and all(isinstance(e, str) and e for e in row["reference_contexts"])
