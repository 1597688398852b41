"""Turn a file's raw text into article text plus title and date.

The rules are general to news pages, not to these files: web furniture lines ("Related Articles",
"Leave a Reply", "Back to top"...) and loading/translation notices are dropped. Photo captions lose agency ids
("epa08127441") and credits ("EPA/NAME", "(Photo by ... via Getty Images)") and form a part of their own at the
end of the text. A date comes from declared metadata, else an explicit date line, else a dateline (a full date
near the top of the page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date

from rag.dates import MONTH_LOOSE, MONTH_NUMBER
from rag.text import normalize_unicode, split_sentences

_MONTH = MONTH_LOOSE
_DATE_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
    re.compile(rf"\b(?P<mn>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH}),?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
]
_DATE_LINE = re.compile(r"^(?:date|dated|published|posted|updated|last updated)\b\s*(?:on)?\s*[:\-]?\s*", re.I)

# Whole lines that are page furniture on news sites and blogs.
_FURNITURE = re.compile(
    r"^(?:source link|related (?:articles?|posts?|stories|news|content|topics)|leave a (?:reply|comment)"
    r"|your email address will not be published.*|required fields are marked.*|back to top(?: button)?"
    r"|loading\.*|powered by automated translation|advertisement|sponsored(?: content)?|share(?: this)?(?: article| story| post)?"
    r"|share on \w+|tweet|email|print|comments?|\d+ comments?|post navigation|skip to (?:main )?content"
    r"|you (?:may|might) also like.*|read more.*|more from .*|click here.*|sign up for .*|subscribe.*"
    r"|follow us on .*|all rights reserved.*|(?:copyright|©).*|cookies? (?:policy|settings).*|accept cookies?"
    r"|previous (?:article|post)|next (?:article|post)|trending(?: now)?|most read|latest news|listen to this article.*)$",
    re.I,
)
_INLINE_FURNITURE = re.compile(r"\s*\b(?:Loading\.\.\.|Loading…)\s*", re.I)
_AGENCIES = r"(?:EPA|AFP|AP|Reuters|REUTERS|Getty Images|Anadolu(?: Agency)?|Xinhua|Shutterstock|EFE|ANSA|DPA|SANA|IRNA|WANA|Sputnik|TASS|UPI|Pool)"
_CAPTION_WORDS = 8  # a caption shorter than this describes the photo only
_CAPTION_PATTERNS = [
    re.compile(r"^(?:epa|afp|efe|ansa|ap|dpa)[a-z]*\d{5,}\b", re.I),  # agency photo id leading a caption
    re.compile(rf"\b{_AGENCIES}\s*/\s*[A-Z][A-Za-z .'\-]*$"),  # "... EPA/MURTAJA LATEEF"
    re.compile(r"\((?:[^()]*\b(?:photo|photograph|image|picture|file)\b[^()]*|[^()]*\bvia Getty Images)\)\s*$", re.I),
    re.compile(r"^(?:photo|image|picture|file photo|caption|credit|photograph)\s*(?:credit)?\s*[:|]", re.I),
]


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str
    date: str | None
    sections: tuple[int, ...] = ()  # offsets in `text` where a part begins that passages must not span (captions)


def parse_date(value: str) -> str | None:
    """The first full calendar date in value as ISO yyyy-mm-dd, or None."""
    best = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(value)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["m"]) if groups.get("m") else MONTH_NUMBER[groups["mn"].lower()[:3]]
        try:
            found = Date(int(m.group("y")), month, int(m.group("d")))
        except ValueError:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), found.isoformat())
    return best[1] if best else None


def is_caption(line: str) -> bool:
    return any(p.search(line) for p in _CAPTION_PATTERNS)


def caption_text(line: str) -> str:
    """What a photo caption says, without its photo id, label and credit: captions often hold facts the article
    body does not repeat ("... protesters against corruption, which started in October 2019"). A bare credit or
    a few words of label leave nothing worth a passage and give ""."""
    for pattern in _CAPTION_PATTERNS:
        line = pattern.sub(" ", line)
    line = re.sub(r"\s+", " ", line).strip(" -|")
    return line if len(line.split()) >= _CAPTION_WORDS and line.endswith((".", "!", "?", '"')) else ""


def is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line.strip().rstrip(":").strip()))


def _heading_like(line: str) -> bool:
    return 0 < len(line.split()) <= 16 and not line.rstrip().endswith((".", "?", "!", ":", ",", ";"))


def _make_title(lines: list[str], kind: str) -> str:
    for line in lines:
        if kind == "md" and line.startswith("#"):
            return line.lstrip("#").strip()
        if line.strip():
            if _heading_like(line):
                return line.strip()
            first = split_sentences(line)[0]
            cut = first.split()
            return " ".join(cut[:12]) + ("…" if len(cut) > 12 else "")
    return ""


def clean(raw: str, kind: str = "txt", meta: dict | None = None, fallback_title: str = "") -> Cleaned:
    """Article text (furniture and captions removed, unicode and spaces normalised) with title and date."""
    meta = meta or {}
    text = normalize_unicode(raw)
    head = text[:600]
    date = parse_date(str(meta["date"])) if meta.get("date") else None
    kept: list[str] = []
    captions: list[str] = []
    for line in text.split("\n"):
        if _DATE_LINE.match(line) and parse_date(line):
            date = date or parse_date(line)
            continue
        line = _INLINE_FURNITURE.sub(" ", line).strip()
        if not line:
            kept.append("")
            continue
        if is_furniture(line):
            continue
        if is_caption(line):  # kept apart: where the photo sat, it splits paragraphs that belong together
            said = caption_text(line)
            captions += [said] if said else []
            continue
        if kind == "md":
            line = re.sub(r"^#{1,6}\s+", "", line)
        kept.append(line)
    if date is None:
        date = parse_date(head)  # a dateline: a full date near the top of the page
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    sections: tuple[int, ...] = ()
    if captions:  # a part of their own, so no passage mixes them with the article's last paragraphs
        sections = (len(body) + 2,) if body else ()
        body = "\n\n".join(([body] if body else []) + captions)
    raw_lines = [line for line in normalize_unicode(raw).split("\n") if line.strip()]
    title = str(meta.get("title") or "").strip()
    if not title:
        body_lines = [line for line in body.split("\n") if line.strip()]
        md_heading = [line for line in raw_lines if line.startswith("#")] if kind == "md" else []
        title = _make_title(md_heading or body_lines, kind) or fallback_title
    return Cleaned(text=body, title=normalize_unicode(title), date=date, sections=sections)
