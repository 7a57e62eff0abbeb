"""Metadata extraction: the fixture corpus, the seed letter, and the parts one by one."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from archive.extract import extract, sides
from archive.extract.dates import find_dates, parse_date
from archive.extract.layout import processing_view
from archive.extract.names import clean_name
from archive.extract.references import find_references
from tests.extraction_check import FIXTURES, differences, expected_cases

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_31b643e4eedaf008.txt"

# Fields the extractor still gets wrong on the corpus, each with why. They are expected to
# fail (strict): when one starts passing, the test says so and it must come off this list.
_MISSES = [
    ("01_home-office-policing-cts.txt", "places", "a county named only in a role"),
    ("05_dft-rail-ref-weekday-ordinal.txt", "places", "'the hospital at X': one weak mention"),
    ("07_dwp-pip-our-reference-date-label.txt", "places", "'in X and Y' read as two places"),
    ("07_dwp-pip-our-reference-date-label.txt", "area", "constituency only implied"),
    ("26_mp-to-dft-bypass-cc-multiline.md", "places", "'parks at X': one weak mention"),
    ("30_hmpo-pp-signature.txt", "places", "'our X office': a place only as a qualifier"),
    ("34_mp-to-defra-date-at-foot.md", "places", "'farmed at X': one weak mention"),
    ("35_hmt-towns-fund-correspondence-ref.txt", "places", "towns named only as bidders"),
    ("49_mp-to-constituent-reply.txt", "places", "'the school at X': one weak mention"),
]
KNOWN_MISSES: dict[tuple[str, str], str] = {(name, field): why for name, field, why in _MISSES}


def _cases() -> list[object]:
    cases: list[object] = []
    for name, expected in sorted(expected_cases().items()):
        for field in expected:
            marks = []
            if (name, field) in KNOWN_MISSES:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[(name, field)]))
            cases.append(pytest.param(name, field, id=f"{name[:2]}-{field}", marks=marks))
    return cases


@pytest.mark.parametrize(("name", "field"), _cases())
def test_fixture_letter_field(name: str, field: str) -> None:
    expected = {field: expected_cases()[name][field]}
    assert list(differences(name, expected)) == []


def test_every_fixture_letter_has_expectations() -> None:
    letters = {p.name for p in FIXTURES.iterdir() if p.name[:2].isdigit()}
    assert letters == set(expected_cases())
    assert len(letters) >= 40


def _seed_text() -> str:
    """The shared seed letter: CI has ../shared beside the checkout, so there it must be."""
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI has ../shared beside the checkout, but {SEED} is missing")
        pytest.skip(f"{SEED} is not beside this checkout (it is in CI)")
    return SEED.read_text(encoding="utf-8")


def test_seed_letter() -> None:
    metadata = extract(_seed_text())
    assert metadata.date == dt.date(2016, 10, 24)
    assert metadata.references == ("M11295/16",)
    assert metadata.sender_org == "Home Office"
    assert metadata.sender_role == "Home Secretary"
    assert metadata.sender_name == "Amber Rudd"
    assert metadata.recipient_name == "Lucy Allan"
    assert metadata.mp == "Lucy Allan"
    assert metadata.direction == "to_mp"
    assert metadata.in_reply_to_date == dt.date(2016, 9, 13)
    assert {"Mark Pritchard", "Justine Greening", "Sajid Javid"} <= set(metadata.cc)
    assert "Telford" in metadata.places
    assert metadata.area == "Telford"


def test_seed_spans_point_at_their_values() -> None:
    text = _seed_text()
    metadata = extract(text)
    (start, end), *_ = metadata.spans["date"]
    assert text[start:end] == "24 October 2016"
    (start, end), *_ = metadata.spans["references"]
    assert text[start:end] == "M11295/16"
    (start, end), *_ = metadata.spans["sender_name"]
    assert text[start:end] == "Amber Rudd"
    for name, (start, end) in zip(metadata.cc, metadata.spans["cc"], strict=True):
        assert text[start:end] == name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("24 October 2016", dt.date(2016, 10, 24)),
        ("24th October 2016", dt.date(2016, 10, 24)),
        ("24/10/2016", dt.date(2016, 10, 24)),
        ("24.10.16", dt.date(2016, 10, 24)),
        ("October 24, 2016", dt.date(2016, 10, 24)),
        ("Tuesday 17th May 2005", dt.date(2005, 5, 17)),
        ("17 Sept 2016", dt.date(2016, 9, 17)),
        ("the 3rd of March 2019", dt.date(2019, 3, 3)),
        ("2016-10-24", dt.date(2016, 10, 24)),
        ("31/02/2016", None),  # no such day
        ("MC2016/12345", None),  # a reference, not a date
        ("SW1A 0AA", None),
    ],
)
def test_date_styles(written: str, expected: dt.date | None) -> None:
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    ("phrase", "letter_date", "expected"),
    [
        ("your letter of 13 September", dt.date(2016, 10, 24), dt.date(2016, 9, 13)),
        ("your letter of 20 December", dt.date(2018, 1, 9), dt.date(2017, 12, 20)),
        ("your letter of 24 October", dt.date(2016, 10, 24), dt.date(2016, 10, 24)),
        ("your letter of 29 February", dt.date(2017, 3, 1), dt.date(2016, 2, 29)),
    ],
)
def test_year_of_a_date_without_one(phrase: str, letter_date: dt.date, expected: dt.date) -> None:
    (match,) = [d for d in find_dates(phrase) if d.date is None]
    assert match.resolved(letter_date) == expected


_REPLY = "Dear Harriet,\n\n{body}\n\nYours sincerely,\n\nJane Doe\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Thank you for your letter of 13 September about the bridge.", dt.date(2016, 9, 13)),
        ("Thank you for your letters of 3 and 10 October about the bridge.", dt.date(2016, 10, 10)),
        # The number of letters between "your" and "letters" (issue 11): the latest is cited.
        ("Thank you for your three letters of 3, 10 and 17 October.", dt.date(2016, 10, 17)),
        ("I reply to your two recent letters of 3 and 10 October.", dt.date(2016, 10, 10)),
        ("I am writing in reply to your email dated 1st October 2016.", dt.date(2016, 10, 1)),
        ("Thank you for writing to me on 5 October about the bridge.", dt.date(2016, 10, 5)),
        ("Further to my letter of 2 September, I can now confirm the date.", None),
        ("The meeting on 3 June 2015 agreed the plan.", None),
        # A letter to someone else, copied to the writer, is not the letter answered.
        ("As you copied me your letter of 8 May 2016 to the Director, I looked into it.", None),
        ("Thank you for sending me a copy of your letter of 8 May 2016 to the Director.", None),
        # The date written before the word for the letter.
        ("Thank you for your 13 September letter about the bridge.", dt.date(2016, 9, 13)),
        ("Thank you for your recent 3/10/2016 e-mail about the bridge.", dt.date(2016, 10, 3)),
        ("I reply to your September 13th, 2016 letter about the bridge.", dt.date(2016, 9, 13)),
        ("Thank you for your 2 page letter; the meeting on 13 September went well.", None),
        ("Thank you for your letter of yesterday about the bridge.", dt.date(2016, 10, 23)),
        (
            "I refer to the letter and enclosures of 7 October from your secretary.",
            dt.date(2016, 10, 7),
        ),
    ],
)
def test_in_reply_to_date(body: str, expected: dt.date | None) -> None:
    text = "Home Office\n\n24 October 2016\n\n" + _REPLY.format(body=body)
    assert extract(text).in_reply_to_date == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CTS Reference: M11295/16", ["M11295/16"]),
        ("Our ref: MC2016/12345   Your ref: HV/0423", ["MC2016/12345", "HV/0423"]),
        ("Ref: TO2019/00123", ["TO2019/00123"]),
        ("Our Reference:\nMIN/0120101/19", ["MIN/0120101/19"]),
        ("under reference PO-1234567, as before", ["PO-1234567"]),
        ("(Home Office ref: B1234567)", ["B1234567"]),
        ("Correspondence reference: MOJ-2019-08841", ["MOJ-2019-08841"]),
        ("Your ref: N/A", []),
        # A code in capitals apart from its number; a comma run into digits continues it.
        ("Our ref: MC 2016/1234", ["MC 2016/1234"]),
        ("Facsimile 0171 273 0737 our ref: KB 98/18,22-24", ["KB 98/18,22-24"]),
        ("Ref: POC_ 1331035", ["POC_ 1331035"]),
        ("Your ref: A 12 May", []),
        ("London SW1A 0AA", []),
        ("with reference to your letter of 24/10/2016", []),
        ("Tel: 0300 303 3032", []),
    ],
)
def test_references(text: str, expected: list[str]) -> None:
    assert [r.value for r in find_references(text)] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("The Rt Hon Amber Rudd MP", "Amber Rudd"),
        ("Rt Hon Jane Doe MP", "Jane Doe"),
        ("Dame Sarah Lowe DBE", "Sarah Lowe"),
        ("Sir Alistair Penhale KCB", "Alistair Penhale"),
        ("Helena Marchetti KC", "Helena Marchetti"),
        ("Baroness Whitcombe of Lydd", "Baroness Whitcombe of Lydd"),
        ("The Rt Hon the Lord Harcastle", "Lord Harcastle"),
        ("JOHN MCALLISTER CBE", "John McAllister"),
        ("Dr Priya Castellane MP", "Priya Castellane"),
        ("pp. Rt Hon Jane Doe MP", "Jane Doe"),
        ("W.J. Tate", "W.J. Tate"),  # initials run together with their stops
        ("P.S. Thanks", None),
        ("Home Office", None),
        ("Secretary of State for Education", None),
        ("House of Commons", None),
        # A subject line of two capitalised words ends in a noun no surname ends in.
        ("Pricing Structure", None),
        ("Thames Water", None),  # a company: no name has a utility's word
        ("Personal Statement", None),  # a page's heading
        ("Protect Kelby", None),  # a campaign
        ("Kelby Trains", None),
        ("Planning Consultation", None),
        ("Felicity Tressel", "Felicity Tressel"),  # a given name may end so
    ],
)
def test_plain_names(written: str, expected: str | None) -> None:
    cleaned = clean_name(written)
    assert (cleaned.name if cleaned else None) == expected


def test_processing_view_keeps_every_offset() -> None:
    text = "# **Home Office**\r\n| Our ref | M1/16 |\r\n*Dear Lucy,*\x1b[31m\r\n"
    view = processing_view(text)
    assert len(view) == len(text)
    assert view.index("M1/16") == text.index("M1/16")
    assert "*" not in view and "|" not in view and "\x1b" not in view


def test_a_flattened_letter_is_broken_into_lines_at_its_cues_and_nothing_else_changes() -> None:
    text = (
        "Ministry of Roads 2 Kelby Street London SW1A 9ZZ Dear Ada, Thank you for your letter "
        "about the bypass. I hope this is helpful. Yours sincerely, Jo Ames MP Minister for Roads"
    )
    view = processing_view(text)
    assert len(view) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, view, strict=True)) if a != b]
    assert changed and all(text[i] == " " and view[i] == "\n" for i in changed)
    lines = view.split("\n")
    assert "Dear Ada," in lines
    assert "Yours sincerely," in lines
    assert any(line.startswith("Minister for Roads") for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "x" * 2_000_000,
        "Dear " * 50_000,
        "[bold]Dear Lucy[/bold]\n\n[@click=app.quit]Yours[/]\n",
        "\x00\x01\x02 binary-ish \x1b[2J\x07",
    ],
    ids=["empty", "blank", "2MB-line", "repeated-greeting", "markup", "controls"],
)
def test_odd_text_gives_empty_fields_not_errors(text: str) -> None:
    metadata = extract(text)
    assert metadata.date is None
    assert metadata.direction == "other"
    assert metadata.mp is None


def test_a_quoted_letter_does_not_replace_the_letter() -> None:
    text = (
        "Department for Transport\n\nPriya Castellane MP\nHouse of Commons\nLondon SW1A 0AA\n\n"
        "Our ref: TO2019/00123\n\n9 January 2018\n\nDear Priya,\n\n"
        "Thank you for your letter of 20 December about the Wexcombe bypass.\n\n"
        "Yours sincerely,\n\nJonah Pettifer MP\nMinister of State for Transport\n\n"
        "-----Original Message-----\nFrom: Priya Castellane MP\nSent: 20 December 2017\n\n"
        "Dear Minister,\n\nI enclose a letter from Mr Alan Groves of Saxby End dated "
        "3 March 2015.\n\nYours sincerely,\n\nPriya Castellane MP\n"
    )
    metadata = extract(text)
    assert metadata.date == dt.date(2018, 1, 9)
    assert metadata.sender_name == "Jonah Pettifer"
    assert metadata.sender_org == "Department for Transport"
    assert metadata.in_reply_to_date == dt.date(2017, 12, 20)
    assert metadata.direction == "to_mp"
    assert metadata.mp == "Priya Castellane"
    assert "Saxby End" not in metadata.places


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Department for Education", "DfE"),
        ("HM Prison and Probation Service", "HMPPS"),
        ("Department for Environment, Food and Rural Affairs", "Defra"),
        ("Ofsted", None),  # a one-word name is its own short name
        ("Cabinet Office", None),  # no short name in use
    ],
)
def test_departments_short_names(name: str, short: str | None) -> None:
    from archive.extract.lexicon import acronym

    assert acronym(name) == short


def test_layout_labels_the_blocks_of_a_well_formed_letter() -> None:
    from archive.extract.layout import BlockKind, analyse

    text = (
        "Department for Transport\nGreat Minster House\nLondon SW1P 4DR\n\n"
        "Jo Bloggs MP\nHouse of Commons\nLondon SW1A 0AA\n\nOur ref: MC2020/1234\n\n"
        "3 March 2020\n\nDear Jo,\n\nThank you for your letter of 2 February about the bypass. "
        "I am pleased to say that the scheme is going ahead as planned this year.\n\n"
        "Yours sincerely,\n\nSam Example MP\nMinister of State for Transport\n\ncc: Ann Other\n"
    )
    kinds = [block.kind for block in analyse(text).blocks]
    assert kinds == [
        BlockKind.LETTERHEAD,
        BlockKind.ADDRESSEE,
        BlockKind.REFERENCES,
        BlockKind.DATE,
        BlockKind.SALUTATION,
        BlockKind.BODY,
        BlockKind.VALEDICTION,
        BlockKind.SIGNATURE,
        BlockKind.COPIES,
    ]


def test_layout_breaks_a_flattened_letter_at_its_cue_phrases() -> None:
    from archive.extract.layout import BlockKind, analyse

    text = (
        "Letter from Jo Example to Mr Sam Sample, dated 7 December 1992: As Chief Executive of "
        "the Benefits Agency, I am replying to your recent Parliamentary Question about the "
        "office in Brixham.I should explain that it stays open. Yours sincerely, Jo Example"
    )
    layout = analyse(text)
    assert layout.view.count("\n") >= 2 and len(layout.view) == len(text)
    assert layout.of(BlockKind.COVER_HEADING)
    assert layout.closing is not None and layout.closing.text.startswith("Yours sincerely")
    metadata = extract(text)
    assert metadata.date == dt.date(1992, 12, 7)
    assert metadata.sender_name == "Jo Example"
    assert metadata.sender_org == "Benefits Agency"
    assert metadata.recipient_name == "Sam Sample"
    assert metadata.direction == "to_mp"
    assert metadata.mp == "Sam Sample"
    assert metadata.confidence["date"] > 0.5


def test_the_stages_fill_exactly_the_metadata_fields() -> None:
    import dataclasses

    from archive.extract.found import FIELDS, Found
    from archive.models import Metadata

    assert set(FIELDS) | {"spans", "confidence", "warnings"} == {
        f.name for f in dataclasses.fields(Metadata)
    }
    with pytest.raises(KeyError):
        Found().set("not_a_field", "x")


_AGENCY_REPLY = (
    "Letter from Morwenna Trelease to Mr. Idris Vane, dated 3 May 1996:\n"
    "The Secretary of State has asked me to reply to your recent Parliamentary Question about "
    "the storage of parish registers. {body} I hope this is helpful.\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Named once, in passing: in this genre the body the letter names is the writer's own.
        (
            "The Fenland Records Office has not spent any money on new shelving.",
            "Fenland Records Office",
        ),
        # "X is an Executive Agency ... Chief Executive of the Agency": X, not the kind of body.
        (
            "As the Fenland Records Service is an Executive Agency, this falls to me as "
            "Chief Executive of the Agency.",
            "Fenland Records Service",
        ),
        # No body named: nothing is guessed.
        ("The figures are not held centrally.", None),
        # "The Agency" alone names no agency.
        ("The Agency measures the waiting time for each test centre.", None),
    ],
)
def test_an_agency_answering_for_a_minister_is_the_sender(body: str, expected: str | None) -> None:
    metadata = extract(_AGENCY_REPLY.format(body=body))
    assert metadata.sender_name == "Morwenna Trelease"
    assert metadata.sender_org == expected


_PASSIVE_AGENCY_REPLY = (
    "Letter from Morwenna Trelease to Mr. Idris Vane, dated 3 May 1996:\n"
    "I have been asked {by}to reply to your recent Parliamentary Question about the storage of "
    "parish registers. {body} I hope this is helpful.\n"
)


@pytest.mark.parametrize(
    ("by", "body", "expected"),
    [
        # The letter calls its own body "the Agency": the agency it names is the writer's.
        (
            "",
            "The Fenland Records Agency's new store opened in 1994. The Agency is content.",
            "Fenland Records Agency",
        ),
        # Asked by a named minister, and a qualifier in brackets after the body's name.
        (
            "by the Secretary of State for Wales ",
            "The Social Security Agency (Northern Ireland) holds no registers. The Agency's "
            "staff have checked.",
            "Social Security Agency",
        ),
        # Named only in passing ("including the ..."): whom the writer serves is not said.
        (
            "",
            "The average cost across the public service, including the Fenland Records "
            "Agency, is £90.",
            None,
        ),
    ],
    ids=["its-agency", "asked-by-a-minister", "named-in-passing"],
)
def test_an_official_asked_to_reply_writes_for_the_agency_the_letter_calls_its_own(
    by: str, body: str, expected: str | None
) -> None:
    metadata = extract(_PASSIVE_AGENCY_REPLY.format(by=by, body=body))
    assert metadata.sender_name == "Morwenna Trelease"
    assert metadata.sender_org == expected


@pytest.mark.parametrize(
    ("heading", "question", "expected"),
    [
        # "your questions" put to a minister are a Member's: the letter is to an MP.
        (
            "to Mrs. Tegan Morrow",
            "The Secretary of State has asked me to reply to your questions concerning",
            ("to_mp", "Tegan Morrow"),
        ),
        # A peer asks Questions too: one named as a peer is not made an MP by them.
        (
            "to Lord Penhallow",
            "The Minister has asked me to reply to your recent Parliamentary Question about",
            ("other", None),
        ),
        # A courtesy lord who sits in the Commons is named as an MP.
        (
            "to Lord Tobias Vane MP",
            "The Minister has asked me to reply to your recent Parliamentary Question about",
            ("to_mp", "Tobias Vane"),
        ),
        # The question abbreviated, as officials write it.
        (
            "to Mrs. Tegan Morrow",
            "The Secretary of State has asked me to reply to your recent PQ about",
            ("to_mp", "Tegan Morrow"),
        ),
        # Asked by a junior minister, or answering a question put to a minister.
        (
            "to Mrs. Tegan Morrow",
            "I have been asked by the Parliamentary Secretary to reply to your recent question on",
            ("to_mp", "Tegan Morrow"),
        ),
        (
            "to Mrs. Tegan Morrow",
            "I am replying, as Chief Executive, to your question to the Secretary of State about",
            ("to_mp", "Tegan Morrow"),
        ),
        # Questions an official answers for no minister say nothing of who asked them, but
        # the heading is Hansard's for a written answer to a Member.
        (
            "to Mrs. Tegan Morrow",
            "Thank you for your questions about",
            ("to_mp", "Tegan Morrow"),
        ),
    ],
    ids=[
        "member-questions",
        "peer-question",
        "courtesy-lord-mp",
        "a-pq",
        "asked-by-a-junior-minister",
        "question-to-a-minister",
        "no-minister",
    ],
)
def test_an_agency_answering_questions_for_a_minister_writes_to_an_mp(
    heading: str, question: str, expected: tuple[str, str | None]
) -> None:
    text = (
        f"Letter from Bryn Ashgrove {heading}, dated 12 March 1996: {question} the checks "
        "the Vehicle Inspectorate made on tankers at Kelby last year. The Vehicle Inspectorate "
        "made 40 such checks.\n"
    )
    found = extract(text)
    assert (found.direction, found.mp) == expected
    # "The Vehicle Inspectorate" is the body the official speaks for, named as agencies are.
    # Answering for a minister who "has asked me", the body the letter names is the writer's.
    assert found.sender_org == ("Vehicle Inspectorate" if "has asked me" in question else None)


def test_a_heading_broken_after_a_title_keeps_the_name() -> None:
    # Flattened committee pages break a heading anywhere, even between a title and its name.
    text = (
        "Appendix 3: Letter from Dr Cerys Hale MP to Lord\nTrevanion\n14 October 2005\n"
        "As you will know the Committee will be inquiring into planning in government.\n"
        "I hope we can look forward to a prompt reply.\nDr Cerys Hale MP\n"
    )
    found = extract(text)
    assert (found.sender_name, found.recipient_name) == ("Cerys Hale", "Lord Trevanion")


def test_a_report_annex_heading_and_a_web_pages_spaced_address_block() -> None:
    # A committee report's annex on the web: a section number before "Annex", and every
    # line of the letter a paragraph of its own, so a blank line follows each.
    lines = [
        "Public money - Harbour Accounts Committee Contents",
        "",
        "",
        "5  Annex 1: Letter from Chair to Sir Alden Roke on draft harbour accounts",
        "",
        "Sir Alden Roke KCB",
        "",
        "Permanent Secretary",
        "",
        "HM Treasury",
        "",
        "1 Quay Road",
        "",
        "Kelby",
        "",
        "KE1 2AB",
        "",
        "30 March 2011",
        "",
        "Dear Sir Alden",
        "",
        "At the Committee's hearing on 19 January we explored the harbour accounts.",
        "",
        "We will write again once our report is agreed.",
    ]
    found = extract("\n".join(lines) + "\n")
    assert (found.sender_role, found.recipient_name) == ("Chair", "Alden Roke")
    # The chair of a Commons committee writes as an MP to an official.
    assert found.direction == "from_mp"


def test_a_hansard_column_number_run_into_the_heading() -> None:
    # Hansard's pages run the column number into the next line: "812WLetter from ...".
    text = (
        "812WLetter from J. R. Penmarric to Mr. Idris Vane, dated 5 February 1997:\n"
        "The Secretary of State has asked me to reply to your recent Parliamentary Question "
        "about the costs of the Fenland Pensions Agency.\n"
    )
    found = extract(text)
    assert (found.date, found.sender_name, found.recipient_name, found.direction) == (
        dt.date(1997, 2, 5),
        "J. R. Penmarric",
        "Idris Vane",
        "to_mp",
    )


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        # Wrapped inside a name, the date on the last line.
        (
            "Letter from the Chairman to Rt Hon Idris\nVane, Secretary of State, Ministry of "
            "Defence, dated 10 July 2003",
            (dt.date(2003, 7, 10), None, "Chairman", "Idris Vane"),
        ),
        # Wrapped inside the date.
        (
            "Letter from Idris Vane, Secretary of\nState for Defence, to the Chairman of the "
            "Committee, dated 11\nJuly 2003",
            (dt.date(2003, 7, 11), "Idris Vane", "Secretary of State for Defence", None),
        ),
        # "Correspondence from ... to ...", its year on a line of its own.
        (
            "Correspondence from the Chairman of the\nCommittee to the Permanent Secretary, "
            "Home Office, 25 February\n2009",
            (dt.date(2009, 2, 25), None, "Chairman of the Committee", None),
        ),
    ],
    ids=["inside-a-name", "inside-the-date", "correspondence"],
)
def test_a_heading_hard_wrapped_at_the_pages_width(
    heading: str, expected: tuple[dt.date, str | None, str, str | None]
) -> None:
    # Committee pages of the 2000s are stored with their lines broken at a fixed width.
    text = (
        f"Correspondence between the Committee and\nthe Ministry of Defence\n{heading}\n"
        "Thank you for your letter of 8 July. The Harbour Affairs Committee wishes to receive\n"
        "an answer to the following question before the summer.\n"
    )
    found = extract(text)
    assert (found.date, found.sender_name, found.sender_role, found.recipient_name) == expected


@pytest.mark.parametrize(
    ("heading", "org"),
    [
        ("Written evidence from the Harbour Commission (HBR 30)", "Harbour Commission"),
        ("Further supplementary memorandum submitted by Kelby House", "Kelby House"),
    ],
    ids=["written-evidence-with-its-code", "memorandum-submitted-by"],
)
def test_a_committees_published_evidence_names_its_writer(heading: str, org: str) -> None:
    text = (
        "Harbour Accounts - Harbour Affairs Committee Contents\n\n\n"
        f"{heading}\n\n"
        "Thank you for your letter of 8 October and for the opportunity to appear in front "
        "of your Committee. I hope this letter answers the questions left open.\n"
    )
    found = extract(text)
    assert (found.sender_org, found.direction) == (org, "to_mp")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # Signed as an MP: a chair of a committee, its name cut short by the page.
        ("Chair of the Harbour Affairs Comm", ("from_mp", "Cerys Hale")),
        # Not signed as an MP: the chair of a body writes for it.
        ("Chair of the Harbour Agency", ("other", None)),
    ],
    ids=["mp-chair", "body-chair"],
)
def test_an_mp_chairing_is_an_mp_however_the_role_is_cut(
    role: str, expected: tuple[str, str | None]
) -> None:
    signed = "Dr Cerys Hale MP" if "Comm" in role else "Dr Cerys Hale"
    text = (
        "14 October 2005\n\nDear Secretary of State,\n\n"
        "I hope we can look forward to a prompt reply to our invitation.\n\n"
        f"Yours sincerely,\n\n{signed}\n{role}\n"
    )
    found = extract(text)
    assert (found.direction, found.mp) == expected


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        (
            "This is a matter delegated to me as Acting Chief Executive of Harbour Plus.",
            "Acting Chief Executive of Harbour Plus",
        ),
        (
            "I am writing as the Minister of State for Harbours to tell you of the changes.",
            "Minister of State for Harbours",
        ),
    ],
    ids=["acting-chief-executive", "minister-of-state"],
)
def test_a_writer_who_says_who_they_are(sentence: str, role: str) -> None:
    # No signature and no heading: the writer's own words are all there is.
    text = f"Dear Colleague,\n\n{sentence} The figures are attached.\n"
    assert extract(text).sender_role == role


@pytest.mark.parametrize(
    ("sentence", "org"),
    [
        ("The papers I have published as Kelbyhaven's Chief Executive are listed.", "Kelbyhaven"),
        (
            "The Minister has asked me, as the chief executive of the Harbour Agency, to reply.",
            "Harbour Agency",
        ),
        (
            "This falls to me as Chief of Harbour Supply and Chief Executive of the Harbour "
            "Supply Agency.",
            "Harbour Supply Agency",
        ),
        # "the Agency's": the agency the letter named before.
        (
            "The Fenland Pay Agency (FPA) keeps no such figures. This falls within my area of "
            "responsibility as the Agency's Chief Executive.",
            "Fenland Pay Agency",
        ),
    ],
    ids=["body-first", "lower-case-office", "two-offices", "the-agency"],
)
def test_a_writer_who_says_whose_office_they_hold(sentence: str, org: str) -> None:
    text = f"Letter from Jo Hale to Mr. Idris Vane, dated 8 May 1998:\n{sentence}\n"
    assert extract(text).sender_org == org


def test_a_first_sentence_broken_before_a_name_is_not_an_address() -> None:
    # No salutation, lines broken at a page's width: the name ending the first line of the
    # letter's first sentence is someone it is about, not its addressee.
    text = (
        "Letter from Idris Vane, Secretary of State for Harbours, to the Chairman of the "
        "Committee, dated 11 July 2003\n"
        "Thank you for your letter of 10 July about Dr\n"
        "Cerys Hale.\n"
        "I understand that Dr Hale met the harbour master on\n"
        "22 May at the Kelby Hotel.\n"
    )
    found = extract(text)
    assert (found.recipient_name, found.mp, found.direction) == (None, None, "to_mp")


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        # The page's title run into the heading.
        (
            "Harbour Scrutiny CommitteeLetter from the Chairman of the Harbour Scrutiny "
            "Committee to the Chief Executive, dated 6 November 2013",
            (dt.date(2013, 11, 6), "Chairman of the Harbour Scrutiny Committee", "from_mp"),
        ),
        # A second letter, its date before its writer.
        (
            "Second letter dated 8 June 2000 from Cerys Hale, MP, Chairman of the Harbour "
            "Committee, to Mr Idris Vane",
            (dt.date(2000, 6, 8), "Chairman of the Harbour Committee", "from_mp"),
        ),
    ],
    ids=["title-run-in", "ordinal-and-date"],
)
def test_more_ways_a_heading_names_a_letter(
    heading: str, expected: tuple[dt.date, str, str]
) -> None:
    text = f"{heading}\n\nThank you for your letter of 26 May. We hope you will reconsider.\n"
    found = extract(text)
    assert (found.date, found.sender_role, found.direction) == expected


def test_an_appendix_item_in_capitals_names_its_writer() -> None:
    # A numbered item in capitals, a "(continued)" and the committee's code [ABC.27] set aside;
    # the body the registry knows written as the registry writes it.
    text = (
        "APPENDIX 7: MEMORANDA FROM THE DEPARTMENT FOR TRANSPORT (continued)\n\n"
        "11.  LETTER TO THE CLERK FROM THE DEPARTMENT FOR TRANSPORT, 9 JANUARY 2006 [HBR.27]\n\n"
        "Thank you for your letter of 7 December. The papers you asked for are enclosed.\n"
    )
    found = extract(text)
    assert (found.date, found.sender_org) == (dt.date(2006, 1, 9), "Department for Transport")


def test_a_sentence_broken_at_the_page_width_is_no_signature() -> None:
    # No sign-off: the signature is the short lines at the end, not the sentence above them.
    text = (
        "Letter to the Prime Minister from\nCerys Hale, MP, Chairman of the Harbour Committee\n"
        "Thank you for your letter of 26 May. I am disappointed\n"
        "that you feel unable to give evidence to the Committee.\n"
        "You may like to know that we have also invited\n"
        "Idris Vane, who has agreed to give evidence.\n"
        "Cerys Hale, MP\n8 June 2000\n"
    )
    found = extract(text)
    assert (found.sender_name, found.mp, found.date) == (
        "Cerys Hale",
        "Cerys Hale",
        dt.date(2000, 6, 8),
    )


_UNDATED_MINISTER = (
    "Dear Chairman,\n\nThank you for your letter of 4 June about consular staffing. {body}\n\n"
    "Yours sincerely,\n\nAlys Penmarric\nForeign Secretary\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Staff of the Foreign and Commonwealth Office serve in every post.",
            "Foreign and Commonwealth Office",
        ),
        ("Staff serve in every post.", "Foreign, Commonwealth & Development Office"),
    ],
)
def test_an_undated_letter_names_the_department_as_the_letter_does(
    body: str, expected: str
) -> None:
    metadata = extract(_UNDATED_MINISTER.format(body=body))
    assert metadata.date is None
    assert metadata.sender_org == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("about the flood grants paid in 2023.", dt.date(2023, 6, 15)),
        # The year the letter mentions last, never one still to come.
        ("about the 2022 and 2023 grants and the plan for 2999.", dt.date(2023, 6, 15)),
        ("about the flood grants.", None),
    ],
)
def test_an_undated_reply_takes_the_year_the_letter_mentions_last(
    body: str, expected: dt.date | None
) -> None:
    text = (
        f"Dear Ms Quiller,\n\nThank you for your letter of 15 June {body}\n\n"
        "Yours sincerely,\n\nT. Rook\n"
    )
    metadata = extract(text)
    assert metadata.date is None
    assert metadata.in_reply_to_date == expected


def test_places_patterns_tried_at_their_opening_words_find_what_a_full_scan_finds() -> None:
    from archive.extract import places
    from archive.extract.scan import finditer_at_literals

    text = (
        "Residents of Ashby Marsh and families in Kelby wrote. The Borough of Dunmere, "
        "the town of Oakwell-on-Sea; people across Hoadstead. Mr Jo Doe, of Brackenfold, and "
        "Dr Ann Lee of Tarnwick said so in Brightwater, at Morley Vale, near the quay. "
        "Unresidents of Nowhere, xin Kelby, catin Marsh, communities\n\nfrom Penhallow"
    )
    assert places._OPENING_WORDS, "no pattern is scanned from its opening words"
    for pattern in [*places._STRONG, *places._WEAK]:
        words = places._OPENING_WORDS.get(id(pattern))
        if words is None:
            continue
        for start in (0, 7, 40):
            full = [(m.start(), m.end()) for m in pattern.finditer(text, start)]
            fast = [(m.start(), m.end()) for m in finditer_at_literals(pattern, words, text, start)]
            assert fast == full, pattern.pattern[:40]
            assert full or start > 0, f"the sample names nothing for {pattern.pattern[:40]}"


@pytest.mark.parametrize(
    ("foot", "signature"),
    [
        ("Yours sincerely,\n\nEnclosure: a map\n", []),
        (
            "Yours sincerely,\nJo Ames\n\nMinister for Roads\nEnc: a map\n",
            ["Jo Ames", "Minister for Roads"],
        ),
        (
            "Yours sincerely,\n" + "".join(f"Line {n}\n\n" for n in range(20)),
            [f"Line {n}" for n in range(14)],
        ),
    ],
    ids=["enclosure-after-blank", "enclosure-after-name", "at-most-14-lines"],
)
def test_signature_block_lines(foot: str, signature: list[str]) -> None:
    from archive.extract.layout import analyse

    layout = analyse("Dear Ada,\n\nThank you for your letter about the bypass.\n\n" + foot)
    assert [line.text for line in layout.signature] == signature


def test_an_mp_named_straight_after_a_departments_letterhead_is_the_addressee() -> None:
    # OCR and flattened text lose the blank line between the letterhead and the address.
    text = (
        "Department for Transport\nHarriet Vance MP\nHouse of Commons\n"
        "CTS Reference: M48213/16\n12 May 2016\nDear Harriet,\n"
        "Thank you for your letter about the Kelmscott ferry.\nYours sincerely,\n"
        "Tobias Wrenfield MP\n"
    )
    found = extract(text)
    assert (found.mp, found.direction) == ("Harriet Vance", "to_mp")
    assert found.sender_org == "Department for Transport"
    assert found.sender_name == "Tobias Wrenfield"


_TO_A_CHAIR = (
    "Dear {greeting},\n\n"
    "Following the recent appearances before your Committee on 3 and 10 June, we received "
    "requests for further information{where}. I hope this letter is helpful.\n\n"
    "The Marlow Vale Water Authority has reviewed its charging scheme since then.\n\n"
    "Yours sincerely,\n\nPriya Castell\nChief Executive\n"
)


@pytest.mark.parametrize(
    ("greeting", "where", "expected"),
    [
        ("Rowan", "", ("to_mp", "Rowan")),
        # A peer chairs a Lords committee; a devolved parliament's convener is not an MP.
        ("Lord Ashcombe", "", ("other", None)),
        ("Rowan", " from the Scottish Parliament's clerks", ("other", None)),
    ],
    ids=["commons-chair", "lords-chair", "devolved-convener"],
)
def test_a_letter_speaking_of_your_committee_goes_to_its_chair(
    greeting: str, where: str, expected: tuple[str, str | None]
) -> None:
    # A published reply to a select committee often names its chair only in the greeting;
    # chairing a Commons select committee is one of the ways a letter shows an MP.
    found = extract(_TO_A_CHAIR.format(greeting=greeting, where=where))
    assert (found.direction, found.mp) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Further written evidence from the Harbour Office", "to_mp"),
        # The Lords' committees are chaired by peers.
        ("Select Committee on the Constitution Written Evidence", "other"),
    ],
    ids=["commons", "lords"],
)
def test_an_unaddressed_reply_to_your_committee_goes_to_its_chair(
    heading: str, expected: str
) -> None:
    # Published further evidence often keeps no greeting: "your Committee" says who reads it.
    text = (
        f"{heading}\n\n"
        "I am writing to explain that our response to the hearing on 19 January will be "
        "a little late. The Harbour Office has already issued revised guidance, which I "
        "hope will give your Committee some assurance.\n\n24 June 2011\n"
    )
    found = extract(text)
    assert (found.direction, found.mp) == (expected, None)


@pytest.mark.parametrize(
    ("signed", "role", "org"),
    [
        (
            "Chief Executive, Fenland Drainage Commission",
            "Chief Executive",
            "Fenland Drainage Commission",
        ),
        ("Director, Kelby Valley Water Authority", "Director", "Kelby Valley Water Authority"),
        # No body named after the comma: the whole phrase stays the role.
        ("Chief Executive, Kelby", "Chief Executive, Kelby", None),
    ],
    ids=["commission", "authority", "a-place-not-a-body"],
)
def test_a_cover_heading_names_the_body_after_its_head(
    signed: str, role: str, org: str | None
) -> None:
    # Committee appendices head a letter "Letter to the Clerk ... from NAME, ROLE, BODY".
    text = (
        "Select Committee on Transport Appendices to the Minutes of Evidence\n\n\n"
        f"Letter to the Clerk of the Committee from Morwen Tallis, {signed}\n\n\n"
        "  Thank you for inviting further evidence on the drainage schemes of the Fens. "
        "I attach the figures the Committee asked for.\n\n25 November 2002\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role, found.sender_org) == ("Morwen Tallis", role, org)


def test_a_page_naming_a_letter_by_its_parties_names_and_roles() -> None:
    # A regulator's correspondence page heads each letter "Name, Role, Body to Name, Role".
    text = (
        "Ines Carrow, Director General for Regulation, Office for Harbour Statistics to "
        "Tomas Reed, Chief Statistician, Kelby Council\n\nDear Tomas,\n\n"
        "I am writing to recognise the recent work on the harbour figures.\n\n"
        "Yours sincerely,\n\nInes Carrow\nDirector General for Regulation\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role, found.sender_org) == (
        "Ines Carrow",
        "Director General for Regulation",
        "Office for Harbour Statistics",
    )
    assert found.recipient_name == "Tomas Reed"


@pytest.mark.parametrize(
    ("writer", "role", "org"),
    [
        (
            "the Permanent Under-Secretary of State, FCO",
            "Permanent Under-Secretary of State",
            "FCO",
        ),
        (
            "the Chief Executive, Fenland Drainage Commission",
            "Chief Executive",
            "Fenland Drainage Commission",
        ),
        # After the comma a place, not a body: the role keeps it.
        ("the Chief Executive, Kelby", "Chief Executive, Kelby", None),
        # A House is where a member sits.
        (
            "the Leader of the House, House of Lords",
            "Leader of the House, House of Lords",
            None,
        ),
    ],
    ids=["department", "named-body", "a-place", "a-house"],
)
def test_a_heading_naming_its_writer_by_office_names_the_body(
    writer: str, role: str, org: str | None
) -> None:
    text = (
        f"Letter to the Clerk of the Committee from\n{writer}, 22 June 1998\n"
        "Thank you for your letter of 12 June, which reached us on 16 June.\n"
        "I attach the figures the Committee asked for.\n"
    )
    found = extract(text)
    assert (found.sender_role, found.sender_org) == (role, org)


@pytest.mark.parametrize(
    ("writer", "expected"),
    [
        (
            "Mr Idris Vane MP, Minister of State, Home Office",
            ("Idris Vane", "Minister of State", "Home Office"),
        ),
        # A given name that is also a word ("Bill"), letters after the name, any department.
        (
            "Bill Ashgrove CB, Permanent Under Secretary of State, Ministry of Defence",
            ("Bill Ashgrove", "Permanent Under Secretary of State", "Ministry of Defence"),
        ),
        (
            "the Acting Chief Executive of the Fenland Pensions Agency, Mr. Jo Hale",
            ("Jo Hale", "Acting Chief Executive", "Fenland Pensions Agency"),
        ),
        # A head's office inside a longer role.
        (
            "the Working Age Director of the Fenland Pensions Agency, Mr. Jo Hale",
            ("Jo Hale", "Working Age Director", "Fenland Pensions Agency"),
        ),
        # A House is where its members sit, not a body they write for.
        (
            "Lord Penhallow, Government Chief Whip, House of Lords",
            ("Lord Penhallow", "Government Chief Whip, House of Lords", None),
        ),
    ],
    ids=["minister", "official", "role-of-body-then-name", "longer-role", "a-house"],
)
def test_a_heading_names_its_writer_role_and_body_apart(
    writer: str, expected: tuple[str, str, str | None]
) -> None:
    text = (
        f"Letter from {writer}, to the Chairman of the Committee, dated 3 May 1999\n\n"
        "Thank you for your letter of 29 April enclosing your Committee's report.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role, found.sender_org) == expected


@pytest.mark.parametrize(
    ("addressee", "direction"),
    [
        ("the Chairman of the Committee", "to_mp"),
        # A sub-committee's chair is a Member as its committee's is.
        ("the Chairman of the Sub-Committee", "to_mp"),
        # The chair of another body is not.
        ("the Chairman of the Kelby Harbour Trust", "other"),
    ],
    ids=["committee", "sub-committee", "another-body"],
)
def test_a_body_writing_to_a_committees_chair_writes_to_an_mp(
    addressee: str, direction: str
) -> None:
    text = (
        f"Letter from the Chief Executive, Kelby Harbour Authority, to {addressee}\n\n"
        "I thought it would be helpful to write before our meeting, because the Authority is "
        "publishing its response to the dredging review today.\n"
    )
    assert extract(text).direction == direction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unaddressed written evidence answering what the Committee asked at a hearing.
        (
            "Written evidence from the Kelby Harbour Authority\n\n"
            "At the hearing on 24 June the Committee asked us about the dredging contracts. "
            "We have checked every contract since 2006.\n",
            ("to_mp", None),
        ),
        # A chair greeted by name, answering the committee's call for evidence.
        (
            "Dear Ms Tressel,\n\nI am writing following the Harbours Committee's call for "
            "evidence on the work of the Committee. We set standards for harbour data.\n\n"
            "Yours sincerely\n\nJo Amble\nDirector, Kelby Harbour Authority\n",
            ("to_mp", "Tressel"),
        ),
        # Without either, an unaddressed body's note says nothing of whom it is to.
        (
            "Written evidence from the Kelby Harbour Authority\n\n"
            "We have checked every dredging contract since 2006.\n",
            ("other", None),
        ),
    ],
    ids=["asked-at-a-hearing", "call-for-evidence", "neither"],
)
def test_evidence_a_committee_asked_for_is_written_to_its_chair(
    text: str, expected: tuple[str, str | None]
) -> None:
    found = extract(text)
    assert (found.direction, found.mp) == expected


@pytest.mark.parametrize(
    ("page", "writer", "direction"),
    [
        # A department answering a Commons committee, addressed to no one by name.
        ("Select Committee on Harbours Minutes of Evidence",
         "Jo Amble CB, Permanent Secretary, Department for Harbours", "to_mp"),
        # The same to a Lords committee: its members are peers.
        ("Select Committee on the Constitution Minutes of Evidence",
         "Jo Amble CB, Permanent Secretary, Department for Harbours", "other"),
        # The committee's own clerk writes for it, not to it.
        ("Select Committee on Harbours Minutes of Evidence",
         "the Clerk of the Committee", "other"),
    ],
    ids=["department-to-commons", "department-to-lords", "its-clerk"],
)  # fmt: skip
def test_a_body_answering_a_commons_committee_writes_to_mps(
    page: str, writer: str, direction: str
) -> None:
    text = (
        f"{page}\n\n\nLetter from {writer}\n\n"
        "You asked on Tuesday why the Department did not meet the timescales the Committee "
        "set for its follow-up questions. The Committee asked for a reply by 9 October.\n"
    )
    assert extract(text).direction == direction


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("Head of Casework", True),
        ("head!", False),
        ("Member of the Board?", False),
        # A headline reads as words of a sentence, not an office's joining words.
        ("Mayor challenges Harbours Secretary over broken promises around the ferry line", False),
        ("Parliamentary Under Secretary of State for school standards and early years", True),
        # A page's heading naming a letter or a complaint is not an office.
        ("Open letter sent to Prime Minister", False),
        ("Complaint re Jo Amble to Parliamentary Commissioner for Standards", False),
        ("Head of Complaints", True),
        # A line with an address, or the placeholder a web copy puts for one, is contacts.
        ("Chair, Harbours Committee [email protected]", False),
        ("Secretary of State for Harbours By Email", True),
        ("Housing minister response", False),
        ("Personal Statement From A Former Parliamentary Candidate", False),
    ],
)
def test_a_line_ending_a_sentence_is_never_a_role(line: str, role: bool) -> None:
    from archive.extract.lexicon import is_role_line

    assert is_role_line(line) is role


def test_an_unsigned_letters_last_words_are_not_its_writers_role() -> None:
    text = (
        "FROM TAMSIN\nVORE MP\nThank you for your letter of 1st April.\n"
        "Our constituents are often left goggle-eyed and with a sore\nhead!\n"
        "Hope this helps.\nMay 2009\n"
    )
    assert extract(text).sender_role != "head!"


@pytest.mark.parametrize(
    ("heading", "body", "signed", "org"),
    [
        # The committee named as the subject of a sentence, the letter signed by office only.
        (
            "Correspondence between the Committee and the Harbour Office",
            "The Harbours Committee wishes to receive an answer to the following question.",
            "Chairman",
            "Harbours Committee",
        ),
        # The committee named only in the page's title, over its clerk's letter.
        (
            "Select Committee on Inland Waterways Written Evidence",
            "The Committee has asked me to request copies of these documents.",
            "Jo Amble\n\nClerk of the Committee",
            "Select Committee on Inland Waterways",
        ),
        # A chair of another body writing to a committee is not the committee's chair.
        (
            "Select Committee on Inland Waterways Appendices to the Minutes of Evidence\n\n"
            "Letter to the Chairman of the Committee from the Chairman of KELTRUST",
            "I hope that you and the Committee will accept KELTRUST's apologies.",
            "Chairman of KELTRUST",
            "KELTRUST",
        ),
    ],
    ids=["subject-of-a-sentence", "page-title", "another-body"],
)
def test_a_committee_letter_signed_by_office_takes_the_committee_the_text_names(
    heading: str, body: str, signed: str, org: str | None
) -> None:
    text = (
        f"{heading}\n\n{body} I would be obliged if you were to reply not later than "
        f"Friday.\n\n{signed}\n\n10 July 2003\n"
    )
    assert extract(text).sender_org == org


@pytest.mark.parametrize(
    "heading",
    ["Text of letter to Ivo Stanning, Managing Director, Kelby Buses Ltd:", ""],
    ids=["text-of-letter-heading", "no-heading"],
)
def test_an_mp_writing_of_my_constituents_writes_for_them_to_someone_else(heading: str) -> None:
    # An MP's web page keeps the letter's words and drops its salutation and signature: who
    # speaks of "my constituents" writes for them, not to them.
    text = (
        f"{heading}\n\nI am writing on behalf of my constituents in Kelby about the new bus "
        "timetable. Many of them have told me that the early services no longer run.\n\n"
        "I would be grateful if you could restore them.\n"
    )
    found = extract(text)
    assert found.direction == "from_mp"
    assert found.recipient_name == ("Ivo Stanning" if heading else None)


def test_an_unaddressed_mp_newsletter_is_not_from_mp() -> None:
    # Written to constituents (the "you" is them), with no one else named.
    text = (
        "I am writing to update you on my work in the constituency this summer. I have met "
        "the council about the bypass and will keep pressing for it.\n\nJo Example MP\n"
    )
    assert extract(text).direction == "other"


def test_an_mp_told_by_constituents_writes_as_their_mp() -> None:
    # No "MP" anywhere and no signature: the writer's constituents wrote to them.
    text = (
        "Dear Ivo Stanning,\n\nI am writing to you about the Kelby Health Centre. I have been "
        "contacted by a number of constituents who fear that its walk-in service will close.\n\n"
        "I would be grateful if you could tell me what is planned.\n"
    )
    found = extract(text)
    assert (found.direction, found.recipient_name, found.mp) == ("from_mp", "Ivo Stanning", None)


def test_a_body_a_title_line_sends_to_is_not_the_writers() -> None:
    text = (
        "Closure of the Kelby clinic - my letter of objection to NHS England\n\n"
        "Dear Ivo Stanning,\n\nI am writing to object to the closure of the Kelby clinic, "
        "which my constituents rely on.\n"
    )
    found = extract(text)
    assert (found.sender_org, found.direction) == (None, "from_mp")


@pytest.mark.parametrize(
    ("greeting", "name"),
    [("Mr Lord", "Lord"), ("Mrs King", "King"), ("Mr Speaker", None), ("Mr Mayor", None)],
)
def test_a_word_after_mr_in_a_greeting_is_a_surname_unless_an_office(
    greeting: str, name: str | None
) -> None:
    text = (
        f"Dear {greeting}\n\nThank you for meeting us about the rail services your "
        "constituents rely on.\n\nYours sincerely\n\nJo Bloggs\nManaging Director\n"
    )
    found = extract(text)
    assert found.recipient_name == name
    if name is not None:  # "Lord" is a surname here, not a peer's title
        assert (found.direction, found.mp) == ("to_mp", name)


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        ("The Committee will visit Sierra Leone and the Turks and Caicos Islands.",
         ("Sierra Leone", "Turks and Caicos Islands")),
        # The last of a list after a serial comma.
        ("Buses run from Newmarket, Bury St Edmunds, and Ely to Cambridge.",
         ("Newmarket", "Bury St Edmunds", "Ely", "Cambridge")),
        # A country that is also a given name counts only where a place is meant.
        ("Jordan Vale of my staff will write to you.", ()),
        ("Our officials met their counterparts in Jordan.", ("Jordan",)),
        # Every letter here is written in the United Kingdom: not what one is about.
        ("Exports from the United Kingdom rose last year.", ()),
        # Part of a department's name.
        ("This is part of the Foreign and Commonwealth Office's work in Foreign and "
         "Commonwealth Office posts.", ()),
    ],
)  # fmt: skip
def test_countries_abroad_are_places(sentence: str, places: tuple[str, ...]) -> None:
    text = (
        "Foreign Office\n\n3 May 2010\n\nDear Mr Vance,\n\nThank you for your letter of 2 April."
        f" {sentence}\n\nYours sincerely,\n\nCerys Hale\n"
    )
    assert extract(text).places == places


@pytest.mark.parametrize(
    ("heading", "direction"),
    [
        # Hansard prints an agency's answer to a Member's written question so.
        ("Letter from P. Kelly to Mr. Ivo Stanning, dated 26 October 1992:", "to_mp"),
        ("781WLetter from P. Kelly to Mrs. Ada Brell, dated 26 October 1992:", "to_mp"),
        # The Lords' written answers address peers.
        ("Letter from P. Kelly to Lord Penhallow, dated 26 October 1992:", "other"),
    ],
)
def test_a_hansard_answer_heading_addresses_a_member(heading: str, direction: str) -> None:
    # Nothing in the letter itself says its reader is an MP.
    text = (
        f"{heading}\n\nAs Chief Executive of the Kelby Science Laboratory I confirm that I "
        "have visited the universities of the region this year.\n"
    )
    assert extract(text).direction == direction


def test_questions_answered_for_no_minister_say_nothing_of_who_asked() -> None:
    text = (
        "Vehicle Inspectorate\n\n12 March 1996\n\nDear Mrs Morrow,\n\nThank you for your "
        "questions about the checks we made on tankers at Kelby last year. We made 40 such "
        "checks.\n\nYours sincerely,\n\nBryn Ashgrove\nChief Executive\n"
    )
    assert extract(text).direction == "other"


@pytest.mark.parametrize(
    ("org_line", "org"),
    [
        ("Kelby and District Hospital", "Kelby and District Hospital"),
        # A cause the writer supports is not the body they write for.
        ("(Supporter of the Save Kelby Hospital Campaign)", None),
    ],
)
def test_a_body_on_the_signatures_own_lines_is_the_writers(org_line: str, org: str | None) -> None:
    text = (
        "Dear Mr Vance,\n\nThank you for your e-mail about the ward closures. The wards will "
        "reopen in the spring.\n\nRegards\n\nSue Amble\nCommunications Manager\n"
        f"{org_line}\n"
    )
    assert extract(text).sender_org == org


@pytest.mark.parametrize(
    ("greeting", "name"),
    [("Mr O’Sullivan", "O’Sullivan"), ("Councillor Amble", "Amble"), ("Cllr Amble", "Amble")],
)
def test_a_greeting_with_a_councillors_title_or_an_apostrophe_names_the_addressee(
    greeting: str, name: str
) -> None:
    text = (
        f"Dear {greeting}\n\nThank you for meeting us about the bus services in King’s Lynn."
        "\n\nYours sincerely\n\nJo Bloggs\nManaging Director\n"
    )
    found = extract(text)
    assert found.recipient_name == name
    assert found.places == ("King’s Lynn",)  # the typographer's apostrophe, as written


def test_a_copy_cut_off_mid_sentence_leaves_no_role() -> None:
    # The page stopped inside a sentence naming an office: no signature survives.
    text = (
        "Dear Mr Vance,\n\nThank you for your e-mail about the smart motorway near Kelby. "
        "The new radar finds a stopped vehicle within 20 seconds.\n\n"
        "In October 2019, the Secretary of State for Transport asked\n"
    )
    found = extract(text)
    assert (found.sender_role, found.sender_org) == (None, None)


@pytest.mark.parametrize(
    ("sentence", "org"),
    [
        ("I am responding on behalf of the Kelby Harbour Authority.", "Kelby Harbour Authority"),
        ("I am writing on behalf of Marlbeck Parish, which you visited.", None),  # not a body
    ],
)  # fmt: skip
def test_a_writer_on_behalf_of_a_public_body_writes_for_it(sentence: str, org: str | None) -> None:
    text = (
        "Kelby level crossing\n\nThank you for your letter to our chief executive yesterday. "
        f"{sentence} The crossing worked as designed.\n"
    )
    assert extract(text).sender_org == org


@pytest.mark.parametrize(
    ("heading", "sender"),
    [
        # A writer's given name and its possessive: a person, not a body called "Jeff’s".
        ("Jeff’s letter to Ofgem urging a ban on forced meter installations", ("Jeff", None)),
        # Which letter of several, not who wrote it.
        ("First HS2 letter to Ivo Stanning - October 2012", (None, None)),
    ],
)
def test_a_heading_names_its_writer_before_the_word_letter(
    heading: str, sender: tuple[str | None, str | None]
) -> None:
    text = (
        f"{heading}\n\nDear Ivo Stanning,\n\nMany of my constituents have written to me about "
        "the meters.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_org) == sender
    assert found.direction == "from_mp"


def test_a_heading_naming_its_addressee_by_title_and_one_name_names_a_person() -> None:
    # "Sir Ivo" is a person, not a body the reply is to: the MP greeted below is its reader.
    text = (
        "Kelby Bank reply to Sir Ivo on the Marlbeck branch\n"
        "Rt Hon Sir Ivo Stanning MP House of Commons\n19 November 2009\nDear Sir Ivo\n"
        "Thank you for raising the concerns of your constituents about the closure of our "
        "Marlbeck branch.\n"
    )
    found = extract(text)
    assert (found.direction, found.mp) == ("to_mp", "Ivo Stanning")


def test_a_committees_letterhead_over_no_signature_is_its_chairs_letter() -> None:
    # The copy stops before the signature: the committee writes to a minister through its chair.
    text = (
        "Harbours Committee 14 Tothill Street, SW1H 9NB Tel.: 020 7219 2539\n\n"
        "Rt Hon Cerys Hale MP Secretary of State Department for Harbours London SW1A 2AH\n\n"
        "1 February 2021\n\nDear Cerys,\n\nI am writing to seek clarification of your "
        "department's responsibility for the Kelby ferry.\n"
    )
    found = extract(text)
    assert (found.sender_org, found.direction) == ("Harbours Committee", "from_mp")


def test_a_page_title_with_a_colon_names_no_writer() -> None:
    # The page's title above the letter's own heading: its topic is nobody's name.
    text = (
        "Harbour Hearings: Further Government Response to the Committee's Second Report - "
        "Liaison Committee Contents\n\n\n"
        "Letter to the Chair from the Minister for Harbours, Rt Hon Cerys Hale MP\n\n"
        "I attach the Government's response to the recommendations on harbour hearings.\n\n"
        "22 October 2010\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == ("Cerys Hale", "Minister for Harbours")


def test_a_writer_signing_by_name_alone_to_a_chair_writes_as_a_person() -> None:
    # Signed with a name and nothing else, no body named anywhere: a person, not a body.
    text = (
        "Harbours CommitteeLetter from Bryn Ashgrove to Rt Hon Ivo Stanning MP, Chair, "
        "Harbours Committee\n\nMay 2016\n\nDear Ivo\n\nThank you for your letter. My diary is "
        "full until the summer, so I will send a written statement instead.\n\nBest wishes\n\n"
        "Bryn Ashgrove\n"
    )
    found = extract(text)
    assert (found.direction, found.mp) == ("other", "Ivo Stanning")


def test_a_letter_dated_by_month_alone_is_placed_in_that_month() -> None:
    # Near enough to say who sat in the Commons then.
    assert sides._month_dated("Harbours Committee\n\nMay 2016\n\nDear Ivo") == dt.date(2016, 5, 15)
    assert sides._month_dated("We met in May 2016 to agree it.") is None


@pytest.mark.parametrize("line", ["Published 19 February 2020", "Last updated 19 February 2020"])
def test_a_web_pages_own_date_is_not_the_letters(line: str) -> None:
    text = (
        "Dear Editor,\n\nWe will always dredge where it is needed, but it would do little to "
        f"protect homes in Kelby.\n\nCerys Hale\n\nChair, Kelby Harbour Authority\n\n{line}\n"
    )
    assert extract(text).date is None


def test_a_response_to_a_letter_from_mps_goes_to_them() -> None:
    text = (
        "Response to letter from Kelby MPs\n\n12th December 2024\n\nThank you for your "
        "letter of 10 December to our Chief Executive about the storm overflows your "
        "constituents have raised.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.recipient_name, found.direction) == (None, None, "to_mp")


@pytest.mark.parametrize(
    "role", ["Labour Parliamentary Candidate for Kelby East", "Labour PPC for Kelby East"]
)
def test_a_parliamentary_candidate_signs_as_one(role: str) -> None:
    text = (
        "Dear Mr Vance,\n\nI am writing to urge you to keep the Kelby branch open.\n\n"
        f"Yours sincerely,\n\nJo Amble\n\n{role}\n"
    )
    found = extract(text)
    assert found.sender_role == role
    assert (found.direction, found.mp) == ("other", None)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # A former MP writing as a mayor is not writing as an MP.
        ("Mayor of Kelby", ("other", None)),
        ("Leader of Kelby Borough Council", ("other", None)),
        # One the registry holds, writing with no other office, is.
        ("", ("from_mp", "Jo Amble")),
    ],
    ids=["mayor", "council-leader", "no-office"],
)
def test_an_office_outside_the_commons_outranks_the_registry(
    role: str, expected: tuple[str, str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive.extract import sides

    monkeypatch.setattr(sides, "is_mp_name", lambda name, on=None: name == "Jo Amble")
    heading = f"Jo Amble {role} has written to the newly appointed Prime Minister, Ivo Stanning"
    text = (
        f"{' '.join(heading.split())}\n\nDear Prime Minister,\n\nI congratulate you on your "
        "appointment, and ask you to fund the Kelby ferry.\n"
    )
    found = extract(text)
    assert found.sender_name == "Jo Amble"
    assert (found.direction, found.mp) == expected


@pytest.mark.parametrize(
    ("signed", "direction"),
    [
        # A reader's open letter, signed with a name and a town: a person, whatever duty to
        # "your constituents" it speaks of.
        ("Jo Amble, Tarporley", "other"),
        # A body's officer signs with an office, not a town.
        ("Jo Amble, Head of Casework", "to_mp"),
    ],
    ids=["name-and-town", "name-and-office"],
)
def test_an_open_letter_signed_with_a_town_is_a_persons(signed: str, direction: str) -> None:
    text = (
        "AN open letter to MP Ivo Stanning: I wish to convey my alarm at the closure of the "
        "ferry.\n\nIt is your duty to defend the ferry in the interests of your "
        f"constituents.\n\n{signed}\n"
    )
    found = extract(text)
    assert (found.sender_name, found.direction) == ("Jo Amble", direction)


def test_a_compass_word_alone_is_not_a_place() -> None:
    text = (
        "Dear Ivo,\n\nThe guide published by the Central Council of Harbour Committees is "
        "used in the Metropolitan Police area and by Central Bedfordshire Council.\n"
    )
    places = extract(text).places
    assert "Central" not in places and "Metropolitan" not in places
    assert "Central Bedfordshire" in places


def test_a_heading_from_the_lord_chancellor_names_the_office() -> None:
    text = (
        "ANNEX\nLetter to Jo Amble MP from the Lord\nChancellor\nHARBOUR COURTS\n"
        "I promised to write to you following last week's Committee on court closures.\n"
    )
    found = extract(text)
    assert (found.sender_role, found.recipient_name) == ("Lord Chancellor", "Jo Amble")


def test_a_committee_clerks_circular_to_departments_is_not_to_mps() -> None:
    # A heading broken before the rest of the committee's name and its addressee; the clerk
    # is an officer of the House; the Table Office is not a place.
    text = (
        "APPENDIX 2\nLetter from the Clerk, Harbours\nCommittee, to all Departments\n"
        "As you may remember, the Committee obtains from the Table Office of the House\n"
        "a list of the questions which the Table Office has blocked.\n"
        "I should be grateful if you could reply by 5 July.\n9 June 2000\n"
    )
    found = extract(text)
    assert found.sender_org == "Harbours Committee"
    assert (found.direction, found.mp) == ("other", None)
    assert "Table" not in found.places


def test_a_committee_clerk_writing_to_an_mp_is_an_officer_of_the_house() -> None:
    text = (
        "Harbours Committee\nHouse of Commons\nLondon SW1A 0AA\n\nIvo Stanning MP\n"
        "House of Commons\n\n3 May 2019\n\nDear Mr Stanning,\n\nThe Committee asks whether "
        "you would give evidence on your Parliamentary Question about the ferry.\n\n"
        "Yours sincerely\n\nJo Amble\nClerk of the Committee\n"
    )
    found = extract(text)
    assert found.sender_org == "Harbours Committee"
    assert (found.direction, found.mp) == ("other", "Ivo Stanning")


@pytest.mark.parametrize(
    "addressee", ["Harbours Committee Clerk", "the Clerk of the Harbours Committee"]
)
def test_an_mp_writing_to_a_committees_clerk_writes_to_an_officer_of_the_house(
    addressee: str,
) -> None:
    text = (
        f"Letter from Ivo Stanning MP to {addressee}\n\nDear Sarah\n\nThank you for your "
        "letter. I have never made statements about the committee's proceedings.\n"
    )
    found = extract(text)
    assert (found.direction, found.mp) == ("other", "Ivo Stanning")


def test_an_office_over_two_lines_and_a_departments_old_site_in_a_letterhead() -> None:
    text = (
        "Minister for Family Support,\nHarbours and Ferry Maintenance\n4th Floor\n"
        "Kelby House\nLONDON\nSW1H 9DA\nwww.dwp.gov.uk\n\nJo Amble MP\nHouse of Commons\n"
        "London SW1A 0AA\n\n13 July 2018\n\nDear Jo,\n\nThank you for your letter about "
        "child maintenance in Kelby.\n"
    )
    found = extract(text)
    assert found.sender_role == "Minister for Family Support, Harbours and Ferry Maintenance"
    assert found.sender_org == "Department for Work and Pensions"
    assert (found.direction, found.mp) == ("to_mp", "Jo Amble")


def test_a_former_mp_addressed_as_a_mayor_is_not_written_to_as_an_mp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from archive.extract import sides

    monkeypatch.setattr(sides, "is_mp_name", lambda name, on=None: name == "Ivo Stanning")
    text = (
        "Greater Kelby Mayor\n\nIvo Stanning\n\nHarbour House\n\n56 Quay Street\n\n\n"
        "Dear Ivo Stanning GK Mayor\n\nCongratulations on your recent election as Mayor. We "
        "are seeking a meeting of our officers with you.\n"
    )
    found = extract(text)
    assert found.sender_name is None  # "Greater Kelby" is no one's name
    assert found.recipient_name == "Ivo Stanning"
    assert (found.direction, found.mp) == ("other", None)


def test_an_emails_copy_line_lists_each_addressee_and_stops_at_the_subject() -> None:
    text = (
        "From: AMBLE, Jo [mailto:]\nSent: 24 June 2011 15:20\nTo: Tressel, Chris\n"
        "Cc: Bryn Ashgrove; Stanning, Ivo (Cllr); Cerys Hale; Ann Other (\n"
        "Subject: Kelby Curve & No.12 Bus Marlbeck\n\nDear Chris,\n\nI thought it may be "
        "useful to ask for an update on the Kelby Curve.\n"
    )
    assert extract(text).cc == ("Bryn Ashgrove", "Ivo Stanning", "Cerys Hale", "Ann Other")


def test_a_signature_signed_on_behalf_of_a_body_names_it_not_its_charity_number() -> None:
    text = (
        "Dear Ed,\n\nWe would be delighted to welcome you to our meeting on libraries.\n\n"
        "Best wishes\n\nJo Amble and Cerys Hale\n\non behalf of The Kelby Ferry Campaign\n\n"
        "The Kelby Ferry Campaign – supporting users of the ferry\n"
        "Registered Charity (E&W) no.1102634\nFollow us on twitter @KelbyFerry\n"
    )
    assert extract(text).sender_org == "The Kelby Ferry Campaign"


def test_a_subject_heading_and_a_dash_signed_role() -> None:
    # The page's subject line is no one; "Dear Mr Tressel" names whom; "Name - Role" signs.
    text = (
        "Kelby Curve - The latest from KCC\n\nDear Mr Tressel\n\nI write further to your "
        "e-mail dated 24 June 2011 and apologise for the delay in replying.\n\n"
        "Yours sincerely\nJo Amble - Executive Director for the Environment\n"
    )
    found = extract(text)
    assert found.recipient_name == "Tressel"
    assert (found.sender_name, found.sender_role) == (
        "Jo Amble",
        "Executive Director for the Environment",
    )


def test_constituents_of_mine_make_an_unaddressed_letter_an_mps() -> None:
    text = (
        "Members of the Kelby Gazette staff, who are constituents of mine, have complained to "
        "me about the proposed loss of jobs at the Gazette. I hope that any decision to reduce "
        "jobs will be reversed.\n"
    )
    assert extract(text).direction == "from_mp"


def test_a_kind_of_body_alone_in_an_annex_heading_after_the_signature_names_none() -> None:
    text = (
        "Dear Ivo,\n\nThank you for inviting me to give evidence last week.\n\nYours "
        "sincerely,\n\nJo Amble OBE\n\nHarbours Commissioner for Kelby\n\n\n"
        "Response to the Committee’s Questions\n"
    )
    found = extract(text)
    assert found.sender_role == "Harbours Commissioner for Kelby"
    assert found.sender_org != "Committee"


def test_the_readers_office_described_is_not_the_writers() -> None:
    text = (
        "Dear Sir Ivo,\n\nThank you for your recent letter about the Harbour Review, and for "
        "your account of your first few months as His Majesty's Chief Inspector (HMCI). I "
        "welcome your appointment, and so do my constituents.\n"
    )
    found = extract(text)
    assert (found.sender_role, found.sender_org) == (None, None)


def test_an_emails_to_line_with_its_address_below_it() -> None:
    # A web page's copy of an e-mail puts the address on the line after "To:".
    text = (
        "From: Protect Kelby [mailto:protectkelby@example.org]\nSent: 17 January 2014 18:21\n"
        "To:\nivo.stanning.mp@parliament.uk\nSubject: Amendments to the Harbours Act\n"
        "Dear Ivo,\nWe notice from the national press that the harbour rules are to change.\n"
    )
    found = extract(text)
    assert (found.direction, found.mp) == ("to_mp", "Ivo")


@pytest.mark.parametrize(
    ("text", "org"),
    [
        # A subject line names what the letter is about, not who writes it.
        ("Harbour House\nKelby KB1 1AA\n\nRe: Closure of Kelby Police Station\n\nDear Bishop "
         "Tressel\n\nWe write about the station.\n", None),
        # A barrister's "As from" address: its building is no body.
        ("As from One Harbour Court, Temple, London EC4Y 9AR\nIvo Stanning MP, Economic "
         "Secretary, HM Treasury\n24 August 2020\nDear Mr Stanning,\n\nI was appointed "
         "as the Investigator.\n", None),
        # A heading's acronym the registry does not know yields to a known letterhead.
        ("KST letter to Chief Executive of the Harbour Authority Jo Amble\nHM Treasury, 1 "
         "Horse Guards Road, London SW1A 2HQ\n17 December 2020\nDear Jo,\n\nThank you for "
         "our discussions.\n", "HM Treasury"),
    ],
    ids=["subject-line", "as-from-address", "acronym-heading"],
)  # fmt: skip
def test_subject_lines_buildings_and_unknown_acronyms_are_not_the_writers_body(
    text: str, org: str | None
) -> None:
    assert extract(text).sender_org == org


def test_a_word_for_a_kind_of_place_alone_is_not_one() -> None:
    text = "Dear Jo,\n\nThe City Council and the Town Council of Kelby both object.\n"
    places = extract(text).places
    assert "City" not in places and "Town" not in places


def test_an_mp_run_into_the_next_word_by_a_pdfs_text_is_still_an_mp() -> None:
    text = (
        "Kelby Ferry Society, 60 Quay Road, Kelby KB1 3GA\n\n"
        "Sir Ivo Stanning MPChair of the House of Commons Harbours CommitteeHouse of "
        "CommonsLondon, SW1A 0AA\n\n3 February 2012\n\nDear Sir Ivo,\n\nWe strongly "
        "support your committee's scrutiny of the ferry.\n"
    )
    found = extract(text)
    assert (found.recipient_name, found.direction) == ("Ivo Stanning", "to_mp")


def test_a_letterheads_staff_and_board_lists_name_no_writer() -> None:
    text = (
        "    Harbour Centre, 60 Quay Road, Kelby KB1 3GA\n\n"
        "    Chief Executive: Ann Tressel Editor: Bryn Ashgrove\n\n"
        "    Trustees & Directors: Cerys Hale (Chair), Owen Pryce, Lena Marsh,\n\n"
        "    Jo Amble, Ann Tressel, Dai Morgan, Lord Penhallow QC, Ivo Roe.\n\n"
        "    Ivo Stanning MP\n    House of Commons\n    London SW1A 0AA\n\n"
        "    3 February 2012\n\n    Dear Ivo,\n\n    At the Kelby Ferry Trust we strongly "
        "support your committee's inquiry.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == (None, None)
    assert (found.recipient_name, found.direction) == ("Ivo Stanning", "to_mp")


def test_a_company_is_not_a_place() -> None:
    text = (
        "Dear Ivo,\n\nThe forums which Kelby Rail Ltd are hosting have met twice. After some "
        "reluctance on the part of Kelby Rail Ltd, engineers now meet residents. Information "
        "offered by Kelby Rail Ltd is patchy, and there is little consistency in the "
        "representation from Kelby Rail Ltd.\n"
    )
    assert "Kelby Rail Ltd" not in extract(text).places


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        # "to the Prime Minister" after an MP is the letter's addressee, and a later "to" in
        # the news sentence is not.
        ("A LETTER from Kelby MP Jo Amble to the Prime Minister has been criticised, "
         "according to Kelby Water.",
         ("Jo Amble", "from_mp")),
        # Offices named "to the Treasury" and "to the Prime Minister" stay whole.
        ("Letter from the Chief Secretary to the Treasury to Ivo Stanning MP, 3 May 2019",
         (None, "to_mp")),
        ("Letter from Cerys Hale, Adviser to the Prime Minister, to Ivo Stanning MP, "
         "3 May 2019",
         ("Cerys Hale", "to_mp")),
    ],
    ids=["mp-to-the-pm", "chief-secretary", "adviser"],
)  # fmt: skip
def test_a_heading_splits_its_parties_at_the_right_to(
    heading: str, expected: tuple[str | None, str]
) -> None:
    found = extract(f"{heading}\n\nThe harbour dues rose again in May, and the ferry stopped.\n")
    assert (found.sender_name, found.direction) == expected
    assert found.recipient_name != "Kelby Water"


def test_a_heading_to_a_chair_wrapped_before_mp_names_the_writers_office() -> None:
    # "Letter to Chair from Rt Hon X / MP, Secretary of State ...": the heading goes on over
    # the line, and "your committee" says whose chair.
    text = (
        "Letter to Chair from Rt Hon Cerys Hale\n"
        "MP, Secretary of State for Harbours\n"
        "Further to my letter of 23 February, I am now\n"
        "writing to reply to the discussions at your committee\n"
        "about the dredging of Kelby harbour.\n"
    )
    found = extract(text)
    assert found.sender_name == "Cerys Hale"
    assert found.sender_role == "Secretary of State for Harbours"
    assert found.direction == "to_mp"


def test_a_street_in_a_letterhead_is_not_a_person() -> None:
    # "Colmore Row" is an address line; the addressee is the block the greeting names.
    text = (
        "Planning Casework Unit\nDepartment for Harbours\n5 St Anne's Place\nColmore Row\n"
        "Kelby KB3 2PW\n\nMr Stanning\nChairman, Kelby Harbour Society\n\n"
        "Date: 22 January 2018\n\nDear Mr Stanning\n\nThe Secretary of State has decided "
        "not to call in the application.\n\nYours sincerely\n\nJo Amble\n"
    )
    found = extract(text)
    assert found.recipient_name == "Stanning"
    assert found.sender_org == "Department for Harbours"


def test_the_block_naming_a_headings_addressee_is_the_addressees() -> None:
    # An MP's site prints his letter under "Sir Ivo writes to Kelby Trains": the one block
    # above it, naming Kelby Trains, is the addressee's, not a letterhead of the writer.
    text = (
        "Sir Ivo writes to Kelby Trains Ltd about Fare Increases\n\n"
        "Mr Jo Amble\nManaging Director\nKelby Trains Ltd\nHarbour Gate\nKelby KB1 1AA "
        "20 March 2007\n\nOur Ref : HOC3506\n\nFare Structure\n\n"
        "Thank you for your letter dated March 19th about the above. It does not address the "
        "overcrowding that my constituents face in the rush hour.\n\nYours sincerely\n"
    )
    found = extract(text)
    assert found.recipient_name == "Jo Amble"
    assert found.direction == "from_mp"
    assert found.sender_role != "Managing Director"


def test_an_mp_writing_of_an_agency_does_not_write_for_it() -> None:
    # No name under the sign-off, and "my constituency": the agency named is whom the MP
    # asks to meet, not the body the letter is from.
    text = (
        "Rt Hon Cerys Hale MP\nSecretary of State for Roads\n\n13 October 2005\n\n"
        "We have all heard from the Highways Agency that it has too little money for quieter "
        "road surfaces; the Highways Agency's agents have surveyed the A999 twice. I wonder if "
        "you would arrange a meeting between myself and the Highways Agency, so I can "
        "discuss the A999 in my constituency.\n\nYours sincerely\n"
    )
    assert extract(text).sender_org is None


@pytest.mark.parametrize(
    ("committee", "direction"),
    [
        # A hospital's committee is not one of Parliament's: its letter is not a chair's.
        ("the Medical Staff Committee at Kelby Hospital", "other"),
        # A Commons committee writing to a minister through its chair.
        ("the Harbours Committee", "from_mp"),
    ],
    ids=["hospital-committee", "commons-committee"],
)
def test_a_committee_of_a_local_body_does_not_write_as_mps(committee: str, direction: str) -> None:
    text = (
        f"THIS is the text of the letter sent on behalf of {committee}.\n\n"
        "Dear Secretary of State,\n\nWe are concerned at the loss of specialist services "
        "from Kelby, and we ask you to look again at the plans.\n"
    )
    assert extract(text).direction == direction


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("As Leader of Kelby Borough Council, I head a group of 34 councillors who feel let "
         "down by your Government's policies.",
         ("Leader of Kelby Borough Council", "Kelby Borough Council")),
        # Someone else's office, and a leader of nothing named, are not the writer's.
        ("I hope your tenure as Leader will bring some redress to the harbour towns.",
         (None, None)),
    ],
    ids=["council-leader", "your-tenure"],
)  # fmt: skip
def test_a_council_leader_who_says_so_is_the_writer(
    opening: str, expected: tuple[str | None, str | None]
) -> None:
    found = extract(f"Dear Prime Minister,\n\n{opening}\n\nYours sincerely\n")
    assert (found.sender_role, found.sender_org) == expected


def test_a_headings_my_is_no_body() -> None:
    # A blog's "My email to X, MP": its writer is the person who signs, not a body "My".
    text = (
        "My email to Ivo Stanning, MP\n\n“Dear Mr. Stanning,\n\nI am deeply concerned "
        "about the Harbours Bill, and I implore you to vote against it.\n\nYours sincerely,"
        "\n\nJo Amble”\n"
    )
    found = extract(text)
    assert found.sender_org is None
    assert (found.sender_name, found.recipient_name) == ("Jo Amble", "Ivo Stanning")
    assert found.direction == "other"


def test_a_hospital_trusts_kind_is_not_part_of_its_place() -> None:
    # "Kelby Teaching Hospital NHS Foundation Trust": the place is Kelby; neither "Kelby
    # Teaching" nor the "Foundation" of "Foundation Trusts" is one.
    text = (
        "Sir,\n\nIt is the Marlbeck CCG that has been told to act, and not Kelby Teaching "
        "Hospital NHS Foundation Trust, as your article implies. NHS England has no say over "
        "Foundation Trusts. Kelby Teaching Hospital is not in turnaround.\n"
    )
    places = extract(text).places
    assert "Kelby" in places
    assert not {"Kelby Teaching", "Foundation"} & set(places)


def test_an_mp_writing_to_a_minister_addressed_as_an_mp_writes_from_mp() -> None:
    # Ministers are MPs too: the greeting names one, the letter asks what the Government does.
    text = (
        "Dear Rt Hon Cerys Hale MP,\n\nI write about the cancelled trains from Kelby, which "
        "are harming the working lives of my constituents.\n\nI would be grateful if you could "
        "outline what action the Government is taking to restore the service.\n"
    )
    found = extract(text)
    assert (found.direction, found.mp) == ("from_mp", None)


@pytest.mark.parametrize(
    ("heading", "direction"),
    [
        ("Ivo Stanning MSP to the Kelby Roads Board: the cycling index", "other"),
        ("Ivo Stanning to the Kelby Roads Board: the cycling index", "from_mp"),
    ],
)
def test_a_member_of_a_devolved_parliament_is_no_mp(heading: str, direction: str) -> None:
    # An MSP has constituents too: their voice makes no MP of the writer.
    text = (
        f"{heading}\n\nDear Board,\n\nMany of my constituents have asked me about the "
        "funding of the cycling index.\n"
    )
    assert extract(text).direction == direction


def test_a_chairmans_circular_to_the_chairmen_of_committees_is_mp_to_mps() -> None:
    text = (
        "Select Committee on Harbours Appendices to the Minutes of Evidence\n\n\n"
        "Letter from the Chairman to Chairmen of Departmental Select Committees\n\n\n"
        "  In October 2000, the Department told our predecessors of its review. What use has "
        "your Committee made of the harbour estimates?\n\n  I look forward to hearing from you.\n"
    )
    assert extract(text).direction == "other"


def test_a_committees_letterhead_run_into_the_houses_address_names_the_committee() -> None:
    text = (
        "Harbours Committee House of Commons, Committee Office, London SW1A 0AA Tel 020 7219 "
        "5769\n\nRt Hon. Cerys Hale MP Secretary of State for Harbours By Email\n\n"
        "19 April 2021 Dear Cerys,\n\nThe Harbours Committee has decided to hold a short "
        "inquiry into the Kelby ferry.\n\nYours sincerely,\n\nIvo Stanning MP\nChair\n"
    )
    found = extract(text)
    assert (found.sender_org, found.direction) == ("Harbours Committee", "from_mp")


@pytest.mark.parametrize(
    "sentence",
    [
        "We are writing, as Parliamentarians who remain very concerned about the charge,",
        "We write as MPs representing communities affected by the charge,",
        "We, the undersigned Labour MPs, do not agree with the charge, and",
        "Thank you for meeting us and other Kelby MPs on Monday about the charge. We write",
    ],
)
def test_writers_who_say_they_write_as_mps_write_from_mp(sentence: str) -> None:
    text = (
        "July 2021 Dear Prime Minister and Chancellor,\n\n"
        f"{sentence} to ask you to suspend the harbour charge at Kelby.\n"
    )
    assert extract(text).direction == "from_mp"


@pytest.mark.parametrize(
    ("heading", "parties"),
    [
        ("READ IN FULL: Cerys Hale's ferry letter to Ivo Stanning", ("Cerys Hale", "Ivo Stanning")),
        # The parties, then the letter's date after a colon.
        ("Dame Cerys Hale to Ivo Stanning MP: 24 August", ("Cerys Hale", "Ivo Stanning")),
        ("Mr Amble’s Reply", ("Amble", None)),
    ],
)  # fmt: skip
def test_a_web_pages_heading_names_whose_letter_it_is(
    heading: str, parties: tuple[str, str | None]
) -> None:
    text = f"{heading}\n\nThank you for your letter about the Kelby ferry and its timetable.\n"
    found = extract(text)
    assert (found.sender_name, found.recipient_name) == parties


def test_a_letterheads_gov_uk_address_names_the_writers_body() -> None:
    text = (
        "Correspondence & Enquiry Unit\n1 Horse Guards Road\nLondon\nSW1A 2HQ\n"
        "www.gov.uk/hm-treasury\n\n7 December 2020\n\nDear Mr Vance,\n\nThank you for your "
        "letter of 23 September 2020 about the harbour charge.\n"
    )
    assert extract(text).sender_org == "HM Treasury"


def test_a_heading_naming_its_writer_by_a_crown_office_gives_a_role() -> None:
    text = (
        "Letter to the Chairman of the Harbours Sub-committee from Her Majesty's Chief "
        "Inspector of Harbours\n\n6 November 2000\n\nThank you for your letter of 1 November "
        "about the new Director of Pilotage.\n"
    )
    found = extract(text)
    assert (found.sender_role, found.sender_org) == (
        "Her Majesty's Chief Inspector of Harbours",
        None,
    )


def test_a_signed_role_and_an_unknown_body_after_a_comma_are_told_apart() -> None:
    text = (
        "Dear Minister,\n\nWe urge you to keep the Kelby line open for passengers.\n\n"
        "Yours sincerely\nJo Amble, Chief Executive, Kelby Rail Users Association\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role, found.sender_org) == (
        "Jo Amble",
        "Chief Executive",
        "Kelby Rail Users Association",
    )


def test_a_constituency_run_into_the_next_letterhead_item_is_cut_there() -> None:
    text = (
        "Jo Amble MP T +44 (0) 20 7215 5000 Member of Parliament for Kelby Marsh E "
        "jo.amble@parliament.uk\n\nDear Minister,\n\nThe pylons would cross Kelby Marsh.\n\n"
        "Yours sincerely,\n\nJo Amble MP\n"
    )
    found = extract(text)
    assert "Kelby Marsh E" not in found.places
    assert found.area == "Kelby Marsh"


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("I write to offer the Harbour Authority's response to the Harbours Committee report "
         "on pilotage.", "to_mp"),
        ("We will keep the Committee updated on our progress.", "to_mp"),
        # The Lords' committees are chaired by peers.
        ("I look forward to appearing before the House of Lords Harbours Committee.", "other"),
    ],
)  # fmt: skip
def test_a_body_greeting_a_committees_chair_by_name_writes_to_an_mp(
    sentence: str, direction: str
) -> None:
    text = (
        f"Dear Bernard,\n\n{sentence} The Authority thanks you for your work.\n\n"
        "Yours ever,\n\nCerys Hale\nChair, Kelby Harbour Authority\n"
    )
    assert extract(text).direction == direction


def test_a_writer_who_says_i_am_the_chief_executive_of_a_body_writes_for_it() -> None:
    text = (
        "Letter from Bryn Ashgrove to Mr. Ivo Stanning, dated 3 March 1998:\n\n"
        "I have been asked to reply, since I am the Chief Executive of the Kelby Harbour "
        "Research Agency (KHRA), to your question about the trials.\n"
    )
    assert extract(text).sender_org == "Kelby Harbour Research Agency"


@pytest.mark.parametrize(
    ("writer", "sender"),
    [
        ("Mr Ivo Stanning of Amble Marsh LLP", ("Ivo Stanning", None, "Amble Marsh LLP")),
        ("Mr Ivo Stanning, Chief Executive of the Kelby Rowing Association",
         ("Ivo Stanning", "Chief Executive", "Kelby Rowing Association")),
        # A committee stays in the role: it says whose chair.
        ("Cerys Hale MP, Chair of the Harbours Committee",
         ("Cerys Hale", "Chair of the Harbours Committee", "Harbours Committee")),
    ],
)  # fmt: skip
def test_a_headings_writer_and_the_body_they_are_of(
    writer: str, sender: tuple[str, str | None, str]
) -> None:
    text = (
        f"Reply to the Chairman of the Committee from {writer}\n\n"
        "Thank you for your letter of 3 May about the inquiry.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role, found.sender_org) == sender


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Here is Prime Minister Cerys Hale's letter to Conservative MPs in full:",
         ("Cerys Hale", "Prime Minister", None, "to_mp")),
        ("In full: Cerys Hale's ferry letter to Ivo Stanning",
         ("Cerys Hale", None, "Ivo Stanning", None)),
        ("NEWS FROM KELBY: Jo Amble, Shadow Harbours Secretary and Bryn Ashgrove, Shadow Roads "
         "Secretary, have today written to the Prime Minister to raise questions about the ferry.",
         ("Jo Amble", "Shadow Harbours Secretary", None, "from_mp")),
        ("Jo Amble writes to Ivo Stanning on the ferry timetable",
         ("Jo Amble", None, "Ivo Stanning", None)),
        # A headline's capitals: "Writes".
        ("Jo Amble MP Writes to CEO of Kelby Water",
         ("Jo Amble", "MP", None, "from_mp")),
        ("The Mayor of Kelby, Jo Amble, has written an open letter to the Harbours Secretary "
         "over the ferry.",
         ("Jo Amble", "Mayor of Kelby", None, None)),
        # Two writers, the second set off by ", and" in lower case; the addressee's office in
        # lower case, the lead going on with what they express.
        ("The chair of Kelby Councils, Cllr Jo Amble, and mayor of Kelby, Ivo Stanning, have "
         "written to the prime minister expressing their surprise at the ferry's closure.",
         ("Jo Amble", "chair", None, None)),
    ],
)  # fmt: skip
def test_a_news_pages_lead_names_the_letters_parties(
    lead: str, expected: tuple[str, str | None, str | None, str | None]
) -> None:
    text = f"{lead}\n\nDear colleague,\n\nThe ferry to Kelby will run again from May.\n"
    found = extract(text)
    name, role, recipient, direction = expected
    assert (found.sender_name, found.sender_role) == (name, role)
    if recipient is not None:
        assert found.recipient_name == recipient
    if direction is not None:
        assert found.direction == direction


def test_a_signatures_role_is_the_writers_over_a_header_role_without_a_name() -> None:
    # Two ministers addressed, the first one's name lost from the copy: the role left in
    # the header is theirs, and the chair who signs writes as an MP.
    text = (
        "Rt Hon MP Secretary of State for Harbours\n\n"
        "Rt Hon Ivo Stanning MP\nSecretary of State for Roads By email\n\n"
        "5th February 2021\n\nDear Cerys and Ivo,\n\n"
        "The Harbours Committee took evidence from your junior ministers yesterday, and asks "
        "that you both appear before it.\n\n"
        "Jo Amble MP Chair, Harbours Committee\n"
    )
    found = extract(text)
    assert found.sender_name == "Jo Amble"
    assert found.direction == "from_mp"


def test_a_news_lead_wrapped_at_the_pages_width_names_the_parties() -> None:
    text = (
        "NEWS FROM MINISTER REGARDING KELBY STATION\n"
        "Jo Amble, Minister at the Department of Harbours, has written to\n"
        "Ivo Stanning concerning upgrades of Kelby railway station. Ivo had\n"
        "expressed his concern to the minister.\n"
        "Thank you for your letter of 13 November about the station at Kelby.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.recipient_name) == ("Jo Amble", "Ivo Stanning")
    assert found.sender_role == "Minister at the Department of Harbours"


def test_a_long_bodys_heading_broken_over_three_lines_names_it() -> None:
    text = (
        "Correspondence submitted by the Association\n"
        "of Chief Police Officers of Kelby, Marlbeck and Fenholme\n"
        "(ACPK) to the Chairman of the Sub-committee, 16 January 2009\n"
        "I write to advise you of our plans for written material on behalf of the\n"
        "Association, in particular its Dredging Business Area, for the Sub-committee.\n"
    )
    found = extract(text)
    assert found.sender_org is not None
    assert found.sender_org.startswith("Association of Chief Police Officers of Kelby")
    assert found.direction == "to_mp"
    assert "Business" not in found.places


def test_an_open_letter_sent_to_the_prime_minister_names_its_addressee() -> None:
    text = (
        "Open letter sent to Prime Minister\n\n‘We are writing to follow up the discussion at "
        "the Harbours Committee on 20 December about the Kelby ferry.\n"
    )
    found = extract(text)
    assert found.sender_role is None
    assert found.spans.get("recipient_role") is not None


def test_an_office_standing_as_the_greeting_is_the_addressee() -> None:
    # No "Dear": the office on its own line, ending with a comma, is whom the MP writes to.
    text = (
        "Jo slams the ferry decision\n\nThe Secretary of State for Harbours,\n\n"
        "I am writing about the shocking decision to halt the Kelby ferry. Of particular "
        "concern to me and my constituents is the loss of the morning sailing.\n"
    )
    found = extract(text)
    assert found.sender_role is None
    assert found.direction == "from_mp"


@pytest.mark.parametrize(
    ("greeting", "recipient"),
    [
        ("Governor", None),
        ("Editor", None),
        ("Occupier", None),
        ("Councillor Amble", "Amble"),
        ("Sir Ivo", "Ivo"),
    ],
)
def test_a_greeting_by_office_alone_names_no_one(greeting: str, recipient: str | None) -> None:
    text = f"Dear {greeting},\n\nThe ferry is late again and I ask you to act.\n\nJo Doe\n"
    assert extract(text).recipient_name == recipient


def test_a_greeting_by_another_name_is_not_the_headings_person() -> None:
    # The page's heading names the MP who writes; the greeting names the constituent.
    text = (
        "Ivo Stanning MP asks the P.M. about St. Kelby Hospital's Future\n\n"
        "Dear Hamish Tressel\n\nI am writing to you as you have asked about the future of "
        "St. Kelby Hospital. I challenged the Chancellor on St Kelby Hospital last week.\n"
    )
    found = extract(text)
    assert found.recipient_name == "Hamish Tressel"
    assert found.sender_name == "Ivo Stanning"
    assert "Kelby" not in found.places


def test_a_letters_opening_paragraph_is_not_a_news_lead_naming_its_parties() -> None:
    # "... an apology. When my Deputy wrote to Jo Doe" is two sentences of the letter, not
    # a page's lead "X wrote to Y": its earlier letter's addressee and the date answered are
    # not the letter's own.
    text = (
        "Further written evidence from the Kelby Harbour Authority (KH 12)\n\n\n"
        "I refer to your letter of 27 July 2009 and must start by offering you an apology. "
        "When my deputy wrote to Ivo Stanning on 17 July 2009 he said that no papers had been "
        "given to the press. It seems likely that they are the papers given to your "
        "Committee by a witness.\n"
    )
    found = extract(text)
    assert found.recipient_name is None
    assert found.date is None
    assert found.in_reply_to_date == dt.date(2009, 7, 27)


def test_an_office_in_brackets_after_a_greetings_name_is_not_part_of_it() -> None:
    text = (
        "Dear Ann (Parish Clerk)\nI fear the letter you have is now out of date: the Kelby "
        "post office will close for a time.\nWith best wishes\nJo Amble\n"
    )
    assert extract(text).recipient_name == "Ann"


def test_a_statement_heading_names_its_writer() -> None:
    text = (
        "Statement from Sir Ivo on the Kelby ferry\n\nDear Constituent,\n\nI know how many of "
        "you rely on the ferry, and I have pressed the operator to restore it.\n"
    )
    assert extract(text).sender_name == "Ivo"


@pytest.mark.parametrize(
    ("sentence", "org"),
    [
        # Someone else's new office is not the writer's.
        ("I have appointed Ann Other as the Director of Early Years at the Kelby Inspectorate.",
         None),
        ("As Chief Executive of the Kelby Inspectorate, I have appointed a new director.",
         "Kelby Inspectorate"),
    ],
)  # fmt: skip
def test_an_office_described_in_the_letter_is_the_writers_only_if_it_is_theirs(
    sentence: str, org: str | None
) -> None:
    text = f"Dear Mr Vance,\n\n{sentence} She joins us in March.\n\nYours sincerely,\n\nJo Amble\n"
    assert extract(text).sender_org == org
