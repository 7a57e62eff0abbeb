"""Regex scans that try a pattern only where one of its matches can start: the same matches.

Python's regex engine skips ahead quickly only to a pattern's literal first characters. A
pattern that opens with a word boundary, a look-behind or case-insensitive words is tried at
every position of the text, which costs about 0.1 ms a pattern on a letter. Scanning first
for the characters a match must start with (a small pattern the engine skips through) and
trying the pattern only there finds exactly what ``pattern.finditer`` finds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

#: Characters other than the two cases that ``re.IGNORECASE`` matches for a letter.
_FOLDS = {"i": "İı", "k": "K", "s": "ſ"}


def word_starts(
    first_letters: str, *, ignorecase: bool = True, digits: bool = False, not_after: str = r"\w"
) -> re.Pattern[str]:
    """Where a word starting with one of ``first_letters`` (or a digit) starts: not after a
    character of ``not_after``. With ``ignorecase``, either case and the characters
    ``re.IGNORECASE`` folds to them."""
    chars: set[str] = set()
    for letter in first_letters:
        if ignorecase:
            chars.update(letter.lower(), letter.upper(), _FOLDS.get(letter.lower(), ""))
        else:
            chars.add(letter)
    members = "".join(sorted(re.escape(c) for c in chars))
    if digits:
        members = r"\d" + members
    return re.compile(rf"[{members}](?<!{not_after}.)")


def finditer_from(
    pattern: re.Pattern[str],
    starts: re.Pattern[str],
    text: str,
    start: int = 0,
    end: int | None = None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)``, trying ``pattern`` only where ``starts`` matches.

    ``starts`` must match (one character) at every position where a match of ``pattern`` can
    start, and ``pattern`` must not match empty text; then these are the same matches: each
    is the first match at or after the end of the one before, as ``finditer`` finds them.
    """
    end = len(text) if end is None else end
    at_starts = (candidate.start() for candidate in starts.finditer(text, start, end))
    yield from matches_at(pattern, text, at_starts, start, end)


def finditer_at_literals(
    pattern: re.Pattern[str],
    literals: tuple[str, ...],
    text: str,
    start: int = 0,
    end: int | None = None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)``, trying ``pattern`` only where one of
    ``literals`` (exact text) occurs.

    For patterns that open with a choice of words common letters start ("residents",
    "people", "the Borough of"): ``str.find`` skips to each word far faster than the regex
    engine tries the pattern at every such letter. Every match of ``pattern`` must start
    with one of ``literals``, and ``pattern`` must not match empty text.
    """
    end = len(text) if end is None else end
    yield from matches_at(pattern, text, find_all(text, literals, start, end), start, end)


def matches_at(
    pattern: re.Pattern[str], text: str, positions: Iterable[int], start: int, end: int
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` tried at ``positions`` (ascending), each after the last:
    ``pattern.finditer(text, start, end)`` when every match starts at one of ``positions``."""
    done = start
    for at in positions:
        if at < done:
            continue
        match = pattern.match(text, at, end)
        if match is not None:
            yield match
            done = match.end()


#: Texts shorter than this are scanned by the pattern itself: finding key words first costs
#: more than it saves on a line.
NEAR_SCAN_CHARS = 200


def finditer_near(
    pattern: re.Pattern[str],
    starts: re.Pattern[str],
    text: str,
    anchors: Iterable[int],
    words_before: int,
    start: int = 0,
    end: int | None = None,
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)``, trying ``pattern`` only where ``starts``
    matches within ``words_before`` whitespace-separated words before one of ``anchors``
    (ascending positions; a number, a key word), or in the anchor's own word up to it.

    For patterns every match of which holds an anchor, its words apart by whitespace, at
    most ``words_before`` words after the match's first: letters hold few such anchors, so
    the pattern is tried in a few short spans rather than at every letter it starts with.
    ``starts`` must match (one character) wherever a match can start.
    """
    end = len(text) if end is None else end
    positions = [
        candidate.start()
        for low, high in spans_before(text, anchors, words_before, start)
        for candidate in starts.finditer(text, low, high)
    ]
    return matches_at(pattern, text, positions, start, end)


def spans_before(
    text: str, anchors: Iterable[int], words_before: int, start: int = 0
) -> list[tuple[int, int]]:
    """For each anchor, the span from the start of the ``words_before``-th
    whitespace-separated word before its own word to just after it; ascending, apart."""
    spans: list[tuple[int, int]] = []
    done = start
    for at in anchors:
        if at < done:
            continue
        low = max(done, at - 12 * words_before - 24)
        # Widen until the span holds those words whole and one more (long gaps of blanks):
        # the first word counted may be cut, the anchor's own word is counted too.
        while low > done and len(text[low:at].split()) <= words_before + 1:
            low = max(done, low - 256)
        spans.append((low, at + 1))
        done = at + 1
    return spans


def find_all(
    text: str, literals: Iterable[str], start: int = 0, end: int | None = None
) -> list[int]:
    """Where each of ``literals`` occurs in ``text[start:end]``, ascending, each once."""
    end = len(text) if end is None else end
    positions: set[int] = set()
    for literal in literals:
        at = text.find(literal, start, end)
        while at != -1:
            positions.add(at)
            at = text.find(literal, at + 1, end)
    return sorted(positions)


def find_word_starts(
    text: str, literals: Iterable[str], start: int = 0, end: int | None = None
) -> list[int]:
    """Where each of ``literals`` starts a word in ``text[start:end]`` (not after a character
    ``\\w`` matches), ascending, each once: the key words of patterns that match them whole."""
    return [
        at
        for at in find_all(text, literals, start, end)
        if at == 0 or not is_word_char(text[at - 1])
    ]


def is_word_char(char: str) -> bool:
    r"""What ``\w`` matches."""
    return char.isalnum() or char == "_"


_DIGIT = re.compile(r"\d")


def digit_positions(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where the digits (``\\d``) of ``text[start:end]`` are, ascending."""
    every = _digits(text)
    end = len(text) if end is None else end
    return list(every[bisect.bisect_left(every, start) : bisect.bisect_left(every, end)])


@lru_cache(maxsize=2)
def _digits(text: str) -> tuple[int, ...]:
    """Every digit's position: dates, references and shapes ask for the same letter's."""
    if text.isascii():  # \d is 0-9: str.find skips to each far faster than a regex scan
        return tuple(find_all(text, "0123456789"))
    return tuple(match.start() for match in _DIGIT.finditer(text))


def ascii_lower(text: str) -> str | None:
    """``text`` in lower case, when that finds a case-insensitive pattern's ASCII words with
    ``str.find`` at the same offsets: None when ``text`` holds a character that
    ``re.IGNORECASE`` matches to an ASCII letter but ``str.lower`` does not map to it (the
    long s, the dotless i, the dotted capital I, which also lengthens)."""
    return _lower(text)


@lru_cache(maxsize=2)
def _lower(text: str) -> str | None:
    lower = text.lower()  # several stages ask for the same letter's
    if text.isascii():
        return lower
    if len(lower) != len(text) or "ſ" in text or "ı" in text:
        return None
    return lower
