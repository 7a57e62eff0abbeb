"""Build archive/data/members.tsv: every MP's seats, with dates, merged from open sources.

Each source is a local file or folder, given by option (the build needs no network)::

    --mnis DIR         Parliament's MNIS member biographies as mySociety's parlparse kept them
                       (``rawdata/datadotparl/<id>.xml``; the last commit with them is
                       b7e2be4c^, 2015): MPs and peers to 2015, exact dates. A seat still
                       open there runs to the 2017 dissolution when EveryPolitician has the
                       2017 parliament, else (a stopgap) to the 2019 dissolution.
                         git --git-dir=PARLPARSE archive b7e2be4c^ rawdata/datadotparl \\
                           | tar -x -C /tmp/kn
    --parlparse FILE   parlparse ``members/all-members.xml`` (commit 3286339e, 2009: every MP
                       1997-2009) and ``members/all-members-2010.xml`` (commit fc622e3b,
                       2015: every MP 2010-2015); give the option once per file.
                         git --git-dir=PARLPARSE show 3286339e:members/all-members.xml
    --everypolitician FILE
                       EveryPolitician (CC0), ``data/UK/Commons/term-56.csv`` (2015-2017) and
                       ``term-57.csv`` (2017-2019) of github.com/everypolitician/everypolitician-
                       data (commits e12fd360 and 4c52b449); give the option once per file. Only
                       the columns name, sort_name, group, area, term, start_date and end_date
                       are read; a row without dates spans its term.
    --hoc2019 FILE     House of Commons Library, ``HoC-GE2019-results-by-constituency.csv``
                       (research briefing CBP-8749), the winners of the 2019 general election;
                       the copy in github.com/thicknavyrain/leaflet_vote_share_2019.
    --ge2024 FILE      UK Parliament election results, candidate-level results of the 2024
                       general election (electionresults.parliament.uk); the copy in
                       github.com/dfe-analytical-services/mp-lookup
                       (``data/candidate-level-results-general-election-04-07-2024.csv``).
    --current DIR      snapshots of that repository's ``mp_lookup.csv`` (Parliament's Members
                       API), one file per commit named ``<YYYY-MM-DD>-<commit>.csv``, for the
                       changes since 2024 (by-elections): a new MP's start is the date of the
                       first snapshot that shows them, so it is approximate.
                         git log --format='%h %cd' --date=short -- mp_lookup.csv | while read \\
                           c d; do git show $c:mp_lookup.csv > DIR/$d-$c.csv; done
    --by-elections FILE
                       ``tools/data/commons-by-elections.tsv``: the 28 by-elections of the 2017-19
                       and 2019-24 parliaments and the first two of the 2024 parliament (Runcorn
                       and Helsby 2025, Gorton and Denton 2026), read by the project from each one's
                       Wikipedia article (CC BY-SA 4.0; the facts: seat, polling day, the day the
                       seat fell vacant, predecessor, winner, party) and checked against the
                       Commons Library's lists (CBP-8280; "by-elections in the last parliament",
                       2024; Open Parliament Licence v3.0); the file names the page of each row.
                       The winner sits from polling day to the next dissolution; the member
                       replaced sits until the seat fell vacant (polling day where the file gives
                       no such date). No other source here has the 2017-24 by-elections; for the
                       later ones it corrects the dates the Members API snapshots give.
    --base FILE        instead of the sources above, a members.tsv built from them (the committed
                       one), to add ``--by-elections`` without fetching every source again; the
                       result is the same as building from the sources with ``--by-elections``:
                         .venv/bin/python tools/build_members.py --base archive/data/members.tsv \\
                           --by-elections tools/data/commons-by-elections.tsv

One row per seat held per parliament (a general election starts a new row), plus one row per
peer. Where sources overlap, the earlier source in the list above wins: a row is dropped when a
better source has the same person (or the same seat and family name) at an overlapping time.
The output is committed, so the app needs neither the sources nor the network.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.knowledge.members import name_key as _name_key  # noqa: E402
from archive.knowledge.members import place_key as _place_key  # noqa: E402
from archive.knowledge.titles import HONORIFICS, PEERAGES, RANKS, title_alternatives  # noqa: E402

#: The gazetteer's own reductions of a name and of a seat, cached: the merge asks them for
#: every row.
name_key = cache(_name_key)
place_key = cache(_place_key)

OUT = Path(__file__).resolve().parent.parent / "archive" / "data" / "members.tsv"
HEADER = (
    "# Members of the House of Commons (each seat held, per parliament, with dates) and of the\n"
    "# House of Lords. Built by tools/build_members.py. Source: these, merged in this order:\n"
    "# 1. UK Parliament, Members' Names Information Service (data.parliament.uk), member\n"
    "#    biographies as kept in mySociety's parlparse (github.com/mysociety/parlparse,\n"
    "#    rawdata/datadotparl, 2015): MPs and peers to 2015. Open Parliament Licence v3.0.\n"
    "# 2. mySociety parlparse, members/all-members.xml (2009) and all-members-2010.xml (2015):\n"
    "#    every MP 1997-2015. Parliamentary information; the repository's licence file covers\n"
    "#    its software (AGPL-3.0) and states no separate licence for this data.\n"
    "# 3. EveryPolitician (everypolitician.org; github.com/everypolitician/everypolitician-data,\n"
    "#    data/UK/Commons/{ep}): the parliaments of 2015-2017 (term 56) and 2017-2019\n"
    "#    (term 57, as listed in 2017, so without that parliament's later by-elections).\n"
    "#    CC0 1.0 (public domain dedication).\n"
    "# 4. House of Commons Library, general election 2019 results by constituency (CBP-8749):\n"
    "#    the MPs elected in 2019. Open Parliament Licence v3.0.\n"
    "# 5. UK Parliament election results (electionresults.parliament.uk), candidate-level\n"
    "#    results of the 2024 general election. Open Parliament Licence v3.0.\n"
    "# 6. Changes since 2024 (by-elections) from the UK Parliament Members API as kept in\n"
    "#    github.com/dfe-analytical-services/mp-lookup (no licence file; the data is\n"
    "#    Parliament's, Open Parliament Licence v3.0); such a start date is approximate.\n"
    "{by_elections}"
    "# Contains Parliamentary information licensed under the Open Parliament Licence v3.0\n"
    "# (https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/).\n"
    "# By-elections of 2015-2017 are in (term 56 gives their dates and the dates of the MPs who\n"
    "# left). Not covered: {not_covered}MPs of 1979-1997 who had left by\n"
    "# 2015, unless MNIS lists them (of the 650 seats, 186 are known in mid-1985, 220 in 1990,\n"
    "# 253 in 1995); a change of party within a parliament (a seat keeps the party it was\n"
    "# first listed with).\n"
    "# Columns are tab-separated; end is empty while serving.\n"
)
BY_ELECTIONS_SOURCE = (
    "# 7. By-elections from 2017 to February 2026 (all of the 2017 and 2019 parliaments), as in\n"
    "#    the project's tools/data/commons-by-elections.tsv: seat, polling day, the day the seat\n"
    "#    fell vacant, the member replaced, the winner and party, read from each by-election's\n"
    "#    Wikipedia article (CC BY-SA 4.0; each row names its page); the 2017-24 seats checked\n"
    "#    against the Commons Library's lists (Open Parliament Licence v3.0). A winner sits from\n"
    "#    polling day; the member replaced until the seat fell vacant, or polling day where no\n"
    "#    vacancy date was found.\n"
)
NOT_COVERED_BY_ELECTIONS = (
    "MPs first elected at by-elections from 2017 to 2024 (so an MP who left\n"
    "# early then appears to sit until the dissolution), and "
)
COLUMNS = ("name", "given", "family", "constituency", "party", "start", "end", "house")
Row = tuple[str, str, str, str, str, str, str, str]

#: Dissolutions of parliament: a seat whose source gives no end ended at the next one.
DISSOLUTIONS = (
    "1983-05-13", "1987-05-18", "1992-03-16", "1997-04-08", "2001-05-14", "2005-04-11",
    "2010-04-12", "2015-03-30", "2017-05-03", "2019-11-06", "2024-05-30",
)  # fmt: skip
ELECTED_2019, DISSOLVED_2024 = "2019-12-12", "2024-05-30"
ELECTED_2024 = "2024-07-04"


def dissolution_after(start: str, until: str) -> str:
    """The end of a seat that a source dated ``until`` still shows open: the next dissolution."""
    return next((day for day in DISSOLUTIONS if start < day and until < day), "")


PARTIES = {
    "Con": "Conservative",
    "Lab": "Labour",
    "Lab/Co-op": "Labour (Co-op)",
    "LDem": "Liberal Democrat",
    "LD": "Liberal Democrat",
    "SNP": "Scottish National Party",
    "PC": "Plaid Cymru",
    "DUP": "Democratic Unionist Party",
    "SF": "Sinn Féin",
    "SDLP": "Social Democratic & Labour Party",
    "UUP": "Ulster Unionist Party",
    "Alliance": "Alliance",
    "APNI": "Alliance",
    "Green": "Green Party",
    "UKIP": "UK Independence Party",
    "UKUP": "UK Unionist Party",
    "Res": "Respect",
    "Ind": "Independent",
    "Ind Con": "Independent Conservative",
    "Ind Lab": "Independent Labour",
    "Ind UU": "Independent Ulster Unionist",
    "SPK": "Speaker",
    "Spk": "Speaker",
    "CWM": "Deputy Speaker",
    "DCWM": "Deputy Speaker",
}
# Titles before a name as the sources write it (archive.knowledge.titles), and a courtesy
# "Lady" or "Lord" before a given name ("Lord John Smith"): what is left is the name.
_TITLES = re.compile(
    r"^(?:(?:the\s+)?(?:" + title_alternatives(HONORIFICS, RANKS) + r")\s+|"
    r"lady\s+|lord\s+(?=\w+\s+\w))+",
    re.IGNORECASE,
)


#: Without a source for the 2017 parliament, a seat MNIS shows open in 2015 is taken to run to
#: the 2019 dissolution: this keeps the MPs re-elected in 2017 (most of them), and over-covers
#: those who lost or left then. With one, it runs to the 2017 dissolution.
STOPGAP, DATED = "2017-05-04", "2015-05-08"


# --- MNIS ----------------------------------------------------------------------------------


def _text(element: ET.Element | None, path: str) -> str:
    found = element.find(path) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _day(value: str) -> str:
    return value[:10] if value else ""


def _covering(periods: list[ET.Element], day: str) -> ET.Element | None:
    """The period (an element with StartDate/EndDate) that covers ``day``, else the nearest."""
    best: ET.Element | None = None
    for period in periods:
        start, end = _day(_text(period, "StartDate")), _day(_text(period, "EndDate"))
        if start <= day and (not end or day <= end):
            return period
        if start <= day and (best is None or start > _day(_text(best, "StartDate"))):
            best = period
    return best or (periods[-1] if periods else None)


def _name_at(member: ET.Element, day: str) -> tuple[str, str, str]:
    """(name as commonly written, given name, family name) at a date."""
    preferred = _covering(member.findall("PreferredNames/PreferredName"), day)
    given = _text(preferred, "Forename") or _text(member, "BasicDetails/GivenForename")
    family = _text(preferred, "Surname") or _text(member, "BasicDetails/GivenSurname")
    display = _TITLES.sub("", _text(member, "DisplayAs"))
    # The display name is how the member is known now ("Lord X" for a former MP): use it only
    # when it is the same person's plain name.
    name = display if family and display.endswith(family) and " " in display else ""
    return name or f"{given} {family}".strip(), given, family


def mnis_rows(member: ET.Element, until: str = STOPGAP) -> list[Row]:
    rows: list[Row] = []
    parties = member.findall("Parties/Party")
    for seat in member.findall("Constituencies/Constituency"):
        start, end = _day(_text(seat, "StartDate")), _day(_text(seat, "EndDate"))
        name, given, family = _name_at(member, start)
        party = _text(_covering(parties, start), "Name")
        # The biographies stop in 2015: a seat still open then runs to the next dissolution
        # after ``until`` (see read_mnis).
        end = end or dissolution_after(start, until)
        rows.append((name, given, family, _text(seat, "Name"), party, start, end, "commons"))
    for membership in member.findall("HouseMemberships/HouseMembership"):
        if _text(membership, "House") != "Lords":
            continue
        start, end = _day(_text(membership, "StartDate")), _day(_text(membership, "EndDate"))
        display = _text(member, "DisplayAs")
        given = _text(member, "BasicDetails/GivenForename")
        party = _text(_covering(parties, start), "Name")
        rows.append((display, given, "", "", party, start, end, "lords"))
    return rows


def read_mnis(folder: Path, until: str = STOPGAP) -> list[Row]:
    rows: list[Row] = []
    for path in sorted(folder.glob("*.xml")):
        if path.stem.isdigit():
            for member in ET.parse(path).getroot().iter("Member"):
                rows.extend(mnis_rows(member, until))
    return rows


def end_early(rows: list[Row], later: list[Row]) -> list[Row]:
    """Rows whose end is a dissolution cut to the end a later source gives the same seat-holding
    (an MP who died or resigned during the parliament, which the biographies of 2015 miss)."""
    ends = {
        (name_key(row[0]), place_key(row[3])): row[6]
        for row in later
        if row[6] and row[6] not in DISSOLUTIONS
    }
    cut: list[Row] = []
    for row in rows:
        end = ends.get((name_key(row[0]), place_key(row[3])), "")
        if row[7] == "commons" and row[6] in DISSOLUTIONS and row[5] <= end < row[6]:
            row = (*row[:6], end, row[7])
        cut.append(row)
    return cut


# --- parlparse ------------------------------------------------------------------------------


def read_parlparse(path: Path) -> list[Row]:
    """Commons rows of an all-members XML file, a party change folded into the seat's row."""
    root = ET.fromstring(path.read_bytes())
    dates = [m.get("fromdate", "") for m in root.iter("member")]
    dated = max(dates, default="")
    rows: list[Row] = []
    for member in root.iter("member"):
        if member.get("house", "commons") != "commons":
            continue
        given = html.unescape(member.get("firstname", "")).strip()
        family = html.unescape(member.get("lastname", "")).strip()
        seat = html.unescape(member.get("constituency", "")).strip()
        party = member.get("party", "")
        start = member.get("fromdate", "")
        end = member.get("todate", "").replace("9999-12-31", "")
        rows.append(
            (
                f"{given} {family}".strip(),
                given,
                family,
                seat,
                PARTIES.get(party, party),
                start,
                end or dissolution_after(start, dated),
                "commons",
            )
        )
    return _fold(rows)


def _fold(rows: list[Row]) -> list[Row]:
    """One row per seat per parliament: join rows of one MP and seat that meet (party changes)."""
    folded: list[Row] = []
    for row in sorted(rows, key=lambda r: (r[0], r[3], r[5])):
        last = folded[-1] if folded else None
        if last and last[0] == row[0] and last[3] == row[3] and last[6] and _meets(last[6], row[5]):
            folded[-1] = (*last[:6], row[6], last[7])
        else:
            folded.append(row)
    return folded


def _meets(end: str, start: str) -> bool:
    gap = dt.date.fromisoformat(start) - dt.date.fromisoformat(end)
    return dt.timedelta(0) <= gap <= dt.timedelta(days=1)


# --- EveryPolitician ------------------------------------------------------------------------

#: EveryPolitician's terms of the Commons: (start, end) of a row that gives no dates.
EP_TERMS = {"56": ("2015-05-07", "2017-05-03"), "57": ("2017-06-08", "2019-11-06")}
EP_PARTIES = {
    "Labour/Co-operative": "Labour (Co-op)",
    "DUP": "Democratic Unionist Party",
    "Green": "Green Party",
    "Social Democratic and Labour Party": "Social Democratic & Labour Party",
    "UUP": "Ulster Unionist Party",
    "UKIP": "UK Independence Party",
}
_SUFFIXES = {"jnr", "jr", "junior"}


def ep_names(name: str, sort_name: str) -> tuple[str, str, str]:
    """(name, given, family) from EveryPolitician's name and "Family, Title Given" sort name,
    which follows Parliament's listing (the name the member is known by)."""
    family, comma, given = sort_name.partition(",")
    given = _TITLES.sub("", given.strip() + " ").strip()
    if comma and given and given.lower() not in {"lady", "sir", "dame", "lord"}:
        return f"{given} {family.strip()}", given, family.strip()
    words = name.split()
    while len(words) > 2 and words[-1].lower().rstrip(".") in _SUFFIXES:
        words.pop()
    return name, " ".join(words[:-1]), words[-1] if words else ""


def read_everypolitician(path: Path) -> list[Row]:
    rows: list[Row] = []
    for line in _csv(path):
        if line.get("chamber", "House of Commons") != "House of Commons":
            continue
        term_start, term_end = EP_TERMS.get(line["term"], ("", ""))
        start = line["start_date"] or term_start
        end = line["end_date"] or term_end
        if not start:
            continue
        name, given, family = ep_names(line["name"].strip(), line["sort_name"].strip())
        party = line["group"].strip()
        seat, party = line["area"].strip(), EP_PARTIES.get(party, party)
        rows.append((name, given, family, seat, party, start, end, "commons"))
    return _fold(rows)


# --- elections -----------------------------------------------------------------------------


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_hoc2019(path: Path) -> list[Row]:
    rows: list[Row] = []
    for line in _csv(path):
        given, family = line["Member first name"].strip(), line["Member surname"].strip()
        party = PARTIES.get(line["First party"], line["First party"])
        seat = line["Constituency name"].strip()
        name = f"{given} {family}"
        rows.append((name, given, family, seat, party, ELECTED_2019, DISSOLVED_2024, "commons"))
    return rows


def read_ge2024(path: Path) -> dict[str, list[str]]:
    """The 2024 winners by constituency code: [name, given, family, seat, party, start, end]."""
    winners: dict[str, list[str]] = {}
    for line in _csv(path):
        if line["Candidate result position"] != "1":
            continue
        given, family = line["Candidate given name"].strip(), line["Candidate family name"].strip()
        party = line["Main party name"] or (
            "Speaker" if line["Candidate is standing as Commons Speaker"] == "true" else ""
        )
        winners[line["Constituency geographic code"]] = [
            f"{given} {family}",
            given,
            family,
            line["Constituency name"].strip(),
            party or "Independent",
            ELECTED_2024,
            "",
        ]
    return winners


def since_2024(winners: dict[str, list[str]], folder: Path | None) -> list[Row]:
    """The 2024 winners, then whoever the Members API snapshots show taking a seat later."""
    seats = {code: [list(row)] for code, row in winners.items()}
    for snapshot in sorted(folder.glob("*.csv")) if folder else []:
        day = snapshot.name[:10]
        for line in _csv(snapshot):
            held = seats.get(line["pcon_code"])
            if held is None:
                continue
            display = _TITLES.sub("", line["display_as"].strip())
            current = held[-1]
            vacant = display.lower() == "vacant"
            if vacant or _family_key(display) != _family_key(current[0]):
                if not current[6] and current[0] != "vacant":
                    current[6] = day
                if vacant:
                    if current[0] != "vacant":
                        held.append(["vacant", "", "", current[3], "", day, day])
                    continue
                given, _, family = display.rpartition(" ")
                party = line.get("party_text") or ""
                held.append([display, given, family, current[3], party, day, ""])
    rows: list[Row] = []
    for held in seats.values():
        for name, given, family, seat, party, start, end in held:
            if name != "vacant":
                rows.append((name, given, family, seat, party, start, end, "commons"))
    return rows


def join_snapshot_gaps(rows: list[Row]) -> list[Row]:
    """A seat of this parliament split where one Members API snapshot wrongly showed it vacant
    for a day (Bridlington and The Wolds on 2025-07-16) joined again: rows of one member and
    seat since the 2024 election that meet within a day. Earlier parliaments are left alone,
    as there a row ending on polling day and one starting then are two parliaments."""
    current = [row for row in rows if row[7] == "commons" and row[5] >= ELECTED_2024]
    others = [row for row in rows if not (row[7] == "commons" and row[5] >= ELECTED_2024)]
    return others + _fold(current)


def _family_key(name: str) -> str:
    words = name_key(name).split()
    while len(words) > 2 and words[-1] in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def _family_keys(row: Row) -> set[str]:
    """The keys a seat-holder's family name is matched on: the last word of the name and each
    word of the family name, so "Ian Paisley Jnr" meets "Ian Paisley" and "Martin
    Docherty-Hughes" meets "Martin John Docherty"."""
    return {_family_key(row[0]), *name_key(row[2]).split()} - {""}


# --- by-elections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ByElection:
    """One by-election: the seat, polling day, the day the seat fell vacant ("" if not known),
    the member it replaced and the winner."""

    constituency: str
    date: str
    vacated: str
    predecessor: str
    given: str
    family: str
    party: str


BY_ELECTION_COLUMNS = (
    "constituency", "date", "vacated", "predecessor", "winner_given", "winner_family", "party",
)  # fmt: skip


def read_by_elections(path: Path) -> list[ByElection]:
    """The by-elections of a tab-separated file (``#`` lines are its header comment); a row with
    a missing cell or a date that is not yyyy-mm-dd stops the build, naming the line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line and not line.startswith("#")]
    if not numbered:
        raise SystemExit(f"{path}: no by-elections in the file")
    header = numbered[0][1].split("\t")
    missing = [column for column in BY_ELECTION_COLUMNS if column not in header]
    if missing:
        raise SystemExit(f"{path}: no column {', '.join(missing)}")
    found: list[ByElection] = []
    for number, line in numbered[1:]:
        cells = dict(zip(header, (cell.strip() for cell in line.split("\t")), strict=False))
        values = [cells.get(column, "") for column in BY_ELECTION_COLUMNS]
        constituency, date, vacated, predecessor, given, family, party = values
        if not all((constituency, date, predecessor, family, party)):
            raise SystemExit(f"{path}:{number}: a by-election needs seat, date, names and party")
        for value in (date, vacated):
            try:
                if value:
                    dt.date.fromisoformat(value)
            except ValueError:
                raise SystemExit(f"{path}:{number}: date {value!r} is not yyyy-mm-dd") from None
        if vacated and vacated > date:
            raise SystemExit(f"{path}:{number}: the seat fell vacant after polling day")
        found.append(ByElection(constituency, date, vacated, predecessor, given, family, party))
    return found


def by_election_rows(by_elections: Iterable[ByElection]) -> list[Row]:
    """Each winner's seat, from polling day to the next dissolution."""
    return [
        (
            f"{b.given} {b.family}".strip(),
            b.given,
            b.family,
            b.constituency,
            b.party,
            b.date,
            dissolution_after(b.date, b.date),
            "commons",
        )
        for b in by_elections
    ]


def end_at_by_elections(rows: list[Row], by_elections: Iterable[ByElection]) -> list[Row]:
    """Rows of the members a by-election replaced, ended when the seat fell vacant (on polling day
    where that is not known); and a winner's row that a source dates later than polling day
    (the Members API snapshots date a change by the first snapshot showing it) starting on
    polling day. A row is the replaced member's if it holds the seat on polling day under their
    family name and is not the winner's. Running it twice changes nothing."""
    by_seat: dict[str, list[ByElection]] = {}
    for b in by_elections:
        by_seat.setdefault(place_key(b.constituency), []).append(b)
    ended: list[Row] = []
    for row in rows:
        for b in by_seat.get(place_key(row[3]), []) if row[7] == "commons" else []:
            replaced = _family_key(b.predecessor) in _family_keys(row)
            winner = name_key(row[0]) == name_key(f"{b.given} {b.family}")
            if replaced and not winner and row[5] < b.date <= (row[6] or "9999"):
                row = (*row[:6], b.vacated or b.date, row[7])
            term_end = dissolution_after(b.date, b.date) or "9999"
            if winner and b.date < row[5] <= term_end and _days(b.date, row[5]) <= SNAPSHOT_LAG:
                row = (*row[:5], b.date, *row[6:])
        ended.append(row)
    return ended


#: The most a Members API snapshot here lags a change (the first snapshot is of July 2025).
SNAPSHOT_LAG = 183


def _days(first: str, last: str) -> int:
    return (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days


def unmatched_by_elections(rows: list[Row], by_elections: Iterable[ByElection]) -> list[str]:
    """By-elections whose replaced member no row shows leaving by polling day (a name or seat
    spelt differently from the other sources): the build names them."""
    by_seat: dict[str, list[Row]] = {}
    for row in rows:
        if row[7] == "commons" and row[6]:
            by_seat.setdefault(place_key(row[3]), []).append(row)
    return [
        f"{b.date} {b.constituency}: no seat of {b.predecessor} ends then"
        for b in by_elections
        if not any(
            _family_key(b.predecessor) in _family_keys(row)
            and row[5] < b.date
            and (b.vacated or row[6]) <= row[6] <= b.date
            for row in by_seat.get(place_key(b.constituency), [])
        )
    ]


# A peer's title starting a name, capitalised as the sources write it ("Lord Moynihan").
_PEERAGE = re.compile(r"^(?:" + "|".join(title.capitalize() for title in PEERAGES) + r") ")


def as_commoner(row: Row) -> Row:
    """A Commons seat under the name its member had then, not the peerage MNIS lists them by
    now: Colin Moynihan sat for Lewisham East, not "Lord Moynihan"."""
    name, given, family = row[:3]
    if row[7] == "commons" and given and family and _PEERAGE.match(name):
        return (f"{given} {family}", *row[1:])
    return row


# --- a previous build --------------------------------------------------------------------------


def read_base(path: Path) -> tuple[list[Row], str]:
    """The rows of a members.tsv this tool built, and the EveryPolitician files its header
    names (so the rebuilt header still says which terms were read)."""
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise SystemExit(f"{path}: not a members.tsv (its first line is not {'/'.join(COLUMNS)})")
    rows: list[Row] = []
    for number, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise SystemExit(f"{path}: row {number} has {len(cells)} cells, not {len(COLUMNS)}")
        name, given, family, seat, party, start, end, house = cells
        rows.append((name, given, family, seat, party, start, end, house))
    named = re.search(r"data/UK/Commons/(.+?)\):", text.replace("\n#    ", " "))
    return rows, named.group(1) if named else "-"


# --- merging ---------------------------------------------------------------------------------


def _overlaps(a: Row, b: Row) -> bool:
    return a[5] <= (b[6] or "9999") and b[5] <= (a[6] or "9999")


def merge(sources: Iterable[list[Row]]) -> list[Row]:
    """Rows of every source; a row is dropped if an earlier source has that seat-holding."""
    kept: list[Row] = []
    by_person: dict[str, list[Row]] = {}
    by_seat: dict[tuple[str, str], list[Row]] = {}
    for rows in sources:
        fresh: list[Row] = []
        for row in rows:
            if row[7] == "commons":
                person = by_person.get(name_key(row[0]), [])
                place = place_key(row[3])
                seat = [o for f in _family_keys(row) for o in by_seat.get((place, f), [])]
                if any(_overlaps(row, other) for other in (*person, *seat)):
                    continue
            fresh.append(row)
        for row in fresh:
            kept.append(row)
            if row[7] == "commons":
                by_person.setdefault(name_key(row[0]), []).append(row)
                for family in _family_keys(row):
                    by_seat.setdefault((place_key(row[3]), family), []).append(row)
    return kept


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mnis", type=Path)
    parser.add_argument("--parlparse", type=Path, action="append", default=[])
    parser.add_argument("--everypolitician", type=Path, action="append", default=[])
    parser.add_argument("--hoc2019", type=Path)
    parser.add_argument("--ge2024", type=Path)
    parser.add_argument("--current", type=Path)
    parser.add_argument("--by-elections", type=Path)
    parser.add_argument("--base", type=Path)
    args = parser.parse_args(argv[1:])
    if args.base:
        if args.mnis or args.parlparse or args.everypolitician or args.hoc2019 or args.ge2024:
            parser.error("--base replaces the other sources: give one or the other")
        base, ep_files = read_base(args.base)
        if not args.by_elections and BY_ELECTIONS_SOURCE in args.base.read_text(encoding="utf-8"):
            parser.error("that base has the by-elections merged in: give --by-elections again")
        sources = [base]
    elif args.mnis:
        sources, ep_files = from_sources(args)
    else:
        parser.error("give the sources (at least --mnis) or --base")
    by_elections = read_by_elections(args.by_elections) if args.by_elections else []
    sources.append(by_election_rows(by_elections))
    merged = join_snapshot_gaps(end_at_by_elections(merge(sources), by_elections))
    for problem in unmatched_by_elections(merged, by_elections):
        print(f"warning: {problem}", file=sys.stderr)
    rows = {tuple(c.replace("\t", " ") for c in as_commoner(row)) for row in merged if row[0]}
    clean = sorted(rows, key=lambda row: (row[7], row[2], row[0], row[5], row))
    body = "\n".join("\t".join(row) for row in clean)
    header = HEADER.replace("{ep}", ep_files)
    header = header.replace("{by_elections}", BY_ELECTIONS_SOURCE if by_elections else "")
    header = header.replace("{not_covered}", "" if by_elections else NOT_COVERED_BY_ELECTIONS)
    OUT.write_text(header + "\t".join(COLUMNS) + "\n" + body + "\n", encoding="utf-8")
    commons = sum(row[7] == "commons" for row in clean)
    print(f"{commons} seats, {len(clean) - commons} peerages -> {OUT}")


def from_sources(args: argparse.Namespace) -> tuple[list[list[Row]], str]:
    """The rows of each source file given, in the order they are merged; the EP files' names."""
    ep = [row for path in args.everypolitician for row in read_everypolitician(path)]
    has_2017 = any(row[5] >= EP_TERMS["57"][0] for row in ep)
    mnis = end_early(read_mnis(args.mnis, DATED if has_2017 else STOPGAP), ep)
    sources = [mnis, *(read_parlparse(path) for path in args.parlparse), ep]
    if args.hoc2019:
        sources.append(read_hoc2019(args.hoc2019))
    if args.ge2024:
        sources.append(since_2024(read_ge2024(args.ge2024), args.current))
    return sources, " and ".join(p.name for p in args.everypolitician) or "-"


if __name__ == "__main__":
    main(sys.argv)
