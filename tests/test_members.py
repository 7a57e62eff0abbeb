"""The members file: parsing varied CSV exports, and which seat an MP held on a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from archive.knowledge.members import name_key
from archive.members import MemberDirectory, MembersFileError, parse_members_csv

VANCE_TERMS: list[dict[str, Any]] = [
    {
        "name": "Harriet Vance",
        "constituency": "Kelmscott and Rye",
        "party": "Independent",
        "from": "2010-05-06",
        "to": "2019-11-06",
    },
    {
        "name": "Harriet Vance",
        "constituency": "Rye and Wexcombe",
        "party": "Independent",
        "from": "2019-12-12",
        "to": None,
    },
]


def write_csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "members.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param(
            "name,constituency,party,from,to\n"
            "Harriet Vance,Kelmscott and Rye,Independent,2010-05-06,2019-11-06\n"
            "Harriet Vance,Rye and Wexcombe,Independent,2019-12-12,\n",
            "utf-8",
            id="plain",
        ),
        pytest.param(
            "Display name,Constituency,Party,Start date,End date\n"
            "Rt Hon Harriet Vance MP,Kelmscott and Rye,Independent,06/05/2010,06/11/2019\n"
            "Harriet Vance MP,Rye and Wexcombe,Independent,12/12/2019,\n",
            "utf-8-sig",
            id="display-name-dd-mm-yyyy-bom",
        ),
        pytest.param(
            "Member;Seat;Party name;Since;Until\n"
            "Ms Harriet Vance;Kelmscott and Rye;Independent;6 May 2010;6 November 2019\n"
            "Ms Harriet Vance;Rye and Wexcombe;Independent;12 Dec 2019;\n",
            "utf-8",
            id="semicolons-long-dates",
        ),
        pytest.param(
            "Full name\tConstituency name\tParty\tHouse start date\tHouse end date\n"
            "Harriet Vance\tKelmscott and Rye\tIndependent\t2010-05-06T00:00:00\t2019-11-06\n"
            "\n"
            "Harriet Vance\tRye and Wexcombe\tIndependent\t2019-12-12\t\n",
            "cp1252",
            id="tabs-timestamps-blank-line",
        ),
    ],
)
def test_parse_members_csv_reads_varied_exports(tmp_path: Path, text: str, encoding: str) -> None:
    loaded = parse_members_csv(write_csv(tmp_path, text, encoding))
    assert loaded.problems == []
    assert loaded.rows == VANCE_TERMS


def test_parse_members_csv_reports_bad_rows_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "name,constituency,party,from,to\n"
        "Harriet Vance,Kelmscott and Rye,Independent,2010-05-06,2019-11-06\n"
        "Owen Treharne,Wexcombe and Stoke Ferrers,Independent,31/02/2015,\n"
        ",Ashby Marsh,Independent,2015-05-07,\n"
        "Priya Castellane,,Independent,2015-05-07,\n"
        "Aisha Rahman-Doyle,Redwater,Independent,2017-06-08,soon\n",
    )

    loaded = parse_members_csv(path)

    assert loaded.problems == [
        "line 3: from date '31/02/2015' not understood",
        "line 4: no name or constituency",
        "line 5: no name or constituency",
        "line 6: to date 'soon' not understood",
    ]
    assert [(row["name"], row["from"], row["to"]) for row in loaded.rows] == [
        ("Harriet Vance", "2010-05-06", "2019-11-06"),
        ("Owen Treharne", None, None),
        ("Aisha Rahman-Doyle", "2017-06-08", None),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("name,party\nHarriet Vance,Independent\n", "no constituency column"),
        ("first,second\nHarriet Vance,Rye\n", "no name or constituency column"),
    ],
)
def test_parse_members_csv_refuses_a_file_it_cannot_use(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write_csv(tmp_path, text)
    with pytest.raises(MembersFileError, match=message) as caught:
        parse_members_csv(path)
    assert str(path) in str(caught.value)


def test_parse_members_csv_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MembersFileError, match="cannot be read"):
        parse_members_csv(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Harriet Vance", "harriet vance"),
        ("Rt Hon Harriet Vance MP", "harriet vance"),
        ("The Rt. Hon. Sir Owen  Treharne KC MP", "owen treharne"),
        ("Dame Priya Castellane DBE", "priya castellane"),
        ("Dr Aisha Rahman-Doyle", "aisha rahman doyle"),
    ],
)
def test_member_names_are_keyed_as_the_gazetteer_keys_them(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    "row_name",
    [
        "Harriet Vance",
        "Rt Hon Harriet Vance MP",
        "The Rt. Hon. Dame Harriet  Vance DBE MP",
        "Ms Harriet Vance",
        "Dr. Harriet Vance, MP",
    ],
)
@pytest.mark.parametrize(
    "letter_name", ["Harriet Vance", "Harriet Vance MP", "Rt Hon Harriet Vance MP", "HARRIET VANCE"]
)
def test_a_members_row_matches_the_name_a_letter_gives(row_name: str, letter_name: str) -> None:
    rows = [{**VANCE_TERMS[1], "name": row_name}]
    assert MemberDirectory(rows).constituency(letter_name, None) == "Rye and Wexcombe"


@pytest.mark.parametrize(
    "letter_name",
    [
        "Anne-Marie O'Neill",
        "Anne-Marie O’Neill",
        "Ánne-Marie O'Neill MP",
        "Dr Anne-Marie O'Neill",
        "ANNE-MARIE O'NEILL",
        "Anne Marie O'Neill",
    ],
)
def test_a_members_file_row_with_titles_and_an_accent_matches_the_plain_name(
    tmp_path: Path, letter_name: str
) -> None:
    """One key for the members file and the gazetteer: titles, letters after the name,
    accents, case and the apostrophe's form aside."""
    path = write_csv(
        tmp_path,
        "name,constituency,party,from,to\n"
        "Rt Hon Dr Ánne-Marie O'Neill MP,Kelmscott and Rye,Independent,2015-05-07,\n",
    )
    loaded = parse_members_csv(path)
    assert [row["name"] for row in loaded.rows] == ["Ánne-Marie O'Neill"]
    directory = MemberDirectory(loaded.rows)
    assert directory.constituency(letter_name, dt.date(2016, 1, 1)) == "Kelmscott and Rye"
    metadata: dict[str, Any] = {"mp": letter_name, "date": "2016-01-01", "places": ["Rye"]}
    directory.apply(metadata)
    assert metadata["area"] == "Kelmscott and Rye"


def test_a_letters_stated_constituency_is_found_under_the_same_key() -> None:
    stated = [("Dr Ánne-Marie O'Neill MP", "2016-01-01", "Kelmscott and Rye")]
    directory = MemberDirectory([], stated)
    assert directory.stated_constituency("Anne-Marie O’Neill", None) == "Kelmscott and Rye"


def test_other_people_do_not_match() -> None:
    rows = [{**VANCE_TERMS[1], "name": "Rt Hon Dr Ánne-Marie O'Neill MP"}]
    directory = MemberDirectory(rows)
    for name in ("Anne O'Neill", "Marie O'Neill", "Anne-Marie O'Neil", "Anne-Marie"):
        assert directory.constituency(name, None) is None


@pytest.mark.parametrize(
    ("name", "on", "constituency"),
    [
        ("Harriet Vance", dt.date(2016, 5, 12), "Kelmscott and Rye"),
        ("Harriet Vance MP", dt.date(2010, 5, 6), "Kelmscott and Rye"),
        ("Rt Hon Harriet Vance MP", dt.date(2019, 11, 6), "Kelmscott and Rye"),
        ("Harriet Vance", dt.date(2019, 12, 12), "Rye and Wexcombe"),
        ("Harriet Vance", dt.date(2023, 1, 21), "Rye and Wexcombe"),
        ("Harriet Vance", None, "Rye and Wexcombe"),
        ("Owen Treharne", dt.date(2016, 5, 12), None),
    ],
)
def test_constituency_depends_on_the_date(
    name: str, on: dt.date | None, constituency: str | None
) -> None:
    assert MemberDirectory(VANCE_TERMS).constituency(name, on) == constituency


@pytest.mark.parametrize(
    ("metadata", "area"),
    [
        pytest.param(
            {"mp": "Harriet Vance", "date": "2016-05-12", "constituency": "Ashby Marsh"},
            "Ashby Marsh",
            id="stated-constituency-wins",
        ),
        pytest.param(
            {"mp": "Harriet Vance", "date": "2021-03-01", "places": ["Kelmscott"]},
            "Rye and Wexcombe",
            id="members-file-by-date",
        ),
        pytest.param(
            {"mp": "Owen Treharne", "date": "2016-05-12", "places": ["Wexcombe"]},
            "Wexcombe and Stoke Ferrers",
            id="stated-by-another-letter",
        ),
        pytest.param(
            {"mp": "Priya Castellane", "places": ["Ashby Marsh", "Lindshire"]},
            "Ashby Marsh",
            id="main-place",
        ),
        pytest.param({"mp": "Priya Castellane"}, None, id="nothing-known"),
    ],
)
def test_apply_derives_the_area(metadata: dict[str, Any], area: str | None) -> None:
    letters = [
        {"metadata": {"mp": "Owen Treharne", "constituency": "Wexcombe and Stoke Ferrers"}},
    ]
    directory = MemberDirectory.for_records(VANCE_TERMS, letters)
    directory.apply(metadata)
    assert metadata["area"] == area


@pytest.mark.parametrize(
    ("metadata", "area"),
    [
        pytest.param(
            {"mp": "Órfhlaith Begley MP", "date": "2022-03-01", "places": ["Omagh"]},
            "West Tyrone",
            id="gazetteer-seat-on-the-date",
        ),
        pytest.param(
            {"mp": "Dr Therese Coffey", "date": "2012-06-01", "places": ["Felixstowe"]},
            "Suffolk Coastal",
            id="gazetteer-without-accents",
        ),
        pytest.param(
            {"mp": "Chris Green", "date": "2001-01-01", "places": ["Bolton"]},
            "Bolton",
            id="not-sitting-then-main-place",
        ),
        pytest.param(
            {"mp": "Chris Green", "places": ["Bolton"]}, "Bolton", id="no-date-main-place"
        ),
        pytest.param(
            {"mp": "Owen Treharne", "date": "2016-05-12", "places": ["Wexcombe"]},
            "Wexcombe and Stoke Ferrers",
            id="fictional-mp-stated-by-another-letter",
        ),
    ],
)
def test_apply_falls_back_to_the_gazetteer(metadata: dict[str, Any], area: str) -> None:
    letters = [
        {"metadata": {"mp": "Owen Treharne", "constituency": "Wexcombe and Stoke Ferrers"}},
    ]
    MemberDirectory.for_records([], letters).apply(metadata)
    assert metadata["area"] == area


def test_members_file_wins_over_the_gazetteer() -> None:
    rows = [{"name": "Chris Green", "constituency": "Ashby Marsh", "from": "2015-01-01"}]
    metadata: dict[str, Any] = {"mp": "Chris Green", "date": "2016-01-01", "places": ["Bolton"]}
    MemberDirectory(rows).apply(metadata)
    assert metadata["area"] == "Ashby Marsh"
    metadata = {"mp": "Chris Green", "date": "2016-01-01", "places": ["Bolton"]}
    MemberDirectory([]).apply(metadata)
    assert metadata["area"] == "Bolton West"


@pytest.mark.parametrize(
    "name", ["Harriet Vance", "Owen Treharne", "Priya Castellane", "Rufus Penhallow", "Ann Pryor"]
)
def test_fictional_mps_are_not_in_the_gazetteer(name: str) -> None:
    from archive.knowledge import member

    assert member(name) is None


_STATED = [
    ("Ada Quill", "2015-03-01", "Wexcombe North"),
    ("Ada Quill", "2015-03-21", "Wexcombe South"),
    ("Ada Quill", "2015-03-11", "Rye Marsh"),
    ("Ada Quill", "2015-03-21", "Kelmscott"),
    ("Ada Quill", None, "Undated Vale"),
]


@pytest.mark.parametrize(
    ("stated", "on", "constituency"),
    [
        pytest.param(_STATED, dt.date(2015, 3, 2), "Wexcombe North", id="nearest-before"),
        pytest.param(_STATED, dt.date(2015, 3, 12), "Rye Marsh", id="nearest-after"),
        pytest.param(_STATED, dt.date(2015, 3, 16), "Wexcombe South", id="equidistant-first"),
        pytest.param(_STATED, dt.date(2015, 3, 30), "Wexcombe South", id="same-day-first"),
        pytest.param(_STATED, dt.date(1900, 1, 1), "Wexcombe North", id="long-before"),
        pytest.param(_STATED, dt.date(4999, 1, 1), "Undated Vale", id="undated-nearer"),
        pytest.param(_STATED[-1:], dt.date(2015, 3, 2), "Undated Vale", id="only-undated"),
    ],
)
def test_the_constituency_other_letters_state_is_the_nearest_in_time(
    stated: list[tuple[str, str | None, str]], on: dt.date, constituency: str
) -> None:
    """The statement nearest the letter's date; the earliest stated among equals; one
    without a date counts as 10**6 days away."""
    directory = MemberDirectory([], stated)

    assert directory.stated_constituency("Ada Quill", on) == constituency
    # Asked again (the answer is kept per MP), the same.
    assert directory.stated_constituency("Ada Quill", on) == constituency
