"""Which letters a reply is scored against, and the offers made for review when it cites nothing.

Candidates are blocked by MP, cited date and reference: never all pairs.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from archive.knowledge.organisations import canonical, department_match
from archive.pairing.letters import MAX_REFERENCE_LETTERS, _Context, _Slim
from archive.pairing.signals import (
    _W_TEXT,
    MIN_SCORE,
    _crowding,
    _date_kind_fast,
    _pair_score,
    _text_overlaps,
)

#: Replies later than this are not looked for (a year and a half).
MAX_GAP_DAYS = 548


#: Candidates kept for review, per reply.
REVIEW_CANDIDATES = 3


#: A reply citing no date is offered the same MP's letters to its department this many days
#: before it (for review only: see ``_offered``).
OFFER_DAYS = 120


#: The most an offered-only candidate scores: below ``MIN_SCORE``, so never linked by itself.
OFFER_MAX_SCORE = MIN_SCORE - 1.0


#: The most letters looked at for an offer (the nearest): bounds a prolific MP's window.
_OFFER_SCAN = 100


#: A runner-up within this many points of the best makes a close call: texts are compared
#: (when both could be linked: texts are read from disk, so only where they can decide).
CLOSE_CALL = 2.0


def _compare_texts(
    reply: _Slim,
    scored: list[tuple[float, _Slim]],
    words_of: Callable[[str], frozenset[str] | None],
) -> tuple[list[tuple[float, _Slim]], dict[str, float]]:
    """Add the text signal to the close rivals at the top, and order the candidates again."""
    cut = scored[0][0] - CLOSE_CALL
    close = [letter for score, letter in scored if score >= cut]
    found = _text_overlaps(reply.id, [letter.id for letter in close], words_of)
    overlaps = dict(zip((letter.id for letter in close), found, strict=True))
    rescored = [
        (score + _W_TEXT * overlaps.get(letter.id, 0.0), letter) for score, letter in scored
    ]
    rescored.sort(key=_best_first)
    return rescored, overlaps


def _best_first(item: tuple[float, _Slim]) -> tuple[float, int, str]:
    """Best score first; between equals the nearer (later) letter, then by id for stability."""
    return (-item[0], -item[1].day, item[1].id)


def _score_candidates(
    reply: _Slim, context: _Context, rejected: set[tuple[str, str]]
) -> list[tuple[float, _Slim]]:
    """The reply's candidates scored, best first (see ``_candidates``)."""
    scored = []
    reply.crowd = _crowding(reply, context)
    found = _candidates(reply, context)
    if (
        reply.transferred
        and not _names_another_body(reply)
        and any(_own_letter(reply, letter) for letter in found.values())
    ):
        reply.transferred = False  # the MP wrote to this department then: nothing passed on
    for letter in found.values():
        if letter.id == reply.id or (reply.id, letter.id) in rejected:
            continue
        if letter.day == reply.day and letter.day != reply.cited:
            continue  # a same-day answer must say so, or either could answer the other
        scored.append((_pair_score(reply, letter, context), letter))
    scored.sort(key=_best_first)
    return scored


def _names_another_body(reply: _Slim) -> bool:
    """Whether the reply names the known body the letter was passed on from ("The Ministry of
    Justice has forwarded your letter"): then it was passed on, whatever else the MP wrote to
    this department about then (an MP who writes to it every week always has)."""
    origin = reply.transfer_from
    if not origin or not reply.dept or canonical(origin) is None:
        return False
    return department_match(origin, reply.dept) == "different"


def _own_letter(reply: _Slim, letter: _Slim) -> bool:
    """Whether the MP wrote to the reply's own department on about the date it cites."""
    return (
        bool(reply.dept and letter.dept)
        and department_match(reply.dept, letter.dept) in ("same", "renamed", "related")
        and _date_kind_fast(reply, letter) in ("exact", "near", "close")
    )


def _candidates(reply: _Slim, context: _Context) -> dict[int, _Slim]:
    """Earlier letters the other way that could be linked, and a few near ones for review.

    Without a shared reference, a letter whose date does not match the cited one (or any
    letter, when the reply cites no date) scores at most -2 + 1 + 1.5 + 0.7 + 2.5 = 3.7,
    below ``MIN_SCORE``: so only letters of about the cited date, and letters sharing a
    reference, are looked at for linking, which keeps this to a handful per reply.
    """
    found: dict[int, _Slim] = {}
    if not reply.cited and not reply.refs:
        return found  # nothing says it answers anything: an MP's first letter, a notice
    low = reply.day - MAX_GAP_DAYS
    side = (reply.surname, -reply.sign)
    bucket = context.by_side.get(side) if reply.surname else None
    if bucket:
        days = context.days_by_side[side]

        def take(first: int, last: int) -> None:
            first, last = max(first, low), min(last, reply.day)
            if first <= last:
                start = bisect.bisect_left(days, first)
                for letter in bucket[start : bisect.bisect_right(days, last, lo=start)]:
                    found[letter.index] = letter

        cited = reply.cited
        if cited:
            take(cited - 7, cited + 7)
            take(cited - 366, cited - 365)  # the right day and month, the year before
            take(cited + 365, cited + 366)  # or after
            if reply.cited_swapped_day:
                take(reply.cited_swapped_day, reply.cited_swapped_day)
            # The letters nearest the cited date, for a researcher looking for the one
            # answered when none matches.
            at = bisect.bisect_right(days, min(cited, reply.day))
            for letter in bucket[max(0, at - REVIEW_CANDIDATES) : at + 1]:
                if low <= letter.day <= reply.day:
                    found[letter.index] = letter
    for ref in reply.refs:
        indexes = context.by_reference.get(ref, ())
        if len(indexes) > MAX_REFERENCE_LETTERS:
            continue
        for index in indexes:
            letter = context.letters[index]
            # Either side may be of unknown direction here: the reference ties them.
            opposite = letter.sign == -reply.sign or not (letter.sign and reply.sign)
            if opposite and low <= letter.day <= reply.day:
                found[index] = letter
    return found


def _offered(
    reply: _Slim, context: _Context, rejected: set[tuple[str, str]], seen: set[str]
) -> list[tuple[float, _Slim]]:
    """For a department's reply that cites no date: the same MP's letters to the same
    department (or its predecessor or parent body) in the ``OFFER_DAYS`` before it, best
    first, leaving out ``seen`` letters (already candidates). For review only."""
    if reply.sign <= 0 or reply.cited or not reply.mp or not reply.dept:
        return []
    side = (reply.surname, -reply.sign)
    bucket = context.by_side.get(side)
    if not bucket:
        return []
    days = context.days_by_side[side]
    start = bisect.bisect_left(days, reply.day - OFFER_DAYS)
    end = bisect.bisect_left(days, reply.day, lo=start)  # earlier days only
    found = []
    for letter in bucket[max(start, end - _OFFER_SCAN) : end]:  # the nearest
        if letter.mp != reply.mp or not letter.dept or letter.id in seen:
            continue
        if (reply.id, letter.id) in rejected:
            continue
        if department_match(reply.dept, letter.dept) not in ("same", "renamed", "related"):
            continue
        found.append((min(_pair_score(reply, letter, context), OFFER_MAX_SCORE), letter))
    found.sort(key=_best_first)
    return found
