"""Reference numbers' one rule: how a reference is keyed, indexed, typed and recognised.

Every part that compares references asks this module: the extractor (one value per key),
the store (a letter by its reference), the pairing (letters that share a reference) and the
search (the index terms of a reference, the forms a typed one may be stored under, and
whether a bare query word is one). Finding references in a letter's prose (labels, known
case shapes) is the extractor's job: ``archive.extract.references``.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")
#: Punctuation that closes the sentence around a reference, never part of it.
_SENTENCE_PUNCTUATION = ".,;:"


def normalise_reference(reference: str) -> str:
    """A reference's key: no spaces, lower case, no sentence punctuation at either end.

    ``" M 11295 / 16."`` -> ``m11295/16``; the index stores its terms in this case too.
    """
    return _SPACES.sub("", reference).lower().strip(_SENTENCE_PUNCTUATION)


def reference_forms(reference: str) -> list[str]:
    """The index terms of a reference: "M11295/16" -> m11295/16, m1129516, m11295, 11295, 11295/16.

    References are found however they are typed: whole, without separators, by any of
    their parts, and by their number without its letter prefix.
    """
    value = normalise_reference(reference)
    if not value:
        return []
    forms = [value, re.sub(r"[^0-9a-z]", "", value)]
    parts = [p for p in re.split(r"[/\-_.()]+", value) if p]
    forms += parts
    for index in range(1, len(parts)):
        forms.append("/".join(parts[index:]))
        forms.append("/".join(parts[:index]))
    for part in parts:
        digits = re.sub(r"^[a-z]+", "", part)
        if digits and digits != part:
            forms.append(digits)
            forms.append("/".join([digits, *parts[parts.index(part) + 1 :]]))
    # Without the letter prefix but with the separators as written ("wo13-7375" -> 13-7375).
    forms.append(re.sub(r"^[a-z]+[/\-_.]?(?=\d)", "", value))
    # Bare parts like "16" or "po" would match half the archive: keep those with substance.
    kept = [value] + [f for f in forms[1:] if len(f) >= 3 and any(c.isdigit() for c in f)]
    return list(dict.fromkeys(kept))


def reference_query_forms(text: str) -> list[str]:
    """The index terms a typed reference may be stored under: as typed, with its separators
    written as the reference's own ("mc2020-04317" finds MC2020/04317, indexed with its
    slash), and without any (indexed for every reference, see ``reference_forms``)."""
    value = normalise_reference(text)
    forms = [value, re.sub(r"[\-_.]+", "/", value), re.sub(r"[^0-9a-z]", "", value)]
    return [form for form in dict.fromkeys(forms) if form]


_REFERENCE_LIKE = re.compile(
    r"^(?=[\w/\-.()]*\d)(?=[\w/\-.()]*[a-z/\-])[a-z]{0,6}[\-/]?\d[\w/\-.()]*$", re.IGNORECASE
)


def looks_like_reference(token: str) -> bool:
    """A bare token shaped like a reference: letters and digits with a separator or prefix."""
    if len(token) < 4 or re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", token):
        return False
    if re.fullmatch(r"(?:19|20)\d\d(?:-\d\d){0,2}", token):
        return False  # a year or an ISO date
    return bool(_REFERENCE_LIKE.match(token)) and (
        bool(re.search(r"[/\-]", token)) or bool(re.match(r"[a-z]{1,6}\d{3,}", token, re.I))
    )
