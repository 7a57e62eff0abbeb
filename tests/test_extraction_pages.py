"""Extraction rules found on real letters published as web pages and memos (a page's lead
above "To:" / "From:" lines, devolved ministers who name their government only in the
text), each shown on a fictional letter."""

from __future__ import annotations

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
