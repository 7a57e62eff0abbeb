"""The optional members file: which constituency an MP sat for on a given date.

Researchers can export one from Parliament's members data. It fills in ``area`` when a
letter names its MP but not the constituency. Its names are matched by the gazetteer's key
(``archive.knowledge.members.name_key``): one rule for an MP's name wherever it is compared.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.knowledge.members import name_key, plain_name, seat_on

_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "member", "mp", "display name", "display_as", "displayas", "full name"),
    "constituency": ("constituency", "seat", "member from", "memberfrom", "constituency name"),
    "party": ("party", "party name"),
    "from": ("from", "start", "start date", "startdate", "house start date", "elected", "since"),
    "to": ("to", "end", "end date", "enddate", "house end date", "until", "left"),
}


class MembersFileError(Exception):
    """A members file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class MembersLoad:
    rows: list[dict[str, Any]]
    #: Rows that were left out, as "line N: reason".
    problems: list[str]


def parse_members_csv(path: Path) -> MembersLoad:
    """Read a members CSV (name, constituency, party, from, to; header names may vary)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise MembersFileError(f"{path}: cannot be read ({error.strerror})") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise MembersFileError(f"{path}: empty file")
    positions = _match_columns(header)
    missing = [name for name in ("name", "constituency") if name not in positions]
    if missing:
        raise MembersFileError(
            f"{path}: no {' or '.join(missing)} column; the header should name the columns "
            f"name, constituency, party, from, to (found: {', '.join(header)})"
        )
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for line_number, cells in enumerate(reader, 2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(column: str, cells: list[str] = cells) -> str:
            index = positions.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        name, constituency = cell("name"), cell("constituency")
        if not name or not constituency:
            problems.append(f"line {line_number}: no name or constituency")
            continue
        dates: dict[str, str | None] = {}
        for column in ("from", "to"):
            value = cell(column)
            parsed = _parse_date(value) if value else None
            if value and parsed is None:
                problems.append(f"line {line_number}: {column} date {value!r} not understood")
            dates[column] = parsed.isoformat() if parsed else None
        rows.append(
            {
                "name": plain_name(name),
                "constituency": constituency,
                "party": cell("party") or None,
                "from": dates["from"],
                "to": dates["to"],
            }
        )
    return MembersLoad(rows, problems)


class MemberDirectory:
    """Looks up an MP's constituency at a date; derives a letter's ``area``.

    Two sources: the members file, and what the archive's own letters state ("Member of
    Parliament for X" in an MP's letter tells the constituency for that MP's other letters).
    """

    def __init__(
        self, rows: Iterable[Mapping[str, Any]], stated: Iterable[tuple[str, str | None, str]] = ()
    ) -> None:
        self._by_name: dict[str, list[Mapping[str, Any]]] = {}
        for row in rows:
            self._by_name.setdefault(name_key(str(row["name"])), []).append(row)
        self._stated: dict[str, list[tuple[str, str]]] = {}
        for name, date, constituency in stated:
            self._stated.setdefault(name_key(name), []).append((date or "", constituency))
        self._nearest: dict[str, _NearestStatement] = {}

    @classmethod
    def for_records(
        cls, rows: Iterable[Mapping[str, Any]], records: Iterable[Mapping[str, Any]]
    ) -> MemberDirectory:
        """A directory from the members file plus the constituencies letters state."""
        stated = []
        for record in records:
            meta = record.get("metadata") or {}
            if meta.get("mp") and meta.get("constituency"):
                stated.append((str(meta["mp"]), meta.get("date"), str(meta["constituency"])))
        return cls(rows, stated)

    def stated_constituency(self, name: str, on: dt.date | None) -> str | None:
        """The constituency other letters state for this MP, from the letter nearest in time."""
        key = name_key(name)
        statements = self._stated.get(key)
        if not statements:
            return None
        if on is None:
            return Counter(c for _d, c in statements).most_common(1)[0][0]
        nearest = self._nearest.get(key)
        if nearest is None:
            nearest = self._nearest[key] = _NearestStatement.of(statements)
        return nearest.at(on.toordinal())

    def __bool__(self) -> bool:
        return bool(self._by_name or self._stated)

    def constituency(self, name: str, on: dt.date | None) -> str | None:
        terms = self._by_name.get(name_key(name))
        if not terms:
            return None
        if on is not None:
            day = on.isoformat()
            for term in terms:
                if (term.get("from") or "") <= day and (not term.get("to") or day <= term["to"]):
                    return str(term["constituency"])
        latest = max(terms, key=lambda term: term.get("from") or "")
        return str(latest["constituency"])

    def apply(self, metadata: MutableMapping[str, Any]) -> None:
        """Set ``area`` in a stored metadata dict.

        In order: the constituency the letter states, the members file, the gazetteer of MPs
        (the seat the MP held on the letter's date), what other letters state, the main place.
        """
        area = metadata.get("constituency")
        if not area and metadata.get("mp"):
            mp = str(metadata["mp"])
            date = metadata.get("date")
            on = dt.date.fromisoformat(date) if date else None
            area = (
                self.constituency(mp, on)
                or _gazetteer_seat(mp, on)
                or self.stated_constituency(mp, on)
            )
        if not area:
            places = metadata.get("places") or []
            area = places[0] if places else None
        metadata["area"] = area


class _NearestStatement:
    """An MP's stated constituencies by date, for the one nearest a day in a binary search
    (an import derives every letter's area: scanning all of an MP's statements for each of
    their letters grows with the square of the archive): the smallest distance, the earliest
    statement among equals, an undated one 10**6 days off.
    """

    _UNDATED = 10**6

    def __init__(self, statements: list[tuple[str, str]], first_at: dict[int, int]) -> None:
        self._statements = statements
        self._first_at = first_at
        self._days = sorted(day for day in first_at if day >= 0)
        self._undated = first_at.get(-1)

    @classmethod
    def of(cls, statements: list[tuple[str, str]]) -> _NearestStatement:
        """Raises ``ValueError`` when a statement's date is not an ISO date."""
        first_at: dict[int, int] = {}
        for index, (date, _constituency) in enumerate(statements):
            day = dt.date.fromisoformat(date).toordinal() if date else -1
            first_at.setdefault(day, index)
        return cls(statements, first_at)

    def at(self, day: int) -> str:
        days = self._days
        found = bisect.bisect_left(days, day)
        candidates = [
            (abs(days[near] - day), self._first_at[days[near]])
            for near in (found - 1, found)
            if 0 <= near < len(days)
        ]
        if self._undated is not None:
            candidates.append((self._UNDATED, self._undated))
        return self._statements[min(candidates)[1]][1]


def _gazetteer_seat(name: str, on: dt.date | None) -> str | None:
    """The constituency the shipped gazetteer gives for an MP on a date (never without one)."""
    seat = seat_on(name, on)
    return seat.constituency if seat else None


def _match_columns(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    normalised = [re.sub(r"[\s_]+", " ", h.strip().lower()) for h in header]
    for column, names in _COLUMNS.items():
        for index, heading in enumerate(normalised):
            if heading in names and column not in positions:
                positions[column] = index
    return positions


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(value[:10] if fmt == "%Y-%m-%d" else value, fmt).date()
        except ValueError:
            continue
    return None
