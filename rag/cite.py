"""Citations are checked, not trusted.

Every [n] must name a passage the model was given (others are removed and reported). Every answer sentence is
scored against each passage it cites. No NLI model ships offline, so support is an entailment proxy:
    support = 0.5 * lexical precision + 0.5 * best sentence cosine
where lexical precision is the share of the sentence's content stems found in the passage (what the sentence
claims must be in the passage; extra passage text does not count against it) and the cosine compares the
sentence with the passage's closest sentence. Verbatim extracts score 1.0, and a claim that is a verbatim span
of the passage (a lead line such as "In short: late on Tuesday") counts as supported however short it is; a claim
whose key words are not in the passage falls under SUPPORTED. Dates the answer adds from a passage's own date
(a label "As reported in January 2020:", a weekday dated "on Thursday (January 4, 2024)") are checked against that
date, not its text. See tests/test_cite.py for the cases it is held to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.dates import LABEL, undated_weekdays
from rag.embed import Embedder
from rag.keyword import tokenize
from rag.models import Citation, Hit, SentenceCheck
from rag.text import fold, sentence_spans

SUPPORTED = 0.62
_MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SUMMARY_LABEL = re.compile(r"^In short:\s*")  # the offline answerer's lead line


def split_label(claim: str) -> tuple[str | None, str]:
    """(year of a leading date label or None, the claim without the label)."""
    m = LABEL.match(claim) or _SUMMARY_LABEL.match(claim)
    if not m:
        return None, claim
    return m.groupdict().get("year"), claim[m.end():]


@dataclass(frozen=True)
class Checked:
    text: str  # the answer with invalid markers removed
    sentences: tuple[SentenceCheck, ...]
    citations: tuple[Citation, ...]
    invalid: tuple[int, ...]  # marker numbers that pointed at no given passage


def markers(sentence: str) -> list[int]:
    out: list[int] = []
    for m in _MARKER.finditer(sentence):
        out += [int(x) for x in re.split(r"[,;]", m.group(1))]
    return out


def strip_markers(sentence: str) -> str:
    return _MARKER.sub("", sentence).strip()


def remove_invalid(text: str, n_passages: int) -> tuple[str, list[int]]:
    """Drop markers whose numbers are not 1..n_passages (keeping valid numbers in a mixed marker)."""
    invalid: list[int] = []

    def fix(m: re.Match) -> str:
        nums = [int(x) for x in re.split(r"[,;]", m.group(1))]
        bad = [x for x in nums if not 1 <= x <= n_passages]
        invalid.extend(bad)
        good = [x for x in nums if 1 <= x <= n_passages]
        return "".join(f" [{x}]" for x in good) if good else ""

    return _MARKER.sub(fix, text), invalid


def answer_sentences(text: str) -> list[str]:
    """Sentences of an answer, each keeping the markers that follow it ("... troops. [2]" stays together)."""
    # markers written after the full stop ("... victims. [1] Next ...") close that sentence
    glued = re.sub(r"([.!?][\"')]*(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)[^\S\n]+(?=\S)", "\\1\n", text)
    spans = sentence_spans(glued)
    out: list[str] = []
    for s, e in spans:
        piece = glued[s:e]
        if out and re.fullmatch(r"(\s*\[\d+(?:\s*[,;]\s*\d+)*\])+", piece):
            out[-1] += " " + piece  # a marker that the splitter left on its own
        else:
            out.append(piece)
    return out


def _span_of(claim: str, passage: str) -> bool:
    """The claim, less its final full stop and quote marks, appears word for word in the passage."""
    core = fold(claim).strip(' ."\'')
    return len(core.split()) >= 2 and core.replace('"', "") in fold(passage).replace('"', "")


def support_scores(claims: list[str], passages: list[str], embedder: Embedder) -> list[tuple[float, str]]:
    """(support, best passage sentence) for each (claim, passage) pair, by the proxy in the module doc."""
    if not claims:
        return []
    # a date label, and a weekday's date, is checked against the passage's date (in check), not its text
    bare = [undated_weekdays(split_label(c)[1], None)[0] for c in claims]
    p_sents = [[p[s:e] for s, e in sentence_spans(p)] or [p] for p in passages]
    flat = [s for group in p_sents for s in group]
    vecs = embedder.encode(bare + flat)
    c_vecs, s_vecs = vecs[: len(claims)], vecs[len(claims):]
    out = []
    offset = 0
    for claim, c_vec, group, passage in zip(bare, c_vecs, p_sents, passages):
        sims = s_vecs[offset: offset + len(group)] @ c_vec
        offset += len(group)
        best = int(np.argmax(sims))
        claim_terms = set(tokenize(claim))
        lexical = len(claim_terms & set(tokenize(passage))) / max(1, len(claim_terms))
        support = 0.5 * lexical + 0.5 * float(sims[best])
        if claim_terms and _span_of(claim, passage):
            support = max(support, SUPPORTED)
        out.append((support, group[best]))
    return out


def renumber(text: str) -> tuple[str, dict[int, int]]:
    """Number citations 1, 2, 3 in reading order; returns the new text and {new n: old n}."""
    order: dict[int, int] = {}
    for m in _MARKER.finditer(text):
        for x in re.split(r"[,;]", m.group(1)):
            order.setdefault(int(x), len(order) + 1)

    def fix(m: re.Match) -> str:
        nums = dict.fromkeys(order[int(x)] for x in re.split(r"[,;]", m.group(1)))
        return " " + "".join(f"[{x}]" for x in nums)

    return _MARKER.sub(fix, text), {new: old for old, new in order.items()}


class StreamRenumberer:
    """Applies check()'s numbering to streamed text as it arrives: markers for passages that were not given are
    dropped and the rest numbered 1, 2, 3 in reading order, so what the reader sees while the answer streams
    already matches the final, checked answer. A marker cut between two pieces is held back until complete."""

    def __init__(self, n_passages: int) -> None:
        self.n_passages = n_passages
        self.order: dict[int, int] = {}
        self.pending = ""
        self._ends_in_space = False

    def _fix(self, m: re.Match) -> str:
        nums = [int(x) for x in re.split(r"[,;]", m.group(1))]
        kept = [x for x in nums if 1 <= x <= self.n_passages]
        for x in kept:
            self.order.setdefault(x, len(self.order) + 1)
        return "".join(f" [{self.order[x]}]" for x in dict.fromkeys(kept))

    def feed(self, piece: str) -> str:
        text = self.pending + piece
        cut = text.rfind("[")
        if cut >= 0 and "]" not in text[cut:] and len(text) - cut < 12:
            text, self.pending = text[:cut], text[cut:]
        else:
            self.pending = ""
        return self._emit(_MARKER.sub(self._fix, text))

    def flush(self) -> str:
        text, self.pending = self.pending, ""
        return self._emit(_MARKER.sub(self._fix, text))

    def _emit(self, text: str) -> str:
        if self._ends_in_space and text.startswith(" "):
            text = text.lstrip(" ")  # the space before a marker already went out with the previous piece
        if text:
            self._ends_in_space = text[-1].isspace()
        return text


def check(text: str, hits: list[Hit], embedder: Embedder) -> Checked:
    """Verify the [n] citations of an answer against the passages it was given (hits[n-1] is [n]).

    Markers are renumbered in reading order, so citation n is the n-th passage the reader meets."""
    text, invalid = remove_invalid(text, len(hits))
    text, old_n = renumber(text)
    hits = [hits[old_n[n] - 1] for n in sorted(old_n)]
    sentences = answer_sentences(text)
    pairs = [(i, n) for i, s in enumerate(sentences) for n in dict.fromkeys(markers(s))]
    claims = [strip_markers(sentences[i]) for i, _ in pairs]
    scored = support_scores(claims, [hits[n - 1].passage.text for _, n in pairs], embedder)
    for j, ((i, n), claim) in enumerate(zip(pairs, claims)):
        year, _ = split_label(claim)
        date = hits[n - 1].passage.date
        if year and date and date[:4] != year or not undated_weekdays(claim, date)[1]:
            scored[j] = (0.0, scored[j][1])  # the label's year, or a weekday's date, is wrong for this passage
    by_pair = {pair: result for pair, result in zip(pairs, scored)}
    checks: list[SentenceCheck] = []
    for i, sentence in enumerate(sentences):
        cited = tuple(dict.fromkeys(markers(sentence)))
        results = [by_pair[(i, n)] for n in cited]
        best = max(results, default=(0.0, ""), key=lambda r: r[0])
        checks.append(SentenceCheck(text=strip_markers(sentence), cited=cited, supported=best[0] >= SUPPORTED,
                                    support=round(best[0], 4), evidence=best[1],
                                    supported_by=tuple(n for n, r in zip(cited, results) if r[0] >= SUPPORTED)))
    citations = []
    for n in dict.fromkeys(n for _, n in pairs):
        results = [by_pair[(i, m)] for i, m in pairs if m == n]
        citations.append(Citation(
            n=n, hit=hits[n - 1], supported=all(r[0] >= SUPPORTED for r in results),
            evidence=tuple(dict.fromkeys(r[1] for r in results if r[0] >= SUPPORTED)),
        ))
    return Checked(text=text.strip(), sentences=tuple(checks), citations=tuple(citations), invalid=tuple(invalid))


def faithful(claims: list[str], passages: list[str], embedder: Embedder) -> list[bool]:
    """For each claim: is it supported by any of the passages (cited or not)? Used by eval's faithfulness."""
    if not claims or not passages:
        return [False] * len(claims)
    pairs = [(c, p) for c in claims for p in passages]
    scores = support_scores([c for c, _ in pairs], [p for _, p in pairs], embedder)
    k = len(passages)
    return [max(s for s, _ in scores[i * k:(i + 1) * k]) >= SUPPORTED for i in range(len(claims))]
