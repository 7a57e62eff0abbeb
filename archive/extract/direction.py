"""A letter's direction (to an MP, from one, or other) from what its parties are.

``sides.read_parties`` works out what each party is; ``read_direction`` applies the
conventions (tests/real/README.md): a minister, official or body writing to an MP is
``to_mp``, an MP writing to one of them ``from_mp``.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.extract.found import Found, Span, first_span
from archive.models import Direction


@dataclass(frozen=True, slots=True)
class Sides:
    """What each party to the letter is: "mp", "minister", "official", "lords", "individual",
    "committee" or "unknown", and how sure."""

    sender: str
    recipient: str
    sender_sure: float
    recipient_sure: float
    #: The text says the writer is a constituent or a candidate ("Letter to our MP").
    individual_cue: bool = False
    #: No name, salutation, address or role says whom the letter is to.
    recipient_unnamed: bool = False
    #: The writer speaks for a body ("your constituent", "my officials", a reference).
    institutional: bool = False
    #: The writer speaks of "my constituents" to someone else (not to them).
    of_my_constituents: bool = False
    #: The writer chairs a Commons committee (and so writes to a witness, a minister, a body).
    chairs_a_committee: bool = False


def read_direction(found: Found, sides: Sides) -> tuple[Direction, str | None, Span | None, float]:
    """Direction by the conventions: an organisation or minister to an MP, an MP to one."""
    sender, recipient = sides.sender, sides.recipient
    sure = min(sides.sender_sure, sides.recipient_sure)
    direction: Direction = "other"
    if sender in ("minister", "official") and recipient == "mp":
        direction = "to_mp"
    elif sender in ("minister", "official") and recipient == "committee":
        # A department's or a body's letter to a Commons committee (its evidence, its answers
        # to what the Committee asked) is to its Members.
        direction, sure = "to_mp", min(sure, 0.6)
    elif sender == "mp" and recipient in ("minister", "official"):
        direction = "from_mp"
    elif sender == "unknown" and recipient == "mp" and not sides.individual_cue:
        direction, sure = "to_mp", 0.6
    elif sender == "lords" and recipient == "mp" and sides.institutional:
        direction, sure = "to_mp", 0.6  # a Lords minister answering an MP's casework
    elif sender == "mp" and recipient == "unknown" and sides.recipient_unnamed:
        if sides.of_my_constituents or sides.chairs_a_committee:
            # Writing of "my constituents" is writing for them, to someone else; a committee's
            # chair writes to its witnesses, ministers and bodies.
            direction, sure = "from_mp", 0.5
        else:
            sure = 0.4  # an MP writing to nobody the text names: constituents, campaigners
    elif sender == "mp" and recipient == "unknown" and not sides.recipient_unnamed:
        direction, sure = "from_mp", 0.6
    elif sender == "unknown" and recipient == "mp":
        sure = 0.5
    if direction == "to_mp":
        name = found.text("recipient_name")
        return direction, name, first_span(found, "recipient_name"), sure
    if direction == "from_mp":
        name = found.text("sender_name")
        return direction, name, first_span(found, "sender_name"), sure
    # In any other letter, the MP party to it as an MP.
    if sender == "mp" and found.text("sender_name"):
        return direction, found.text("sender_name"), first_span(found, "sender_name"), sure
    if recipient == "mp" and found.text("recipient_name"):
        return direction, found.text("recipient_name"), first_span(found, "recipient_name"), sure
    return direction, None, None, sure
