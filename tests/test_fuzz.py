"""A few hundred generated questions (templates x names found in the corpus x typos x odd characters) through
the real chain: none may raise, and every answer's citations must be checked and pointing at given passages."""

import logging
import random
import re

import pytest

from rag.errors import RagError
from tests.conftest import SEEDS

TEMPLATES = [
    "why did {name} {verb}?", "When did {name} {verb}?", "who is {name}", "Who was {name}?", "what did {name} say?",
    "How many {noun} did {name} mention?", "how many {noun} are there in {year}?", "what happened in {year}",
    "What happened to {name} in {year}?", "tell me about {name}", "{name}?", "and what did he say about {noun}?",
    "On what date was the report about {name} published?", "What is the {noun} of {name}?",
    "Who is the {noun} of {name} in {year} and who was it in {year2}?", "How much does {name} cost?",
    "did {name} and {name2} agree?", "since {month} {year}, what did {name} do?", "{verb} {noun} {year}",
]
VERBS = ["ask US troops to leave", "call for protests", "resign", "vote", "say nothing", "strike the base"]
NOUNS = ["troops", "people", "prime minister", "attacks", "money", "population", "name", "role", "drones"]
ODD = ["", " 🙂", " <b>bold</b>", " <img src=x onerror=alert(2)>", " [1] [2]", "\u202eRTL", " \x00\x07", " ???",
       " " + "very " * 300, " 'quoted \"text", " SELECT * FROM passages;", " .*+?(", "\ud800"]


def corpus_names() -> list[str]:
    """Capitalised word runs from the corpus itself, so the fuzz follows whatever documents are indexed."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    names = sorted(set(re.findall(r"\b[A-Z][a-z]+(?:[ -](?:al-)?[A-Z][a-z]+)*", text)))
    return [n for n in names if len(n) > 3]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def generated(count: int, seed: int = 12) -> list[str]:
    rng = random.Random(seed)
    names = corpus_names()
    out = []
    for _ in range(count):
        name, name2 = rng.choice(names), rng.choice(names)
        if rng.random() < 0.3:
            name = typo(name, rng)
        q = rng.choice(TEMPLATES).format(name=name, name2=name2, verb=rng.choice(VERBS), noun=rng.choice(NOUNS),
                                         year=rng.choice(["2019", "2020", "2023", "2024", "1990"]),
                                         year2=rng.choice(["2020", "2024"]), month=rng.choice(["October", "May"]))
        out.append(q + rng.choice(ODD) if rng.random() < 0.35 else q.lower() if rng.random() < 0.2 else q)
    return out


def test_generated_questions_never_raise_and_cite_only_given_passages(chat, caplog):
    questions = generated(240)
    failures = []
    with caplog.at_level(logging.ERROR):
        for q in questions:
            try:
                answer = chat.ask(q)
            except RagError:
                continue  # a plain message for the reader (an empty question, say) is an answer too
            except Exception as err:  # noqa: BLE001 - collecting, not handling
                failures.append(f"{q!r}: {type(err).__name__}: {err}")
                continue
            given = {h.passage.chunk_id for h in answer.retrieved}
            if any(c.hit.passage.chunk_id not in given for c in answer.citations):
                failures.append(f"{q!r}: cites a passage it was not given")
    assert failures == []
    crashed_inside = [r.getMessage() for r in caplog.records if r.name.startswith("rag.")]
    assert crashed_inside == [], "the answerer's safety net had to catch a bug"


@pytest.mark.parametrize("question", ["   ", "\t\n"])
def test_blank_questions_get_a_plain_message(chat, question):
    with pytest.raises(RagError, match="Please type a question"):
        chat.ask(question)
