"""What a copy ("cc") line is: one rule, read by the layout's labels and the ``cc`` field."""

from __future__ import annotations

import pytest

from archive.extract import extract
from archive.extract.copies import COPY_LINE, is_copy_line
from archive.extract.layout import BlockKind, analyse


@pytest.mark.parametrize(
    ("line", "first"),
    [
        ("cc: Ann Other", "Ann Other"),
        ("CC Ann Other MP", "Ann Other MP"),
        ("c.c. Ann Other", "Ann Other"),
        ("bcc: Ann Other", "Ann Other"),
        ("Copy to: Mr Alan Example", "Mr Alan Example"),
        ("Copies to: Ann Other", "Ann Other"),
        ("Copied to Ann Other", "Ann Other"),
        ("Copy: Ann Other MP", "Ann Other MP"),
        ("Cc – Ann Other MP", "Ann Other MP"),  # a dash as the label's mark
        ("cc—Ann Other", "Ann Other"),
        ("Distribution: Ann Other", "Ann Other"),
        ("c Mr Alan Example", "Mr Alan Example"),
        ("c David Example Esq MP", "David Example Esq MP"),
        ("cc:", ""),
        ("Copy to:", ""),
        # Words that merely start with a label open no copy line.
        ("CCRC reference: 01447/2022", None),
        ("CCTV cameras were installed last year", None),
        ("Copyright reserved", None),
        ("Distributions are made each quarter", None),
        ("c is for copy", None),
    ],
)
def test_a_copy_line_and_the_first_name_on_it(line: str, first: str | None) -> None:
    match = COPY_LINE.match(line)
    assert (match.group("first") if match else None) == first
    assert is_copy_line(line) is (first is not None)


@pytest.mark.parametrize("copy_line", ["cc: Ann Other MP", "Copy: Ann Other MP", "c.c. Ann Other"])
def test_the_layout_labels_every_kind_of_copy_line_after_the_signature(copy_line: str) -> None:
    text = (
        "Jobcentre Plus\nExample House\nLondon SW1P 4DR\n\n3 March 2020\n\nDear Mr Sample,\n\n"
        "Thank you for your letter of 2 February about your claim. I am pleased to say that "
        "it has now been settled in full.\n\nYours sincerely,\n\nSam Example\nManager\n\n"
        f"{copy_line}\n"
    )
    blocks = analyse(text).blocks
    assert [block.kind for block in blocks][-2:] == [BlockKind.SIGNATURE, BlockKind.COPIES]
    assert text[blocks[-1].start : blocks[-1].end] == copy_line


@pytest.mark.parametrize(
    "copy_line", ["cc: Ann Other MP", "Copy to: Ann Other MP", "Distribution: Ann Other MP"]
)
def test_the_people_copied_are_read_from_the_same_lines(copy_line: str) -> None:
    text = (
        "Department for Transport\nGreat Minster House\nLondon SW1P 4DR\n\n3 March 2020\n\n"
        "Dear Jo,\n\nThank you for your letter of 2 February about the bypass. I am pleased to "
        "say that the scheme is going ahead as planned this year.\n\nYours sincerely,\n\n"
        f"Sam Example MP\nMinister of State for Transport\n\n{copy_line}\n"
    )
    assert extract(text).cc == ("Ann Other",)


@pytest.mark.parametrize(
    "sentence",
    [
        "I am, as a matter of courtesy, sending a copy of this letter to Ann Other.",
        "I am copying this letter, for information, to Ann Other.",
        "We have, at her request, forwarded this letter to Ann Other.",
    ],
)
def test_a_copy_sentence_with_an_aside_names_who_is_copied(sentence: str) -> None:
    text = (
        "Department for Transport\nGreat Minster House\nLondon SW1P 4DR\n\n3 March 2020\n\n"
        "Dear Jo,\n\nThank you for your letter of 2 February about the bypass. The scheme is "
        f"going ahead as planned this year.\n\n{sentence}\n\nYours sincerely,\n\n"
        "Sam Example MP\nMinister of State for Transport\n"
    )
    assert extract(text).cc == ("Ann Other",)


def test_the_pages_footer_address_under_a_copy_line_copies_no_one() -> None:
    text = (
        "Dear Minister,\n\nI would be grateful if you would keep the Kelby library open.\n\n"
        "Yours sincerely\n\nJo Amble MP\n\ncc Ann Other (Save Kelby Library)\n"
        "7 Little Marsh Court,\nAlbert Street, Kelby, KB1 3HY\nTel: 01793 615444\n"
    )
    assert extract(text).cc == ("Ann Other",)
