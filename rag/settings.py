"""The one Settings object: read from the environment once, at the edge, then passed in.

Every knob is an env var (RAG_*, CHROMA_*); CLI flags override by `Settings.from_env(overrides)`.
No other module reads os.environ.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from rag.errors import BadInputError

DEFAULT_EMBED_MODEL = "all-MiniLM-L6-v2"
DEFAULT_MODEL = "local/extractive"


def _env_fields() -> dict[str, tuple[str, type]]:
    """Map env var name -> (field name, type) for every Settings field that has one."""
    return {f.metadata["env"]: (f.name, f.type) for f in dataclasses.fields(Settings) if "env" in f.metadata}


def _setting(default: Any, env: str, help: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with; see the README's settings table (generated from `help`)."""

    data_dir: Path = _setting(Path(".rag"), "RAG_DATA", "Where the index, caches, feedback and eval runs live")
    corpus: Path = _setting(Path("seeds"), "RAG_CORPUS", "Folder of documents that `rag index` reads")
    embed_model: str = _setting(
        DEFAULT_EMBED_MODEL, "RAG_EMBED_MODEL", "sentence-transformers model name or path (default ships offline)"
    )
    model: str = _setting(DEFAULT_MODEL, "RAG_MODEL", "litellm model string; `local/extractive` needs no key")
    api_base: str = _setting("", "RAG_API_BASE", "Base URL of an OpenAI-compatible or other provider server")
    api_key: str = _setting("", "RAG_API_KEY", "API key passed to the provider (else its usual env var)")
    temperature: float = _setting(0.0, "RAG_TEMPERATURE", "Sampling temperature for real LLMs")
    max_tokens: int = _setting(512, "RAG_MAX_TOKENS", "Longest answer a real LLM may write")
    timeout: float = _setting(60.0, "RAG_TIMEOUT", "Seconds to wait for the LLM before the offline answer is used")
    top_k: int = _setting(5, "RAG_TOP_K", "How many passages are given to the answerer (one more per further year a "
                                           "question asks about)")
    candidates: int = _setting(30, "RAG_CANDIDATES", "How many passages each retriever proposes before fusion")
    min_score: float = _setting(0.15, "RAG_MIN_SCORE", "Evidence threshold: below it the answer is a refusal")
    reranker: str = _setting("", "RAG_RERANKER", "CrossEncoder name or path; empty = off (none ships offline)")
    chunk_words: int = _setting(110, "RAG_CHUNK_WORDS", "Target passage length in words")
    chunk_overlap: int = _setting(1, "RAG_CHUNK_OVERLAP", "Sentences repeated between neighbouring passages")
    index_batch: int = _setting(256, "RAG_INDEX_BATCH", "Passages `rag index` encodes and writes together (memory)")
    query_threads: int = _setting(
        1, "RAG_QUERY_THREADS", "Torch threads in processes that answer (ask, serve, eval); 1 = each request one core"
    )
    index_threads: int = _setting(0, "RAG_INDEX_THREADS", "Torch threads for `rag index`; 0 = every core")
    collection: str = _setting("passages", "RAG_COLLECTION", "Chroma collection name")
    chroma_host: str = _setting("", "CHROMA_HOST", "Chroma server host; empty = embedded store in RAG_DATA")
    chroma_port: int = _setting(8000, "CHROMA_PORT", "Chroma server port")
    chroma_api_key: str = _setting("", "CHROMA_API_KEY", "Chroma Cloud API key: set, the store is Chroma Cloud (not tested here)")
    chroma_tenant: str = _setting("", "CHROMA_TENANT", "Chroma tenant (Cloud or a distributed server); empty = the key's / default")
    chroma_database: str = _setting("", "CHROMA_DATABASE", "Chroma database (Cloud or a distributed server); empty = the key's / default")
    chroma_cloud_host: str = _setting("api.trychroma.com", "CHROMA_CLOUD_HOST", "Chroma Cloud API host (HTTPS, port 443)")
    host: str = _setting("127.0.0.1", "RAG_HOST", "Address `rag serve` binds")
    port: int = _setting(7860, "RAG_PORT", "Port `rag serve` binds")
    auth: str = _setting("", "RAG_AUTH", "user:password (or a file of such lines) to require a login on the page")
    model_choices: str = _setting(
        "", "RAG_MODEL_CHOICES", "Comma-separated models page visitors may pick; empty = only RAG_MODEL (visitors can't spend a key)"
    )
    api_token: str = _setting(
        "", "RAG_API_TOKEN", "Bearer token the OpenAI-compatible /v1 API of `rag serve` requires; empty = no token"
    )
    allow_upload: str = _setting(
        "", "RAG_ALLOW_UPLOAD", "1 = visitors may add documents from the page (needs RAG_AUTH); empty = off"
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Build from env vars, then apply non-None overrides (CLI flags)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for var, (name, kind) in _env_fields().items():
            if env.get(var, "") != "":
                values[name] = _convert(var, env[var], kind)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        return settings.validated()

    def validated(self) -> "Settings":
        """Coerce paths and reject values no run could use, with a message naming the setting."""
        fixed = dataclasses.replace(self, data_dir=Path(self.data_dir), corpus=Path(self.corpus))
        if fixed.top_k < 1:
            raise BadInputError(f"RAG_TOP_K / -k must be at least 1, not {fixed.top_k}.")
        if fixed.index_batch < 1:
            raise BadInputError(f"RAG_INDEX_BATCH must be at least 1, not {fixed.index_batch}.")
        if fixed.query_threads < 0 or fixed.index_threads < 0:
            raise BadInputError("RAG_QUERY_THREADS and RAG_INDEX_THREADS must be 0 (every core) or more.")
        if fixed.chunk_words < 20:
            raise BadInputError(f"RAG_CHUNK_WORDS must be at least 20, not {fixed.chunk_words}.")
        return fixed

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def page_models(self) -> list[str]:
        """The models a page visitor may choose from: RAG_MODEL first, then RAG_MODEL_CHOICES."""
        extra = [m.strip() for m in self.model_choices.split(",") if m.strip()]
        return list(dict.fromkeys([self.model, *extra]))

    @property
    def cache_dir(self) -> Path:
        """Where `rag index` saves the derived indexes (BM25, sentence vectors) that questions load."""
        return self.data_dir / "cache"

    @property
    def is_local_model(self) -> bool:
        return self.model.startswith("local/")


def _convert(var: str, raw: str, kind: Any) -> Any:
    kind_name = kind if isinstance(kind, str) else kind.__name__
    try:
        if kind_name in ("int",):
            return int(raw)
        if kind_name in ("float",):
            return float(raw)
        if kind_name in ("Path",):
            return Path(raw).expanduser()
    except ValueError:
        raise BadInputError(f"{var}={raw!r} is not a valid {kind_name}.") from None
    return raw


def settings_table() -> list[tuple[str, str, str]]:
    """(env var, default, meaning) rows, for the README and `rag --help`."""
    return [
        (f.metadata["env"], str(f.default), f.metadata["help"])
        for f in dataclasses.fields(Settings)
        if "env" in f.metadata
    ]
