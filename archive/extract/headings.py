"""Which lines may be a heading naming a letter: a cheap screen before the heading patterns.

Most of a letter's first lines name no letter; ``archive.extract.cover``'s patterns are
tried only on lines holding one of a heading's words, or the "A to B - topic" shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from archive.extract.scan import ascii_lower

if TYPE_CHECKING:
    from archive.extract.layout import Line


#: Words one of which every heading that names a letter holds (in lower case): its kind
#: ("letter", "e-mail"), "sent to", "correspondence", a committee's name, "written to".
HEADING_WORDS = (
    "letter",
    "reply",
    "response",
    "memorand",
    "note",
    "mail",
    "update",
    "statement",
    "sent",
    "correspondence",
    "committee",
    "evidence",
    "information",
    # A news page's lead: "X has written to Y", "X writes to Y".
    "written to",
    "writes to",
    "wrote to",
    "responds to",
    "replies to",
    # A greeting-less letter naming its addressees: "We are writing to MPs Jo Doe and ...".
    "writing to mp",
)


def may_hold_a_heading(view: str, lines: Sequence[Line]) -> bool:
    """False when none of ``lines`` can be a heading (``may_name_a_letter``): their words
    are looked for at once, in the view's lower case that the later stages share."""
    lower = ascii_lower(view)
    if lower is None or not lines:
        return any(may_name_a_letter(line.text) for line in lines)
    start, end = lines[0].start, lines[-1].end
    if any(lower.find(word, start, end) != -1 for word in HEADING_WORDS):
        return True
    return any(to_and_dash(line.text) for line in lines)


def to_and_dash(text: str) -> bool:
    """Whether ``text`` may be a page naming a letter by its parties: "A to B - topic",
    "Name, Role to Name, Role", or "A to B: 24 August"."""
    return "to" in text and (
        "-" in text or "–" in text or "—" in text or ", " in text or ": " in text
    )


def may_name_a_letter(text: str) -> bool:
    """False when ``text`` cannot be a heading (``is_heading``, ``HEADING_START``): it holds
    none of their words, and not the "A to B - topic" or "Name, Role to Name, Role" of a
    page naming a letter."""
    lower = text.lower()
    if len(lower) != len(text) or "ſ" in text or "ı" in text:
        return True  # re.IGNORECASE matches these to letters that lower case does not
    if any(word in lower for word in HEADING_WORDS):
        return True
    return to_and_dash(text)
