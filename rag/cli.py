"""`rag index | ask | serve | eval` — thin commands over index.build, rag.chat and eval.run.

Expected failures print one line on stderr and exit non-zero; only real bugs show a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

import rag  # noqa: F401  (sets the offline environment switches first)
from rag.errors import BadInputError, RagError, Stopped, plain_system_error
from rag.settings import Settings
from rag.threads import use_threads


def settings_from(ctx: click.Context, **overrides) -> Settings:
    base = ctx.find_root().obj or {}
    return Settings.from_env(**{**base, **overrides})


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--data", type=click.Path(path_type=Path), help="Data folder for the index and runs (env RAG_DATA; default .rag).")
@click.option("--embed-model", help="Embedding model name or path (env RAG_EMBED_MODEL).")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens (and why a model call failed).")
@click.version_option(rag.__version__, prog_name="rag")
@click.pass_context
def cli(ctx: click.Context, data: Path | None, embed_model: str | None, verbose: bool) -> None:
    """Ask questions about a folder of documents and get answers that cite their sources.

    \b
    Start:   rag index seeds        build the index from the documents in seeds/
             rag ask "why did Iraq ask US troops to leave?"
             rag serve              open the chat page on http://127.0.0.1:7860
    Works offline with no API key; set RAG_MODEL (any litellm model) to use a real LLM.
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = {"data_dir": data, "embed_model": embed_model}


@cli.command("index")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--rebuild", is_flag=True, help="Drop the index and embed every file again.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def index_cmd(ctx: click.Context, folder: Path | None, rebuild: bool, quiet: bool) -> None:
    """Index FOLDER (default: seeds, or RAG_CORPUS): only new or changed files are embedded again;
    files that disappeared are removed from the index."""
    from index.build import build_index

    settings = settings_from(ctx, corpus=folder)
    use_threads(settings.index_threads)  # big batches: every core (rag/threads.py)
    try:
        report = build_index(settings, settings.corpus, rebuild=rebuild, progress=not quiet)
    except KeyboardInterrupt:
        raise Stopped("stopped. The last complete index still answers; run `rag index` again to finish "
                      "(files already written are not embedded again).") from None
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for skipped in report.skipped:
        click.echo(f"skipped {skipped.doc_id}: {skipped.reason}", err=True)
    click.echo(report.summary())
    if report.skipped:
        raise RagError(f"{len(report.skipped)} file(s) could not be indexed (listed above); the rest were.")


class QuestionCommand(click.Command):
    """`rag ask "-k 0"` asks about "-k 0": an argument with a space in it is the question even when it starts
    with "-" (no option has a space in its name), so the reader does not need to know about `--`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" not in args:
            spaced = [a for a in args if a.startswith("-") and " " in a.strip()]
            if spaced:
                args = [a for a in args if a not in spaced] + ["--"] + spaced
        return super().parse_args(ctx, args)


@cli.command("ask", cls=QuestionCommand)
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the whole answer as one JSON object.")
@click.option("-k", "top_k", type=int, help="How many passages the answer may use (env RAG_TOP_K).")
@click.option("--model", help="litellm model string, e.g. openai/gpt-4o-mini (env RAG_MODEL).")
@click.option("--source", help="Only use this file (its name as shown in citations).")
@click.option("--since", help="Only documents dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", help="Only documents dated on or before this day.")
@click.pass_context
def ask_cmd(ctx: click.Context, question: str, as_json: bool, top_k: int | None, model: str | None,
            source: str | None, since: str | None, until: str | None) -> None:
    """Answer QUESTION from the indexed documents, citing passages as [1], [2]."""
    from rag.chat import Chat, Done
    from rag.retrieve import Filters

    settings = settings_from(ctx, top_k=top_k, model=model)
    use_threads(settings.query_threads)  # one query: one thread is faster, and much faster on a busy machine
    filters = Filters.parse(source, since, until, names=("--since", "--until"))
    chat = Chat(settings)
    for notice in chat.retriever.warm_up():  # loads, never builds: a missing index is named, not rebuilt
        click.echo(f"note: {notice}", err=True)
    answer = None
    for item in chat.stream(question, filters=filters):
        if isinstance(item, Done):
            answer = item.answer
        elif not as_json and item.kind == "text":
            click.echo(item.value, nl=False)
        elif not as_json and item.kind == "reset":
            click.echo("\n---", err=True)
    assert answer is not None
    if not as_json:
        click.echo("")
    for notice in answer.notices:
        click.echo(f"note: {notice}", err=True)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    for check in answer.sentences:
        if check.cited and not check.supported:
            click.echo(f"warning: not supported by its citation(s): \"{check.text[:100]}\"", err=True)
    if answer.citations:
        click.echo("\nSources:")
        for c in answer.citations:
            p = c.hit.passage
            click.echo(f"  [{c.n}] {p.title} - {p.source}{', ' + p.date if p.date else ''}")


def parse_gates(args: list[str]) -> dict[str, float]:
    """`--min-METRIC X` / `--min-METRIC=X` pairs -> {metric: floor}; METRIC may use - or _ and @K or -K."""
    from eval.metrics import METRICS

    names = {m.replace("@", "_"): m for m in METRICS}
    gates: dict[str, float] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--min-"):
            raise BadInputError(f"Unknown option {arg!r} for rag eval (see rag eval --help).")
        key, sep, value = arg[len("--min-"):].partition("=")
        if not sep:
            i += 1
            if i >= len(args):
                raise BadInputError(f"{arg} needs a number, e.g. {arg} 0.9.")
            value = args[i]
        metric = names.get(key.replace("-", "_").replace("@", "_"))
        if metric is None:
            raise BadInputError(f"Unknown metric in {arg}. Known: {', '.join(METRICS)}.")
        try:
            gates[metric] = float(value)
        except ValueError:
            raise BadInputError(f"{arg} needs a number, not {value!r}.") from None
        i += 1
    return gates


@cli.command("eval", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option("--questions", type=click.Path(path_type=Path), multiple=True,
              help="Question file (JSON Lines), repeatable; default eval/questions.jsonl and eval/blind.jsonl.")
@click.option("--split", "splits", multiple=True,
              help="Only questions of this split (dev, test, blind), repeatable. Tune with --split dev alone.")
@click.option("--out", type=click.Path(path_type=Path), help="Run folder; default RAG_DATA/eval/<time>.")
@click.option("--compare", type=click.Path(path_type=Path), help="An earlier run folder: report the deltas against it.")
@click.option("--model", help="litellm model string for this run.")
@click.option("-k", "top_k", type=int, help="Passages per answer for this run.")
@click.option("--limit", type=int, help="Only the first N questions (a quick look).")
@click.option("--export", "export", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the run as a ragas-style dataset (JSON Lines) to this file.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def eval_cmd(ctx: click.Context, questions: tuple[Path, ...], splits: tuple[str, ...], out: Path | None,
             compare: Path | None, model: str | None, top_k: int | None, limit: int | None, export: Path | None,
             quiet: bool) -> None:
    """Run the answer-quality test set through the chat chain and write results.jsonl, summary.json,
    report.md and report.html, with the dev, test and blind splits side by side. Gate the exit status with
    --min-METRIC X (e.g. --min-source-recall-5 0.9, --min-key-fact-recall 0.8): every split must reach it; it
    exits 1 when a gate fails."""
    from eval.questions import DEFAULT_FILES
    from eval.run import run_eval, with_overrides

    gates = parse_gates(list(ctx.args))
    settings = with_overrides(settings_from(ctx), model, top_k)
    use_threads(settings.query_threads)
    result = run_eval(settings, list(questions) or list(DEFAULT_FILES), out, limit, gates, compare,
                      progress=not quiet, splits=splits)
    click.echo((result.out_dir / "report.md").read_text().split("## Refusal")[0].rstrip())
    click.echo(f"\nReport: {result.out_dir / 'report.html'}")
    if export:
        from eval.export import export_ragas

        click.echo(f"Dataset: {export} ({export_ragas(result.rows, export)} rows, ragas-style)")
    if result.gate_failures:
        raise RagError("Quality gate failed: " + "; ".join(result.gate_failures) + ".")


@cli.command("feedback")
@click.option("--out", type=click.Path(path_type=Path), default=Path("feedback-questions.jsonl"), show_default=True,
              help="Where to write the question-file draft.")
@click.pass_context
def feedback_cmd(ctx: click.Context, out: Path) -> None:
    """Export the page's thumbs-up/down feedback as a question-file draft for the eval set."""
    from eval.feedback import export_feedback

    settings = settings_from(ctx)
    count = export_feedback(settings.data_dir / "feedback.jsonl", out)
    click.echo(f"Wrote {count} draft question(s) to {out}; fill in key_facts and evidence, then run "
               f"`rag eval --questions {out}`.")


@cli.command("serve")
@click.option("--host", help="Address to bind (env RAG_HOST; default 127.0.0.1, this machine only).")
@click.option("--port", type=int, help="Port (env RAG_PORT; default 7860).")
@click.option("--model", help="litellm model string (env RAG_MODEL).")
@click.option("--mcp", is_flag=True, help="Also serve the tools ask and search over MCP at /gradio_api/mcp/.")
@click.pass_context
def serve_cmd(ctx: click.Context, host: str | None, port: int | None, model: str | None, mcp: bool) -> None:
    """Start the chat page, its /ask API and the OpenAI-compatible API (/v1, key: RAG_API_TOKEN) on
    http://HOST:PORT; with --mcp, also an MCP server."""
    from rag.retrieve import Retriever
    from ui.app import serve

    settings = settings_from(ctx, host=host, port=port, model=model)
    use_threads(settings.query_threads)  # concurrent requests each get a core instead of sharing both
    try:  # the embedding model and saved indexes load before the page says it is ready, not on the first question
        notices = Retriever(settings).warm_up()
    except RagError as err:  # nothing indexed yet: the page itself says so
        notices = (str(err),)
    for notice in notices:
        click.echo(f"note: {notice}", err=True)
    serve(settings, mcp=mcp)


def main(argv: list[str] | None = None) -> int:
    """Console entry point: RagError -> one line on stderr and its exit code."""
    try:
        cli.main(args=argv, prog_name="rag", standalone_mode=False)
    except RagError as err:
        click.echo(f"rag: {err}", err=True)
        return err.exit_code
    except click.exceptions.ClickException as err:
        err.show()
        return err.exit_code
    except click.exceptions.Abort:
        click.echo("rag: stopped.", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("rag: stopped.", err=True)
        return 130
    except Exception as err:  # a fault of the machine (disk full, read-only folder) or a bug: one line, no traceback
        message = plain_system_error(err) or (f"something went wrong ({type(err).__name__}: {str(err)[:200]}); "
                                              "run with -v for details.")
        if {"-v", "--verbose"} & set(sys.argv[1:] if argv is None else argv):
            logging.getLogger("rag").error("command failed", exc_info=True)
        click.echo(f"rag: {message}", err=True)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
