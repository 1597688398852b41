"""Find and read corpus files (.txt .md .html .pdf) into plain text, decoding safely.

A file that cannot be read is skipped with a reason in plain words; it never stops the others. Files are read
one at a time (`iter_folder`), never the whole folder at once, and whether a file changed is decided from its
bytes alone (`fingerprint`, read in blocks), so an unchanged file is never parsed.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from rag.errors import BadInputError

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
SIDECAR = "metadata.json"


@dataclass(frozen=True)
class RawFile:
    """A readable corpus file: its text before cleaning plus any metadata the file or a sidecar declares."""

    doc_id: str
    path: Path
    kind: str  # txt | md | html | pdf
    text: str
    meta: dict = field(default_factory=dict)  # title/date/source from front matter, <meta> or the sidecar
    raw_hash: str = ""
    note: str = ""  # e.g. "decoded as cp1252"


@dataclass(frozen=True)
class Skipped:
    doc_id: str
    reason: str


def find_files(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """Supported files under folder, sorted, hidden ones ignored, plus the folders that were passed over and
    why (a symlink loop, a folder that may not be read). Raises a plain error for a missing folder."""
    if not folder.exists():
        raise BadInputError(f"The folder '{folder}' does not exist. Give the folder of documents to index.")
    if not folder.is_dir():
        raise BadInputError(f"'{folder}' is a file, not a folder. Give the folder that holds the documents.")
    files: list[Path] = []
    passed: list[Skipped] = []
    seen = {os.path.realpath(folder)}

    def unreadable(err: OSError) -> None:
        name = Path(err.filename).relative_to(folder).as_posix() if err.filename else str(folder)
        passed.append(Skipped(name + "/", f"the folder could not be read ({err.strerror}); its files were skipped"))

    for root, dirs, names in os.walk(folder, onerror=unreadable, followlinks=True):
        here = Path(root)
        for d in sorted(dirs):
            path = here / d
            real = os.path.realpath(path)
            if d.startswith("."):
                dirs.remove(d)
            elif real in seen:  # a link back to a folder already walked: following it would never end
                dirs.remove(d)
                passed.append(Skipped(path.relative_to(folder).as_posix() + "/",
                                      "it is a symbolic link back to a folder already indexed (a loop); skipped"))
            else:
                seen.add(real)
        files += [here / n for n in names if not n.startswith(".") and Path(n).suffix.lower() in SUPPORTED
                  and (here / n).is_file()]
    if not files:
        raise BadInputError(
            f"No .txt, .md, .html or .pdf files were found in '{folder}'; nothing was changed in the index."
        )
    return sorted(files), passed


def read_sidecar(folder: Path) -> dict[str, dict]:
    """metadata.json beside the files: {"file name or relative path": {"title": .., "date": .., "source": ..}}."""
    path = folder / SIDECAR
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BadInputError(f"'{path}' is not valid JSON ({err}); fix or remove it and index again.") from None
    if not isinstance(data, dict):
        raise BadInputError(f"'{path}' must be a JSON object keyed by file name.")
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text: UTF-16 or UTF-8 as their byte-order mark says, UTF-8 without one, else Windows-1252.
    Binary data raises ValueError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # its zero bytes are text, not binary
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            raise ValueError("it starts like UTF-16 text but is not valid UTF-16") from None
    if b"\x00" in data[:8192]:
        raise ValueError("it looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * max(1, len(text[:8192])) or text.count("\ufffd") > 0.01 * max(1, len(text)):
        raise ValueError("it is neither UTF-8 text nor a known text encoding")
    return text, "not UTF-8; decoded as Windows-1252"


def _front_matter(text: str) -> tuple[str, dict]:
    """Split '---' YAML-ish front matter (simple key: value lines) off a Markdown file."""
    m = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, re.S)
    if not m:
        return text, {}
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and value.strip():
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return text[m.end():], meta


def _html_text(html: str) -> tuple[str, dict]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        if key in ("article:published_time", "date", "pubdate", "publish-date", "dc.date") and tag.get("content"):
            meta.setdefault("date", tag["content"])
        if key in ("og:title",) and tag.get("content"):
            meta.setdefault("title", tag["content"])
    heading = soup.find("h1")
    if heading and heading.get_text(strip=True):
        meta.setdefault("title", heading.get_text(" ", strip=True))
    elif soup.title and soup.title.get_text(strip=True):
        meta.setdefault("title", soup.title.get_text(" ", strip=True))
    for tag in soup(["script", "style", "noscript", "template", "svg", "nav", "footer", "form", "iframe", "head"]):
        tag.decompose()
    blocks = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article",
              "blockquote", "figcaption", "header")
    for tag in soup.find_all(blocks):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return soup.get_text(), meta


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise ValueError(f"it is not a readable PDF ({type(err).__name__})") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise ValueError("the PDF has no extractable text (a scan needs OCR first)")
    return text


_BLOCK = 1 << 20


def _sidecar_meta(path: Path, folder: Path, sidecar: dict[str, dict]) -> dict:
    return dict(sidecar.get(path.relative_to(folder).as_posix()) or sidecar.get(path.name) or {})


def _digest(hasher: Any, meta: dict) -> str:
    hasher.update(json.dumps(meta, sort_keys=True).encode())
    return hasher.hexdigest()


def fingerprint(path: Path, folder: Path, sidecar: dict[str, dict]) -> str:
    """The file's `raw_hash` without parsing it: its bytes (read in 1 MiB blocks) plus its sidecar metadata.
    Metadata inside the file (front matter, <meta>) is a function of the bytes, so it needs no hashing of its
    own. Raises ValueError when the file cannot be read."""
    hasher = hashlib.sha256()
    try:
        with path.open("rb") as f:
            while block := f.read(_BLOCK):
                hasher.update(block)
    except OSError as err:
        raise ValueError(f"it could not be read ({err.strerror})") from None
    return _digest(hasher, _sidecar_meta(path, folder, sidecar))


def read_file(path: Path, folder: Path, sidecar: dict[str, dict]) -> RawFile:
    """Read one file; raises ValueError with a plain reason when it cannot be used."""
    doc_id = path.relative_to(folder).as_posix()
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ValueError(f"it could not be read ({err.strerror})") from None
    kind = {".htm": "html", ".markdown": "md"}.get(path.suffix.lower(), path.suffix.lower().lstrip("."))
    note, meta = "", {}
    if kind == "pdf":
        text = _pdf_text(path)
    else:
        text, note = decode(data)
        if kind == "html":
            text, meta = _html_text(text)
        elif kind == "md":
            text, meta = _front_matter(text)
    if not text.strip():
        raise ValueError("it is empty")
    extra = _sidecar_meta(path, folder, sidecar)
    meta.update(extra)
    raw_hash = _digest(hashlib.sha256(data), extra)  # what fingerprint() gives without parsing
    del data
    return RawFile(doc_id=doc_id, path=path, kind=kind, text=text, meta=meta, raw_hash=raw_hash, note=note)


def iter_folder(folder: Path) -> Iterator[RawFile | Skipped]:
    """Each file under folder, read when it is reached (one in memory at a time), or Skipped with why (folders
    passed over come first)."""
    sidecar = read_sidecar(folder)
    files, passed = find_files(folder)
    yield from passed
    for path in files:
        try:
            yield read_file(path, folder, sidecar)
        except ValueError as err:
            yield Skipped(path.relative_to(folder).as_posix(), str(err))


def load_folder(folder: Path) -> tuple[list[RawFile], list[Skipped]]:
    """Every readable file under folder, and the ones skipped with why, all in memory: for small folders and
    tests; `rag index` streams (index/build.py)."""
    read: list[RawFile] = []
    skipped: list[Skipped] = []
    for item in iter_folder(folder):
        (skipped if isinstance(item, Skipped) else read).append(item)
    return read, skipped
