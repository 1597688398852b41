"""The answer text: the chosen sentences in reading order, each cited, with the lead line or date labels.

When the sentences come from one period, the lead line (the direct answer) opens the text, then the passage it
cites, then the other passages in the order they were chosen (the best first, an undated report's too), each
passage's sentences in their own order. When they come from different years there is no single
direct answer to lead with; each date group opens with its documents' date ("As reported in January 2020: ...")
so the episodes are kept apart, in time order (undated last). The label is the report's date, not necessarily the event's: a 2024 article may
recall a 2020 event. A question about when something was reported gets the day ("As reported on January 9, 2024:").
"""

from __future__ import annotations

import re

from rag.dates import report_label
from rag.extractive.candidates import Candidate
from rag.prompt import REFUSAL


def compose(cands: list[Candidate], chosen: list[int], first: str = "", by_day: bool = False) -> str:
    """The cited answer text for the chosen candidates (REFUSAL when none is chosen)."""
    if not chosen:
        return REFUSAL
    years = {cands[i].date[:4] for i in chosen if cands[i].date}
    labelled = len(years) >= 2 or by_day
    cited = re.search(r"\[(\d+)\]\.?$", first.strip())  # the passage the lead line quotes
    rank: dict[int, int] = {int(cited.group(1)): -1} if cited else {}
    for k, i in enumerate(chosen):
        rank.setdefault(cands[i].n, k)
    ordered = sorted(chosen, key=lambda i: (cands[i].date or "9999", cands[i].n, cands[i].position) if labelled
                     else (rank[cands[i].n], cands[i].position))
    for i in list(ordered):  # a sentence that leans on one from another passage reads after it
        j = cands[i].antecedent
        if j is not None and j in ordered and ordered.index(j) > ordered.index(i):
            ordered.remove(j)
            ordered.insert(ordered.index(i), j)
    if not labelled:
        body = " ".join(f"{cands[i].text.rstrip()} [{cands[i].n}]" for i in ordered)
        return f"{first}\n{body}" if first else body
    lines: list[str] = []
    label = None
    for i in ordered:
        c = cands[i]
        this = report_label(c.date or None, by_day)
        sentence = f"{c.text.rstrip()} [{c.n}]"
        if this != label:
            lines.append(f"{this} {sentence}")
            label = this
        else:
            lines[-1] += f" {sentence}"
    return "\n".join(lines)
