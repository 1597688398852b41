"""Chroma as the single source of truth for passages: embedded PersistentClient, HttpClient for a server
(`chroma run`, CHROMA_HOST), or CloudClient for Chroma Cloud / a distributed deployment (CHROMA_API_KEY).

We always pass our own embeddings (the collection has no embedding function), so Chroma never tries to
download its default model. The collection metadata records which embedding model filled it and a
`revision` that changes on every sync, so derived indexes (BM25) know when to rebuild.
"""

from __future__ import annotations

import functools
import json
import logging
from typing import Any, Iterable, Sequence

import numpy as np

from rag.errors import NoIndexError, RagError, plain_system_error
from rag.models import Hit, Passage
from rag.settings import Settings

log = logging.getLogger(__name__)
_PAGE = 1000


def _client(settings: Settings, create: bool):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_api_key:  # Chroma Cloud (or its distributed deployment): one setting, the API key
        try:
            return chromadb.CloudClient(tenant=settings.chroma_tenant or None, database=settings.chroma_database or None,
                                        api_key=settings.chroma_api_key, settings=chroma_settings,
                                        cloud_host=settings.chroma_cloud_host, cloud_port=443, enable_ssl=True)
        except Exception as err:
            raise RagError(
                f"Could not reach Chroma Cloud at {settings.chroma_cloud_host} ({type(err).__name__}). Check "
                "CHROMA_API_KEY (and CHROMA_TENANT / CHROMA_DATABASE), or unset CHROMA_API_KEY to use the local store."
            ) from err
    if settings.chroma_host:
        tenancy = {k: v for k, v in (("tenant", settings.chroma_tenant), ("database", settings.chroma_database)) if v}
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings,
                                       **tenancy)
        except Exception as err:
            raise RagError(
                f"Could not reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
                f"({type(err).__name__}). Start it (`chroma run`), check CHROMA_TENANT / CHROMA_DATABASE, or unset CHROMA_HOST to use the local store."
            ) from err
    if not create and not settings.chroma_dir.exists():
        raise NoIndexError(_no_index_message(settings))
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    if create or _writable(settings.chroma_dir):
        try:
            return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
        except Exception as err:
            if create or not plain_system_error(err):
                raise
            # a full disk: Chroma cannot open its file for writing, but a question needs no writing
    return chromadb.PersistentClient(path=str(_readonly_copy(settings.chroma_dir)), settings=chroma_settings)


def _writable(folder) -> bool:
    import os

    return os.access(folder, os.W_OK) and all(os.access(f, os.W_OK) for f in folder.glob("*.sqlite3"))


@functools.lru_cache(maxsize=None)
def _readonly_copy(folder):
    """Chroma's embedded store writes to its SQLite file even to read, so a read-only index (a shared or
    mounted folder, or one on a full disk) is answered from a private copy made once per process in the
    temporary folder and removed at exit (stores are opened per page load and per chain: copied once, not each
    time)."""
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    copy = Path(tempfile.mkdtemp(prefix="rag-readonly-index-")) / "chroma"
    atexit.register(shutil.rmtree, copy.parent, True)
    try:
        shutil.copytree(folder, copy)
    except OSError as err:
        raise RagError(f"The index in {folder} is read-only and could not be copied to answer from "
                       f"({err.strerror or err}); make the folder writable or free some temporary space.") from err
    log.warning("the index in %s is read-only; answering from a copy in %s", folder, copy)
    return copy


def _no_index_message(settings: Settings) -> str:
    where = ("Chroma Cloud" if settings.chroma_api_key else "the Chroma server" if settings.chroma_host
             else settings.chroma_dir)
    return (f"Nothing has been indexed yet (looked in {where}). "
            "Run `rag index seeds` (or `make run`) first.")


def passage_metadata(p: Passage, content_hash: str) -> dict[str, Any]:
    return {
        "doc_id": p.doc_id, "source": p.source, "title": p.title, "date": p.date or "",
        "date_num": int(p.date.replace("-", "")) if p.date else 0,
        "start": p.start, "end": p.end, "position": p.position, "content_hash": content_hash,
    }


def passage_from(chunk_id: str, text: str, meta: dict[str, Any]) -> Passage:
    return Passage(
        chunk_id=chunk_id, doc_id=meta["doc_id"], source=meta["source"], title=meta["title"],
        date=meta.get("date") or None, text=text, start=int(meta["start"]), end=int(meta["end"]),
        position=int(meta["position"]),
    )


def _served(method):
    """A Chroma server that stopped answering mid-session is a plain RagError (the next call reconnects)."""
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RagError:
            raise
        except Exception as err:
            if not self.settings.chroma_host:
                raise
            raise RagError(f"The Chroma server at {self.settings.chroma_host}:{self.settings.chroma_port} stopped "
                           f"answering ({type(err).__name__}); start it again (`chroma run`), then ask again.") from err
    return call


class PassageStore:
    """The passages collection. Open with `create=True` only when indexing."""

    def __init__(self, settings: Settings, create: bool = False) -> None:
        self.settings = settings
        self.client = _client(settings, create)
        self._collection = None
        self._create = create

    @property
    def collection(self):
        if self._collection is None:
            try:
                if self._create:
                    self._collection = self.client.get_or_create_collection(
                        self.settings.collection, embedding_function=None,
                        configuration={"hnsw": {"space": "cosine"}},
                        metadata={"embed_model": self.settings.embed_model, "revision": "0"},
                    )
                else:
                    self._collection = self.client.get_collection(self.settings.collection, embedding_function=None)
            except NoIndexError:
                raise
            except Exception as err:
                if self._create:
                    raise RagError(f"Could not open the Chroma collection ({err}).") from err
                raise NoIndexError(_no_index_message(self.settings)) from None
        return self._collection

    # --- facts about the index -------------------------------------------------------------
    @property
    def embed_model(self) -> str:
        return str((self.collection.metadata or {}).get("embed_model", ""))

    @property
    def revision(self) -> str:
        return str((self.collection.metadata or {}).get("revision", "0"))

    @_served
    def count(self) -> int:
        return int(self.collection.count())

    def check_ready(self) -> int:
        """The number of passages; raise a plain error when questions cannot be answered from this store."""
        count = self.count()
        if count == 0:
            raise NoIndexError(_no_index_message(self.settings))
        self.check_model()
        return count

    def check_model(self) -> None:
        """Raise a plain error when the store was built with another embedding model than the one set."""
        if self.embed_model and self.embed_model != self.settings.embed_model:
            raise RagError(
                f"The index was built with the embedding model '{self.embed_model}' but RAG_EMBED_MODEL is "
                f"'{self.settings.embed_model}'. Run `rag index` again to rebuild it with the new model."
            )

    def _pages(self, include: list[str], where: dict | None = None) -> Iterable[dict]:
        offset = 0
        while True:
            page = self.collection.get(include=include, where=where, limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            yield page
            offset += len(page["ids"])

    def doc_hashes(self) -> dict[str, str]:
        """doc_id -> content hash of what is stored, for incremental sync. The hash is read from the document's
        first passage, which `rag index` writes last (index/write.py); a document without it was cut off by an
        interrupted run and maps to "" (changed), so the next run indexes it again."""
        hashes: dict[str, str] = {}
        for page in self._pages(["metadatas"]):
            for meta in page["metadatas"]:
                if int(meta.get("position", 0)) == 0:
                    hashes[meta["doc_id"]] = meta["content_hash"]
                else:
                    hashes.setdefault(meta["doc_id"], "")
        return hashes

    def all_passages(self) -> list[Passage]:
        """Every stored passage, ordered by document then position."""
        out = []
        for page in self._pages(["documents", "metadatas"]):
            out += [passage_from(i, d, m) for i, d, m in zip(page["ids"], page["documents"], page["metadatas"])]
        return sorted(out, key=lambda p: (p.doc_id, p.position))

    def documents_summary(self) -> dict[str, Any]:
        """Document count and date range, for the page header."""
        docs: dict[str, str] = {}
        for page in self._pages(["metadatas"]):
            for meta in page["metadatas"]:
                docs[meta["doc_id"]] = meta.get("date") or ""
        dates = sorted(d for d in docs.values() if d)
        return {"documents": len(docs), "passages": self.count(), "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None}

    # --- writing -----------------------------------------------------------------------------
    def add(self, passages: Sequence[Passage], vectors: np.ndarray, content_hash: str | Sequence[str]) -> None:
        """Upsert passages with their vectors; `content_hash` is their file's hash, or one per passage when the
        passages come from several files. Written in parts no larger than the client accepts at once."""
        hashes = [content_hash] * len(passages) if isinstance(content_hash, str) else list(content_hash)
        batch = max(1, min(5000, int(getattr(self.client, "get_max_batch_size", lambda: 5000)())))
        for i in range(0, len(passages), batch):
            part = passages[i:i + batch]
            self.collection.upsert(
                ids=[p.chunk_id for p in part],
                embeddings=vectors[i:i + batch].tolist(),
                documents=[p.text for p in part],
                metadatas=[passage_metadata(p, h) for p, h in zip(part, hashes[i:i + batch])],
            )

    def delete_doc(self, doc_id: str) -> None:
        self.collection.delete(where={"doc_id": doc_id})

    def mark_revision(self, revision: str) -> None:
        meta = dict(self.collection.metadata or {})
        meta.update({"revision": revision, "embed_model": self.settings.embed_model})
        meta.pop("hnsw:space", None)
        self.collection.modify(metadata=meta)

    def reset(self) -> None:
        """Drop the collection (used when the embedding model changes)."""
        try:
            self.client.delete_collection(self.settings.collection)
        except Exception:  # it did not exist
            pass
        self._collection = None

    # --- reading -----------------------------------------------------------------------------
    def vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored passage vectors of `chunk_ids` (those that exist): reading them back costs milliseconds,
        encoding the passages again at question time costs about a second per 50 passages on a laptop CPU."""
        if not chunk_ids:
            return {}
        try:
            got = self.collection.get(ids=list(chunk_ids), include=["embeddings"])
        except Exception as err:  # seen after a SIGKILLed `rag index`: "Error finding id"; the caller encodes them
            log.info("Stored vectors unavailable (%s); encoding %d passages instead.", err, len(chunk_ids))
            return {}
        return {cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], got["embeddings"])}

    @_served
    def query(self, vector: np.ndarray, n: int, where: dict | None = None, count: int | None = None) -> list[Hit]:
        """Nearest passages by cosine similarity (score = 1 - cosine distance), best first. `count`: the store's
        size when the caller just read it (each count() is a few ms on a few thousand passages)."""
        n = min(n, self.count() if count is None else count)
        if n <= 0:
            return []
        res = self.collection.query(
            query_embeddings=[vector.tolist()], n_results=n, where=where,
            include=["documents", "metadatas", "distances"],
        )
        hits = []
        for rank, (cid, doc, meta, dist) in enumerate(
            zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]), 1
        ):
            score = 1.0 - float(dist)
            hits.append(Hit(passage_from(cid, doc, meta), score=score, rank=rank, scores={"dense": score}))
        return hits


def where_filter(source: str | None = None, since: str | None = None, until: str | None = None) -> dict | None:
    """A Chroma `where` for the source / date filters, or None when there are none."""
    clauses: list[dict] = []
    if source:
        clauses.append({"source": source})
    if since:
        clauses.append({"date_num": {"$gte": int(since.replace("-", ""))}})
    if until:
        clauses.append({"date_num": {"$lte": int(until.replace("-", ""))}})
    if since or until:
        clauses.append({"date_num": {"$gt": 0}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def dumps_revision(hashes: dict[str, str]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(sorted(hashes.items())).encode()).hexdigest()[:16]
