"""Calendar words and date patterns, written and parsed in one place.

Indexing reads publication dates with these patterns, the answerer labels episodes with `report_label`
("As reported in January 2020:"), the citation checker strips that label again with `LABEL`, and question
analysis finds the years and months a question names. Keeping them together keeps the writer and the parsers
in step.
"""

from __future__ import annotations

import re
from datetime import date as Date, timedelta
from typing import Callable, Iterable

MONTH_NAMES = ("January February March April May June July August September October November December").split()
WEEKDAYS = ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split()
CALENDAR = frozenset(w.lower() for w in MONTH_NAMES + WEEKDAYS)  # capitalised, yet never a name
MONTH_NUMBER = {m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)} | {m.lower()[:3]: i for i, m in
                                                                       enumerate(MONTH_NAMES, 1)}

_MONTHS = "|".join(MONTH_NAMES)
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# a loose month pattern for reading documents: "Jan.", "Sept", "January"
MONTH_LOOSE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
               r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# a date as news text states it: "January 3", "January 3, 2020", "3 January 2020", "January 2020", "2020"
DATE_MENTION = re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d\d)?\b"
                          r"|\b(?:19|20)\d\d\b")
# a weekday as news states a date: "late on Tuesday", "on Sunday"
WEEKDAY_MENTION = re.compile(rf"\b(?:(?:late|early)\s+)?(?:on\s+)?(?:{'|'.join(WEEKDAYS)})(?:\s+(?:evening|morning|"
                             r"night|afternoon))?\b")
# a day as news states it: "January 4", "4 January", "on Thursday" (a month or a year alone is not a day)
DAY_MENTION = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b(?:{'|'.join(WEEKDAYS)})\b"
                         r"|\b(?:yesterday|today|tomorrow|anniversary)\b", re.I)


def day_asked(text: str) -> re.Pattern | None:
    """"What happened on January 3, 2020?" -> a pattern for that day as news writes it ("January 3", "3 January");
    None when the text names no day of a month."""
    m = re.search(rf"\b(?:({_MONTHS})\s+(\d{{1,2}})|(\d{{1,2}})\s+({_MONTHS}))\b", text, re.I)
    if not m:
        return None
    month, day = (m.group(1) or m.group(4)).capitalize(), int(m.group(2) or m.group(3))
    return re.compile(rf"\b(?:{month}\s+{day}|{day}\s+{month})\b")


def month_asked(text: str) -> tuple[str, str] | None:
    """"What happened in (early) March 2024?" -> ("2024", "March"): a month of a year the text asks about, with no
    day of it ("March 4, 2024" asks a day: `day_asked`); None when it names none."""
    if day_asked(text):
        return None
    m = re.search(rf"\b({MONTH_LOOSE})(?:\s+of)?,?\s+((?:19|20)\d\d)\b", text, re.I)
    if not m:
        return None
    return m.group(2), MONTH_NAMES[MONTH_NUMBER[m.group(1).lower().rstrip(".")[:3]] - 1]


def of_month(text: str, iso: str | None, year: str, month: str) -> bool:
    """The sentence is of that month: its report is dated in it, or it names the month in a report of that year or
    with that year ("on March 3" in a March 2024 paper, "in March 2024" in a later one)."""
    if iso and iso[:7] == f"{year}-{MONTH_NUMBER[month.lower()]:02d}":
        return True
    return bool(re.search(rf"\b{month}\b", text)) and ((iso or "")[:4] == year or year in years_in(text))


# any mention of time: a year, a month, a weekday ("on Sunday"), "last week"-style phrases
TIME_MENTION = re.compile(rf"\b(?:19|20)\d\d\b|\b(?:{_MONTHS}|{'|'.join(WEEKDAYS)})\b|\b(?:last|next|this|earlier "
                          r"this|later this)\s+(?:week|month|year)\b|\b(?:yesterday|today|tomorrow|anniversary)\b",
                          re.I)

# a length of time, which "how long ...?" asks for: "for nearly four years", "after a decade", "90 minutes", "since
# 2014", "two weeks ago"; a bare date ("on Thursday") says when, not how long
DURATION = re.compile(r"\b(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                      r"thirty|forty|fifty|several|few|many|some|hundreds of|thousands of|dozens of)[\s-]+(?:more[\s-]+)?"
                      r"(?:second|minute|hour|day|night|week|month|year|decade|centur(?:y|ie))s?\b|"
                      r"\b(?:since|for|over|throughout)\s+(?:(?:the|a|an|nearly|almost|about|more than|over|at least)\s+)*"
                      rf"(?:(?:19|20)\d\d|{_MONTHS}|decades?|years|months|weeks|days|hours)\b", re.I)
DURATION_ASKED = re.compile(r"\bhow long\b|\bfor how (?:many|much)\s+(?:time|years|months|weeks|days|hours)\b", re.I)

# a year used as a bound, not a topic: "since October 2023", "before 2020" (group 1: the word, group 2: the year)
YEAR_BOUND = re.compile(r"(?<!different )(?<!differ )(?<!differs )(?<!differed )"  # "different from 2020" compares
                        r"\b(since|after|from|before|until|till|by)\s+(?:(?:early|late|mid)[- ])?(?:[A-Z][a-z]+\s+)?"
                        r"((?:19|20)\d\d)\b", re.I)

REPORT_PREFIX = "As reported in"
UNDATED = "Undated report:"
# the label the answerer puts before a group of sentences, and other date labels a model may write
LABEL = re.compile(rf"^(?:(?:As reported (?:in|on)|Reported (?:in|on)|In|On|By|Since)\s+)?(?:(?:{_MONTHS})\s+"
                   r"(?:\d{1,2},?\s+)?)?(?P<year>(?:19|20)\d\d)\s*[:,\u2014-]\s*|^Undated(?: report)?:\s*")


def years_in(text: str) -> set[str]:
    """Four-digit years (1900-2099) the text mentions."""
    return set(YEAR.findall(text))


_BARE_MONTH = re.compile(rf"\b({_MONTHS})\b(?!\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)(?!,?\s+(?:19|20)\d\d)")


def years_recalled(text: str, iso: str | None) -> set[str]:
    """Years a dated text speaks of without printing them: a month named without a year that lies after the
    text's own month is last year's ("since October" in a January 2024 report is October 2023; "at the end of
    December" in a January 2020 one is December 2019). News recalls the recent past this way."""
    if not iso:
        return set()
    month = int(iso[5:7])
    later = [m for m in _BARE_MONTH.findall(text) if MONTH_NUMBER[m.lower()] > month]
    return {str(int(iso[:4]) - 1)} if later else set()


def own_years(text: str, iso: str | None) -> set[str]:
    """The years a dated report is of: its own and the one it recalls without printing it (see years_recalled)."""
    return ({iso[:4]} | years_recalled(text, iso)) if iso else set()


# a year printed with its month ("on March 28, 2015", "in March 2019", "14 May 2020"): an event's date
_DATED_YEAR = re.compile(rf"\b(?:(?:{_MONTHS})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?|\d{{1,2}}\s+(?:{_MONTHS})\s+)"
                         r"((?:19|20)\d\d)\b", re.I)


def years_told_of(text: str, iso: str | None) -> set[str]:
    """The years a report's sentence tells of: the ones it dates an event in with a month ("the bridge fell on
    March 28, 2015" in a 2019 report tells of 2015, not of 2019); else its report's own and any it prints ("who
    took office in 2022, met the envoy on Monday" still tells of the report's year)."""
    return dated_years(text) or own_years(text, iso) | years_asked(text)


def dated_years(text: str) -> set[str]:
    """The years the text prints with a month, as an event's date ("on March 28, 2015", "14 May 2020")."""
    return set(_DATED_YEAR.findall(text))


# "nearly four years after the army shelled the village", "two months since the vote": the clause tells an earlier
# event than the one the sentence reports
_EARLIER = re.compile(r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                      r"twenty|thirty|forty|fifty|several|many|a few)\s+(?:years?|months?|weeks?|decades?)\s+"
                      r"(?:after|since)\b", re.I)


def recalls_earlier(words_before: str) -> bool:
    """The words before an act, back to the start of its clause, say it happened some span before the sentence's
    event: "..., nearly four years after the army shelled the village" recalls the shelling, it does not report
    it ("Two years after the war, militants killed ..." reports the killing)."""
    return bool(_EARLIER.search(re.split(r"[,;:]", words_before)[-1]))


def years_asked(question: str) -> set[str]:
    """The years a question asks about, not those it uses as a bound ("since October 2023" limits when)."""
    return years_in(question) - {m.group(2) for m in YEAR_BOUND.finditer(question)}


# "back in 2020 and more recently", "in 2020 and now": a named year and the periods after it
_LATER = re.compile(r"\b(?:(?:more |most )?recently|lately|since then|now|today|these days|nowadays|currently)\b",
                    re.I)  # adverbs only: "the recent strikes" in 2020 were recent then


def years_asked_with_later(question: str, dates: Iterable[str | None]) -> set[str]:
    """`years_asked`, plus the latest year of `dates` when the question also asks about a later time than the
    years it names ("in 2020 and more recently")."""
    years = years_asked(question)
    latest = max((d[:4] for d in dates if d), default="")
    if years and latest > max(years) and _LATER.search(question):
        years.add(latest)
    return years


def month_label(iso: str) -> str:
    """"2020-01-10" -> "January 2020"."""
    return f"{MONTH_NAMES[int(iso[5:7]) - 1]} {iso[:4]}"


def day_label(iso: str) -> str:
    """"2020-01-10" -> "January 10, 2020"."""
    return f"{MONTH_NAMES[int(iso[5:7]) - 1]} {int(iso[8:10])}, {iso[:4]}"


def report_label(iso: str | None, by_day: bool = False) -> str:
    """The label of a group of sentences from documents of one month, "As reported in January 2020:", or of
    one day when the reader asked when something was reported: "As reported on January 9, 2024:"."""
    if not iso:
        return UNDATED
    return f"As reported on {day_label(iso)}:" if by_day else f"{REPORT_PREFIX} {month_label(iso)}:"


def date_forms(iso: str) -> list[str]:
    """Ways a reader may see a document's date written: ISO, "January 10, 2020", "January 2020"."""
    return [iso, day_label(iso), month_label(iso)]


# words that say nothing about the topic of a "what happened in 2024?" question
# words that place or compare a time rather than name a topic: "in early 2024", "how did 2020 and 2024 differ"
PERIOD_WORDS = """early earlier late later mid middle beginning compare compared comparison differ differs differed
    difference differences different change changed changes between situation crisis crises episode episodes
    versus vs both each two things"""
# words that ask for the news of a time, and no topic: "give me a brief overview of 2024", "what happened?"
NEWS_ASKED = f"""what whats what's happened happen happens happening going on news tell me us about
    events event story stories latest summary summarize summarise overview update updates there then period time
    year years month week days in during the a an of and was were is are did do does give brief key main
    please how has have from to with than this these it documents articles reports texts context {PERIOD_WORDS}"""
_GENERIC = frozenset(NEWS_ASKED.split())


_MONTH_SHORT = frozenset(m[:3].lower() for m in MONTH_NAMES) | {"sept"}


def period_only(question: str, common: Callable[[str], bool] = lambda word: False) -> set[str]:
    """The years a question asks about when it asks about nothing else ("what happened in 2024?" -> {"2024"});
    empty when it has a topic of its own ("what happened to the vote in 2020?"). `common` tells a word most of the
    corpus mentions ("what happened in Iraq in 2020?" over reports on Iraq): it narrows nothing, so no topic."""
    years = years_in(question)
    return years if years and no_topic(question, common) else set()


def no_topic(question: str, common: Callable[[str], bool] = lambda word: False) -> bool:
    """Every word of the question asks for news, places or compares a time, or is one `common` says most of the
    corpus mentions: "what happened in early Jan 2024?", "how do the two episodes compare?"."""
    return all(w in _GENERIC or w in CALENDAR or w in _MONTH_SHORT or common(w)  # "jan", "sept": a month too
               for w in re.findall(r"[a-z']+", question.lower()))  # (not "market")


# a weekday the answerer dated from its report's own date: "on Thursday (January 4, 2024)"
DATED_WEEKDAY = re.compile(rf"\b(?P<weekday>{'|'.join(WEEKDAYS)})\b(?P<part>\s+(?:evening|morning|night|afternoon))?"
                           rf"\s+\((?P<date>(?:{_MONTHS})\s+\d{{1,2}},\s+(?:19|20)\d\d)\)")
_AHEAD = re.compile(r"\b(?:will|would|next|coming|plans?|planned|scheduled|expected|due|until|by)\b", re.I)


def time_ahead(text: str) -> bool:
    """The text states a time still ahead ("will meet on Friday", "withdraw by September 2025", "next week",
    "tomorrow"), which is what "when will ...?" asks for; "last week" or "said on Tuesday" is past."""
    return any(_AHEAD.search(" ".join(text[:m.start()].split()[-4:]))
               or re.match(r"(?:next|tomorrow)\b", m.group(), re.I) for m in TIME_MENTION.finditer(text))


def weekday_before(weekday: str, iso: str) -> str:
    """"Thursday", "2024-01-05" -> "January 4, 2024": the last such weekday on or before a report's date. News
    dates the past week by its weekdays ("a strike on Thursday" in Friday's paper was the day before); a reader
    who comes later needs the date itself."""
    published = Date.fromisoformat(iso[:10])
    back = (published.weekday() - WEEKDAYS.index(weekday.capitalize())) % 7
    return day_label((published - timedelta(days=back)).isoformat())


def date_weekdays(span: str, iso: str | None) -> str:
    """The span with each past weekday dated from the report's date ("on Thursday" -> "on Thursday (January 4,
    2024)"); a weekday still ahead ("will meet on Monday", "next Monday") or already dated stays as it is."""
    if not iso:
        return span

    def dated(m: re.Match) -> str:
        if _AHEAD.search(" ".join(span[:m.start()].split()[-4:])) or re.match(r",?\s+(?:\d|" + _MONTHS + ")",
                                                                              span[m.end():]):
            return m.group()
        return f"{m.group()} ({weekday_before(m.group('weekday'), iso)})"

    return re.sub(rf"\b(?P<weekday>{'|'.join(WEEKDAYS)})\b(?:\s+(?:evening|morning|night|afternoon))?", dated, span)


def undated_weekdays(text: str, iso: str | None) -> tuple[str, bool]:
    """(the text without the dates date_weekdays added, whether each added date is right for a report of `iso`):
    the citation checker verifies those dates against the passage's date, and the words against its text."""
    right = all(bool(iso) and m.group("date") == weekday_before(m.group("weekday"), iso or "")
                for m in DATED_WEEKDAY.finditer(text))
    return DATED_WEEKDAY.sub(lambda m: m.group("weekday") + (m.group("part") or ""), text), right


def period_bound(value: str, end: bool) -> str:
    """yyyy, yyyy-mm or yyyy-mm-dd -> yyyy-mm-dd: the period's first day, or its last when `end`.
    Raises ValueError for anything else ("yesterday", "2024-13-45")."""
    parts = value.strip().split("-")
    if len(parts) == 1:
        y, m, d = int(parts[0]), 12 if end else 1, 31 if end else 1
    elif len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        d = (Date(y + (m == 12), m % 12 + 1, 1) - Date(y, m, 1)).days if end else 1
    elif len(parts) == 3:
        y, m, d = (int(p) for p in parts)
    else:
        raise ValueError(value)
    return Date(y, m, d).isoformat()
