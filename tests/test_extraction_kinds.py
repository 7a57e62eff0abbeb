"""Extraction rules found on real letters of kinds the other tests do not cover (devolved
governments' bilingual letterheads, inquiry exhibits, news pages describing several MPs),
each shown on a fictional letter."""

from __future__ import annotations

from archive.extract import extract


def test_a_bilingual_letterheads_welsh_lines_name_no_one() -> None:
    text = (
        "Senedd Cymru\nBae Caerdydd, Caerdydd, CF99 1ZZ\nWelsh Parliament\n"
        "Cardiff Bay, Cardiff, CF99 1ZZ\n\n3 March 2024\n\nDear Rhodri,\n\nThe Committee "
        "thanks you for your evidence on the Tregarth crossing.\n\nYours sincerely,\n\n"
        "Eira Pugh MS\nChair\n"
    )
    found = extract(text)
    assert found.recipient_name == "Rhodri"
    assert found.sender_name == "Eira Pugh"


def test_a_news_sentences_description_of_several_mps_is_no_office() -> None:
    text = (
        "Kelby's MPs have demanded answers from Kelby Water over the outage.\n\n"
        "Now three of the town's four MPs have written to Kelby Water chief executive Ann "
        'Roe asking for answers.\n\n"We are grateful to Kelby Water for restoring the '
        'supply to our constituents."\n'
    )
    found = extract(text)
    assert found.sender_role is None
    assert found.direction == "from_mp"


def test_a_devolved_legislature_on_a_letterhead_is_where_its_committee_sits() -> None:
    text = (
        "Rhodri Vaughan MS\nMinister for the Economy\nWelsh Government\n\n"
        "Tregarth Economy Committee\n\nWelsh Parliament\n"
        "Cardiff Bay, Cardiff, CF99 1ZZ\n\n3 March 2024\n\nDear Rhodri,\n\nThe Committee "
        "thanks you for your evidence on the Tregarth crossing.\n\nYours sincerely,\n\n"
        "Eira Pugh MS\nCommittee Chair\n"
    )
    assert extract(text).sender_org == "Tregarth Economy Committee"
