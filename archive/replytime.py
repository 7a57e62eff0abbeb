"""How long departments take to answer MPs, in working days, per department and per MP.

The convention is the one departments report against (a 20-working-day target for MPs'
correspondence): the letter's date is taken as its day of receipt, the next working day is
day one, and weekends and bank holidays in England and Wales are not counted. A reply on
the day of the letter, or on the weekend after a Friday letter, took 0 working days.

Which reply counts: the first reply that is not a holding reply (a short letter saying a
full answer will follow), since that is when the question was answered; when every reply
looks like a holding reply, or the texts cannot be read, the first reply counts. Without
texts, an earlier reply less than half the length of a later one to the same letter is
taken to be a holding reply. A researcher's mark on a reply ("holding" or "full", an
annotation kept by the store) outranks every guess: a reply marked full counts, one marked
holding never does (a letter whose only replies are marked holding has no reply time yet).
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
    "CountingReply",
    "LetterFacts",
    "PassedOver",
    "counting_reply",
    "describe_counting_reply",
    "holding_phrase",
    "is_holding_reply",
    "letter_facts",
    "reply_days",
    "stats",
    "summary",
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
    # "this is a holding reply", "an interim response" (the Cabinet Office's words for them)
    r"|(?:a|an|this|my)\s+(?:holding|interim)\s+(?:reply|response|letter)"
    # "a substantive reply cannot yet be given"
    r"|(?:full|substantive|detailed)\s+(?:reply|response|answer)\s+(?:cannot|can\s*not|could\s+"
    r"not)\s+(?:yet\s+)?be\s+(?:given|sent|provided|made)"
    # "your letter has been received and is being looked into"
    r"|has\s+been\s+received\s+and\s+(?:is\s+being|will\s+be)\s+(?:dealt\s+with|considered|"
    r"looked\s+(?:into|at)|investigated)"
    # "officials are making further enquiries ... I will write to you"
    r"|(?:making|carrying\s+out|awaiting\s+the\s+outcome\s+of)\s+(?:further\s+|some\s+)?"
    r"(?:enquiries|inquiries|checks)[^.]{0,100}\.?[^.]{0,80}?\b(?:will|shall)\s+(?:then\s+)?"
    r"(?:write|reply|respond)\b"
    r"|(?:full|substantive)\s+(?:reply|response)\s+will\s+follow"
    # a transfer notice: "I have transferred your letter to the Department for Transport,
    # who will reply to you directly" (the other department's reply is the answer)
    r"|(?:transferred|passed|forwarded|referred)\s+(?:your\s+(?:letter|e-?mail|correspondence)"
    r"\s+)?(?:on\s+)?to\s+[^.;]{3,80}?,?\s+(?:who|which)\s+(?:will|are\s+best\s+placed\s+to)\s+"
    r"(?:reply|respond)"
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
    return holding_phrase(text) is not None


def holding_phrase(text: str) -> str | None:
    """The words that make a short reply a holding reply (as the letter has them), or None."""
    if len(text) > HOLDING_MAX_CHARS:
        return None
    found = _HOLDING.search(text)
    if found is None:
        return None
    # To the end of the clause, so the words read as the letter has them.
    rest = re.match(r"[^.;:,!?\n]{0,40}", text[found.end() :])
    return " ".join((found.group() + (rest.group() if rest else "")).split())


@dataclass(frozen=True, slots=True)
class PassedOver:
    """An earlier reply that did not count, and why: ``marked`` by the researcher, or
    ``guessed`` from its words (``phrase``) or from its length beside a later reply."""

    reply_id: str
    why: str  # "marked" or "guessed"
    phrase: str = ""


@dataclass(frozen=True, slots=True)
class CountingReply:
    """The reply a letter's reply time counts to, and the replies passed over before it.

    ``reply_id`` is None when every reply is marked holding: the answer is still to come.
    ``why`` says how the counting reply was chosen: ``only`` (the one reply), ``marked``
    (marked full by the researcher), ``guessed`` (the first not taken for a holding reply)
    or ``first`` (every reply looked like a holding reply, so the first counts).
    """

    letter_id: str
    reply_id: str | None
    working_days: int | None
    why: str
    passed_over: tuple[PassedOver, ...] = ()

    @property
    def guessed(self) -> bool:
        """True when the choice rests on telling a holding reply from the full one by guess."""
        return self.why in ("guessed", "first") or any(p.why == "guessed" for p in self.passed_over)

    def to_json(self) -> dict[str, Any]:
        return {
            "letter": self.letter_id,
            "reply": self.reply_id,
            "working_days": self.working_days,
            "why": self.why,
            "passed_over": [
                {"reply": p.reply_id, "why": p.why, "phrase": p.phrase or None}
                for p in self.passed_over
            ],
        }


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What reply times need of a letter: its date, direction, department and MP."""

    day: dt.date | None
    direction: str
    department: str | None
    mp: str | None
    chars: int


def letter_facts(records: Iterable[Mapping[str, Any]]) -> dict[str, LetterFacts]:
    """Each record's facts by letter id: the one rule for a letter's department and MP."""
    letters: dict[str, LetterFacts] = {}
    for record in records:
        meta: Mapping[str, Any] = record.get("metadata") or {}
        day = meta.get("date")
        try:
            parsed = dt.date.fromisoformat(str(day)) if day else None
        except ValueError:
            parsed = None
        letters[str(record["id"])] = LetterFacts(
            parsed,
            str(meta.get("direction") or "other"),
            department_of(meta),
            meta.get("mp"),
            int(record.get("text_chars") or 0),
        )
    return letters


def describe_counting_reply(
    choice: CountingReply, name_of: Callable[[str], str], date_of: Callable[[str], str]
) -> str:
    """Which reply counted and why, in words: "answered 2016-12-20 by <name>, 47 working
    days; the reply of 2016-10-14 was a holding reply (guessed: 'I will write again')"."""
    parts: list[str] = []
    if choice.reply_id is None:
        parts.append("no full reply in the archive yet")
    else:
        days = choice.working_days
        said = f"{days} working day{'' if days == 1 else 's'}" if days is not None else "undated"
        parts.append(
            f"answered {date_of(choice.reply_id)} by {name_of(choice.reply_id)}, {said}"
            + (" (marked full by you)" if choice.why == "marked" and not choice.passed_over else "")
        )
        if choice.why == "first":
            parts.append("every reply reads like a holding reply, so the first counts")
    for passed in choice.passed_over:
        if passed.why == "marked":
            because = "marked by you"
        elif passed.phrase:
            because = f"guessed: '{passed.phrase}'"
        else:
            because = "guessed: much shorter than a later reply"
        parts.append(f"the reply of {date_of(passed.reply_id)} was a holding reply ({because})")
    return "; ".join(parts)


def reply_days(
    pairing: Pairing,
    records: Iterable[Mapping[str, Any]],
    *,
    text_of: Callable[[str], str] | None = None,
    marks: Mapping[str, str] | None = None,
) -> dict[str, int]:
    """Working days to the reply that counts, for every answered letter (see the module)."""
    return {
        choice.letter_id: choice.working_days
        for choice in _choices(pairing, letter_facts(records), text_of, marks or {})
        if choice.working_days is not None
    }


def counting_reply(
    pairing: Pairing,
    records: Iterable[Mapping[str, Any]],
    letter_id: str,
    *,
    text_of: Callable[[str], str] | None = None,
    marks: Mapping[str, str] | None = None,
) -> CountingReply | None:
    """Which reply counts for one letter and why; None when it has no dated reply."""
    links = tuple(link for link in pairing.links if link.letter_id == letter_id)
    one = Pairing(links, pairing.candidates, pairing.dates)
    found = _choices(one, letter_facts(records), text_of, marks or {})
    return found[0] if found else None


def _choices(
    pairing: Pairing,
    letters: Mapping[str, LetterFacts],
    text_of: Callable[[str], str] | None,
    marks: Mapping[str, str],
) -> list[CountingReply]:
    """The counting reply of every answered letter with a date and a dated reply."""
    answered: dict[str, list[str]] = {}
    for link in pairing.links:
        answered.setdefault(link.letter_id, []).append(link.reply_id)
    choices: list[CountingReply] = []
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
        counted, why, passed = _counting_reply(
            [reply_id for _, reply_id in dated], letters, text_of, marks
        )
        replied = letters[counted].day if counted is not None else None
        days = working_days(sent, replied) if replied is not None else None
        choices.append(CountingReply(letter_id, counted, days, why, tuple(passed)))
    return choices


def _counting_reply(
    reply_ids: list[str],
    letters: Mapping[str, LetterFacts],
    text_of: Callable[[str], str] | None,
    marks: Mapping[str, str],
) -> tuple[str | None, str, list[PassedOver]]:
    """(reply, why, passed over), replies in date order: the first marked full, or else the
    first neither marked holding nor taken for one; else the first not marked holding."""
    unmarked = [reply_id for reply_id in reply_ids if reply_id not in marks]
    not_holding = [reply_id for reply_id in reply_ids if marks.get(reply_id) != "holding"]
    passed: list[PassedOver] = []
    for position, reply_id in enumerate(reply_ids):
        mark = marks.get(reply_id)
        if mark == "full":
            return reply_id, "marked", passed
        if mark == "holding":
            passed.append(PassedOver(reply_id, "marked"))
            continue
        if len(not_holding) == 1:
            # No other reply to tell it from: it counts, holding or not.
            return reply_id, "marked" if passed else "only", passed
        phrase = _holding(reply_id, reply_ids[position + 1 :], letters, text_of)
        if phrase is None:
            return reply_id, "guessed", passed
        passed.append(PassedOver(reply_id, "guessed", phrase))
    if not unmarked:
        return None, "marked", passed
    first = unmarked[0]
    return first, "first", [p for p in passed if p.reply_id != first]


def _holding(
    reply_id: str,
    later: list[str],
    letters: Mapping[str, LetterFacts],
    text_of: Callable[[str], str] | None,
) -> str | None:
    """The holding words of a reply ("" when only its length says so), else None."""
    if text_of is not None:
        try:
            return holding_phrase(text_of(reply_id))
        except Exception:  # an unreadable text: fall back to the lengths below
            pass
    chars = letters[reply_id].chars
    shorter = bool(chars) and any(chars * 2 < letters[other].chars for other in later)
    return "" if shorter else None


def stats(
    records: Iterable[Mapping[str, Any]],
    pairing: Pairing,
    *,
    text_of: Callable[[str], str] | None = None,
    marks: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Per department written to and per MP: letters, answered, median days, share on time.

    Only MPs' letters count (``from_mp``). ``share_within_target`` is the share of all the
    letters (answered or not) whose counting reply came within ``TARGET_WORKING_DAYS``: a
    letter whose reply is not in the archive counts against it, as it would in the
    department's own figures. The median is over answered letters, None when there are none.
    """
    letters = letter_facts(records)
    choices = _choices(pairing, letters, text_of, marks or {})
    days = {c.letter_id: c.working_days for c in choices if c.working_days is not None}
    guessed = {c.letter_id for c in choices if c.guessed}
    marked = {c.letter_id for c in choices if c.why == "marked" or c.passed_over}
    marked -= guessed
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
        # Reply times that rest on the researcher's marks alone.
        "holding_marks": sum(1 for letter_id in everything if letter_id in marked),
        # Which reply counted and why, for every MP's letter with a choice to make.
        "counting_replies": [
            c.to_json()
            for c in choices
            if c.passed_over or c.why != "only"
            if letters[c.letter_id].direction == "from_mp"
        ],
        "overall": summary(everything, days),
        "departments": {name: summary(ids, days) for name, ids in sorted(by_department.items())},
        "mps": {name: summary(ids, days) for name, ids in sorted(by_mp.items())},
    }


def summary(letter_ids: list[str], days: Mapping[str, int]) -> dict[str, Any]:
    """One group of MPs' letters: how many, how many answered, the median working days over
    the answered ones and the share of all of them answered within the target (the one rule
    ``stats`` and ``archive.replystats`` both count by)."""
    taken = [days[letter_id] for letter_id in letter_ids if letter_id in days]
    on_time = sum(1 for value in taken if value <= TARGET_WORKING_DAYS)
    return {
        "letters": len(letter_ids),
        "answered": len(taken),
        "median_working_days": float(statistics.median(taken)) if taken else None,
        "share_within_target": on_time / len(letter_ids) if letter_ids else None,
    }
