"""Relevance: saturating term frequency times inverse document frequency (BM25 with b=0).

Letters are of similar length, so length normalisation buys little ranking and costs a
great deal: every posting must carry its letter's length, which doubled the index's
commit time, and a bound on a block's best score (which lets Whoosh skip most of a common
word's postings when only the top 20 are wanted) needs the lengths too. Without them the
top 20 for a word in 90% of 100k letters take about 10 ms instead of 200 ms.
"""

from __future__ import annotations

from typing import Any

from whoosh import scoring
from whoosh.codec import whoosh3

#: How fast repeated mentions stop adding to a letter's score (BM25's k1).
K1 = 1.2


class SaturatingTfIdf(scoring.WeightingModel):  # type: ignore[misc]
    """idf(term) * tf * (K1 + 1) / (tf + K1)."""

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        parent = searcher.get_parent()
        idf = parent.idf(fieldname, text)
        maxweight = searcher.term_info(fieldname, text).max_weight()
        return _Scorer(idf * qf, maxweight)


def saturate(weight: float) -> float:
    return weight * (K1 + 1) / (weight + K1)


class _Scorer(scoring.BaseScorer):  # type: ignore[misc]
    def __init__(self, idf: float, maxweight: float) -> None:
        self.idf = idf
        self._maxquality = idf * saturate(maxweight)

    def supports_block_quality(self) -> bool:
        return True

    def score(self, matcher: Any) -> float:
        return float(self.idf * saturate(matcher.weight()))

    def max_quality(self) -> float:
        return float(self._maxquality)

    def block_quality(self, matcher: Any) -> float:
        # Saturation is monotonic, so the block's largest weight bounds its best score.
        return float(self.idf * saturate(matcher.block_max_weight()))


class LetterCodec(whoosh3.W3Codec):  # type: ignore[misc]
    """Whoosh's format, without per-letter field lengths (nothing here scores by them)."""

    length_stats = False

    def per_document_reader(self, storage: Any, segment: Any) -> Any:
        return _NoLengths(storage, segment)


class _NoLengths(whoosh3.W3PerDocReader):  # type: ignore[misc]
    # Whoosh asks for a length with every posting it writes; with no length column it
    # would look for the column's file each time.

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return default

    def field_length(self, fieldname: str) -> int:
        return 0

    def min_field_length(self, fieldname: str) -> int:
        return 0

    def max_field_length(self, fieldname: str) -> int:
        return 0
