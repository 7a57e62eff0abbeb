"""Reference numbers, as written: labelled ones ("Our ref: MC2016/12345") and known case shapes."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from archive.extract.scan import (
    NEAR_SCAN_CHARS,
    ascii_lower,
    digit_positions,
    find_word_starts,
    matches_at,
)
from archive.refs import normalise_reference

# The label's core ("ref", "reference no.", "case number"); words before it ("Our", "CTS",
# "Home Office") do not change what the value is, so they are not matched.
# Written to start with a plain set of first letters (then the word boundary, then the rest
# without regard to case), so the regex engine skips ahead to those letters rather than
# trying a case-insensitive match at every position; it matches what
# ``\b(?:ref...|case...|...|uan)(?![a-z])...`` with re.IGNORECASE matches.
_LABEL = re.compile(
    r"[RrCcFfTtAaUu](?<!\w.)(?i:"
    r"(?<=r)ef(?:erence)?s?\.?(?:\s*(?:no\.?|number|#))?|"
    r"(?<=c)ase\s*(?:no\.?|number|id)|(?<=f)ile\s*(?:no\.?|number)|(?<=t)racking\s+number|"
    r"(?<=a)pplication\s+(?:no\.?|number)|(?<=c)laim\s+(?:no\.?|number)|"
    r"(?<=u)nique\s+application\s+number|(?<=u)an)"
    r"(?i:(?![a-z])\s*(?:[:#.\-–]\s*|\s))"
)
# A reference value: letters, digits and separators, with at least one digit (or a slash-code).
# A short code in capitals may stand apart from the number ("MC 2016/1234", "POC_ 1331035"),
# and a comma run into digits continues it ("OG 98/18,22-24").
_VALUE = re.compile(
    r"(?P<value>(?:[A-Z]{2,5}_?[ \t](?=[A-Za-z0-9/\-_.()]*\d))?"
    r"(?=[A-Za-z0-9/\-_.()]*\d|[A-Z]{2,}[/\-][A-Z]{2,})[A-Za-z0-9](?:[A-Za-z0-9/\-_.()]|,(?=\d)){1,40})"
)
_MORE = re.compile(r"\s*(?:[,;&]|and|/)\s*")
# Shapes common in government correspondence, recognised even without a label.
# Every shape starts with a capital: matched first (then checked not to follow a word), so
# the regex engine skips ahead to capitals; each shape's count of capitals is one less.
_SHAPES = re.compile(
    r"[A-Z](?<![\w/\-][A-Z])(?:"
    r"[A-Z]{0,3}\d{4}/\d{3,8}"  # MC2016/12345, TO2019/00123
    r"|[A-Z]{1,4}/\d{4,9}/\d{2,4}"  # MIN/0120101/19
    r"|[A-Z]{1,3}-\d{6,9}"  # PO-1234567, DE-0012345
    r"|\d{4,7}/\d{2}"  # M11295/16
    r"|[A-Z]{0,3}\d{4}-\d{5,8}"  # DWP2016-0012345
    # GWF048812637 (UK Visas and Immigration), HO case numbers; not a public inquiry's
    # document number, padded with zeros ("POL00039281", "UKGI00004006").
    r"|[A-Z]{1,3}(?!000)\d{7,12}"
    r")(?![\w/\-])"
)
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$", re.IGNORECASE)
_NOT_VALUES = {"n/a", "na", "none", "tbc", "nil", "no", "the", "your", "our", "letter"}


#: The words a label starts with, in lower case.
_LABEL_WORDS = ("ref", "case", "file", "tracking", "application", "claim", "unique", "uan")


def _labels(text: str, end: int) -> Iterator[re.Match[str]]:
    """``_LABEL.finditer(text, 0, end)``; in ASCII text, tried only where a label's word is."""
    lower = ascii_lower(text) if end >= NEAR_SCAN_CHARS else None
    if lower is None:
        return _LABEL.finditer(text, 0, end)
    return matches_at(_LABEL, text, find_word_starts(lower, _LABEL_WORDS, 0, end), 0, end)


def has_label(text: str) -> bool:
    """Whether a line carries a reference label ("Our ref:", "Case number", "UAN")."""
    return next(iter(_labels(text, len(text))), None) is not None


#: A line that opens with a reference's label ("Our ref: ...", "CTS Reference No: ..."). Stricter
#: than ``has_label``: the layout labels the whole line a reference block, and a flattened
#: letterhead line that only ends in "Our ref: X" is the letterhead.
_REFERENCE_LINE = re.compile(
    r"^(?:[\w\s]{0,30}\b(?:ref(?:erence)?s?|case\s+(?:no|number)|uan)\b\.?\s*(?:no\.?\s*)?[:#]|"
    r"(?:our|your)\s+ref(?:erence)?s?\b)",
    re.IGNORECASE,
)


def is_reference_line(text: str) -> bool:
    """Whether a header line is a reference line (see ``_REFERENCE_LINE``)."""
    return _REFERENCE_LINE.search(text) is not None


#: A shape's first digit comes one to six characters after its first capital ("M1", "PO-1",
#: "MIN/0"), after a character that is not a digit.
_SHAPE_REACH = 6


def _shapes(text: str, end: int) -> Iterator[re.Match[str]]:
    """``_SHAPES.finditer(text, 0, end)``; in a longer text, tried only at capitals just before
    a number (a letter has few), not at every capital."""
    if end < NEAR_SCAN_CHARS:
        return _SHAPES.finditer(text, 0, end)
    numbers = [at for at in digit_positions(text, 0, end) if not text[at - 1].isdecimal()]
    starts = {
        at - back
        for at in numbers
        for back in range(1, min(_SHAPE_REACH, at) + 1)
        if "A" <= text[at - back] <= "Z"
    }
    return matches_at(_SHAPES, text, sorted(starts), 0, end)


@dataclass(frozen=True, slots=True)
class Reference:
    value: str
    start: int
    end: int
    label: str  # as written, "" for an unlabelled reference


def find_references(text: str, end: int | None = None) -> list[Reference]:
    """Every reference in ``text[:end]``, in order of appearance, each value once."""
    end = len(text) if end is None else end
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for label in _labels(text, end):
        position = label.end()
        line_end = text.find("\n", position)
        line_end = end if line_end == -1 else min(line_end, end)
        if not text[position:line_end].strip():
            # The value sits on the next line (a table cell, a label above its value).
            next_start = line_end + 1
            while next_start < end and text[next_start] in " \t\n":
                next_start += 1
            position = next_start
        for value in _values_at(text, position, end):
            found.append(Reference(value[0], value[1], value[2], label.group().strip(" :#.-–")))
            taken.append((value[1], value[2]))
    # Shapes inside a labelled value are that value: found by bisection, as a hostile text
    # can hold thousands of labelled references.
    taken.sort()
    starts = [start for start, _stop in taken]
    reach = list(itertools.accumulate((stop for _start, stop in taken), max))
    for match in _shapes(text, end):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and match.start() < reach[at]:
            continue
        found.append(Reference(match.group(), match.start(), match.end(), ""))
    found.sort(key=lambda r: r.start)
    unique: list[Reference] = []
    seen: set[str] = set()
    for reference in found:
        key = normalise_reference(reference.value)
        if key not in seen:
            seen.add(key)
            unique.append(reference)
    return unique


def _values_at(text: str, position: int, end: int) -> list[tuple[str, int, int]]:
    values: list[tuple[str, int, int]] = []
    while True:
        match = _VALUE.match(text, position, end)
        if match is None:
            break
        value = _balanced(match.group("value").rstrip("._-/"))
        if not _plausible(value):
            break
        values.append((value, match.start(), match.start() + len(value)))
        more = _MORE.match(text, match.start() + len(value), end)
        if more is None:
            break
        nxt = _VALUE.match(text, more.end(), end)
        if nxt is None or not _SHAPES.fullmatch(nxt.group("value").rstrip("._-/")):
            break
        position = more.end()
    return values


def _balanced(value: str) -> str:
    """Drop a closing bracket that belongs to the sentence, not the reference: "(ref X1/23)"."""
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1].rstrip("._-/")
    return value


def _plausible(value: str) -> bool:
    if value.lower() in _NOT_VALUES or len(value) < 3:
        return False
    if _POSTCODE.match(value.replace(" ", "")):
        return False
    if _NUMERIC_DATE.fullmatch(value):
        return False  # a date
    if _YEAR.fullmatch(value):
        return False  # a year ("reference 2016 figures")
    return bool(_DIGIT.search(value)) or bool(_LETTERS_PAIR.fullmatch(value))


_NUMERIC_DATE = re.compile(r"[0-3]?\d[/.\-][01]?\d[/.\-]\d{2,4}")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGIT = re.compile(r"\d")
_LETTERS_PAIR = re.compile(r"[A-Z]{2,}[/\-][A-Z]{2,}")
