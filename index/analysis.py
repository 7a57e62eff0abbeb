"""The letters' analyzer: Whoosh's stemming chain, fused into one loop.

``StemmingAnalyzer`` is a chain of generators (tokenizer, lower case, stop words, Porter
stems), each resuming the next for every word of every letter; at 100k letters that
overhead was a quarter of the time to index. ``FusedStemmingAnalyzer`` does the same work
in one loop and gives exactly the same tokens (text, position, character offsets), which
tests/test_query.py checks against Whoosh's own chain.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.analysis import Analyzer, Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem


class _StemCache(dict[str, str]):
    """Stems already worked out, shared by every analyzer in the process (words repeat);
    a word not yet seen is stemmed on first lookup (so ``map`` can look up many at C speed)."""

    def __missing__(self, word: str) -> str:
        stemmed = self[word] = str(stem(word))
        return stemmed


_STEMS = _StemCache()

#: A numbering cache grows with every new word, number and reference its process reads;
#: past this many it starts again (numbers are only compared within one text).
NUMBERED_MOST = 400_000


class _TermNumbers(dict[str, int]):
    """Lower-cased token -> the number of its index term (-1 for a token the analyzer
    drops), numbering each stem once; ``terms[number]`` is the term in UTF-8."""

    def __init__(self, stops: frozenset[str], minsize: int) -> None:
        super().__init__()
        self.stops, self.minsize = stops, minsize
        self.terms: list[bytes] = []
        self.numbers: dict[str, int] = {}

    def __missing__(self, token: str) -> int:
        if len(token) < self.minsize or token in self.stops:
            number = -1
        else:
            stemmed = _STEMS[token]
            found = self.numbers.get(stemmed)
            if found is None:
                found = self.numbers[stemmed] = len(self.terms)
                self.terms.append(stemmed.encode("utf-8"))
            number = found
        self[token] = number
        return number


#: Kept apart from the analyzers, which Whoosh pickles into the index with the schema.
_NUMBERINGS: dict[tuple[frozenset[str], int], _TermNumbers] = {}


def _numbering(stops: frozenset[str], minsize: int) -> _TermNumbers:
    numbering = _NUMBERINGS.get((stops, minsize))
    if numbering is None or len(numbering) > NUMBERED_MOST:
        numbering = _NUMBERINGS[(stops, minsize)] = _TermNumbers(stops, minsize)
        if len(_STEMS) > NUMBERED_MOST:
            _STEMS.clear()
    return numbering


class FusedStemmingAnalyzer(Analyzer):  # type: ignore[misc]
    """Regex tokens, lower-cased, stop words and words shorter than ``minsize`` dropped
    (positions renumbered over them), the rest reduced to their Porter stem."""

    is_morph = True

    def __init__(
        self, expression: str, stoplist: Iterable[str] = STOP_WORDS, minsize: int = 2
    ) -> None:
        self.expression = re.compile(expression)
        # The same tokens as separators and words in turn, for ``words``' quick path.
        self._splitter = re.compile(f"({expression})")
        self.stops = frozenset(stoplist)
        self.minsize = minsize

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FusedStemmingAnalyzer)
            and self.expression.pattern == other.expression.pattern
            and self.stops == other.stops
            and self.minsize == other.minsize
        )

    def __hash__(self) -> int:
        return hash((self.expression.pattern, self.minsize))

    def words(self, value: str) -> list[tuple[str, int, int]]:
        """The index terms of ``value`` and where each was read, ``(stem, start, end)``, in
        order: what ``__call__`` yields (its positions are the list's indexes, counted from
        the first), without a Token for each word (for hits in a letter's text)."""
        lowered = value.lower()
        if len(lowered) == len(value) and "Σ" not in value:
            # Lower-casing the whole text leaves every character where it was (no character
            # here changes length, and the only one whose lower case depends on its
            # neighbours, a capital sigma, is absent), so its tokens are the text's tokens
            # lower-cased. Splitting on them and adding up the pieces' lengths finds every
            # word and its offsets in C, not a Python step a word (snippets for a page of
            # results analyse twenty letters per query).
            parts = self._splitter.split(lowered)
            bounds = list(accumulate(map(len, parts)))
            tokens = parts[1::2]
            word_stems = map(_STEMS.__getitem__, tokens)
            stops, minsize = self.stops, self.minsize
            return [
                (word_stem, start, end)
                for token, word_stem, start, end in zip(
                    tokens, word_stems, bounds[0::2], bounds[1::2], strict=False
                )
                if len(token) >= minsize and token not in stops
            ]
        stops, minsize, stems = self.stops, self.minsize, _STEMS
        found = []
        for match in self.expression.finditer(value):
            text = match.group(0).lower()
            if len(text) < minsize or text in stops:
                continue
            stemmed = stems.get(text)
            if stemmed is None:
                stemmed = stems[text] = stem(text)
            found.append((stemmed, match.start(), match.end()))
        return found

    def positions(self, value: str) -> dict[str, list[int]]:
        """Each index term of ``value`` and its positions, in order of first use: what
        grouping ``__call__(value, positions=True)``'s tokens by text gives, without a Token
        for each word (indexing a letter reads each of its few hundred words once)."""
        lowered = value.lower()
        stops, minsize = self.stops, self.minsize
        grouped: dict[str, list[int]] = {}
        if len(lowered) == len(value) and "Σ" not in value:
            # As in ``words``: the lower-cased text's tokens are the text's tokens.
            tokens = self.expression.findall(lowered)
            kept = [token for token in tokens if len(token) >= minsize and token not in stops]
            if not kept:
                return grouped
            # StopFilter's numbering: the first kept word keeps its place, the rest follow.
            first = next(
                number
                for number, token in enumerate(tokens)
                if len(token) >= minsize and token not in stops
            )
            places: defaultdict[str, list[int]] = defaultdict(list)
            for position, word_stem in enumerate(map(_STEMS.__getitem__, kept), first):
                places[word_stem].append(position)
            return places
        for token in self(value, positions=True):
            grouped.setdefault(token.text, []).append(token.pos)
        return grouped

    def grouped_positions(
        self, value: str
    ) -> tuple[list[bytes], npt.NDArray[np.int64], npt.NDArray[np.int64]] | None:
        """``positions(value)`` as arrays: the terms in UTF-8 (in no particular order),
        where each term's positions start, and the positions, term after term, ascending.

        Numbers, not a Python step, for each word: only what is done once per term is left
        to Python. None where ``positions`` has to read the text token by token.
        """
        lowered = value.lower()
        if len(lowered) != len(value) or "Σ" in value:
            return None
        tokens = self.expression.findall(lowered)
        numbering = _numbering(self.stops, self.minsize)
        numbers = np.fromiter(map(numbering.__getitem__, tokens), np.int64, len(tokens))
        kept = numbers >= 0
        # StopFilter's numbering: the first kept word keeps its place, the rest follow.
        first = int(kept.argmax()) if numbers.size else 0
        if not numbers.size or not kept[first]:
            return [], np.zeros(0, np.int64), np.zeros(0, np.int64)
        numbers = numbers[kept]
        order = numbers.argsort(kind="stable")
        numbers = numbers[order]
        new_term = np.empty(numbers.size, dtype=bool)
        new_term[0] = True
        np.not_equal(numbers[1:], numbers[:-1], out=new_term[1:])
        starts = new_term.nonzero()[0]
        terms = list(map(numbering.terms.__getitem__, numbers[starts].tolist()))
        order += first
        return terms, starts, order

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        stops, minsize, stems = self.stops, self.minsize, _STEMS
        if tokenize:
            found: Iterable[tuple[int, str, int, int]] = (
                (number, match.group(0), match.start(), match.end())
                for number, match in enumerate(self.expression.finditer(value))
            )
        else:
            found = ((0, value, 0, len(value)),)
        position: int | None = None
        for number, original, start, end in found:
            text = original.lower()
            if len(text) < minsize or text in stops:
                continue
            stemmed = stems.get(text)
            if stemmed is None:
                stemmed = stems[text] = stem(text)
            token.text = stemmed
            token.boost = 1.0
            token.stopped = False
            if keeporiginal or not tokenize:
                token.original = original  # as Whoosh's tokenizer does for an untokenized value
            if positions:
                # As StopFilter renumbers: the first kept word keeps its place, the rest follow.
                position = start_pos + number if position is None else position + 1
                token.pos = position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token
