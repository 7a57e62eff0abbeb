"""Two letters made from one template (a campaign letter, a stock reply), word by word.

``word_diff`` gives the changes as spans of both texts as given, ``similarity`` how
much of the wording they share. Words are compared case-folded without their punctuation,
so re-wrapped lines and changed spacing are not changes.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from archive.words import Word, words_of

__all__ = ["Change", "similarity", "word_diff"]

_SWAPPED_KIND: dict[str, Literal["equal", "insert", "delete", "replace"]] = {
    "equal": "equal",
    "insert": "delete",
    "delete": "insert",
    "replace": "replace",
}


@dataclass(frozen=True, slots=True)
class Change:
    kind: Literal["equal", "insert", "delete", "replace"]
    left: tuple[int, int]  # span in the left text; (p, p) for an insert: where it would go
    right: tuple[int, int]  # span in the right text; (p, p) for a delete

    def swapped(self) -> Change:
        """The same change seen from the other side (an insert becomes a delete)."""
        return Change(_SWAPPED_KIND[self.kind], self.right, self.left)


def word_diff(left_text: str, right_text: str) -> tuple[Change, ...]:
    """Word-level changes between two letters from one template, as spans of both texts.

    Words are compared case-folded without their punctuation, so re-wrapped lines and
    changed spacing are not changes. A change's span runs over whole words and the
    punctuation inside and around them.
    """
    left_words = words_of(left_text)
    right_words = words_of(right_text)
    matcher = difflib.SequenceMatcher(
        None, [w.norm for w in left_words], [w.norm for w in right_words], autojunk=False
    )
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind: Literal["equal", "insert", "delete", "replace"] = tag
        left_span = _span(left_text, left_words, i1, i2)
        right_span = _span(right_text, right_words, j1, j2)
        if changes and kind != "equal" and changes[-1].kind != "equal":
            previous = changes.pop()
            left_span = _join(previous.left, left_span)
            right_span = _join(previous.right, right_span)
            kind = _change_kind(left_span, right_span)
        changes.append(Change(kind, left_span, right_span))
    return tuple(changes)


def _span(text: str, words: Sequence[Word], first: int, last: int) -> tuple[int, int]:
    """Words ``first`` to ``last - 1`` with their loose punctuation; empty: where they'd go."""
    if first < last:
        return _open(text, words[first].start), _close(text, words[last - 1].end)
    if first < len(words):
        point = _open(text, words[first].start)
    elif words:
        point = _close(text, words[-1].end)
    else:
        point = 0
    return point, point


def _open(text: str, position: int) -> int:
    """Take in punctuation before a word ("(", a quote) if whitespace or the text precedes it."""
    start = position
    while start > 0 and not text[start - 1].isspace() and not _is_word_char(text[start - 1]):
        start -= 1
    return start if start == 0 or text[start - 1].isspace() else position


def _close(text: str, position: int) -> int:
    """Take in punctuation after a word (".", ",", ")") if whitespace or the end follows it."""
    end = position
    while end < len(text) and not text[end].isspace() and not _is_word_char(text[end]):
        end += 1
    return end if end == len(text) or text[end].isspace() else position


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def _join(first: tuple[int, int], second: tuple[int, int]) -> tuple[int, int]:
    if first[0] == first[1]:
        return (min(first[0], second[0]), second[1]) if second[0] != second[1] else first
    if second[0] == second[1]:
        return first
    return first[0], second[1]


def _change_kind(
    left: tuple[int, int], right: tuple[int, int]
) -> Literal["insert", "delete", "replace"]:
    if left[0] == left[1]:
        return "insert"
    if right[0] == right[1]:
        return "delete"
    return "replace"


def similarity(left_text: str, right_text: str) -> float:
    """Share of words in common, in order (0..1); above about 0.6, one template."""
    matcher = difflib.SequenceMatcher(
        None,
        [w.norm for w in words_of(left_text)],
        [w.norm for w in words_of(right_text)],
        autojunk=False,
    )
    return matcher.ratio()
