"""What a copy ("cc") line is: the one rule the layout, the parties and the mentions read.

A copy line opens with its label ("cc", "c.c.", "bcc", "copy to", "copies", "distribution",
or a bare "c" before a name) and may name the first person copied on the same line.
"""

from __future__ import annotations

import re

__all__ = ["COPY_LINE", "COPY_RUN_IN", "is_copy_line"]

#: A copy line; ``first`` is what follows its label on the line (the first name, or "").
#: The longer labels come first, so "Copy to: Jo Doe" leaves "Jo Doe", not "to: Jo Doe"; a
#: label is a whole word ("CCTV" and "Copyright" open no copy line); a bare "c" counts only
#: before a title or a name of two words, capitalised as written.
COPY_LINE = re.compile(
    r"^(?:copy\s+to|copies\s+to|copied\s+to|cc|c\.c\.|bcc|copy|copies|distribution|"
    r"c(?=\s+(?-i:Mr|Mrs|Ms|Dr|Sir|Dame|Rt|The|[A-Z][a-z]+\s+[A-Z])))(?![a-z])"
    r"\s*[:.\-–—]?\s*(?P<first>.*)$",
    re.IGNORECASE,
)

#: A copy line's opening run into the line above it in flattened text ("... SW1P 4DF c David
#: Morris MP"). Stricter than ``COPY_LINE``: the break is a guess, so only the short labels,
#: and only before a capital.
COPY_RUN_IN = r"(?:c|cc|c\.c\.|copy)[ \t:.]+[A-Z]"


def is_copy_line(text: str) -> bool:
    """Whether a line (stripped) is a copy line."""
    return COPY_LINE.match(text) is not None
