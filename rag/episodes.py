"""The corpus's episodes (runs of reports close in time) and questions that point at them without naming a year:
"how do the two episodes compare?", "what did the US say each time?", "what happened?".

The rest of the chain reads the periods a question asks about from the years it names (retrieval gives each year
its share of the passages, the answerer a sentence or an overview per year), so such a question gets its
episodes' years written in: "how do the two episodes (2020 and 2024) compare?". The reader sees that in the
"Searched for" notice, as with a corrected spelling.
"""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Callable, Iterable

from rag.dates import month_asked, no_topic, years_in

EPISODE_GAP_DAYS = 180  # reports this far apart tell separate episodes: news follows one story for weeks
MAX_EPISODES = 4  # "what happened?" over more episodes than this is no question one answer can take on

_SEVERAL = re.compile(
    r"\b(?:(?P<two>(?:two|both)\s+(?:episodes|times|periods|occasions|crises|rounds|instances)"
    r"|either\s+(?:episode|time|period|occasion|crisis|round|instance))"
    r"|(?:each|every)\s+(?:episode|time|period|occasion|crisis|round|instance)"
    r"|(?:all|the various|the different)\s+(?:episodes|periods|occasions|crises|rounds|instances))\b", re.I)


def episodes(dates: Iterable[str | None], gap_days: int = EPISODE_GAP_DAYS) -> list[tuple[str, ...]]:
    """The years of each run of report dates (ISO) no more than `gap_days` apart, oldest first: a run from
    December 2019 to January 2020 is one episode of two years. Undated reports belong to none."""
    days = sorted({Date.fromisoformat(d[:10]) for d in dates if d})
    runs: list[list[Date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days <= gap_days:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [tuple(sorted({str(d.year) for d in run})) for run in runs]


def points_at_episodes(question: str, common: Callable[[str], bool] = lambda word: False) -> bool:
    """The question asks about episodes it does not name: several of them ("each time", "the two episodes"),
    or nothing but the news ("what happened?", "give me an overview"). A year or a month named is a period
    already, and so is a question with a topic of its own and no word of several episodes."""
    if years_in(question) or month_asked(question):
        return False
    return bool(_SEVERAL.search(question)) or (bool(re.search(r"[a-z]", question, re.I))
                                               and no_topic(question, common))


def with_episodes(question: str, runs: list[tuple[str, ...]], common: Callable[[str], bool] = lambda word: False
                  ) -> str:
    """`question` with the years of the episodes it points at written in ("how do the two episodes compare?" ->
    "how do the two episodes (2020 and 2024) compare?"; "what happened?" over one episode -> "what happened
    (2024)?"); unchanged when it names its period, or the corpus's episodes do not fit its words (two asked
    of three, more than MAX_EPISODES, several asked of one)."""
    if not runs or len(runs) > MAX_EPISODES or not points_at_episodes(question, common):
        return question
    years = sorted({y for run in runs for y in run})
    named = years[0] if len(years) == 1 else f"{', '.join(years[:-1])} and {years[-1]}"
    m = _SEVERAL.search(question)
    if m is None:
        body = question.rstrip(" ?.!")
        return f"{body} ({named}){question[len(body):]}"
    if len(runs) < 2 or (m.group("two") and len(runs) != 2):
        return question
    return f"{question[:m.end()]} ({named}){question[m.end():]}"
