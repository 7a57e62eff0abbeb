"""How far OCR text is from the truth: character and word error rates, and field scores.

Error rates are edit distances (Levenshtein: insertions, deletions and substitutions, each
costing 1) divided by the reference's length, after both texts are normalised the same way:
Unicode NFKC, typographic quotes and dashes as their ASCII forms (an engine printing ' for ’
has read the letter right), and every run of whitespace (line breaks included) as one space,
trimmed at both ends. Case and punctuation count. The character error rate (CER) counts
characters, spaces included; the word error rate (WER) counts words, split at spaces, a word
with one wrong letter being one wrong word. Either can exceed 1 when the OCR text holds more
garbage than the reference holds text. Over many pages, edits and lengths are summed before
dividing (a micro-average), so a long page weighs more than a short one.

The field score compares ``archive.extract.extract`` output with the generator's truth for
the fields a researcher searches and pairs on, each 1 when right and 0 when wrong, averaged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Levenshtein

_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_SPACE = re.compile(r"\s+")

#: The fields the extraction score compares, in the table's order.
FIELDS = (
    "date",
    "references",
    "mp",
    "sender_name",
    "recipient_name",
    "direction",
    "in_reply_to_date",
    "area",
    "department",
)


def normalise(text: str) -> str:
    """``text`` as the error rates compare it (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN)
    return _SPACE.sub(" ", text).strip()


@dataclass
class Errors:
    """Edits and reference length, characters and words, summed over pages."""

    char_edits: int = 0
    chars: int = 0
    word_edits: int = 0
    words: int = 0

    def add(self, recognised: str, reference: str) -> Errors:
        """Count one page: ``recognised`` by the engine against ``reference`` (what is printed)."""
        got, want = normalise(recognised), normalise(reference)
        self.char_edits += Levenshtein.distance(got, want)
        self.chars += len(want)
        got_words, want_words = got.split(" ") if got else [], want.split(" ") if want else []
        self.word_edits += Levenshtein.distance(got_words, want_words)
        self.words += len(want_words)
        return self

    @property
    def cer(self) -> float:
        return self.char_edits / self.chars if self.chars else float(self.char_edits > 0)

    @property
    def wer(self) -> float:
        return self.word_edits / self.words if self.words else float(self.word_edits > 0)


def cer(recognised: str, reference: str) -> float:
    """Character error rate of one text against its reference."""
    return Errors().add(recognised, reference).cer


def wer(recognised: str, reference: str) -> float:
    """Word error rate of one text against its reference."""
    return Errors().add(recognised, reference).wer


def _name_key(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", str(value or "")).casefold()).strip(
        " .,;:"
    )


def _same_name(truth: Any, got: Any) -> bool:
    """Names agree when one holds the other ("Jo Smith" in "Jo Smith MP"); none agrees with
    none. The rule /work/shared/corpus/score.py applies to real letters."""
    want, have = _name_key(truth), _name_key(got)
    if not want:
        return not have
    return bool(have) and (want == have or want in have or have in want)


def field_scores(truth: Mapping[str, Any], extracted: Mapping[str, Any]) -> dict[str, float]:
    """1.0 or 0.0 for each of ``FIELDS``: ``extracted`` (``Metadata.to_json()``) against
    ``truth`` (``GeneratedLetter.to_json()``)."""
    from archive.knowledge.organisations import department_match, department_of
    from archive.refs import normalise_reference

    scores: dict[str, float] = {}
    for field in ("date", "direction", "in_reply_to_date"):
        scores[field] = float((truth.get(field) or None) == (extracted.get(field) or None))
    want_refs = {normalise_reference(r) for r in truth.get("references") or ()}
    have_refs = {normalise_reference(r) for r in extracted.get("references") or ()}
    scores["references"] = float(want_refs == have_refs)
    for field in ("mp", "sender_name", "recipient_name", "area"):
        scores[field] = float(_same_name(truth.get(field), extracted.get(field)))
    department = department_of(extracted)
    if truth.get("department") is None:
        scores["department"] = float(department is None)
    else:
        match = department_match(str(truth["department"]), department)
        scores["department"] = float(match in ("same", "renamed"))
    return {field: scores[field] for field in FIELDS}
