"""Extraction rules found on real letters published as web pages and memos (a page's lead
above "To:" / "From:" lines, devolved ministers who name their government only in the
text), each shown on a fictional letter."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.extract import extract

_MEMO = (
    "Ferry services: letter to the UK Government\n\n"
    "The Islands Secretary calls for action on ferry fares ahead of the spring statement.\n\n"
    "To: Rt Hon Alan Brightwater MP, Secretary of State for Transport\n\n"
    "From: Morag Kinnear, Cabinet Secretary for Islands and Transport\n\n"
    "Ferry fares\n\n"
    "The fares on the routes to the islands have risen by a third since 2022, and the "
    "Scottish Government is doing what it can within its powers.\n\n"
    "I look forward to your reply.\n"
)


def test_a_pages_lead_above_a_memos_to_and_from_lines_leaves_them_readable() -> None:
    """The lead ("The Islands Secretary calls for ...") is the page's sentence, not the
    letter's first: the "To:" and "From:" below it still name the parties."""
    found = extract(_MEMO)
    assert (found.sender_name, found.sender_role) == (
        "Morag Kinnear",
        "Cabinet Secretary for Islands and Transport",
    )
    assert (found.recipient_name, found.recipient_role) == (
        "Alan Brightwater",
        "Secretary of State for Transport",
    )


def test_a_letter_whose_first_lines_are_prose_keeps_them_as_its_own() -> None:
    """Guard: with no "To:" / "From:" below, a heading's next sentence is the letter's."""
    text = (
        "Ferry services\n\nI am writing about the fares on the routes to the islands, which "
        "have risen by a third.\n\nYours sincerely,\n\nMorag Kinnear\n"
    )
    assert extract(text).sender_name == "Morag Kinnear"


@pytest.mark.parametrize(
    ("named", "org"),
    [
        ("the Scottish Government is doing what it can", "Scottish Government"),
        ("the Welsh Government is doing what it can", "Welsh Government"),
        ("the Welsh Government and the Scottish Government are doing what they can", None),
        ("we are doing what we can", None),
    ],
)
def test_a_devolved_office_is_held_in_the_government_the_letter_names(
    named: str, org: str | None
) -> None:
    """ "Cabinet Secretary for ..." and "First Minister" are offices of a devolved
    government: the one the letter names, if it names only one."""
    text = (
        "3 March 2024\n\nDear Alan,\n\nThe fares on the routes to the islands have risen by a "
        f"third since 2022, and {named}.\n\nYours sincerely,\n\nMorag Kinnear\n"
        "Cabinet Secretary for Islands and Transport\n"
    )
    assert extract(text).sender_org == org


@pytest.mark.parametrize(
    ("greeting", "direction"),
    [("Dear Colleague", "to_mp"), ("Dear colleagues", "to_mp"), ("Dear Ms Quill", "other")],
)
def test_a_ministers_dear_colleague_letter_is_to_members(greeting: str, direction: str) -> None:
    """A minister writing "Dear Colleague" writes to Members; the last case is a guard."""
    text = (
        "Letter from the Secretary of State for Transport on rural bus fares\n\n"
        f"{greeting}\n\nI have today set out the Government's plans for rural bus fares, which "
        "will cap a single journey at two pounds.\n\nI hope this is helpful.\n"
    )
    assert extract(text).direction == direction


def test_a_letter_to_the_chair_under_a_page_title_naming_the_committee() -> None:
    """ "Letter to the Chair from the Minister ..." below "... - Kelby Affairs Committee":
    the committee's chair, an MP."""
    text = (
        "Ferry Services: Government Response to the Committee's Third Report - Kelby Affairs "
        "Committee Contents\n\n\n"
        "Letter to the Chair from the Minister of State for Transport, Rt Hon Jo Amble MP\n\n"
        "I attach the Government's response to the recommendations on ferry services. I look "
        "forward to discussing it with Members.\n\n22 October 2010\n"
    )
    assert extract(text).direction == "to_mp"


def test_a_heading_wrapped_before_committee_names_the_whole_committee() -> None:
    """ "... to the Chairman of the Kelby Roads and Rivers" / "Committee, 2 March 2009"."""
    text = (
        "Letter from the Chairman of the Kelby Water\nBoard to the Chairman of the Kelby Roads "
        "and Rivers\nCommittee, 2 March 2009\nYou asked for the views of the Board on the "
        "flood plan.\nWe welcome the plan and have begun the work it asks of us.\n"
    )
    found = extract(text)
    assert found.recipient_role == "Chairman of the Kelby Roads and Rivers Committee"
    assert (found.date, found.direction) == (dt.date(2009, 3, 2), "to_mp")
