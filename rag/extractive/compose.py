"""The answer text: the chosen sentences in reading order, each cited, with the lead line or date labels.

Sentences are ordered by document date (undated last), then passage, then position. When they come from one
period, the lead line (the direct answer) opens the text. When they come from different years there is no single
direct answer to lead with; each date group opens with its documents' date ("As reported in January 2020: ...")
so the episodes are kept apart. The label is the report's date, not necessarily the event's: a 2024 article may
recall a 2020 event. A question about when something was reported gets the day ("As reported on January 9, 2024:").
"""

from __future__ import annotations

from rag.dates import report_label
from rag.extractive.candidates import Candidate
from rag.prompt import REFUSAL


def compose(cands: list[Candidate], chosen: list[int], first: str = "", by_day: bool = False) -> str:
    """The cited answer text for the chosen candidates (REFUSAL when none is chosen)."""
    if not chosen:
        return REFUSAL
    ordered = sorted(chosen, key=lambda i: (cands[i].date or "9999", cands[i].n, cands[i].position))
    for i in list(ordered):  # a sentence that leans on one from another passage reads after it
        j = cands[i].antecedent
        if j is not None and j in ordered and ordered.index(j) > ordered.index(i):
            ordered.remove(j)
            ordered.insert(ordered.index(i), j)
    years = {cands[i].date[:4] for i in ordered if cands[i].date}
    if len(years) < 2 and not by_day:
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
