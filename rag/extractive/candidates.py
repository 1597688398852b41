"""The sentences an extractive answer may state, tidied so each reads well on its own.

News sentences lean on what came before them ("However, ...", "He added ...", the tail of a quote) and carry
print furniture (datelines such as "BAGHDAD -", agency tags, quotes opened in an earlier sentence). Each
candidate keeps its passage number, document and position, so selection can bring an antecedent along or keep
the answer to the documents that hold it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.extractive.names import PARTICLES, TITLES
from rag.extractive.question import SPEECH
from rag.extractive.terms import terms_of
from rag.prompt import PromptPassage
from rag.text import initials, sentence_spans

_ENDS = (".", "!", "?", '"', "'", ")")
MIN_WORDS = 5
# "BAGHDAD -", "Baghdad (IraqiNews.com) -", "(Reuters) -", "WASHINGTON, Jan 5 (AP) -": print furniture
_DATELINE = re.compile(r"^(?:[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?:\([^)]{2,40}\))?"
                       r"|[A-Z][\w .'-]{1,30}\s*\([^)]{2,40}\)|\([A-Z][\w. ]{1,30}\))\s*-{1,2}\s+(?=\S)")
_CONNECTOR = re.compile(r"^(?:However|But|Meanwhile|Moreover|Also|Still|Yet|Instead|Nevertheless|Nonetheless|"
                        r"Furthermore|Additionally|In addition|Besides|Then|Thus|Therefore|So|And|Indeed|Likewise|"
                        r"Similarly|Separately|Earlier|Later)\b,?\s+", re.I)
_POINTS_BACK = re.compile(r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|Such|The latter|The former|"
                          r"The two|Both|At the time|At that time|By then|The same day|The next day|The day before)\b")
# "The death of the commander ...", "the cleric said": a role in lower case, with no name after it, is someone the
# story named before
_DEFINITE_ROLE = re.compile(r"^The (?:\w+ of the )?(?:commander|cleric|minister|president|leader|official|"
                            r"spokesman|spokeswoman|spokesperson|envoy|premier|militant|suspect|gunman|chief)\b"
                            r"(?!\s+[A-Z])")
# a personal pronoun before any name in the sentence refers to someone named earlier ("Comments suggested he ...")
_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|they|them|their)\b")
_FIRST_NAME = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+")
_STRAY_CLOSE = re.compile(r'"\s*(?=(?:said|says|added|adds|noted|stated|told|insisted|stressed|warned)\b)')
_REPORTING_ONLY = re.compile(r"^(?:The |A )?[\w' .-]{0,60}?\s(?:said|says|added|adds|noted|stated|told reporters)"
                             r"(?: on \w+| in a statement)?\.?$")


_NAME_RUN = re.compile(r"\b(?:[A-Z][a-z]+\s+){1,5}[A-Z][a-z]+\b")


@dataclass(frozen=True)
class Candidate:
    n: int  # passage number in the prompt
    date: str  # ISO date of its document, "" when unknown
    position: int  # sentence number within its passage
    text: str  # as the reader will see it (tidied)
    terms: frozenset[str] = frozenset()  # its content stems, plus those of whoever it reports speaking
    source: str = ""  # its document
    leans: bool = False  # its opening points back at a sentence it does not contain ("He", "This")
    antecedent: int | None = None  # index of the candidate just before it in its document, if any
    part: int = 0  # its passage's place in the document (0: the opening)
    respelled: frozenset[str] = frozenset()  # its names written the question's way ("suleimani" -> "soleimani")
    speaker: frozenset[str] = frozenset()  # terms of whom it reports speaking, named earlier ("Ryder": Pentagon)

    @property
    def names(self) -> set[str]:
        """4-letter stems of its words and of whom it reports speaking, to match the actors a question names
        ("Sadr's" names Sadr; '"...," Ryder added' names the Pentagon he spoke for), and the
        initials of each run of three or more capitalised words, so an acronym the question uses matches the name
        written out ("PMF": "Popular Mobilization Forces"; two letters, "US" or "UN", are too ambiguous)."""
        text = re.sub(r"\b([A-Z])\.([A-Z])\.", r"\1\2", self.text)  # "U.S." names the US
        stems = {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", text)}
        return stems | {a[:4] for a in acronyms(text)} | {t[:4] for t in self.respelled | self.speaker}


def acronyms(text: str) -> set[str]:
    """The initials of each run of three or more capitalised words ("Popular Mobilization Forces" -> "pmf"): what
    an acronym in a question stands for. Two letters ("US", "UN") are too ambiguous."""
    runs = [[w for w in run.split() if w not in ("The", "A", "An")] for run in _NAME_RUN.findall(text)]
    return {initials(run) for run in runs if len(run) >= 3}


def balance_quotes(sentence: str, inside: bool) -> str:
    """The sentence with its quotation marks paired: a quote opened in an earlier sentence is opened again, one
    that runs on into the next sentence is closed, a stray closing mark before "said" is dropped."""
    text = sentence
    if inside:
        text = '"' + text
    if text.count('"') % 2:
        stray = _STRAY_CLOSE.search(text)
        if stray and text[:stray.start()].count('"') % 2 == 0:
            text = text[:stray.start()] + text[stray.end():]
        else:
            text = text + '"'
    return text


def tidy(sentence: str, inside_quote: bool) -> tuple[str, bool]:
    """(readable sentence, whether it still points back at an earlier sentence)."""
    text = _DATELINE.sub("", sentence.strip())
    while True:  # "However, ..." -> "..."; the claim stands without the connective
        stripped = _CONNECTOR.sub("", text, count=1)
        if stripped == text or len(stripped.split()) < MIN_WORDS:
            break
        text = stripped[:1].upper() + stripped[1:]
    pronoun = _PRONOUN.search(text)
    name = _FIRST_NAME.search(text)
    leans = (bool(_POINTS_BACK.match(text) or _DEFINITE_ROLE.match(text)) or text[:1].islower() or inside_quote
             or bool(pronoun and '"' not in text[:pronoun.start()] and (not name or pronoun.start() < name.start())))
    return balance_quotes(text, inside_quote), leans


def is_fragment(text: str) -> bool:
    """Headlines, fragments, questions and bare reporting clauses ("The Iraqi Prime Minister said.") answer
    nothing."""
    if len(text.split()) < MIN_WORDS or not text.rstrip().endswith(_ENDS) or text.rstrip(' "\')').endswith("?"):
        return True  # a question in the text answers nothing
    return '"' not in text and bool(_REPORTING_ONLY.match(text.strip()))


_CAPITALISED = re.compile(r"(?<!^)\b[A-Z][a-zA-Z]+")
_PRONOUN_SAID = re.compile(r'[,.!?]"\s+(?:he|she|they)\s+(?:said|says|added|told|stated|wrote|noted)\b')


def said_by_pronoun(text: str) -> bool:
    """A quote whose speaker is only "he" or "she": the sentence before it says who."""
    return bool(_PRONOUN_SAID.search(text))


def _speaker_names(sentence: str) -> set[str]:
    """The capitalised words of who speaks: the few words before a speech verb ("Major General Pat Ryder said"),
    or after it when the attribution is inverted ('...," said Ryder.'). Names inside what is said ("the ministry
    insisted that Ankara played no role") are what the speaker talks about, not who speaks."""
    names: set[str] = set()
    for m in SPEECH.finditer(sentence):
        before = re.split(r'["“”]', sentence[:m.start()])[-1].split()[-4:]
        names.update(_CAPITALISED.findall(" " + " ".join(before)))
        if re.search(r'[,"“”]\s*$', sentence[:m.start()]):
            after = re.split(r"[,.;:!?]", sentence[m.end():])[0].split()[:5]
            names.update(_CAPITALISED.findall(" " + " ".join(after)))
    return {n for n in names if n.lower() not in PARTICLES and n.lower() not in TITLES}  # "Mr Al X" is X


def speaker_terms(sentences: list[str], i: int) -> frozenset[str]:
    """Who a reported sentence speaks for. '"... invitation of its government," Ryder added.' names only Ryder;
    the earlier sentence that introduced him ("the Pentagon Press Secretary, Major General Pat Ryder") says he
    speaks for the Pentagon, so those capitalised words count as this sentence's terms too."""
    if not SPEECH.search(sentences[i]):
        return frozenset()
    names = _speaker_names(sentences[i])
    if i > 0 and said_by_pronoun(sentences[i]):  # '"...," she said': she is whom the sentence before names
        return frozenset(terms_of(" ".join(_CAPITALISED.findall(sentences[i - 1]))))
    for earlier in reversed(sentences[:i]):
        found = set(_CAPITALISED.findall(earlier))
        if names & found:
            return frozenset(terms_of(" ".join(found)))
    return frozenset()


def candidates(passages: list[PromptPassage]) -> list[Candidate]:
    """Every readable sentence of the passages, first occurrence only (neighbouring passages overlap)."""
    seen: dict[str, int] = {}
    out: list[Candidate] = []
    for p in passages:
        sentences = [p.text[s:e] for s, e in sentence_spans(p.text)]
        quotes = 0
        previous: int | None = None
        for i, raw in enumerate(sentences):
            inside = quotes % 2 == 1
            quotes += raw.count('"') - len(_STRAY_CLOSE.findall(raw)) * (raw.count('"') % 2)
            text, leans = tidy(raw, inside)
            key = " ".join(text.lower().split())
            if key in seen:  # (a passage that opens with it has not its antecedent; an overlapping one may)
                if out[seen[key]].antecedent is None and previous is not None and previous != seen[key]:
                    out[seen[key]] = replace(out[seen[key]], antecedent=previous)
                previous = seen[key]
                continue
            if is_fragment(text):
                previous = None
                continue
            seen[key] = len(out)
            speaker = speaker_terms(sentences, i)
            out.append(Candidate(p.n, p.date if p.date != "unknown" else "", i, text,
                                 frozenset(terms_of(text)) | speaker, p.source, leans, previous, p.part,
                                 speaker=speaker))
            previous = seen[key]
    return out


def spelled_as_asked(cands: list[Candidate], asked: set[str], cutoff: float = 0.8) -> list[Candidate]:
    """The candidates with each long term that is another spelling of a question term written the question's
    way ("suleimani" for "soleimani": news spells transliterated names several ways), so coverage, restatement and
    the other term rules count it. Only words of 6+ letters: short words differ by one letter too often. An
    acronym the question uses counts as a term of each sentence that writes its name out."""
    from rag.keyword import close_matches

    cands = [replace(c, terms=c.terms | (acronyms(c.text) & asked)) for c in cands]  # "PMF": its name written out
    long_asked = sorted(t for t in asked if len(t) >= 6 and not t.isdigit())
    if not long_asked:
        return cands
    canon: dict[str, str] = {}
    for term in {t for c in cands for t in c.terms if len(t) >= 6 and t not in asked}:
        match = close_matches(term, long_asked, n=1, cutoff=cutoff)  # the corpus-spelling matcher BM25 uses
        if match:
            canon[term] = match[0]
    if not canon:
        return cands
    return [replace(c, terms=frozenset(canon.get(t, t) for t in c.terms),
                    respelled=frozenset(canon[t] for t in c.terms if t in canon)) for c in cands]
