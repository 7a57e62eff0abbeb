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
