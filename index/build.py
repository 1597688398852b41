"""Incremental sync of a folder into the store: content hashes decide add / update / delete.

Unchanged files are skipped without embedding anything; a changed file's passages are replaced; a file that
disappeared loses its passages. A file that can no longer be read keeps what was indexed before. A lock file
in the data dir stops two runs from writing at once.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout
from tqdm import tqdm

from index.chunk import chunk_document
from index.clean import clean
from index.derive import build_derived, prune_derived
from index.load import RawFile, Skipped, load_folder
from rag.embed import get_embedder
from rag.errors import BadInputError, RagError
from rag.models import Document, Passage
from rag.settings import Settings
from rag.store import PassageStore, dumps_revision

PIPELINE_VERSION = "1"  # bump when cleaning or chunking rules change, so every file is re-indexed


@dataclass
class SyncReport:
    folder: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    passages: int = 0
    seconds: float = 0.0
    encoded_sentences: int = 0  # sentences whose vectors were computed for the sentence index this run

    def summary(self) -> str:
        return (
            f"Indexed '{self.folder}': {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged, {len(self.skipped)} skipped; "
            f"{self.passages} passages in the index ({self.seconds:.1f} s)."
        )


def content_hash(raw: RawFile, settings: Settings) -> str:
    """What decides 'unchanged': the file's bytes and metadata plus every setting that shapes its passages."""
    key = "|".join([raw.raw_hash, PIPELINE_VERSION, str(settings.chunk_words), str(settings.chunk_overlap),
                    settings.embed_model])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def to_document(raw: RawFile, digest: str) -> Document:
    cleaned = clean(raw.text, raw.kind, raw.meta, fallback_title=raw.path.stem)
    source = str(raw.meta.get("source") or raw.path.name)
    return Document(doc_id=raw.doc_id, source=source, title=cleaned.title, date=cleaned.date,
                    text=cleaned.text, content_hash=digest)


def build_index(settings: Settings, folder: Path | None = None, rebuild: bool = False,
                progress: bool = True) -> SyncReport:
    """Make the store mirror `folder` (default: settings.corpus). Raises RagError before touching the store
    when the folder is missing, empty, or has no readable file."""
    started = time.perf_counter()
    folder = Path(folder or settings.corpus)
    files, skipped = load_folder(folder)
    report = SyncReport(folder=str(folder), skipped=skipped)
    if not files:
        reasons = "; ".join(f"{s.doc_id}: {s.reason}" for s in skipped[:3])
        raise BadInputError(f"None of the files in '{folder}' could be read ({reasons}); the index was not changed.")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(settings.data_dir / "index.lock"), timeout=0):
            _sync(settings, files, report, rebuild, progress)
    except Timeout:
        raise RagError("Another `rag index` is running on this data folder; wait for it to finish, then retry.") from None
    except Exception as err:
        if isinstance(err, RagError) or not _disk_full(settings.data_dir):
            raise
        raise RagError(f"The disk holding {settings.data_dir} is full, so indexing stopped. The last complete "
                       "index still answers; free some space and run `rag index` again to finish.") from err
    report.seconds = time.perf_counter() - started
    return report


def _disk_full(folder: Path, spare: int = 8 << 20) -> bool:
    """Whether the disk under `folder` has (nearly) no room left: Chroma reports a full disk in words of its
    own ("Error in compaction", "Failed to apply logs"), so the disk itself is asked."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < spare
    except OSError:
        return False


def _batches(todo: list[tuple[str, str, list[Passage]]], size: int) -> Iterator[list[tuple[str, str, list[Passage]]]]:
    """Whole files grouped into batches of about `size` passages (a file is never split, so a batch that is
    written is a set of complete files)."""
    batch: list[tuple[str, str, list[Passage]]] = []
    count = 0
    for item in todo:
        batch.append(item)
        count += len(item[2])
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _sync(settings: Settings, files: list[RawFile], report: SyncReport, rebuild: bool, progress: bool) -> None:
    store = PassageStore(settings, create=True)
    if rebuild or (store.count() and store.embed_model != settings.embed_model):
        if not rebuild:
            report.notes.append(f"The embedding model changed ({store.embed_model} -> {settings.embed_model}); "
                                "every file was re-indexed.")
        store.reset()
    existing = store.doc_hashes()
    embedder = get_embedder(settings.embed_model)
    current: dict[str, str] = {}
    todo: list[tuple[str, str, list[Passage]]] = []  # (doc_id, content hash, passages) of new or changed files
    first_with: dict[str, str] = {}  # raw hash -> the first file with those bytes
    for raw in files:
        first = first_with.setdefault(raw.raw_hash, raw.doc_id)
        if first != raw.doc_id:  # a copy would only repeat the same passages in every answer's sources
            report.notes.append(f"{raw.doc_id}: the same text as {first}; indexed once, as {first}")
            continue
        digest = content_hash(raw, settings)
        current[raw.doc_id] = digest
        if raw.note:
            report.notes.append(f"{raw.doc_id}: {raw.note}")
        if existing.get(raw.doc_id) == digest:
            report.unchanged.append(raw.doc_id)
            continue
        passages = chunk_document(to_document(raw, digest), settings.chunk_words, settings.chunk_overlap)
        if not passages:
            report.skipped.append(Skipped(raw.doc_id, "no article text was left after removing page furniture"))
            current.pop(raw.doc_id)
            continue
        todo.append((raw.doc_id, digest, passages))
    total = sum(len(passages) for _, _, passages in todo)
    with tqdm(total=total, desc="Indexing", unit="passage", disable=not progress, leave=False) as bar:
        for batch in _batches(todo, settings.index_batch):
            flat = [p for _, _, passages in batch for p in passages]
            vectors = embedder.encode([p.text for p in flat])  # before deleting, so a failure loses nothing
            for doc_id, _, _ in batch:
                if doc_id in existing:
                    store.delete_doc(doc_id)
                    report.updated.append(doc_id)
                else:
                    report.added.append(doc_id)
            store.add(flat, vectors, [digest for _, digest, passages in batch for _ in passages])
            bar.update(len(flat))
    kept_unreadable = {s.doc_id for s in report.skipped} & set(existing)
    for doc_id in sorted(set(existing) - set(current) - kept_unreadable):
        store.delete_doc(doc_id)
        report.removed.append(doc_id)
    for doc_id in kept_unreadable:
        current[doc_id] = existing[doc_id]
    revision = dumps_revision(current)
    # derived indexes first, then the revision: until it changes, questions keep using the last good indexes
    derived = build_derived(store, settings, embedder, revision, progress, rebuild)
    report.encoded_sentences = derived.encoded_sentences
    if store.revision != revision:  # also after a killed run whose passages were written but not its revision
        store.mark_revision(revision)
    prune_derived(settings, embedder, revision)
    report.passages = store.count()
