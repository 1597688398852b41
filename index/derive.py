"""Build the derived indexes (BM25, the sentence index) for a store revision, at index time.

`rag index` calls `build_derived` after the store has its new passages and before it records the new revision,
so a question (which only loads, see rag/derived.py) always finds the indexes of the revision it reads, or the
previous good ones while a run is still going or was killed.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.spill import clear, spill_folder, waiting
from rag.derived import folder_for, is_complete, latest_complete, prune, save_atomic
from rag.embed import Embedder
from rag.keyword import KeywordIndex
from rag.keyword import index_name as bm25_name
from rag.sentence_index import REUSABLE_FORMATS, Kept
from rag.sentence_index import build as build_sentences
from rag.sentence_index import index_name as sentence_name
from rag.settings import Settings
from rag.store import PassageStore


@dataclass
class DeriveReport:
    """What one build did, for the index report and the tests."""

    built: list[str]
    reused_passages: int = 0
    encoded_sentences: int = 0


def build_derived(store: PassageStore, settings: Settings, embedder: Embedder, revision: str,
                  rebuild: bool = False) -> DeriveReport:
    """Make sure BM25 and the sentence index exist for `revision`; build (and save atomically) what is missing,
    reusing the sentence vectors of unchanged passages from the newest earlier sentence index and taking those of
    new passages from where this run's writer kept them (index/spill.py). With `rebuild` (`rag index --rebuild`,
    which also re-encodes every passage) nothing of an earlier sentence index is reused."""
    cache = settings.cache_dir
    cache.mkdir(parents=True, exist_ok=True)
    report = DeriveReport(built=[])
    passages = None
    bm25 = bm25_name(settings.collection)
    folder = folder_for(cache, bm25, revision)
    if rebuild or not is_complete(folder):
        passages = store.all_passages()
        index = KeywordIndex.build(passages)
        save_atomic(folder, index.write, {"revision": revision, "passages": len(passages)})
        report.built.append("bm25")
    sent = sentence_name(settings.collection, embedder.model_name)
    folder = folder_for(cache, sent, revision)
    if rebuild or not is_complete(folder):
        passages = store.all_passages() if passages is None else passages
        earlier = None if rebuild else latest_complete(cache, sent, REUSABLE_FORMATS)
        try:
            previous = Kept.load(earlier) if earlier is not None else None
        except (OSError, ValueError):  # unreadable (a damaged disk, a foreign file): encode instead of stopping
            previous = None
        fresh = waiting(spill_folder(cache, settings.collection, embedder.model_name))
        built = build_sentences(passages, embedder, previous, fresh)
        save_atomic(folder, built.write, {"revision": revision, "passages": len(passages),
                                          "sentences": int(len(built.owner))})
        report.built.append("sentences")
        report.reused_passages, report.encoded_sentences = built.stats.reused_passages, built.stats.encoded_sentences
    return report


def prune_derived(settings: Settings, embedder: Embedder, revision: str) -> None:
    """Remove derived indexes of other revisions (and temporary folders of killed runs). Called only once the
    store records `revision`: until then questions still load the previous revision's indexes."""
    cache = settings.cache_dir
    for name in (bm25_name(settings.collection), sentence_name(settings.collection, embedder.model_name)):
        prune(cache, name, folder_for(cache, name, revision))
    if is_complete(folder_for(cache, sentence_name(settings.collection, embedder.model_name), revision)):
        clear(spill_folder(cache, settings.collection, embedder.model_name))  # the index holds them now
