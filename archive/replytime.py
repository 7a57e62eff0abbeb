"""How long departments take to answer MPs, in working days, per department and per MP.

The convention is the one departments report against (a 20-working-day target for MPs'
correspondence): the letter's date is taken as its day of receipt, the next working day is
day one, and weekends and bank holidays in England and Wales are not counted. A reply on
the day of the letter, or on the weekend after a Friday letter, took 0 working days.

Which reply counts: the first reply that is not a holding reply (a short letter saying a
full answer will follow), since that is when the question was answered; when every reply
looks like a holding reply, or the texts cannot be read, the first reply counts. Without
texts, an earlier reply less than half the length of a later one to the same letter is
taken to be a holding reply.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import holidays
import numpy as np

from archive.knowledge import department_of
from archive.pairing import Pairing

__all__ = [
    "TARGET_WORKING_DAYS",
    "is_holding_reply",
    "reply_days",
    "stats",
    "working_days",
]

#: The government's published target for answering MPs' letters.
TARGET_WORKING_DAYS = 20
#: A holding reply is short: longer replies that promise more are partial answers.
HOLDING_MAX_CHARS = 3000

UNKNOWN_DEPARTMENT = "(department not known)"
UNKNOWN_MP = "(MP not known)"

# Words that say the full answer is still to come. A bare "I will write to you again" is
# not enough: substantive replies promise news too ("once a decision has been made").
_HOLDING = re.compile(
    r"not\s+(?:yet\s+)?(?:in\s+a\s+position|able)\s+to\s+(?:send|give|provide|let\s+you\s+have)"
    r"\s+(?:you\s+)?(?:with\s+)?a\s+(?:full|substantive|detailed|complete)\s+(?:reply|response|answer)"
    r"|(?:so\s+that|before)\s+(?:I|we|the\s+\w+)\s+can\s+(?:reply|respond)\s+(?:to\s+you\s+)?"
    r"(?:fully|in\s+full)"
    r"|before\s+a\s+(?:full|substantive)\s+(?:reply|response)\s+can\s+be"
    r"|will\s+(?:write|reply|respond)\s+(?:to\s+you\s+)?(?:again\s+)?(?:in\s+full|more\s+fully|fully)"
    r"|unable\s+to\s+(?:reply|respond)\s+within\s+(?:our|the)\s+target"
    r"|(?:a|this)\s+holding\s+(?:reply|response|letter)"
    r"|(?:full|substantive)\s+(?:reply|response)\s+will\s+follow"
    # "it has not yet been possible to send you a full reply"
    r"|(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:possible|able)\s+to\s+(?:send|give|provide|"
    r"prepare|complete|let\s+you\s+have)\s+(?:you\s+)?(?:with\s+)?(?:a|the|my|our)\s+"
    r"(?:full|substantive|detailed|complete|final)?\s*(?:reply|response|answer)"
    # "I will send you a full reply as soon as possible", "aim to let you have a full answer"
    r"|(?:send|give|provide|let\s+you\s+have)\s+(?:you\s+)?a\s+(?:full|substantive|detailed)\s+"
    r"(?:reply|response|answer)\s+(?:as\s+soon\s+as|shortly|within|by|when|once)"
    # "this is to acknowledge (receipt of) your letter", "I acknowledge receipt of"
    r"|\backnowledg(?:e|ing)\s+(?:the\s+)?receipt\s+of\s+your"
    r"|\bthis\s+is\s+(?:just\s+)?(?:to|a\s+(?:brief\s+)?note\s+to)\s+acknowledge\s+your"
    # "I will write to you again as soon as I can", not "once a decision has been made"
    r"|will\s+(?:write|reply)\s+(?:to\s+you\s+)?again\s+(?:as\s+soon\s+as\s+(?:possible|I\s+can|"
    r"I\s+am\s+able|we\s+can)|shortly|when\s+(?:I|we)\s+(?:have|am\s+able|are\s+able))"
    r"|(?:looking|look)\s+into\s+(?:the|this|these|your)\s+(?:matters?|points?|issues?|"
    r"concerns?|case|enquiry)[^.]{0,80}\b(?:will|shall)\s+(?:write|reply|respond)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=32)
def _calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    """Working days (Monday to Friday, less bank holidays) for a span of years."""
    bank_holidays = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1)
    )
    return np.busdaycalendar(weekmask="1111100", holidays=sorted(bank_holidays))


def working_days(sent: dt.date, replied: dt.date) -> int:
    """Working days from a letter (its date taken as received) to its reply; see the module.

    Raises ``ValueError`` when the reply is dated before the letter.
    """
    if replied < sent:
        raise ValueError(f"a reply dated {replied} cannot answer a letter of {sent}")
    calendar = _calendar(sent.year, replied.year)
    one_day = dt.timedelta(days=1)
    # busday_count counts [begin, end): from the day after receipt up to the reply's date.
    return int(np.busday_count(sent + one_day, replied + one_day, busdaycal=calendar))


def is_holding_reply(text: str) -> bool:
    """A short reply saying that a full one will follow."""
    return len(text) <= HOLDING_MAX_CHARS and _HOLDING.search(text) is not None


@dataclass(frozen=True, slots=True)
class _Letter:
    day: dt.date | None
    direction: str
    department: str | None
    mp: str | None
    chars: int


def _slim(records: Iterable[Mapping[str, Any]]) -> dict[str, _Letter]:
    letters: dict[str, _Letter] = {}
    for record in records:
        meta: Mapping[str, Any] = record.get("metadata") or {}
        day = meta.get("date")
        try:
            parsed = dt.date.fromisoformat(str(day)) if day else None
        except ValueError:
            parsed = None
        letters[str(record["id"])] = _Letter(
            parsed,
            str(meta.get("direction") or "other"),
            department_of(meta),
            meta.get("mp"),
            int(record.get("text_chars") or 0),
        )
    return letters


def reply_days(
    pairing: Pairing,
    records: Iterable[Mapping[str, Any]],
    *,
    text_of: Callable[[str], str] | None = None,
) -> dict[str, int]:
    """Working days to the reply that counts, for every answered letter (see the module)."""
    return _reply_days(pairing, _slim(records), text_of)


def _reply_days(
    pairing: Pairing,
    letters: Mapping[str, _Letter],
    text_of: Callable[[str], str] | None,
    guessed: set[str] | None = None,
) -> dict[str, int]:
    """Working days per answered letter; ``guessed`` collects the letters whose counting
    reply was chosen among several by reading which are holding replies (a guess)."""
    answered: dict[str, list[str]] = {}
    for link in pairing.links:
        answered.setdefault(link.letter_id, []).append(link.reply_id)
    days: dict[str, int] = {}
    for letter_id, reply_ids in answered.items():
        letter = letters.get(letter_id)
        if letter is None or letter.day is None:
            continue
        sent = letter.day
        dated = sorted(
            (found.day, reply_id)
            for reply_id in reply_ids
            if (found := letters.get(reply_id)) is not None
            and found.day is not None
            and found.day >= sent
        )
        if not dated:
            continue
        counted = _counting_reply([reply_id for _, reply_id in dated], letters, text_of)
        if guessed is not None and len(dated) > 1:
            guessed.add(letter_id)
        replied = letters[counted].day
        assert replied is not None  # only dated replies were kept
        days[letter_id] = working_days(sent, replied)
    return days


def _counting_reply(
    reply_ids: list[str], letters: Mapping[str, _Letter], text_of: Callable[[str], str] | None
) -> str:
    """The first reply, in date order, that is not a holding reply; else the first."""
    if len(reply_ids) == 1:
        return reply_ids[0]  # the only reply counts, holding or not: no text to read
    for position, reply_id in enumerate(reply_ids):
        if not _holding(reply_id, reply_ids[position + 1 :], letters, text_of):
            return reply_id
    return reply_ids[0]


def _holding(
    reply_id: str,
    later: list[str],
    letters: Mapping[str, _Letter],
    text_of: Callable[[str], str] | None,
) -> bool:
    if text_of is not None:
        try:
            return is_holding_reply(text_of(reply_id))
        except Exception:  # an unreadable text: fall back to the lengths below
            pass
    chars = letters[reply_id].chars
    return bool(chars) and any(chars * 2 < letters[other].chars for other in later)


def stats(
    records: Iterable[Mapping[str, Any]],
    pairing: Pairing,
    *,
    text_of: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Per department written to and per MP: letters, answered, median days, share on time.

    Only MPs' letters count (``from_mp``). ``share_within_target`` is the share of all the
    letters (answered or not) whose counting reply came within ``TARGET_WORKING_DAYS``: a
    letter whose reply is not in the archive counts against it, as it would in the
    department's own figures. The median is over answered letters, None when there are none.
    """
    letters = _slim(records)
    guessed: set[str] = set()
    days = _reply_days(pairing, letters, text_of, guessed)
    by_department: dict[str, list[str]] = {}
    by_mp: dict[str, list[str]] = {}
    everything: list[str] = []
    for letter_id, letter in letters.items():
        if letter.direction != "from_mp":
            continue
        everything.append(letter_id)
        by_department.setdefault(letter.department or UNKNOWN_DEPARTMENT, []).append(letter_id)
        by_mp.setdefault(letter.mp or UNKNOWN_MP, []).append(letter_id)
    return {
        "target_working_days": TARGET_WORKING_DAYS,
        # Reply times that rest on telling a holding reply from the full one.
        "holding_guesses": sum(1 for letter_id in everything if letter_id in guessed),
        "overall": _summary(everything, days),
        "departments": {name: _summary(ids, days) for name, ids in sorted(by_department.items())},
        "mps": {name: _summary(ids, days) for name, ids in sorted(by_mp.items())},
    }


def _summary(letter_ids: list[str], days: Mapping[str, int]) -> dict[str, Any]:
    taken = [days[letter_id] for letter_id in letter_ids if letter_id in days]
    on_time = sum(1 for value in taken if value <= TARGET_WORKING_DAYS)
    return {
        "letters": len(letter_ids),
        "answered": len(taken),
        "median_working_days": float(statistics.median(taken)) if taken else None,
        "share_within_target": on_time / len(letter_ids) if letter_ids else None,
    }
