"""The offline default answerer: it composes each answer from the retrieved passages' own sentences, each
cited, so it is grounded by construction and needs no model download or API key.

question.py reads what a question asks for (counted.py what a how-many question counts); names.py tells
names, titles, people and bodies apart; candidates.py tidies the sentences an answer may use; states.py and
asked.py measure a sentence against the question (the period, count, name or time it asks for, and whether it
is about the question's matter); who.py how well it names or describes whom a who-question asks for, and
roles.py the role a sentence gives a person ("who is X?");
select.py scores and chooses them (overview.py for a vague period question); lead.py writes the direct-answer
line, with spans.py finding the words that state a number or a date; compose.py writes the text; answerer.py
runs the steps; provider.py serves it as the `local/extractive` model, in process.
"""

from rag.extractive.answerer import ExtractiveAnswerer
from rag.extractive.lead import LEAD_LABEL
from rag.extractive.provider import PROVIDER, is_local, local_stream

__all__ = ["ExtractiveAnswerer", "LEAD_LABEL", "PROVIDER", "is_local", "local_stream"]
