"""The members gazetteer: every MP's seats with dates (and peers), from the data file.

``archive/data/members.tsv`` is built by ``tools/build_members.py`` (source and licence in
its header). It is read once, on first use, into dicts keyed by a plain form of the name, so
a lookup is a dict hit; near spellings fall back to rapidfuzz with a high cut-off.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, cast

from archive.knowledge.titles import HONORIFICS, POSTNOMINALS_AT_END, RANKS, title_alternatives
from archive.words import key_words, without_accents

Day = dt.date | str | None

_FUZZY_CUTOFF = 92.0
#: Names of this many characters or more may be two slips from the registry's spelling.
_LONG_NAME = 16

# Titles before a name (``archive.knowledge.titles``), as many as are written: the key of
# "The Rt Hon Dr Jo Doe" is Jo Doe's.
_HONORIFICS = re.compile(
    r"^(?:(?:the\s+)?(?:" + title_alternatives(HONORIFICS, RANKS) + r")\s+)+", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Member:
    """One seat held by an MP (or, with ``house == "lords"``, a peer's membership)."""

    name: str
    constituency: str
    party: str
    start: str
    end: str | None
    given: str = ""
    family: str = ""
    house: str = "commons"

    def covers(self, day: str) -> bool:
        return self.start <= day and (not self.end or day <= self.end)


def plain_name(name: str) -> str:
    """A name without its titles and the letters after it, as written otherwise:
    "Rt Hon Dr Jo Doe KC MP" -> "Jo Doe"."""
    return POSTNOMINALS_AT_END.sub("", _HONORIFICS.sub("", name.strip())).strip(" ,")


def name_key(name: str) -> str:
    """A name reduced for matching: no titles or letters after it, no accents, lower case.

    The one key for an MP's name: the gazetteer's, and the members file's (``archive.members``).
    """
    text = without_accents(plain_name(name)).lower()
    words = re.findall(r"[a-z0-9']+", text.replace("’", "'"))
    # Initials written "T. C.", "T C" or "TC" all become "tc".
    merged: list[str] = []
    for word in words:
        if (
            len(word) == 1
            and merged
            and len(merged[-1]) <= 3
            and merged[-1].isalpha()
            and (len(merged) > 1)
        ):
            merged[-1] += word
        else:
            merged.append(word)
    return " ".join(merged)


@lru_cache(maxsize=65_536)
def surname_and_name_key(name: str | None) -> tuple[str, str] | None:
    """(surname, ``name_key``) of a name, or None when nothing of it is left.

    Pairing files an MP's letters under the surname, a coarser key than the name's: it must
    find "Ms Allan"'s letters beside "Lucy Allan"'s, and score them as maybe the same MP.
    The surname is the last word of ``name_key``, so two spellings with one key always share
    a surname too ("Anne-Marie O'Neill", "Rt Hon Dr Ánne-Marie O’Neill MP"). Cached: a
    pairing run asks it for the names on every letter, and they repeat.
    """
    key = name_key(name) if name else ""
    if not key:
        return None
    return key.rsplit(" ", 1)[-1], key


def place_key(place: str) -> str:
    """A constituency's name reduced for matching ("Ynys Môn" -> "ynys mon"): the one key of
    a seat, the gazetteer's and the members tool's (``tools/build_members.py``)."""
    return " ".join(key_words(place))


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    by_name: dict[str, tuple[Member, ...]]
    peers: dict[str, tuple[Member, ...]]
    by_place: dict[str, tuple[Member, ...]]
    #: Name keys by the first letter of the family name, for fuzzy matching.
    buckets: dict[str, tuple[str, ...]]


def _read_rows() -> list[list[str]]:
    text = resources.files("archive").joinpath("data", "members.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    """The gazetteer, read from the data file on first use."""
    by_name: dict[str, list[Member]] = {}
    peers: dict[str, list[Member]] = {}
    by_place: dict[str, list[Member]] = {}
    rows = _read_rows()
    # Every seat of an MP is found under every form of the name any of their rows gives:
    # "Jon Ashworth" (as the 2011 row has it) finds the seats listed as "Jonathan Ashworth".
    keys_of: dict[str, set[str]] = {}
    # A name is written the same way on each of its seats' rows: each form is reduced once
    # (reducing them was most of the time the gazetteer takes to load in every process).
    reduced: dict[str, str] = {}
    for name, given, family, *_, house in rows:
        if house == "commons":
            first = given.split()[0] if given.split() else ""
            forms = (name, f"{given} {family}", f"{first} {family}")
            keys = keys_of.setdefault(name, set())
            for form in forms:
                if form not in reduced:
                    reduced[form] = name_key(form)
                keys.add(reduced[form])
    for name, given, family, constituency, party, start, end, house in rows:
        entry = Member(name, constituency, party, start, end or None, given, family, house)
        if house != "commons":
            peers.setdefault(name_key(name), []).append(entry)
            continue
        for key in keys_of[name]:
            if key:
                by_name.setdefault(key, []).append(entry)
        by_place.setdefault(place_key(constituency), []).append(entry)
    buckets: dict[str, list[str]] = {}
    for key in by_name:
        buckets.setdefault(key.rsplit(" ", 1)[-1][:1], []).append(key)
    return _Gazetteer(
        by_name={k: tuple(sorted(v, key=lambda m: m.start)) for k, v in by_name.items()},
        peers={k: tuple(v) for k, v in peers.items()},
        by_place={k: tuple(sorted(v, key=lambda m: m.start)) for k, v in by_place.items()},
        buckets={k: tuple(v) for k, v in buckets.items()},
    )


def _day(on: Day) -> str | None:
    if on is None or on == "":
        return None
    return on.isoformat() if isinstance(on, dt.date) else str(on)[:10]


def _pick(seats: tuple[Member, ...], day: str | None) -> Member:
    """The seat that covers ``day``; else the nearest in time; without a date, the latest."""
    if day is None:
        return seats[-1]
    for seat in seats:
        if seat.covers(day):
            return seat

    def distance(seat: Member) -> int:
        when = dt.date.fromisoformat(day).toordinal()
        start = dt.date.fromisoformat(seat.start).toordinal()
        end = dt.date.fromisoformat(seat.end).toordinal() if seat.end else start
        return min(abs(when - start), abs(when - end))

    return min(seats, key=distance)


@lru_cache(maxsize=16384)
def _seats(name: str) -> tuple[Member, ...]:
    key = name_key(name)
    if not key or " " not in key:
        return ()
    found = gazetteer().by_name.get(key)
    if found:
        return found
    return _by_formal_name(key) or _fuzzy(key)


@lru_cache(maxsize=1)
def member_given_names() -> frozenset[str]:
    """The first words of the MPs' names the gazetteer holds (lower case): given names
    the nicknames table may lack ("Hazel", "Rhodri"), for telling one person from another."""
    return frozenset(name.split()[0] for name in gazetteer().by_name if " " in name)


@lru_cache(maxsize=1)
def nick_namer() -> Any:
    """The nicknames package's table of given names and their short forms (Apache-2.0),
    loaded once, when first asked (as rapidfuzz is): most letters never need it."""
    from nicknames import NickNamer

    return NickNamer()


def _formal_names() -> Callable[[str], set[str]]:
    return cast("Callable[[str], set[str]]", nick_namer().canonicals_of)


def _by_formal_name(key: str) -> tuple[Member, ...]:
    """The seats of the one MP whose given name the first word is a short form of ("Chris
    Matheson" for Christian Matheson, as the sources list him); none if it fits several."""
    first, _, rest = key.partition(" ")
    people = {
        seats[0].name: seats
        for formal in _formal_names()(first)
        if (seats := gazetteer().by_name.get(f"{formal} {rest}"))
    }
    return next(iter(people.values())) if len(people) == 1 else ()


def _fuzzy(key: str) -> tuple[Member, ...]:
    """The MP whose name is one slip away ("Therese Cofey"): one letter added, dropped or
    changed, two in a long name; a different name two letters away ("Martin Clayton",
    not Martin Caton) is not taken for a slip."""
    from rapidfuzz import fuzz, process  # only on a miss: most lookups never need it
    from rapidfuzz.distance import Levenshtein

    keys = gazetteer().buckets.get(key.rsplit(" ", 1)[-1][:1], ())
    best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    if best is None:
        return ()
    slips = 2 if len(key) >= _LONG_NAME else 1
    if Levenshtein.distance(key, best[0], score_cutoff=slips) > slips:
        return ()
    return gazetteer().by_name[best[0]]


def member(name: str, on: Day = None) -> Member | None:
    """The MP of that name (titles, accents and case aside); with a date, the seat then held."""
    seats = _seats(name)
    return _pick(seats, _day(on)) if seats else None


def seat_on(name: str, on: Day) -> Member | None:
    """The seat the MP of that name held on that date; None without a date or if none then."""
    day = _day(on)
    if day is None:
        return None
    return next((seat for seat in _seats(name) if seat.covers(day)), None)


def is_mp_name(name: str, on: Day = None) -> bool:
    """Whether ``name`` is an MP's; with a date, one who sat on that date."""
    seats = _seats(name)
    day = _day(on)
    return bool(seats) and (day is None or any(seat.covers(day) for seat in seats))


def is_peer_name(name: str) -> bool:
    """Whether ``name`` is a peer's as the Lords list it ("Lord Hamilton of Epsom")."""
    return name_key(name) in gazetteer().peers


def constituency_of(name: str, on: Day = None) -> str | None:
    """The constituency an MP sat for (on a date, if given; else the latest)."""
    found = member(name, on)
    return found.constituency if found else None


@lru_cache(maxsize=1)
def constituency_names() -> frozenset[str]:
    """Names of Commons seats of more than one word ("Altrincham and Sale West"): places a
    letter names whole. One-word seats are left to the place gazetteer, which knows when a
    word such as "Gordon" is a place."""
    return frozenset(
        member.constituency
        for seats in gazetteer().by_place.values()
        for member in seats
        if " " in member.constituency and not any(c in member.constituency for c in ",()")
    )


def member_by_constituency(place: str, on: Day) -> Member | None:
    """The MP who sat for a constituency on a date (the latest, without a date)."""
    seats = gazetteer().by_place.get(place_key(place))
    if not seats:
        return None
    day = _day(on)
    if day is None:
        return seats[-1]
    covering = [seat for seat in seats if seat.covers(day)]
    return covering[-1] if covering else None
