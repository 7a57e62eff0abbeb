"""Whether a heading's phrase is a body's name: capitalised words, and how many of them.

A heading's "Chief Executive of the Football Association" or "Written evidence from the
Environment Agency" names a body; these tests say so from the words alone."""

from __future__ import annotations

import re

from archive.extract.lexicon import PUBLIC_BODY_WORDS


def proper_name(phrase: str) -> bool:
    """Capitalised words, at most eight ("Football Association", "Kelby Harbour Board"): what
    a head's office is of ("Chief Executive of the Football Association") is a body."""
    words = phrase.split()
    return (
        0 < len(words) <= 8
        and phrase[:1].isupper()
        and all(w.lstrip("(")[:1].isupper() or w in ("and", "of", "for", "the", "&") for w in words)
    )


def most_words(phrase: str) -> int:
    """How many words a body's name may have: eight, or sixteen when it ends with its
    acronym ("Association of Chief Police Officers of England, Wales and Northern Ireland
    (ACPO)")."""
    return 16 if _ACRONYM_AT_END.search(phrase) else 8


_ACRONYM_AT_END = re.compile(r"\([A-Z]{2,8}\)$")


def names_a_body(phrase: str) -> bool:
    """A public body's name: capitalised words, at most eight, one of them a body's word
    ("Statistics Commission", "Environment Agency")."""
    words = phrase.split()
    return (
        0 < len(words) <= most_words(phrase)
        and phrase[:1].isupper()
        and PUBLIC_BODY_WORDS.search(phrase) is not None
        and all(w.lstrip("(")[:1].isupper() or w in ("and", "of", "for", "the", "&") for w in words)
    )
