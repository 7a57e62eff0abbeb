"""Text for a terminal's standard output (the CLI): what a terminal would obey, written out.

Kept apart from ``tui.text`` (drawing text on the app's screen, with Rich) so that every
command line that prints pays for neither Rich nor Textual.
"""

from __future__ import annotations

#: Characters a terminal would obey rather than show: C0 controls (newline and tab apart),
#: DEL, C1 controls (U+009B starts an escape sequence on many terminals, as ESC [ does) and
#: the bidirectional controls that make text read in another order than it is stored.
_TERMINAL_UNSAFE = [
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_TERMINAL = {code: f"\\u{code:04x}" for code in _TERMINAL_UNSAFE}
_TERMINAL_LINE = {**_TERMINAL, 0x09: "\\u0009", 0x0A: "\\u000a"}


def terminal_safe(text: str, *, single_line: bool = False) -> str:
    """Text for a terminal: every character it would obey written out as ``\\uXXXX``.

    The escapes are JSON's, so a JSON line passed through here is still the same JSON.
    ``single_line`` (file names, one-line fields) writes out newlines and tabs too.
    """
    if single_line:
        return text.translate(_TERMINAL_LINE)
    return text.replace("\r\n", "\n").translate(_TERMINAL)
