"""Dates as letters write them: "24 October 2016", "24th Oct 2016", "24/10/2016", "October 24, 2016"."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from archive.extract.scan import (
    digit_positions,
    finditer_near,
    is_word_char,
    matches_at,
    word_starts,
)

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
#: The months in Welsh: public bodies in Wales write in Welsh or in both languages.
WELSH_MONTHS = {
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "ebrill": 4, "mai": 5, "mehefin": 6,
    "gorffennaf": 7, "awst": 8, "medi": 9, "hydref": 10, "tachwedd": 11, "rhagfyr": 12,
}  # fmt: skip

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:\s*(?:st|nd|rd|th))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_DAY_MONTH = re.compile(
    rf"\b{_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+(?:day\s+)?of)?[\s\-]+{_MONTH}"
    rf"(?:,?[\s\-]+{_YEAR}|(?P<noyear>))\b(?!/)",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b{_WEEKDAY}{_MONTH}\s+(?:the\s+)?{_DAY}(?:,?\s+{_YEAR}|(?P<noyear>))\b(?![/:])",
    re.IGNORECASE,
)
#: "9 Mehefin 2020", "1af Mawrth 2019": a Welsh date, with its year ("Mai" is also a word).
_DAY_MONTH_WELSH = re.compile(
    r"(?<![\w/.\-])(?P<day>[0-3]?\d)(?:af|il|ydd|ed|fed|eg|ain)?\s+"
    r"(?P<month>" + "|".join(WELSH_MONTHS) + r")\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\w/.\-])(?P<day>[0-3]?\d)(?P<sep>[/.\-])(?P<month>[01]?\d)(?P=sep)"
    r"(?P<year>(?:19|20)?\d\d)(?![\w/\-]|\.\d)"
)
_ISO = re.compile(r"(?<![\w/.\-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")

# Where a match can start: the first letter of a weekday, "the", a day number or a month
# name at the start of a word (with re.IGNORECASE, "s" is also the long "ſ"), or a number
# not run on from a word or another number.
_DAY_MONTH_STARTS = word_starts("mtwfs", digits=True)
_MONTH_DAY_STARTS = word_starts("adfjmnostw")
#: Shorter texts (a line) are scanned by the patterns themselves.
_SCAN_CHARS = 200
_DIGIT = re.compile(r"\d")
#: Whitespace-separated words a spelled date can have before its day number: a weekday,
#: a month, "the" ("Monday, June the 5th").
_WORDS_BEFORE_DAY = 3


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    #: Year may be missing ("13 September"): then ``date`` is None and ``month``/``day`` are set.
    date: dt.date | None
    month: int
    day: int

    def resolved(self, before: dt.date | None) -> dt.date | None:
        """The date; without a year, the most recent such day on or before ``before``."""
        if self.date is not None:
            return self.date
        if before is None:
            return None
        for year in (
            before.year,
            before.year - 1,
            before.year - 2,
            before.year - 3,
            before.year - 4,
        ):
            try:
                candidate = dt.date(year, self.month, self.day)
            except ValueError:
                continue  # 29 February in a common year
            if candidate <= before:
                return candidate
        return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Every date in ``text[start:end]``, in order, non-overlapping."""
    return list(_dates_between(text, start, len(text) if end is None else end))


# The stages that read a letter ask for the dates of the same lines (the header, the date
# line) more than once: the last few answers are kept.
@lru_cache(maxsize=64)
def _dates_between(text: str, start: int, end: int) -> tuple[DateMatch, ...]:
    if _DIGIT.search(text, start, end) is None:
        return ()  # every date has a number
    found: list[DateMatch] = []
    for pattern, matches in _scans(text, start, end):
        for match in matches:
            parsed = _from_match(match, numeric=pattern in (_NUMERIC, _ISO))
            if parsed is not None:
                found.append(parsed)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    result: list[DateMatch] = []
    for item in found:
        if result and item.start < result[-1].end:
            continue
        result.append(item)
    return tuple(result)


def _scans(
    text: str, start: int, end: int
) -> list[tuple[re.Pattern[str], Iterable[re.Match[str]]]]:
    """Each pattern's ``finditer(text, start, end)``: on a longer text, the same matches
    found by trying each pattern only near the numbers.

    Every date has a day number (or a year) that starts a run of digits after a character
    that is not a word's. Numeric dates start at such a number; a spelled date's words are
    separated by whitespace, so it starts within the three whitespace-separated words
    before its day number. Letters hold few numbers, so the patterns, which start with
    common letters, are tried in a few short windows rather than all through the text.
    """
    patterns = (_DAY_MONTH, _MONTH_DAY, _NUMERIC, _ISO, _DAY_MONTH_WELSH)
    if end - start < _SCAN_CHARS:
        return [(pattern, pattern.finditer(text, start, end)) for pattern in patterns]
    numbers = _numbers(text, start, end)
    at_numbers = [at for at in numbers if at == 0 or text[at - 1] not in "/.-"]
    return [
        (_DAY_MONTH, finditer_near(_DAY_MONTH, _DAY_MONTH_STARTS, text, numbers, _WORDS_BEFORE_DAY, start, end)),
        (_MONTH_DAY, finditer_near(_MONTH_DAY, _MONTH_DAY_STARTS, text, numbers, _WORDS_BEFORE_DAY, start, end)),
        (_NUMERIC, matches_at(_NUMERIC, text, at_numbers, start, end)),
        (_ISO, matches_at(_ISO, text, at_numbers, start, end)),
        (_DAY_MONTH_WELSH, matches_at(_DAY_MONTH_WELSH, text, at_numbers, start, end)),
    ]  # fmt: skip


def _numbers(text: str, start: int, end: int) -> list[int]:
    """Where runs of digits start in ``text[start:end]`` after a character not a word's."""
    return [
        at for at in digit_positions(text, start, end) if at == 0 or not is_word_char(text[at - 1])
    ]


def iter_full_dates(text: str, start: int = 0, end: int | None = None) -> Iterator[DateMatch]:
    return (d for d in find_dates(text, start, end) if d.date is not None)


def _from_match(match: re.Match[str], *, numeric: bool) -> DateMatch | None:
    try:
        day = int(match.group("day"))
        month_text = match.group("month")
        month_key = month_text.lower().rstrip(".")
        month = int(month_text) if numeric else MONTHS.get(month_key) or WELSH_MONTHS[month_key]
    except (KeyError, ValueError):
        return None
    year_text = match.group("year") if "year" in match.re.groupindex else None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year_text is None:
        # "13 September": only plausible as a date with a day number and a month name.
        try:
            dt.date(2000, month, day)
        except ValueError:
            return None
        return DateMatch(match.start(), match.end(), None, month, day)
    year = int(year_text)
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if not 1900 <= year <= 2100:
        return None
    return DateMatch(match.start(), match.end(), value, month, day)


#: A line that is a date and nothing else ("Date: 24 October 2016", "Monday, 24th Oct 2016",
#: "24/10/2016"): what the layout labels a date block and the comparison a date paragraph.
#: Any word is taken where the month stands.
_DATE_LINE = re.compile(
    r"^(?:date[d]?\s*:?\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})\s*$",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    """Whether a line is a date and nothing else (see ``_DATE_LINE``)."""
    return _DATE_LINE.match(text) is not None


def parse_date(text: str) -> dt.date | None:
    """The first full date in ``text``, or None."""
    for match in iter_full_dates(text):
        return match.date
    return None


_GLUED = re.compile(
    r"\bdated(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+(?:19|20)\d\d)"
)


def glued_date(view: str, start: int, end: int) -> DateMatch | None:
    """ "dated4 April 1995": a date run into its label by a lost space."""
    glued = _GLUED.search(view, start, end)
    if glued is None:
        return None
    inner = next(iter_full_dates(" " + glued.group("date")), None)
    if inner is None or inner.date is None:
        return None
    at = glued.start("date")
    return DateMatch(at, glued.end("date"), inner.date, inner.month, inner.day)
