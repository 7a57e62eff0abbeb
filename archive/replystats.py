"""Reply-time figures for a set of letters (a search's), grouped and summarised.

The distribution per department and per MP, and the median and on-time share by year or
quarter.

The one source of the numbers that ``dispatchbox stats`` prints and the app's statistics
screen draws, so the two cannot disagree. Reply times themselves (working days, which reply
counts) are ``archive.replytime``'s; this module only groups and summarises them, by the
same rules as ``replytime.stats``: only MPs' letters count, the median is over answered
letters, and the share within the target counts every letter, answered or not.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from archive.replytime import (
    TARGET_WORKING_DAYS,
    UNKNOWN_DEPARTMENT,
    UNKNOWN_MP,
    letter_facts,
    summary,
)

if TYPE_CHECKING:
    from archive.pairing.cache import Threads

__all__ = [
    "BUCKETS",
    "PERIODS",
    "Distribution",
    "Period",
    "ReplyStats",
    "archive_reply_stats",
    "bucket_label",
    "period_of",
    "reply_stats",
]

Per = Literal["year", "quarter"]
#: The periods figures can be grouped by over the years.
PERIODS: tuple[Per, ...] = ("year", "quarter")

#: Histogram buckets of working days, (first, last) inclusive; None: no upper end. The
#: fourth ends at the 20-day target, so the bars left of it are the letters answered on time.
BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 5),
    (6, 10),
    (11, 15),
    (16, TARGET_WORKING_DAYS),
    (TARGET_WORKING_DAYS + 1, 30),
    (31, 40),
    (41, 60),
    (61, None),
)


def bucket_label(bucket: tuple[int, int | None]) -> str:
    """ "0-5", "61+": a bucket as a chart's axis names it."""
    first, last = bucket
    return f"{first}+" if last is None else f"{first}-{last}"


def period_of(day: dt.date, by: Per) -> str:
    """ "2019" or "2019 Q3": the period a letter of that date falls in (they sort in order)."""
    if by == "year":
        return str(day.year)
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True, slots=True)
class Distribution:
    """Reply times of one group of MPs' letters (a department written to, an MP, or all).

    ``median`` and ``p90`` are working days over the answered letters (None: none answered);
    ``p90`` is the nearest rank (the least time within which 90% were answered).
    ``share_within_target`` counts every letter, answered or not (None: no letters).
    ``histogram`` counts the answered letters in each of ``BUCKETS``.
    """

    name: str
    letters: int
    answered: int
    median: float | None
    p90: int | None
    share_within_target: float | None
    histogram: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            **_figures_json(self.letters, self.answered, self.median, self.share_within_target),
            "p90_working_days": self.p90,
            "histogram": {
                bucket_label(bucket): count
                for bucket, count in zip(BUCKETS, self.histogram, strict=True)
            },
        }


@dataclass(frozen=True, slots=True)
class Period:
    """The MPs' letters dated in one year or quarter, and how fast they were answered."""

    period: str
    letters: int
    answered: int
    median: float | None
    share_within_target: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            **_figures_json(self.letters, self.answered, self.median, self.share_within_target),
        }


def _figures_json(
    letters: int, answered: int, median: float | None, share_within_target: float | None
) -> dict[str, Any]:
    """The figures every group reports, under the keys ``dispatchbox stats --json`` has
    always had."""
    return {
        "letters": letters,
        "answered": answered,
        "median_working_days": median,
        "share_within_target": share_within_target,
    }


@dataclass(frozen=True, slots=True)
class ReplyStats:
    """The reply-time figures of a set of letters; see the module.

    ``letters`` counts the whole set (replies too); the figures are for its ``mp_letters``,
    of which ``answered`` have a reply time. Departments and MPs come most letters first;
    periods in date order, and ``undated`` MPs' letters are in no period.
    """

    by: Per
    letters: int
    mp_letters: int
    answered: int
    overall: Distribution
    departments: tuple[Distribution, ...]
    mps: tuple[Distribution, ...]
    periods: tuple[Period, ...]
    undated: int

    def to_json(self) -> dict[str, Any]:
        return {
            "target_working_days": TARGET_WORKING_DAYS,
            "letters": self.letters,
            "overall": self.overall.to_json(),
            "departments": {d.name: d.to_json() for d in sorted(self.departments, key=_name)},
            "mps": {d.name: d.to_json() for d in sorted(self.mps, key=_name)},
            "by": self.by,
            "periods": [period.to_json() for period in self.periods],
            "undated": self.undated,
            "buckets": [bucket_label(bucket) for bucket in BUCKETS],
        }


def _name(distribution: Distribution) -> str:
    return distribution.name


def reply_stats(
    records: Iterable[Mapping[str, Any]],
    days: Mapping[str, int],
    *,
    by: Per = "quarter",
) -> ReplyStats:
    """The figures for these records (the set's letters), given every letter's reply time
    in working days (``Threads.reply_days``; a letter without one has no reply yet)."""
    if by not in PERIODS:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(PERIODS)}")
    facts = letter_facts(records)
    mp_letters = {i: f for i, f in facts.items() if f.direction == "from_mp"}
    by_department: dict[str, list[str]] = {}
    by_mp: dict[str, list[str]] = {}
    by_period: dict[str, list[str]] = {}
    for letter_id, letter in mp_letters.items():
        by_department.setdefault(letter.department or UNKNOWN_DEPARTMENT, []).append(letter_id)
        by_mp.setdefault(letter.mp or UNKNOWN_MP, []).append(letter_id)
        if letter.day is not None:
            by_period.setdefault(period_of(letter.day, by), []).append(letter_id)
    overall = _distribution("all", list(mp_letters), days)
    periods = tuple(_period(name, by_period[name], days) for name in sorted(by_period))
    return ReplyStats(
        by=by,
        letters=len(facts),
        mp_letters=len(mp_letters),
        answered=overall.answered,
        overall=overall,
        departments=_ranked(by_department, days),
        mps=_ranked(by_mp, days),
        periods=periods,
        undated=sum(1 for letter in mp_letters.values() if letter.day is None),
    )


def archive_reply_stats(
    threads: Threads, letter_ids: Collection[str] | None = None, *, by: Per = "quarter"
) -> ReplyStats:
    """The figures for these letters of the archive (None: every letter), with the reply
    times the archive's pairing gives (the researcher's links and marks included)."""
    days = threads.reply_days()
    store = threads.store
    if letter_ids is None:
        records: Iterable[Mapping[str, Any]] = store.iter_records()
    else:
        records = [row for i in letter_ids if (row := store.record(i)) is not None]
    return reply_stats(records, days, by=by)


def _ranked(groups: Mapping[str, list[str]], days: Mapping[str, int]) -> tuple[Distribution, ...]:
    found = [_distribution(name, ids, days) for name, ids in groups.items()]
    return tuple(sorted(found, key=lambda d: (-d.letters, d.name)))


def _taken(letter_ids: list[str], days: Mapping[str, int]) -> list[int]:
    return sorted(days[letter_id] for letter_id in letter_ids if letter_id in days)


def _distribution(name: str, letter_ids: list[str], days: Mapping[str, int]) -> Distribution:
    taken = _taken(letter_ids, days)
    histogram = [0] * len(BUCKETS)
    for value in taken:
        histogram[_bucket(value)] += 1
    return Distribution(
        name=name,
        **_figure_fields(letter_ids, days),
        p90=taken[math.ceil(0.9 * len(taken)) - 1] if taken else None,
        histogram=tuple(histogram),
    )


def _period(name: str, letter_ids: list[str], days: Mapping[str, int]) -> Period:
    return Period(period=name, **_figure_fields(letter_ids, days))


def _figure_fields(letter_ids: list[str], days: Mapping[str, int]) -> dict[str, Any]:
    """The four figures every group reports (``replytime.summary``), by their field names."""
    counted = summary(letter_ids, days)
    return {
        "letters": counted["letters"],
        "answered": counted["answered"],
        "median": counted["median_working_days"],
        "share_within_target": counted["share_within_target"],
    }


def _bucket(value: int) -> int:
    for position, (_first, last) in enumerate(BUCKETS):
        if last is None or value <= last:
            return position
    raise AssertionError("the last bucket has no upper end")
