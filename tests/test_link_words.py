"""A reply that answers several letters: each of its links says which letter it is."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.pairing.model import Link, Pairing
from tui.words import one_of_several, place_of, shown_reasons

D = dt.date
HOW_MANY = "answers three letters"


def reply_to(dates: dict[str, dt.date | None], *letters: str) -> Pairing:
    """A reply ("r", dated 20 June 2023) linked to ``letters``, first to last."""
    links = tuple(
        Link("r", letter, 0.9, (HOW_MANY, f"replies to {letter}"))
        if len(letters) > 1
        # A reply to one letter carries no count.
        else Link("r", letter, 0.9, (f"replies to {letter}",))
        for letter in letters
    )
    return Pairing(links, {}, {"r": D(2023, 6, 20), **dates})


@pytest.mark.parametrize(
    ("dates", "letter", "expected"),
    [
        # In date order, whatever order the pairing linked them in.
        (
            {"a": D(2023, 5, 9), "b": D(2023, 5, 2), "c": D(2023, 6, 3)},
            "b",
            "1 of 3: your letter of 2 May",
        ),
        (
            {"a": D(2023, 5, 9), "b": D(2023, 5, 2), "c": D(2023, 6, 3)},
            "a",
            "2 of 3: your letter of 9 May",
        ),
        (
            {"a": D(2023, 5, 9), "b": D(2023, 5, 2), "c": D(2023, 6, 3)},
            "c",
            "3 of 3: your letter of 3 June",
        ),
        # The year when the reply's is another; an undated letter last.
        (
            {"a": D(2022, 12, 19), "b": None, "c": D(2023, 1, 4)},
            "a",
            "1 of 3: your letter of 19 December 2022",
        ),
        ({"a": D(2022, 12, 19), "b": None, "c": D(2023, 1, 4)}, "b", "3 of 3: an undated letter"),
    ],
)
def test_each_link_of_a_reply_to_several_letters_says_which_it_is(
    dates: dict[str, dt.date | None], letter: str, expected: str
) -> None:
    pairing = reply_to(dates, "a", "b", "c")
    link = next(each for each in pairing.answers_all("r") if each.letter_id == letter)
    assert one_of_several(pairing, link) == expected
    assert place_of(pairing, link) == (int(expected[0]), 3)
    # In the reasons, which letter it is takes the place of how many there are.
    assert shown_reasons(pairing, link) == (expected, f"replies to {letter}")


def test_a_reply_to_one_letter_keeps_its_reasons_as_they_are() -> None:
    pairing = reply_to({"a": D(2023, 5, 9)}, "a")
    (link,) = pairing.answers_all("r")
    assert one_of_several(pairing, link) is None and place_of(pairing, link) is None
    assert shown_reasons(pairing, link) == link.reasons
