"""Adding documents from the page (RAG_ALLOW_UPLOAD=1, only behind RAG_AUTH): each file is read exactly as
`rag index` reads it, so a bad file gets the same plain reason and is not copied; readable files are saved
into the corpus folder (RAG_CORPUS) and the index is synced, with Gradio's progress bar following it."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Sequence

import gradio as gr

from rag.errors import RagError
from rag.settings import Settings

ACCEPTED = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf"]


def upload_enabled(settings: Settings) -> bool:
    """Upload is on only when the operator asked for it; serve() refuses it without a login (check_upload)."""
    return settings.allow_upload.strip().lower() in ("1", "true", "yes", "on")


SHIPPED_SEEDS = Path(__file__).resolve().parents[1] / "seeds"  # the project's own corpus: never written to


def check_upload(settings: Settings) -> None:
    if upload_enabled(settings) and not settings.auth:
        raise RagError("RAG_ALLOW_UPLOAD=1 lets visitors add documents, so it needs a login: set RAG_AUTH "
                       "(user:password) too, or turn upload off.")
    if upload_enabled(settings) and Path(settings.corpus).resolve() == SHIPPED_SEEDS:
        raise RagError("RAG_ALLOW_UPLOAD=1 would save visitors' files into seeds/, the corpus that ships with the "
                       "project: point RAG_CORPUS at a folder of your own, or turn upload off.")


def safe_name(name: str) -> str:
    """A plain file name for the corpus folder: no folders, no leading dots, no odd characters."""
    base = Path(name).name.lstrip(".")
    base = re.sub(r"[^\w.\- ]+", "_", base).strip() or "upload.txt"
    return base[:120]


def add_files(settings: Settings, paths: Sequence[str], progress: gr.Progress | None = None) -> str:
    """Check, copy and index uploaded files; returns a plain report (what was added, what was skipped and why)."""
    from index.build import build_index
    from index.load import read_file

    if not paths:
        return "Choose one or more .txt, .md, .html or .pdf files first."
    lines: list[str] = []
    ready: list[tuple[Path, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for raw in paths:
            name = safe_name(Path(raw).name)
            if Path(name).suffix.lower() not in ACCEPTED:
                lines.append(f"skipped {name}: only .txt, .md, .html and .pdf files can be added")
                continue
            trial = Path(tmp) / name
            shutil.copyfile(raw, trial)
            try:
                read_file(trial, Path(tmp), {})
            except ValueError as err:
                lines.append(f"skipped {name}: {err}")
                continue
            ready.append((trial, name))
        if not ready:
            return "\n".join(lines + ["Nothing was added; the index was not changed."])
        settings.corpus.mkdir(parents=True, exist_ok=True)
        for trial, name in ready:
            shutil.copyfile(trial, settings.corpus / name)
    if progress is not None:
        progress(0, desc="Indexing")
    report = build_index(settings, settings.corpus, progress=progress is not None)
    lines = [report.summary()] + [f"skipped {s.doc_id}: {s.reason}" for s in report.skipped] + lines
    return "\n".join(lines)
