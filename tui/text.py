"""Letter text for the screen: shown literally, control characters made visible.

A letter is evidence and data, never markup: it is drawn with ``rich.text.Text`` (which
does not parse markup), and control characters, which a terminal would obey, are replaced
one for one by their visible symbols, so offsets into the text stay valid.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.highlighter import Highlighter
from rich.text import Text

# C0 controls -> U+2400.. "control pictures"; DEL -> U+2421; C1 controls -> U+FFFD-like mark.
_VISIBLE = {code: chr(0x2400 + code) for code in range(32)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: "\u00bf" for code in range(0x80, 0xA0)})
_VISIBLE[0x09] = " "  # a tab: one space keeps the offsets (and the columns tidy)
_VISIBLE[0x0A] = "\u2424"  # only where a single line is drawn (see display_line)
# Invisible format characters (bidi overrides and isolates, zero-width characters, line and
# paragraph separators) would hide or reorder text on screen: one visible mark each.
_FORMAT = [0x00AD, 0x061C, 0x180E, 0x2028, 0x2029, 0xFEFF]
_FORMAT += [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070)]
_VISIBLE.update({code: "\u2e2e" for code in _FORMAT})


def display_text(text: str) -> str:
    """``text`` with every control character (newlines included) replaced one for one."""
    return text.translate(_VISIBLE)


_LINE = dict(_VISIBLE)
del _LINE[0x0A]


def display_line(text: str) -> str:
    """Like ``display_text``, for text already split into lines (keeps no newline)."""
    return text.translate(_LINE)


_EDITED = dict(_LINE)
del _EDITED[0x09]


def display_edited_line(text: str) -> str:
    """Like ``display_line``, keeping tabs, for an editor that lays tabs out itself."""
    return text.translate(_EDITED)


def strip_controls(text: str) -> str:
    """A short field value (a name, a reference) without control characters at all."""
    return "".join(ch for ch in text if ch.isprintable())


class VisibleControls(Highlighter):
    """For an ``Input`` holding a stored value: its control characters drawn as symbols.

    Only the drawing changes (one for one, so the cursor stays on its character); the
    value the input holds, and saves, is untouched.
    """

    def __call__(self, text: str | Text) -> Text:
        if isinstance(text, str):
            return Text(display_edited_line(text), end="")
        shown = text.copy()
        shown.plain = display_edited_line(text.plain)
        return shown

    def highlight(self, text: Text) -> None:
        pass


# Markdown emphasis in a transcription (.md): ``**bold**``, ``__bold__``, ``*italic*`` and
# ``_italic_``, each opened and closed on one line, the opener before a non-space and the
# closer after one; an underscore within a word (snake_case, a file name) is not emphasis.
_STRONG = re.compile(
    r"(?<![*\w])\*\*(?=[^\s*])([^\n]+?)(?<=[^\s*])\*\*(?![*\w])|"
    r"(?<![_\w])__(?=[^\s_])([^\n]+?)(?<=[^\s_])__(?![_\w])"
)
_EMPHASIS = re.compile(
    r"(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])|"
    r"(?<![_\w])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![_\w])"
)


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Where a Markdown text's emphasis is: the marker characters the screen leaves out and
    the spans it draws bold or italic, all as offsets into the text (which never changes)."""

    hidden: frozenset[int] = frozenset()
    bold: tuple[tuple[int, int], ...] = ()
    italic: tuple[tuple[int, int], ...] = ()


NO_EMPHASIS = Emphasis()


def markdown_emphasis(text: str) -> Emphasis:
    """The emphasis in ``text`` (see ``Emphasis``); a marker with no partner on its line is
    text like any other and stays in sight."""
    hidden: set[int] = set()
    bold: list[tuple[int, int]] = []
    italic: list[tuple[int, int]] = []
    for pattern, size, spans in ((_STRONG, 2, bold), (_EMPHASIS, 1, italic)):
        for found in pattern.finditer(text):
            start, end = found.span()
            markers = {*range(start, start + size), *range(end - size, end)}
            if markers & hidden:
                continue  # a star of a **pair** already taken
            hidden |= markers
            spans.append((start + size, end - size))
    if not hidden:
        return NO_EMPHASIS
    return Emphasis(frozenset(hidden), tuple(bold), tuple(italic))


def without_markers(text: str, hidden: frozenset[int]) -> tuple[str, list[int]]:
    """``text`` less the characters at ``hidden``, and for each character left its offset
    in ``text`` (to map a hit's span onto what is drawn)."""
    kept = [i for i in range(len(text)) if i not in hidden]
    return "".join(text[i] for i in kept), kept


def span_on(offsets: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The span ``start``-``end`` of a text as columns of what is drawn from it, given each
    drawn character's offset in the text (sorted)."""
    return bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
