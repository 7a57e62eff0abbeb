"""Where a reply printed above the messages it quotes stops being the letter.

An e-mail chain printed as text (an inquiry's exhibit, a reply with its history under it)
is the reply on top; an earlier message starts at a "From:" header line with its "Sent:",
"Date:" or "To:" just below. A forwarded message is the other way round: its marker says
the letter is the one forwarded, so it is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.extract.layout import Line

#: An e-mail header line with its value: "From: Jo Doe", "Sent: 7 January 2015".
INLINE_HEADER = re.compile(r"^(?:from|to|cc|date|sent|subject)\s*:\s*\S", re.IGNORECASE)
_REPLY_HEADER = re.compile(r"^(?:sent|date|to)\s*:\s*\S", re.IGNORECASE)
_FROM_LINE = re.compile(r"(?im)^[ \t]*from[ \t]*:")
_FORWARDED = re.compile(r"(?i)^\W*(?:begin\s+)?forwarded\s+message|^-{2,}\s*forwarded")


def quoted_message_at(
    view: str, content: Sequence[Line], prose: Callable[[Line], bool]
) -> int | None:
    """The index in ``content`` where a quoted earlier message starts, after the reply's own
    text (a line ``prose`` says is running text), or None."""
    head = view[:20_000]
    if ("rom:" not in head and "ROM:" not in head and "rom :" not in head) or (
        _FROM_LINE.search(head) is None
    ):
        return None  # most letters hold no "From:" line: a substring test, no line read
    text_seen = False
    for index, line in enumerate(content):
        if line.start > 20_000:
            break
        if INLINE_HEADER.match(line.text):
            if (
                text_seen
                and line.text[:5].lower() == "from:"
                and not _FORWARDED.match(content[index - 1].text)
                and any(_REPLY_HEADER.match(n.text) for n in content[index + 1 : index + 4])
            ):
                return index
            continue
        if index > 0 and prose(line):
            text_seen = True
    return None
