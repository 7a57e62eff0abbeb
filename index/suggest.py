"""Did-you-mean: the archive's closest real word to a misspelt query word."""

from __future__ import annotations

import bisect
from typing import Any


def spelling(words: list[str], reader: Any, typed: str) -> str | None:
    """The archive's closest real word to a misspelt one (two edits at most), by use."""
    from index.compile import _tokens
    from index.snippets import _near

    stems = _tokens("body", typed)
    if not words or not stems or reader.doc_frequency("body", stems[0]) > 0:
        return None
    low = bisect.bisect_left(words, typed[:1])
    high = bisect.bisect_left(words, typed[:1] + "\U0010ffff")
    best: tuple[int, int, str] | None = None
    for word in words[low:high]:
        if abs(len(word) - len(typed)) > 2 or not _near(word, typed, 2):
            continue
        word_stems = _tokens("body", word)
        frequency = reader.doc_frequency("body", word_stems[0]) if word_stems else 0
        distance = 1 if _near(word, typed, 1) else 2
        if frequency and (best is None or (distance, -frequency) < (best[0], best[1])):
            best = (distance, -frequency, word)
    return best[2] if best else None


def correction(reader: Any, word: str) -> str | None:
    from index.compile import _tokens

    stems = _tokens("body", word)
    if not stems or reader.doc_frequency("body", stems[0]) > 0:
        return None
    stem = stems[0]
    for candidate, distance in ((stem, 1), (stem, 2)) + tuple(
        (s, 1)
        for cut in (2, 3, 4)
        if len(word) - cut >= 4
        for s in _tokens("body", word[:-cut])[:1]
    ):
        options = [
            t.decode() if isinstance(t, bytes) else t
            for t in reader.terms_within("body", candidate, distance, prefix=1)
        ]
        options = [o for o in options if o != stem]
        if options:
            return max(options, key=lambda o: reader.doc_frequency("body", o))
    return None
