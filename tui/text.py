"""Letter text for the screen: shown literally, control characters made visible.

A letter is evidence and data, never markup: it is drawn with ``rich.text.Text`` (which
does not parse markup), and control characters, which a terminal would obey, are replaced
one for one by their visible symbols, so offsets into the text stay valid.
"""

from __future__ import annotations

# C0 controls -> U+2400.. "control pictures"; DEL -> U+2421; C1 controls -> U+FFFD-like mark.
_VISIBLE = {code: chr(0x2400 + code) for code in range(32)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: "\u00bf" for code in range(0x80, 0xA0)})
_VISIBLE[0x09] = " "  # a tab: one space keeps the offsets (and the columns tidy)
_VISIBLE[0x0A] = "\u2424"  # only where a single line is drawn (see display_line)


def display_text(text: str) -> str:
    """``text`` with every control character (newlines included) replaced one for one."""
    return text.translate(_VISIBLE)


_LINE = dict(_VISIBLE)
del _LINE[0x0A]


def display_line(text: str) -> str:
    """Like ``display_text``, for text already split into lines (keeps no newline)."""
    return text.translate(_LINE)


def strip_controls(text: str) -> str:
    """A short field value (a name, a reference) without control characters at all."""
    return "".join(ch for ch in text if ch.isprintable())


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
