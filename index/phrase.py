"""Exact phrases, checked with position sets rather than Whoosh's general span machinery.

Whoosh matches a phrase by building span objects for every position of every word in
every candidate letter; for two common words at 100k letters that takes over a second.
Checking the words' position lists with set arithmetic gives the same answer in a
fraction of the time. Phrases with a slop (``"a b"~3``) still use Whoosh's own query.
"""

from __future__ import annotations

import itertools
import pickle
import struct
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import formats, matching, query
from whoosh.matching import wrappers
from whoosh.system import _INT_SIZE, pack_uint
from whoosh.util import make_binary_tree


class ArrayPositions(formats.Positions):  # type: ignore[misc]
    """Whoosh's positions, stored as a plain array of 32-bit numbers instead of a pickle.

    Arrays can be read for thousands of letters at once (``positions_of``), which is what
    makes a phrase of two common words take milliseconds rather than seconds.
    """

    def encode(self, poslist: list[int]) -> bytes:
        count = len(poslist)
        return bytes(pack_uint(count)) + struct.pack(f"<{count}I", *poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(np.frombuffer(valuestring, dtype="<u4", offset=_INT_SIZE).tolist())


def positions_of(values: list[bytes]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every position in many encoded values: (index of the value, position), flattened."""
    if not values:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # Each value is a 4-byte count, then its positions: join them whole (no slicing per
    # value, which costs more than the rest at 50k values) and drop the counts afterwards.
    words = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) // 4
    everything = np.frombuffer(b"".join(values), dtype="<u4")
    headers = np.zeros(everything.size, dtype=bool)
    headers[np.cumsum(words) - words] = True
    flat = everything[~headers].astype(np.int64)
    owner = np.repeat(np.arange(len(values), dtype=np.int64), words - _INT_SIZE // 4)
    return owner, flat


def phrase_hits(
    positions_per_word: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]],
    candidates: int,
) -> npt.NDArray[np.int64]:
    """How often the words occur next to each other, in order, in each candidate.

    ``positions_per_word[k]`` is word k's positions in the candidates, flattened: for each
    position the index of its candidate, and the position (``positions_of``'s form).
    """
    owner, start = positions_per_word[0]
    keys = (owner << 32) | start
    for offset, (other_owner, other) in enumerate(positions_per_word[1:], 1):
        if not keys.size:
            break
        keys = _common(keys, (other_owner << 32) | (other - offset))
    return np.bincount((keys >> 32).astype(np.int64), minlength=candidates)


def phrase_counts(positions_per_word: list[list[frozenset[int]]]) -> list[int]:
    """``phrase_hits`` for a few candidates: ``positions_per_word[k][i]`` is word k's
    positions in candidate i; how often word k stands at p + k for every k, per candidate."""
    first, *others = positions_per_word
    return [
        sum(1 for p in starts if all(p + k in other[i] for k, other in enumerate(others, 1)))
        for i, starts in enumerate(first)
    ]


def few_positions(sources: list[tuple[Any, Any, int]]) -> dict[int, frozenset[int]] | None:
    """A rare word's positions in each of its letters (deleted ones too), as sets, from each
    segment's term info or posting blocks, unpickled (``sources`` as ``term_positions``'):
    for a few letters, building arrays cost more than the rest of a phrase. None if a
    block is not laid out as Whoosh's W3 codec writes it."""
    from index.blocks import posting_blocks

    found: dict[int, frozenset[int]] = {}
    for postfile, info, first_letter in sources:
        if info.is_inlined():
            letters, _weights, values = info.inlined_postings()
        else:
            blocks = posting_blocks(postfile, info)
            if blocks is None:
                return None
            letters, values = [], []
            for _count, data in blocks:
                deltas, _weights, block_values = pickle.loads(data)
                if not isinstance(block_values, tuple | list):
                    return None  # values of a fixed size, packed together: not positions
                letters += itertools.accumulate(deltas)
                values += block_values
        for letter, value in zip(letters, values, strict=True):
            found[letter + first_letter] = frozenset(positions_in(value))
    return found


def positions_in(value: bytes) -> list[int]:
    """The positions in one encoded value (``ArrayPositions``: a count, then the positions)."""
    return list(struct.unpack_from(f"<{(len(value) - _INT_SIZE) // 4}I", value, _INT_SIZE))


def _common(keys: npt.NDArray[np.int64], others: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The ``keys`` also in ``others`` (each unique), in order. Positions come letter after
    letter, each letter's in order, so both are usually sorted already: then a stable sort
    of the two together only merges them (Timsort finds the two runs), and the keys in both
    stand side by side, without ``np.isin`` sorting both from scratch."""
    if (keys[1:] > keys[:-1]).all() and (others[1:] > others[:-1]).all():
        merged = np.concatenate((keys, others))
        merged.sort(kind="stable")
        twice: npt.NDArray[np.int64] = merged[1:][merged[1:] == merged[:-1]]
        return twice
    return keys[np.isin(keys, others, assume_unique=True)]


class ExactPhrase(query.Phrase):  # type: ignore[misc]
    """Words next to each other, in order (after the analyzer dropped very common words)."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        leaves = []
        for word in self.words:
            if (self.fieldname, word) not in reader:
                return matching.NullMatcher()
            leaves.append(
                query.Term(self.fieldname, word, boost=self.boost).matcher(searcher, context)
            )
        return _PhraseMatcher(make_binary_tree(matching.IntersectionMatcher, leaves))


class _PhraseMatcher(wrappers.WrappingMatcher):  # type: ignore[misc]
    """The intersection of the words, kept only where their positions line up."""

    def __init__(self, child: Any) -> None:
        super().__init__(child)
        # The words' own matchers, in phrase order, read from the intersection tree (so a
        # copy of the tree brings its own).
        self.leaves = _leaves(child)
        self._advance_to_match()

    def _lined_up(self) -> bool:
        starts = set(self.leaves[0].value_as("positions"))
        for offset, leaf in enumerate(self.leaves[1:], 1):
            starts.intersection_update(p - offset for p in leaf.value_as("positions"))
            if not starts:
                return False
        return True

    def _advance_to_match(self) -> None:
        child = self.child
        while child.is_active() and not self._lined_up():
            child.next()

    def copy(self) -> _PhraseMatcher:
        return _PhraseMatcher(self.child.copy())

    def _replacement(self, newchild: Any) -> Any:
        return _PhraseMatcher(newchild)

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else matching.NullMatcher()

    def supports_block_quality(self) -> bool:
        return False

    def next(self) -> None:
        self.child.next()
        self._advance_to_match()

    def skip_to(self, docnum: int) -> None:
        self.child.skip_to(docnum)
        self._advance_to_match()

    def all_ids(self) -> Any:
        while self.is_active():
            yield self.id()
            self.next()


def _leaves(matcher: Any) -> list[Any]:
    if isinstance(matcher, matching.IntersectionMatcher):
        return _leaves(matcher.a) + _leaves(matcher.b)
    return [matcher]
