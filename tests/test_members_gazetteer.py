"""The members gazetteer's by-elections: who sat for a seat after one; how the tool adds them."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from archive.knowledge import constituency_of, is_mp_name, member_by_constituency
from archive.knowledge.members import seat_on

ROOT = Path(__file__).resolve().parent.parent
BY_ELECTIONS = ROOT / "tools" / "data" / "commons-by-elections.tsv"


@pytest.fixture
def tool(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """tools/build_members.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location(
        "build_members", ROOT / "tools" / "build_members.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_members", module)  # for its dataclasses
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("winner", "seat", "day_before", "day_in_term"),
    [
        # The 2017-2019 parliament: Lewisham East, 14 June 2018.
        ("Janet Daby", "Lewisham East", "2018-06-13", "2018-09-01"),
        # The 2019-2024 parliament: Chesham and Amersham, 17 June 2021; Batley and Spen,
        # 1 July 2021.
        ("Sarah Green", "Chesham and Amersham", "2021-06-16", "2022-01-10"),
        ("Kim Leadbeater", "Batley and Spen", "2021-06-30", "2023-03-01"),
    ],
)
def test_a_by_election_winner_sits_for_the_seat_from_polling_day(
    winner: str, seat: str, day_before: str, day_in_term: str
) -> None:
    assert is_mp_name(winner, day_in_term)
    assert constituency_of(winner, day_in_term) == seat
    found = seat_on(winner, day_in_term)
    assert found is not None and found.constituency == seat
    holder = member_by_constituency(seat, day_in_term)
    assert holder is not None and holder.name == winner
    assert not is_mp_name(winner, day_before)
    assert seat_on(winner, day_before) is None


@pytest.mark.parametrize(
    ("replaced", "seat", "day_sitting", "day_after"),
    [
        ("Heidi Alexander", "Lewisham East", "2018-01-10", "2018-09-01"),
        ("Cheryl Gillan", "Chesham and Amersham", "2020-06-01", "2022-01-10"),
    ],
)
def test_the_member_a_by_election_replaced_no_longer_sits_after_it(
    replaced: str, seat: str, day_sitting: str, day_after: str
) -> None:
    holder = member_by_constituency(seat, day_sitting)
    assert holder is not None and holder.name == replaced
    assert seat_on(replaced, day_after) is None


def by_election_list() -> list[dict[str, str]]:
    lines = [line for line in BY_ELECTIONS.read_text("utf-8").splitlines() if line[:1] != "#"]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_every_listed_by_election_seats_its_winner_a_week_after_polling_day() -> None:
    wrong = []
    for b in by_election_list():
        week_after = (dt.date.fromisoformat(b["date"]) + dt.timedelta(days=7)).isoformat()
        winner = f"{b['winner_given']} {b['winner_family']}"
        seat = seat_on(winner, week_after)
        holder = member_by_constituency(b["constituency"], week_after)
        if seat is None or holder is None or holder.name != winner:
            wrong.append((b["constituency"], winner, holder.name if holder else None))
        if seat_on(b["predecessor"], week_after) is not None:
            wrong.append((b["constituency"], b["predecessor"], "still sitting"))
    assert len(by_election_list()) == 30
    assert wrong == []


BASE_ROWS = [
    # Fictional members and seats.
    ("Harriet Vance", "Harriet", "Vance", "Kelmscott and Rye", "Independent",
     "2019-12-12", "2024-05-30", "commons"),
    ("Owen Treharne", "Owen", "Treharne", "Wexcombe", "Independent",
     "2019-12-12", "2024-05-30", "commons"),
    # Re-elected at the next general election: a seat of its own, after the by-election's.
    ("Priya Castellane", "Priya", "Castellane", "Kelmscott and Rye", "Independent",
     "2024-07-04", "", "commons"),
    # As Members API snapshots date a change: by the first snapshot that shows it.
    ("Dev Okafor", "Dev", "Okafor", "Ashby Marsh", "Independent",
     "2024-07-04", "2025-07-16", "commons"),
    ("Mara Quinn", "Mara", "Quinn", "Ashby Marsh", "Independent",
     "2025-07-16", "", "commons"),
]  # fmt: skip
BY_ELECTION_FILE = (
    "# Fictional.\n"
    "constituency\tdate\tvacated\tpredecessor\twinner_given\twinner_family\tparty\tsource\n"
    "Kelmscott & Rye\t2021-03-04\t2021-01-20\tHarriet Vance\tPriya\tCastellane\tIndependent\tx\n"
    "Wexcombe\t2022-05-05\t\tOwen Treharne\tAisha\tRahman-Doyle\tIndependent\tx\n"
    "Ashby Marsh\t2025-05-01\t2025-03-17\tDev Okafor\tMara\tQuinn\tIndependent\tx\n"
)


def build(tool: ModuleType, rows: list[tuple[str, ...]], by_elections: list[Any]) -> list[Any]:
    merged = tool.merge([rows, tool.by_election_rows(by_elections)])
    return sorted(tool.end_at_by_elections(merged, by_elections))


def test_the_tool_adds_a_by_election_and_ends_the_seat_it_replaced(
    tool: ModuleType, tmp_path: Path
) -> None:
    source = tmp_path / "by-elections.tsv"
    source.write_text(BY_ELECTION_FILE, encoding="utf-8")
    by_elections = tool.read_by_elections(source)

    built = build(tool, BASE_ROWS, by_elections)

    assert [(row[0], row[3], row[5], row[6]) for row in built] == [
        ("Aisha Rahman-Doyle", "Wexcombe", "2022-05-05", "2024-05-30"),
        ("Dev Okafor", "Ashby Marsh", "2024-07-04", "2025-03-17"),
        ("Harriet Vance", "Kelmscott and Rye", "2019-12-12", "2021-01-20"),
        # The snapshot's date gives way to polling day.
        ("Mara Quinn", "Ashby Marsh", "2025-05-01", ""),
        # No vacancy date in the file: the member replaced sits until polling day.
        ("Owen Treharne", "Wexcombe", "2019-12-12", "2022-05-05"),
        ("Priya Castellane", "Kelmscott & Rye", "2021-03-04", "2024-05-30"),
        ("Priya Castellane", "Kelmscott and Rye", "2024-07-04", ""),
    ]
    assert tool.unmatched_by_elections(built, by_elections) == []
    # Building again on what was built changes nothing.
    assert build(tool, built, by_elections) == built


def test_the_tool_names_a_by_election_whose_member_it_cannot_find(
    tool: ModuleType, tmp_path: Path
) -> None:
    source = tmp_path / "by-elections.tsv"
    source.write_text(BY_ELECTION_FILE.replace("Owen Treharne", "Owen Tremayne"), "utf-8")
    by_elections = tool.read_by_elections(source)

    built = build(tool, BASE_ROWS, by_elections)

    assert tool.unmatched_by_elections(built, by_elections) == [
        "2022-05-05 Wexcombe: no seat of Owen Tremayne ends then"
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("2021-03-04\t2021-01-20", "2021-31-04\t2021-01-20"),
        ("2021-03-04\t2021-01-20", "2021-03-04\t2021-04-20"),
        ("\tIndependent\tx\nWex", "\t\tx\nWex"),
    ],
    ids=["bad-date", "vacant-after-polling-day", "no-party"],
)
def test_the_tool_refuses_a_bad_by_election_line_naming_it(
    tool: ModuleType, tmp_path: Path, old: str, new: str
) -> None:
    source = tmp_path / "by-elections.tsv"
    source.write_text(BY_ELECTION_FILE.replace(old, new), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"by-elections\.tsv:3: "):
        tool.read_by_elections(source)


def test_the_committed_gazetteer_is_what_the_tool_builds(
    tool: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed = ROOT / "archive" / "data" / "members.tsv"
    monkeypatch.setattr(tool, "OUT", tmp_path / "members.tsv")

    tool.main(["build_members", "--base", str(committed), "--by-elections", str(BY_ELECTIONS)])

    assert (tmp_path / "members.tsv").read_bytes() == committed.read_bytes()


def test_an_mp_is_found_under_each_form_of_the_name_their_rows_give() -> None:
    # The 2011 row says "Jon", the 2015 and later rows "Jonathan".
    seat = seat_on("Jon Ashworth", "2017-04-11")
    assert seat is not None and seat.constituency == "Leicester South"
    assert seat.start == "2015-05-07"


def test_a_seat_is_held_under_the_name_its_member_had_then_not_a_later_peerage() -> None:
    # Colin Moynihan sat for Lewisham East from 1983 to 1992 and is Lord Moynihan now.
    holder = member_by_constituency("Lewisham East", "1990-01-01")
    assert holder is not None and holder.name == "Colin Moynihan"
    assert is_mp_name("Colin Moynihan", "1990-01-01")
    assert not is_mp_name("Lord Moynihan", "1990-01-01")


def test_the_tool_joins_a_seat_a_snapshot_showed_vacant_for_a_day(tool: ModuleType) -> None:
    def seat(start: str, end: str) -> tuple[str, ...]:
        return ("Harriet Vance", "Harriet", "Vance", "Wexcombe", "Ind", start, end, "commons")

    glitch = [seat("2024-07-04", "2025-07-16"), seat("2025-07-17", "")]
    # Two parliaments: the sources end one on polling day and start the next then.
    parliaments = [seat("1987-06-11", "1992-04-09"), seat("1992-04-09", "1997-05-01")]

    joined = tool.join_snapshot_gaps(glitch + parliaments)

    assert sorted((row[5], row[6]) for row in joined) == [
        ("1987-06-11", "1992-04-09"),
        ("1992-04-09", "1997-05-01"),
        ("2024-07-04", ""),
    ]


def test_a_short_form_of_the_given_name_finds_the_mp() -> None:
    # The sources list him as Christian Matheson; the by-election pages as Chris Matheson.
    seat = seat_on("Chris Matheson", "2021-01-01")
    assert seat is not None and seat.name == "Christian Matheson"
    assert seat.constituency == "City Of Chester"
    # A full given name is not taken for a short form of another: no MP Christine Green.
    assert not is_mp_name("Christine Green")


def test_a_short_form_that_fits_two_mps_finds_neither(monkeypatch: pytest.MonkeyPatch) -> None:
    from archive.knowledge import members

    def seat(name: str) -> members.Member:
        return members.Member(name, "Wexcombe", "Independent", "2019-12-12", None)

    fictional = members._Gazetteer(
        by_name={"christopher vance": (seat("Christopher Vance"),),
                 "christian vance": (seat("Christian Vance"),),
                 "david okafor": (seat("David Okafor"),)},
        peers={}, by_place={}, buckets={},
    )  # fmt: skip
    monkeypatch.setattr(members, "gazetteer", lambda: fictional)
    members._seats.cache_clear()
    try:
        assert members.member("Chris Vance") is None
        found = members.member("Dave Okafor")
        assert found is not None and found.name == "David Okafor"
    finally:
        members._seats.cache_clear()
