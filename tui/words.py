"""Counts, marks and links in words, as a person writes them ("2 letters", "1 of 3")."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.pairing.model import Link, Pairing


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``counted(1, "letter")`` -> "1 letter"; ``counted(1204, "letter")`` -> "1,204 letters"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def fit(value: str, width: int) -> str:
    """``value`` padded or cut to exactly ``width`` cells; a cut ends in an ellipsis, so a cut
    reference or name never passes for a whole one ("MC2016/1234" is not "MC2016/12345")."""
    from rich.cells import cell_len  # here: the command line draws few rows, loads it late

    if cell_len(value) <= width:
        return value + " " * (width - cell_len(value))
    cut = value
    while cut and cell_len(cut) > width - 1:
        cut = cut[:-1]
    return cut + "…"


#: A reply's mark (an annotation: see ``Store.mark_reply``) as the app says it.
MARK_WORDS = {"holding": "a holding reply", "full": "the full answer"}

#: How a link that is one of several begins ("1 of 3: ..."): the reader gives it two lines.
ONE_OF_SEVERAL = re.compile(r"\d+ of \d+: ")


def answered_in_order(pairing: Pairing, reply_id: str) -> tuple[Link, ...]:
    """The links of a reply to the letters it answers, the earliest letter first (undated
    ones last), so "1 of 3" is the first letter the MP wrote."""
    dates = pairing.dates
    return tuple(
        sorted(
            pairing.answers_all(reply_id),
            key=lambda each: (dates.get(each.letter_id) or dt.date.max, each.letter_id),
        )
    )


def place_of(pairing: Pairing, link: Link) -> tuple[int, int] | None:
    """(position, count) of this link among the letters its reply answers, in date order;
    None for a reply that answers one letter."""
    order = [each.letter_id for each in answered_in_order(pairing, link.reply_id)]
    if len(order) < 2 or link.letter_id not in order:
        return None
    return 1 + order.index(link.letter_id), len(order)


def one_of_several(pairing: Pairing, link: Link) -> str | None:
    """Which of the letters its reply answers this link is, in date order ("1 of 3: your
    letter of 2 May"; the year only when the reply's is another); None for a reply that
    answers one letter."""
    place = place_of(pairing, link)
    if place is None:
        return None
    position, count = place
    day, replied = pairing.dates.get(link.letter_id), pairing.dates.get(link.reply_id)
    if day is None:
        which = "an undated letter"
    else:
        year = "" if replied is not None and replied.year == day.year else f" {day.year}"
        which = f"your letter of {day.day} {day:%B}{year}"
    return f"{position} of {count}: {which}"


def shown_reasons(pairing: Pairing, link: Link) -> tuple[str, ...]:
    """A link's reasons for a row of its own: for a reply that answers several letters,
    which of them this row is comes first, instead of the pairing's "answers three letters",
    which is the same on every row."""
    from archive.pairing.explain import ANSWERS_SEVERAL

    which = one_of_several(pairing, link)
    if which is None:
        return link.reasons
    return (which, *(reason for reason in link.reasons if not ANSWERS_SEVERAL.fullmatch(reason)))
