"""The archive's errors: each message says what is wrong and what to do."""

from __future__ import annotations


class ArchiveError(Exception):
    """A problem with the archive as a whole; the message says what and what to do."""


class ArchiveMissing(ArchiveError):
    """There is no archive at the given folder."""


class LetterNotFound(ArchiveError):
    """No letter has this id or reference."""


class AmbiguousLetter(ArchiveError):
    """Several letters answer to this name; the message lists them."""


class TextMissing(ArchiveError):
    """A letter's stored text is missing or damaged."""


class TextDamaged(TextMissing):
    """A letter's stored text no longer matches its content hash (or cannot be read)."""

    def __init__(self, letter_id: str, path: str, detail: str = "") -> None:
        self.letter_id = letter_id
        self.path = path
        super().__init__(
            f"the stored text of {path} (letter {letter_id}) is damaged"
            + (f" ({detail})" if detail else "")
            + ": run `dispatchbox doctor --repair`"
        )
