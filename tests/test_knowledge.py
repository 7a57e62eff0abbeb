"""The knowledge API: the organisations registry and the members gazetteer (no Textual)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archive.knowledge import (
    canonical,
    constituency_of,
    department_for_role,
    department_match,
    department_of,
    find_org,
    is_mp_name,
    is_public_body,
    member,
    member_by_constituency,
    name_key,
    org_for_email,
    org_for_gov_uk_page,
    org_kind,
    organisations,
    parent_department,
    surname_and_name_key,
)
from archive.knowledge.organisations import OrgMatch
from archive.words import plain_words

_DDCMS = "Department for Digital, Culture, Media and Sport"
_FCDO = "Foreign, Commonwealth & Development Office"
DATA = Path(__file__).resolve().parent.parent / "archive" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Chair, Harbour Affairs Committee", "Harbour Affairs Committee"),
        ("The Chairman of the Harbour Affairs Committee", "Harbour Affairs Committee"),
        # A word before the blanked role is not part of a name: "Second Clerk of the Committee".
        ("Second Clerk of the Committee", None),
    ],
)
def test_committee_in(text: str, name: str | None) -> None:
    from archive.extract.lexicon import committee_in

    found = committee_in(text)
    assert (found.group(1) if found else None) == name


@pytest.mark.parametrize(
    ("text", "name", "known"),
    [
        ("Department of Social Security", "Department of Social Security", True),
        ("Letter from the FCA about my bank", "Financial Conduct Authority", True),
        ("Benefits Agency, Longbenton", "Benefits Agency", True),
        # Spellings with a letter class or an optional letter ("defen[cs]e", "benefits?").
        ("Ministry of Defence, Main Building", "Ministry of Defence", True),
        ("the Benefit Agency in Kelby", "Benefits Agency", True),
        ("Our ref: DA/CMS/0912", None, None),
        ("Wexcombe Borough Council", "Wexcombe Borough Council", False),
        ("WEXCOMBE BOROUGH COUNCIL", "Wexcombe Borough Council", False),
        ("a letter from wexcombe borough council", None, None),
        # "Committee on X" names a committee; the letterhead's next item is not part of it.
        ("Committee on Harbours Website www.example.org", "Committee on Harbours", False),
        (
            "Commission on Fen Drainage and Flooding",
            "Commission on Fen Drainage and Flooding",
            False,
        ),
        # Only a committee or commission is "on" something: a board meets on a day.
        ("The Harbour Board on Monday agreed", "The Harbour Board", False),
    ],
)
def test_find_org(text: str, name: str | None, known: bool | None) -> None:
    found = find_org(text)
    assert ((found.name, found.known) if found else (None, None)) == (name, known)


@pytest.mark.parametrize(
    "text",
    [
        "Department of Social Security",
        "THE BENEFITS AGENCY, LONGBENTON",
        "Wexcombe Borough Council wrote to the FCA on 3 May",
        "Wexcombe Borough Council",
        "Our ref: DA/CMS/0912",
    ],
)
def test_find_known_org_is_find_org_without_the_guess_by_shape(text: str) -> None:
    from archive.knowledge.organisations import find_known_org

    found = find_org(text, 7)
    expected = found if found is not None and found.known else None
    assert find_known_org(text, 7) == expected


def _every_spelling_tried(line: str) -> OrgMatch | None:
    """``find_known_org`` the slow way: every spelling whose words the line holds, searched."""
    text = organisations._as_written(line)
    words = set(plain_words(text, 3))
    best: OrgMatch | None = None
    for name, needed, pattern in organisations._patterns():
        match = pattern.search(text) if needed <= words else None
        if match and (best is None or match.start() < best.start):
            best = OrgMatch(name, match.start(), match.end(), True)
    return best


_SPELLINGS_OF_NO_WORD = [
    "Savings with NS&I since 2010",
    "BT Group plc wrote on 3 May",
    "a contract held by G4S for tagging",
    "THE CONTRACT HELD BY G4S, NS&I AND BT PLC",
    "ns&i, g4s and bt group in lower case",
]


@pytest.mark.parametrize(
    "path",
    sorted((FIXTURES / "letters").glob("*.txt")) + sorted((FIXTURES / "letters").glob("*.md")),
    ids=lambda path: path.name,
)
def test_find_known_org_finds_what_every_spelling_tried_finds(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines() + _SPELLINGS_OF_NO_WORD
    found = [organisations.find_known_org(line) for line in lines]
    assert found == [_every_spelling_tried(line) for line in lines]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Savings with NS&I since 2010", "National Savings and Investments"),
        ("BT plc wrote on 3 May", "BT"),
        ("a contract held by G4S for tagging", "G4S"),
        ("ns&i in lower case", None),
    ],
)
def test_spellings_needing_no_word_are_found(line: str, name: str | None) -> None:
    found = organisations.find_known_org(line)
    assert (found.name if found else None) == name


@pytest.mark.parametrize(
    ("spelling", "flags", "needed"),
    [
        (r"\bNS&I\b", 0, "NS&I"),
        (r"\bBT\s+(?:group|plc)\b", 0, "BT"),
        (r"\bNHSBSA?\b", 0, "NHSBS"),
        (r"\bNHS{2}\b", 0, "NH"),
        (r"\bNHS\b|\bNational Health\b", 0, ""),
        (r"\bNHS[|(]|x", 0, ""),
        (r"\bnhs\b", re.IGNORECASE, ""),
    ],
)
def test_text_a_spelling_needs(spelling: str, flags: int, needed: str) -> None:
    compiled = re.compile(f"{organisations._NOT_AFTER}{spelling}{organisations._NOT_BEFORE}", flags)
    assert organisations._text_needed(compiled) == needed


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        ("Department of Social Security", "2001-06-07", "Department of Social Security"),
        ("Department of Social Security", "2001-06-08", "Department for Work and Pensions"),
        ("FCO", "2020-09-01", "Foreign and Commonwealth Office"),
        ("FCO", "2020-09-02", "Foreign, Commonwealth & Development Office"),
        ("DCLG", "2019-01-01", "Ministry of Housing, Communities and Local Government"),
        ("DCLG", "2022-01-01", "Department for Levelling Up, Housing and Communities"),
        ("DCLG", "2025-01-01", "Ministry of Housing, Communities and Local Government"),
        ("Highways Agency", "2016-01-01", "Highways England"),
        ("Highways Agency", "2022-01-01", "National Highways"),
        ("Department for Culture, Media and Sport", "2018-01-01", _DDCMS),
        ("DCMS", "2024-01-01", "Department for Culture, Media and Sport"),
        ("DWP", None, "Department for Work and Pensions"),
        ("Nowhere Trust", "2020-01-01", None),
    ],
)  # fmt: skip
def test_canonical_follows_renames_by_date(name: str, on: str | None, expected: str) -> None:
    assert canonical(name, on) == expected


def test_a_split_is_no_rename() -> None:
    # BEIS became three departments in 2023: none of them is "the" new name.
    beis = "Department for Business, Energy and Industrial Strategy"
    assert canonical(beis, "2024-01-01") == beis


@pytest.mark.parametrize(
    ("agency", "on", "parent"),
    [
        ("Benefits Agency", "1995-01-01", "Department of Social Security"),
        ("Benefits Agency", "2002-01-01", "Department for Work and Pensions"),
        ("Child Support Agency", "1999-01-01", "Department of Social Security"),
        ("Highways Agency", None, "Department for Transport"),
        ("National Highways", None, "Department for Transport"),
        ("UK Visas and Immigration", None, "Home Office"),
        ("Prison Service", None, "Home Office"),
        ("Office for National Statistics", None, "UK Statistics Authority"),
        ("Home Office", None, None),
    ],
)
def test_parent_department(agency: str, on: str | None, parent: str | None) -> None:
    assert parent_department(agency, on) == parent


@pytest.mark.parametrize(
    ("name", "kind", "public"),
    [
        ("Home Office", "department", True),
        ("FCA", "regulator", True),
        ("Ofcom", "regulator", True),
        ("Thames Water", "company", True),
        ("Scottish Executive", "devolved", True),
        ("NHS England", "nhs", True),
        ("Wexcombe Borough Council", "council", True),
        ("Ashby Marsh Police", "police", True),
        ("Treasury Committee", "select_committee", False),
        ("Committee of Public Accounts", "select_committee", False),
        ("Parliamentary Commissioner for Standards", "office_of_house", False),
        ("House of Commons", "parliament", False),
        ("Harriet Vance", None, False),
    ],
)
def test_org_kind(name: str, kind: str | None, public: bool) -> None:
    assert org_kind(name) == kind
    assert is_public_body(name) is public


@pytest.mark.parametrize(
    ("role", "department"),
    [
        ("Financial Secretary to the Treasury", "HM Treasury"),
        ("Minister for Railways and Roads", "Department for Transport"),
        ("Minister of State for Immigration", "Home Office"),
        ("Minister of State (Pensions Reform)", "Department for Work and Pensions"),
        ("Minister of State (Criminal Policy)", "Home Office"),
        ("Head of Complaints", None),
        ("MINISTER OF STATE FOR SCHOOLS", "Department for Education"),
        ("Minister for Sport", "Department for Digital, Culture, Media and Sport"),
        ("Member of Parliament for Kelmford", None),
        # Two offices held together: the first named.
        ("Minister for the Cabinet Office and Paymaster General", "Cabinet Office"),
        ("Paymaster General", "HM Treasury"),
    ],
)  # fmt: skip
def test_department_for_role(role: str, department: str | None) -> None:
    assert department_for_role(role) == department


@pytest.mark.parametrize(
    "path",
    sorted((FIXTURES / "letters").glob("*.txt")) + sorted((FIXTURES / "letters").glob("*.md")),
    ids=lambda path: path.name,
)
def test_role_openings_pass_over_no_pattern_a_role_matches(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    roles = [
        *lines,
        *(line.upper() for line in lines),
        "Ministre de l’Éducation",
        "MINISTER FOR SCHOOLS",
    ]
    department_for = organisations._department_for_role.__wrapped__
    passed_over = [department_for(role) for role in roles]
    every_pattern = (("",),) * len(organisations.registry().role_patterns)
    monkeypatch.setattr(organisations, "_role_openings", lambda: every_pattern)
    assert [department_for(role) for role in roles] == passed_over


@pytest.mark.parametrize(
    ("alternative", "opening"),
    [
        (r"for\s+scotland", "scotland"),
        (r"schools?\b", "school"),
        (r"environment,?\s+food", "environment"),
        (r"Treasury", "treasury"),
        (r"(?:a|b)cd?", "c"),
        (r"a\Sbcd", "bcd"),
        (r"ab{2}", ""),
        (r"écoles", ""),
    ],
)
def test_role_pattern_opening(alternative: str, opening: str) -> None:
    assert organisations._opening(alternative) == opening


@pytest.mark.parametrize(
    ("pattern", "alternatives"),
    [
        ("a|b(?:c|d)", ["a", "b(?:c|d)"]),
        (r"a\|b", [r"a\|b"]),
        ("ab", ["ab"]),
        ("a[|]|b", None),
    ],
)
def test_alternatives(pattern: str, alternatives: list[str] | None) -> None:
    assert organisations._alternatives(pattern) == alternatives


def test_department_for_role_by_date() -> None:
    role = "Minister for Housing, Communities and Local Government"
    assert department_for_role(role, dt.date(2022, 1, 1)) == (
        "Department for Levelling Up, Housing and Communities"
    )


@pytest.mark.parametrize(
    ("first", "second", "match"),
    [
        ("Highways Agency", "National Highways", "renamed"),
        ("Department of Social Security", "Department for Work and Pensions", "renamed"),
        ("Benefits Agency", "Department of Social Security", "related"),
        ("Department for Business and Trade", "Department for Transport", "different"),
    ],
)  # fmt: skip
def test_department_match(first: str, second: str, match: str) -> None:
    assert department_match(first, second) == match


@pytest.mark.parametrize(
    ("metadata", "department"),
    [
        ({"direction": "to_mp", "sender_org": "Home Office"}, "Home Office"),
        ({"direction": "from_mp", "sender_org": "House of Commons", "recipient_org": "DWP"}, "DWP"),
        ({"direction": "from_mp", "recipient_org": "FCO", "date": "2021-03-01"}, _FCDO),
        ({"direction": "from_mp", "recipient_org": "FCO", "date": "2019-03-01"}, "FCO"),
        ({"direction": "to_mp", "sender_role": "Minister of State for Immigration"}, "Home Office"),
        ({"direction": "other", "sender_org": "Home Office"}, "Home Office"),
        ({"direction": "other", "recipient_org": "Ofwat"}, "Ofwat"),
    ],
)  # fmt: skip
def test_department_of(metadata: dict[str, str], department: str | None) -> None:
    assert department_of(metadata) == department


def test_org_for_email() -> None:
    assert org_for_email("j.bloggs@fca.org.uk") == "Financial Conduct Authority"
    assert org_for_email("someone@dwp.gov.uk") == "Department for Work and Pensions"
    assert org_for_email("me@example.com") is None


@pytest.mark.parametrize(
    ("name", "on", "constituency"),
    [
        ("Dr Thérèse Coffey MP", "2012-01-01", "Suffolk Coastal"),
        ("Therese Coffey", "2012-01-01", "Suffolk Coastal"),
        ("THÉRÈSE COFFEY", None, "Suffolk Coastal"),
        ("Therese Cofey", None, "Suffolk Coastal"),  # a near spelling
        ("Dianne Abbott", None, "Hackney North and Stoke Newington"),  # one letter more
        ("David TC Davies", "2011-01-01", "Monmouth"),
        ("David T. C. Davies MP", "2011-01-01", "Monmouth"),
        ("Chris Green", "2016-01-01", "Bolton West"),
        ("Catherine West", "2016-01-01", "Hornsey and Wood Green"),
        ("Martyn Day", "2016-01-01", "Linlithgow and East Falkirk"),
        ("Victoria Atkins", "2016-01-01", "Louth and Horncastle"),
        ("Sir Archie Hamilton", "1990-01-01", "Epsom & Ewell"),
        ("Rt Hon Diane Abbott MP", "2012-01-01", "Hackney North and Stoke Newington"),
    ],
)
def test_member_lookup(name: str, on: str | None, constituency: str) -> None:
    assert constituency_of(name, on) == constituency
    found = member(name, on)
    assert found is not None and found.party


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Dr Thérèse Coffey MP", "therese coffey"),
        ("THÉRÈSE COFFEY", "therese coffey"),
        ("Zoë Ćwik-Núñez", "zoe cwik nunez"),
        ("Seán O’Brien", "sean o'brien"),
        ("David T. C. Davies MP", "david tc davies"),
        ("Rt Hon Diane Abbott MP", "diane abbott"),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Lucy Allan", ("allan", "lucy allan")),
        ("The Rt Hon Dame Lucy Allan MP", ("allan", "lucy allan")),
        ("Ms Allan", ("allan", "allan")),
        ("Rt Hon Dr Ánne-Marie O’Neill MP", ("o'neill", "anne marie o'neill")),
        ("Anne-Marie O'Neill", ("o'neill", "anne marie o'neill")),
        ("Oswin Fitz-Tarrant", ("tarrant", "oswin fitz tarrant")),
        ("Zöe Franklin", ("franklin", "zoe franklin")),
        ("Lord Carter", ("carter", "lord carter")),
        ("", None),
        (None, None),
    ],
)
def test_surname_and_name_key(name: str | None, keys: tuple[str, str] | None) -> None:
    assert surname_and_name_key(name) == keys
    if keys is not None:
        assert keys[1] == name_key(str(name))


def test_member_by_constituency_without_its_accent() -> None:
    with_accent = member_by_constituency("Ynys Môn", "2012-01-01")
    assert with_accent is not None and with_accent.name == "Albert Owen"
    assert member_by_constituency("Ynys Mon", "2012-01-01") == with_accent


@pytest.mark.parametrize(
    "name",
    [
        "Green",
        "Harriet Vance",
        "Complaints Team",
        "West",
        "",
        # Two letters more than an MP's name (Martin Caton) in a short name: another
        # person, not a slip.
        "Martin Cartons",
    ],
)
def test_not_an_mp(name: str) -> None:
    assert member(name) is None
    assert not is_mp_name(name)


def test_membership_by_date() -> None:
    assert is_mp_name("Chris Green", "2016-01-01")
    assert not is_mp_name("Chris Green", "2001-01-01")
    seat = member("Thérèse Coffey", dt.date(2012, 1, 1))
    assert seat is not None and seat.start == "2010-05-06" and seat.name == "Thérèse Coffey"


def test_member_by_constituency() -> None:
    found = member_by_constituency("Suffolk Coastal", "2012-06-01")
    assert found is not None and found.name == "Thérèse Coffey"
    assert member_by_constituency("Nowhere North", "2012-06-01") is None


def test_data_files_name_their_source_and_licence() -> None:
    members = (DATA / "members.tsv").read_text(encoding="utf-8")
    header = "".join(line for line in members.splitlines(True) if line.startswith("#"))
    assert "Source:" in header and "Open Parliament Licence" in header
    about = json.loads((DATA / "organisations.json").read_text(encoding="utf-8"))["about"]
    assert about["sources"] and "Open Government Licence" in about["licence"]
    bodies = json.loads((DATA / "generator_bodies.json").read_text(encoding="utf-8"))["about"]
    assert bodies["sources"] and bodies["licence"]


def test_importing_knowledge_opens_no_file() -> None:
    code = (
        "import builtins, io, sys\n"
        "opened = []\n"
        "real = io.open\n"
        "def spy(file, *a, **k):\n"
        "    opened.append(str(file))\n"
        "    return real(file, *a, **k)\n"
        "builtins.open = io.open = spy\n"
        "import archive.knowledge, archive.extract.lexicon\n"
        "data = [f for f in opened if 'archive/data' in f]\n"
        "assert not data, data\n"
        "assert 'rapidfuzz' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_registry_is_built_from_the_tables_beside_the_tool(tmp_path: Path) -> None:
    """The committed registry says what tools/data/organisations.toml says (all but the
    ministers' portfolios, which come from parlparse), and the tables name their source."""
    tools = Path(__file__).resolve().parent.parent / "tools"
    spec = importlib.util.spec_from_file_location(
        "build_organisations", tools / "build_organisations.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    tables_text = (tools / "data" / "organisations.toml").read_text(encoding="utf-8")
    header = "".join(line for line in tables_text.splitlines(True) if line.startswith("#"))
    assert "Source:" in header and "Open Government Licence" in header
    no_ministers = tmp_path / "ministers.json"
    no_ministers.write_text('{"organizations": [], "memberships": []}', encoding="utf-8")
    built = tool.build(no_ministers, tool.read_tables())
    committed = json.loads((DATA / "organisations.json").read_text(encoding="utf-8"))
    assert built["portfolios"] == []
    assert {key: value for key, value in built.items() if key != "portfolios"} == {
        key: value for key, value in committed.items() if key != "portfolios"
    }


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("www.gov.uk/hm-treasury", "HM Treasury"),
        ("https://www.gov.uk/government/organisations/home-office", "Home Office"),
        ("Web: gov.uk/department-for-transport", "Department for Transport"),
        # A department's short address: the name of its e-mail's domain (dft.gov.uk).
        ("Web site: www.gov.uk/dft", "Department for Transport"),
        ("www.gov.uk/guidance/loan-charge", None),  # a page, not a body
        ("www.gov.uk/kelby-harbour-board", None),  # a body the registry does not know
    ],
)
def test_a_gov_uk_address_names_its_organisation(text: str, org: str | None) -> None:
    assert org_for_gov_uk_page(text) == org


@pytest.mark.parametrize(
    ("text", "name"),
    [("HMRC", "HM Revenue & Customs"), ("DVLA", "Driver and Vehicle Licensing Agency")],
)
def test_an_acronym_alone_in_capitals_is_the_body_it_stands_for(text: str, name: str) -> None:
    # A heading's "Chief Executive, HMRC": the acronym is not a word in capitals to recase.
    found = find_org(text)
    assert found is not None and (found.name, found.known) == (name, True)
