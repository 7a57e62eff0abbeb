"""Counts in words, as a person writes them: "1 letter", "2 letters", never "letter(s)"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``counted(1, "letter")`` -> "1 letter"; ``counted(1204, "letter")`` -> "1,204 letters"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


#: A reply's mark (an annotation: see ``Store.mark_reply``) as the app says it.
MARK_WORDS = {"holding": "a holding reply", "full": "the full answer"}
