"""Incremental sync of a folder into the store: content hashes decide add / update / delete.

Streaming: files are fingerprinted and read one at a time, cut into passages lazily, and written in batches of
RAG_INDEX_BATCH passages across files (index/write.py), so memory does not grow with the folder or a file.

Unchanged files are skipped without embedding anything; a changed file's passages are replaced; a file that
disappeared loses its passages. A file that can no longer be read keeps what was indexed before. A lock file
in the data dir stops two runs from writing at once.
"""

from __future__ import annotations

import functools
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from tqdm import tqdm

from index.chunk import Window, iter_passages
from index.clean import clean
from index.derive import build_derived, prune_derived
from index.load import RawFile, Skipped, find_files, fingerprint, read_file, read_sidecar
from index.spill import spill_folder
from index.write import BatchWriter
from rag.embed import get_embedder
from rag.errors import BadInputError, RagError
from rag.models import Document, Passage
from rag.settings import Settings
from rag.store import PassageStore, dumps_revision

PIPELINE_VERSION = "2"  # bump when cleaning or chunking rules change, so every file is re-indexed


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


def content_hash(raw: RawFile | str, settings: Settings) -> str:
    """What decides 'unchanged': the file's bytes and metadata (its RawFile or index.load.fingerprint) plus every
    setting that shapes its passages."""
    raw_hash = raw if isinstance(raw, str) else raw.raw_hash
    key = "|".join([raw_hash, PIPELINE_VERSION, str(settings.chunk_words), str(settings.chunk_overlap),
                    settings.embed_model])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def to_document(raw: RawFile, digest: str) -> Document:
    cleaned = clean(raw.text, raw.kind, raw.meta, fallback_title=raw.path.stem)
    source = str(raw.meta.get("source") or raw.path.name)
    return Document(doc_id=raw.doc_id, source=source, title=cleaned.title, date=cleaned.date,
                    text=cleaned.text, content_hash=digest, sections=cleaned.sections)


def build_index(settings: Settings, folder: Path | None = None, rebuild: bool = False,
                progress: bool = True) -> SyncReport:
    """Make the store mirror `folder` (default: settings.corpus), reading and writing as it goes (memory bounded
    by RAG_INDEX_BATCH, not by the folder). Raises RagError when the folder is missing or empty, and when no
    file in it is readable (then nothing in the store is changed)."""
    started = time.perf_counter()
    folder = Path(folder or settings.corpus)
    files, passed = find_files(folder)
    sidecar = read_sidecar(folder)
    report = SyncReport(folder=str(folder), skipped=list(passed))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(settings.data_dir / "index.lock"), timeout=0):
            _sync(settings, folder, files, sidecar, report, rebuild, progress)
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


class _Progress:
    """A bar counting passages written, with an ETA: the total is estimated from the bytes of the files still to
    read (at the passages-per-byte seen so far) and from how far into the current file the cutting is."""

    def __init__(self, files: list[Path], progress: bool) -> None:
        self.left = sum(_size(p) for p in files)
        self.bytes_done = 0
        self.passages_done = 0  # cut so far
        self.bar = tqdm(total=0, desc="Indexing", unit="passage", disable=not progress, leave=False)

    def file_seen(self, path: Path, changed: bool) -> None:
        size = _size(path)
        self.left -= size
        if changed:
            self.bytes_done += size

    def cut(self, passage: Passage, doc_length: int, file_size: int) -> None:
        self.passages_done += 1
        rate = self.passages_done / max(1, self.bytes_done - file_size + file_size * passage.end / max(1, doc_length))
        inside = file_size * (1 - passage.end / max(1, doc_length))
        self.bar.total = max(self.bar.n, int(self.passages_done + rate * (inside + self.left)))

    def written(self, count: int) -> None:
        self.bar.update(count)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _sync(settings: Settings, folder: Path, files: list[Path], sidecar: dict, report: SyncReport, rebuild: bool,
          progress: bool) -> None:
    store = PassageStore(settings, create=True)
    if rebuild or (store.count() and store.embed_model != settings.embed_model):
        if not rebuild:
            report.notes.append(f"The embedding model changed ({store.embed_model} -> {settings.embed_model}); "
                                "every file was re-indexed.")
        store.reset()
    existing = store.doc_hashes()
    embedder = get_embedder(settings.embed_model)
    current: dict[str, str] = {}  # doc_id -> content hash of every file the index should now hold
    bar = _Progress(files, progress)
    writer = BatchWriter(store, embedder, set(existing), settings.index_batch, on_written=bar.written,
                         spill_to=spill_folder(settings.cache_dir, settings.collection, embedder.model_name))

    @functools.cache
    def window() -> Window | None:  # asked only once a file has changed: it loads the model (seconds)
        return Window(embedder.max_tokens, embedder.token_counts) if embedder.max_tokens else None

    changed: list[str] = []
    first_with: dict[str, str] = {}  # raw hash -> the first file with those bytes
    with bar.bar:
        for path in files:
            doc_id = path.relative_to(folder).as_posix()
            try:
                raw_hash = fingerprint(path, folder, sidecar)
                first = first_with.setdefault(raw_hash, doc_id)
                if first != doc_id:  # a copy would only repeat the same passages in every answer's sources
                    bar.file_seen(path, changed=False)
                    report.notes.append(f"{doc_id}: the same text as {first}; indexed once, as {first}")
                    continue
                digest = content_hash(raw_hash, settings)
                if existing.get(doc_id) == digest:
                    bar.file_seen(path, changed=False)
                    report.unchanged.append(doc_id)
                    current[doc_id] = digest
                    continue
                raw = read_file(path, folder, sidecar)
            except ValueError as err:
                bar.file_seen(path, changed=False)
                report.skipped.append(Skipped(doc_id, str(err)))
                continue
            bar.file_seen(path, changed=True)
            if raw.note:
                report.notes.append(f"{doc_id}: {raw.note}")
            doc = to_document(raw, digest)
            del raw  # the cleaned text is all that is needed from here on
            count = 0
            for passage in iter_passages(doc, settings.chunk_words, settings.chunk_overlap, window()):
                writer.add(passage, digest)
                bar.cut(passage, len(doc.text), _size(path))
                count += 1
            writer.finish(doc_id)
            if not count:
                report.skipped.append(Skipped(doc_id, "no article text was left after removing page furniture"))
                continue
            current[doc_id] = digest
            changed.append(doc_id)
        writer.flush()
    if not current:
        reasons = "; ".join(f"{s.doc_id}: {s.reason}" for s in report.skipped[:3])
        raise BadInputError(f"None of the files in '{folder}' could be read ({reasons}); the index was not changed.")
    for doc_id in changed:
        (report.updated if doc_id in existing else report.added).append(doc_id)
    kept_unreadable = {s.doc_id for s in report.skipped} & set(existing)
    for doc_id in sorted(set(existing) - set(current) - kept_unreadable):
        store.delete_doc(doc_id)
        report.removed.append(doc_id)
    for doc_id in kept_unreadable:
        current[doc_id] = existing[doc_id]
    revision = dumps_revision(current)
    # derived indexes first, then the revision: until it changes, questions keep using the last good indexes
    derived = build_derived(store, settings, embedder, revision, rebuild)
    report.encoded_sentences = writer.sentences + derived.encoded_sentences
    if store.revision != revision:  # also after a killed run whose passages were written but not its revision
        store.mark_revision(revision)
    prune_derived(settings, embedder, revision)
    report.passages = store.count()
