"""Which letters a query matches, as a sorted array of document numbers, computed fast.

Counting and facets need every matching letter, not just the top few. Whoosh walks its
postings one document at a time in Python (70 ms for a word in 90k of 100k letters);
here each word's postings are read a block at a time and combined with NumPy's set
operations, so a query over common words costs a few milliseconds. Phrases, and what
the fast path does not cover, still go through Whoosh.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from math import log
from pickle import loads
from typing import Any, TypeVar

import numpy as np
import numpy.ma  # noqa: F401  (np.unique imports it on first use: 14 ms inside a query)
import numpy.typing as npt
from whoosh import matching as wm
from whoosh import scoring

from archive.refs import looks_like_reference, normalise_reference, reference_query_forms
from index.blocks import (
    Blocks,
    TermPositions,
    TermTable,
    TermTables,
    block_parts,
    inflate,
    term_positions,
    term_postings,
    values_at,
)
from index.compile import Resolver, _tokens, compile_query, name_forms, resolved
from index.phrase import few_positions, phrase_counts, phrase_hits, positions_in
from index.query import And, DateRange, Everything, Node, Not, Or, Term
from index.scoring import saturate

Docnums = npt.NDArray[np.int32]
EMPTY: Docnums = np.zeros(0, dtype=np.int32)
#: A prefix or fuzzy word expanding to more terms than this is left to Whoosh.
MAX_EXPANSION = 3000
#: Words whose postings are kept between queries.
CACHED_WORDS = 128
#: Prefixes whose words' postings are kept together: a short prefix typed in the search box
#: ("int*") stands for hundreds of words, more than the word cache holds, and ranking the
#: matches reads them all again.
CACHED_PREFIXES = 8
#: Phrases whose words share at most this many letters read positions letter by letter.
FEW_CANDIDATES = 2000
#: Phrases whose rarest word is in at most this many letters are counted in Python.
FEW_FOR_SETS = 8
#: Positions of the words phrases used lately are kept up to about this many bytes: phrases
#: share their common words ("that", "will", "your"), and reading a common word's position
#: blocks (inflating and reading each) is most of a phrase's time.
CACHED_POSITIONS_BYTES = 96 << 20
#: Extents per segment whose block headers are kept (``blocks.values_at``), ~30 headers each.
CACHED_EXTENTS = 256
#: Words whose place in the index's segments is kept (see ``Matcher._holding``).
CACHED_LOOKUPS = 100_000
#: Postings per Whoosh block: a word with fewer letters than this many per candidate has
#: nearly every block read by skipping, so it is read whole (and kept) instead, unless it is
#: in more segments than there are candidates (read whole, it is a read and a block in each
#: segment; skipping reads one block a candidate).
POSTINGS_PER_BLOCK = 128
_PREFIX = "\x00prefix"
#: Bounds a date range is clipped to before bisecting (the dates are 64-bit numbers).
_SMALLEST, _LARGEST = -(1 << 62), 1 << 62


class Matcher:
    """Evaluates query trees against one searcher (one index generation)."""

    def __init__(
        self,
        searcher: Any,
        alive: Docnums,
        dates: npt.NDArray[np.int32],
        words: Callable[[], list[str]] = list,
    ) -> None:
        self.searcher = searcher
        self._load_words = words
        self._words: list[str] | None = None
        self.alive = alive
        self.dates = dates
        #: The resolver of the query being evaluated (tags change between queries).
        self.tags: Resolver = lambda _node: []
        self._by_date: tuple[npt.NDArray[np.int64], Docnums] | None = None
        self._alive_mask = np.zeros(len(dates), dtype=bool)
        self._alive_mask[alive] = True
        subsearchers = getattr(searcher, "subsearchers", None)
        self._segments: list[tuple[Any, int]] = list(subsearchers or [(searcher, 0)])
        # Postings of recently used words: typing a query repeats its first words.
        self._cache: OrderedDict[tuple[str, str], tuple[Docnums, npt.NDArray[np.float32]]] = (
            OrderedDict()
        )
        self._prefixes: OrderedDict[str, _PrefixPostings] = OrderedDict()
        self._positions: OrderedDict[tuple[str, str], TermPositions] = OrderedDict()
        self._positions_bytes = 0
        #: For each word looked up, the segments holding it, its letters in each and where
        #: its postings are.
        self._holders: dict[tuple[str, str], tuple[tuple[int, int, Any], ...]] = {}
        #: Per segment, the block headers of extents ``values_at`` read (by where each starts).
        self._spans: list[dict[int, Any]] = [{} for _segment in self._segments]
        self._term_tables = [TermTable.of(sub.reader()) for sub, _offset in self._segments]
        self._all_tables = TermTables.of(self._term_tables)

    def docnums(self, node: Node) -> Docnums:
        """Sorted, unique document numbers of the living letters ``node`` matches."""
        if isinstance(node, Everything):
            return self.alive
        if isinstance(node, And):
            # Words too common to index ("school an") are left out, not matched as nothing.
            wanted = [i for i in node.items if not isinstance(i, Not)]
            positive = [i for i in wanted if not _left_out(i)]
            if wanted and not positive:
                return EMPTY
            negative = [i.item for i in node.items if isinstance(i, Not)]
            result = self.alive if not positive else self.docnums(positive[0])
            for item in positive[1:]:
                if not result.size:
                    return EMPTY
                result = np.intersect1d(result, self.docnums(item), assume_unique=True)
            for excluded in negative:
                result = np.setdiff1d(result, self.docnums(excluded), assume_unique=True)
            return result
        if isinstance(node, Or):
            return _union([self.docnums(item) for item in node.items if not _left_out(item)])
        if isinstance(node, Not):
            return np.setdiff1d(self.alive, self.docnums(node.item), assume_unique=True)
        if isinstance(node, DateRange):
            if resolved(node):
                return self._resolved(node)
            return self._dated_between(node)
        return self._term(node)

    def _dated_between(self, node: DateRange) -> Docnums:
        """The living letters dated from ``node.start`` to ``node.end`` (years, for the year
        field), found by bisecting the letters in date order: comparing every letter's date
        three times a query grew with the archive (100k letters a date range)."""
        low, high = node.start, node.end
        if node.field is not None and node.field.name == "year":
            low, high = low * 10000, high * 10000 + 9999
        dates, order = self._date_order()
        first = int(np.searchsorted(dates, max(low, _SMALLEST), side="left"))
        last = int(np.searchsorted(dates, min(high, _LARGEST), side="right"))
        return np.sort(order[first:last]) if first < last else EMPTY

    def _date_order(self) -> tuple[npt.NDArray[np.int64], Docnums]:
        """The living letters' dates in order, and the letters in that order (made once)."""
        if self._by_date is None:
            order = self.alive[np.argsort(self.dates[self.alive], kind="stable")]
            self._by_date = (self.dates[order].astype(np.int64), order.astype(np.int32))
        return self._by_date

    def _term(self, term: Term) -> Docnums:
        field = term.field
        if resolved(term):
            return self._resolved(term)
        if term.phrase and not term.fuzzy and (field is None or field.kind == "text"):
            name = "body" if field is None else field.indexed_as[0]
            words = _tokens(name, term.text)
            if len(words) > 1:
                return self.phrase(name, tuple(words))[0]
            if len(words) == 1 and field is None:
                # A phrase of one word once stop words are left out ("the council"): the
                # word, as index.compile makes it, from its postings rather than Whoosh's
                # matcher walking them a letter at a time.
                return self._word(name, words[0], False)
        # Quotes matter only to text: a quoted name, reference or keyword is compiled as if
        # unquoted (index.compile), so it takes the fast branches below.
        free_text = field is None or field.kind == "text"
        if term.fuzzy or (free_text and term.phrase) or (free_text and field and term.prefix):
            return self._slow(term)
        if field is None and term.prefix:
            group = self.prefix_postings(term.text.lower())
            if group is None:
                return self._slow(term)
            return group.matched
        if field is None:
            words = _tokens("body", term.text)
            if not words:
                return self._slow(term)
            # One word, or a token the analyzer splits ("AB12345/19"): a phrase of its parts.
            found = (
                self._word("body", words[0], False)
                if len(words) == 1
                else self.phrase("body", tuple(words))[0]
            )
            if looks_like_reference(term.text):
                found = _union([found, self._reference(term)])
            return found
        if field.kind == "reference":
            return self._reference(term)
        if field.kind == "keyword":
            value = term.text if field.name == "id" else term.text.lower()
            return self._word(field.indexed_as[0], value, term.prefix)
        if field.kind == "text":
            return _union([self._phrase_free_text(name, term) for name in field.indexed_as])
        # Names: every word of the name, in any order (as indexed).
        per_field = []
        for name in field.indexed_as:
            for i, form in enumerate(name_forms(name, term.text)):  # as typed, then in full
                words = [form.lower()] if term.prefix and not i else _tokens(name, form)
                if words:
                    found = self._word(name, words[0], term.prefix and not i)
                    for word in words[1:]:
                        found = np.intersect1d(found, self._word(name, word, False), True)
                    per_field.append(found)
        return _union(per_field)

    def _phrase_free_text(self, name: str, term: Term) -> Docnums:
        words = _tokens(name, term.text)
        if len(words) != 1:
            return self._slow(term)
        return self._word(name, words[0], False)

    def _reference(self, term: Term) -> Docnums:
        """A reference's letters however it is typed (see ``reference_query_forms``)."""
        if term.prefix:
            return self._word("ref", normalise_reference(term.text), True)
        return _union([self._word("ref", form, False) for form in reference_query_forms(term.text)])

    def _word(self, fieldname: str, text: str, prefix: bool) -> Docnums:
        if not prefix:
            return self.postings(fieldname, text)[0]
        parts = []
        for sub, offset in self._segments:
            reader = sub.reader()
            terms = []
            for word in reader.expand_prefix(fieldname, text):
                terms.append(word)
                if len(terms) > MAX_EXPANSION:
                    return self._slow_query(_prefix_query(fieldname, text))
            for word in terms:
                parts.append(_postings(reader, fieldname, word)[0] + offset)
        if not parts:
            return EMPTY
        found = _union(parts)
        return found[self._alive_mask[found]]

    def postings(self, fieldname: str, text: str) -> tuple[Docnums, npt.NDArray[np.float32]]:
        """A word's living letters and its frequency in each, across every segment."""
        key = (fieldname, text)
        cached = _recalled(self._cache, key)
        if cached is not None:
            return cached
        result = self._read_postings(fieldname, text)
        self._keep_postings(key, result)
        return result

    def _keep_postings(
        self, key: tuple[str, str], result: tuple[Docnums, npt.NDArray[np.float32]]
    ) -> None:
        """Keep a word's (or phrase's) postings, forgetting the least recently used."""
        self._cache[key] = result
        while len(self._cache) > CACHED_WORDS:
            self._cache.popitem(last=False)

    def _read_postings(self, fieldname: str, text: str) -> tuple[Docnums, npt.NDArray[np.float32]]:
        holding = self._holding(fieldname, text)
        # Every segment's blocks in one go: a word is in most of the segments (19 of 26 at
        # 100k letters), and reading them one segment at a time set up and joined arrays
        # for each, most of a field filter's or a rare word's matching.
        sources = self._extents(holding) if holding else None
        together = term_postings(sources) if sources is not None else None
        if together is not None:
            ids = together[0].astype(np.int32, copy=False)
            alive = self._alive_mask[ids]
            return ids[alive], together[1][alive]
        ids_parts, weight_parts = [], []
        for holder in holding:
            sources = self._extents((holder,))
            read = term_postings(sources) if sources is not None else None
            if read is None:  # not looked up directly, or laid out otherwise: Whoosh reads it
                sub, offset = self._segments[holder[0]]
                ids, weights = _postings(sub.reader(), fieldname, text, info=holder[2])
                read = ids + offset, weights
            ids_parts.append(read[0])
            weight_parts.append(read[1])
        if ids_parts:
            ids = np.concatenate(ids_parts).astype(np.int32, copy=False)
            weights = np.concatenate(weight_parts)
            alive = self._alive_mask[ids]
            return ids[alive], weights[alive]
        return EMPTY, np.zeros(0, dtype=np.float32)

    def _holding(self, fieldname: str, word: str) -> tuple[tuple[int, int, Any], ...]:
        """The segments holding ``word`` (by index), its letters in each and its term info
        (where its postings are, or None to ask Whoosh), kept: a word is looked up in every
        segment's term file, and a phrase asks each word's frequency, then for its postings."""
        key = (fieldname, word)
        found = self._holders.get(key)
        if found is None:
            if len(self._holders) > CACHED_LOOKUPS:
                self._holders.clear()
            direct = self._all_tables.holding(fieldname, word) if self._all_tables else None
            if direct is not None:
                found = self._holders[key] = tuple(
                    (index, info.doc_frequency(), info) for index, info in direct
                )
                return found
            held = []
            for index, table in enumerate(self._term_tables):
                if table is not None and table.direct(fieldname):
                    info = table.info(fieldname, word)
                    if info is not None:
                        held.append((index, info.doc_frequency(), info))
                    continue
                reader = self._segments[index][0].reader()
                if (fieldname, word) in reader:
                    held.append((index, reader.doc_frequency(fieldname, word), None))
            found = self._holders[key] = tuple(held)
        return found

    def _frequency(self, fieldname: str, word: str) -> int:
        """In how many letters ``word`` is (deleted ones included, as Whoosh counts)."""
        return sum(frequency for _index, frequency, _info in self._holding(fieldname, word))

    def prefix_postings(self, prefix: str) -> _PrefixPostings | None:
        """The stems a bare prefix stands for (``prefix_stems``), each one's postings and
        the letters holding any of them, read once for the matching and the ranking; None
        as ``prefix_stems``."""
        cached = _recalled(self._prefixes, prefix)
        if cached is not None:
            return cached
        stems = self.prefix_stems(prefix)
        if stems is None:
            return None
        postings = {
            stem: self._cache.get(("body", stem)) or self._read_postings("body", stem)
            for stem in stems
        }
        matched = _union([ids for ids, _weights in postings.values()])
        group = _PrefixPostings(stems, postings, matched)
        self._prefixes[prefix] = group
        while len(self._prefixes) > CACHED_PREFIXES:
            self._prefixes.popitem(last=False)
        return group

    def words(self) -> list[str]:
        """The words letters use, as written, sorted (for prefixes and suggestions)."""
        if self._words is None:
            self._words = self._load_words()
        return self._words

    def prefix_stems(self, prefix: str) -> list[str] | None:
        """The stems of the archive's words that start with ``prefix`` ("communit" ->
        "commun"), or None when there is no word list or too many words to expand."""
        words = self.words()
        if not words:
            return None
        low = bisect.bisect_left(words, prefix)
        high = bisect.bisect_left(words, prefix + "\U0010ffff")
        if high - low > MAX_EXPANSION:
            return None
        return list(dict.fromkeys(s for w in words[low:high] for s in _tokens("body", w)))

    def phrase(
        self, fieldname: str, words: tuple[str, ...]
    ) -> tuple[Docnums, npt.NDArray[np.float32]]:
        """Letters where the words stand next to each other in order, and how often."""
        key = (fieldname, " ".join(words) + "\x00phrase")
        cached = _recalled(self._cache, key)
        if cached is not None:
            return cached
        # The rarest word's letters are the candidates; a common word's whole postings
        # ("2024" in "EA/2024/464264") are read only when the candidates are many too.
        rarest = min(words, key=lambda word: self._frequency(fieldname, word))
        # Its positions are read whatever follows (its blocks hold them beside its letters).
        few = self._few_positions(fieldname, rarest)
        if few is not None:
            candidates = np.asarray(sorted(few), dtype=np.int32)
        else:
            candidates = self._with_positions(fieldname, rarest).ids
        if candidates.size <= FEW_FOR_SETS:
            result = self._few_phrase(fieldname, words, candidates, {rarest: few})
            self._keep_postings(key, result)
            return result
        tables: dict[str, TermPositions] = {}
        if candidates.size <= FEW_CANDIDATES:
            # Read positions for the few candidates only, dropping those a word is missing from.
            keep = np.ones(candidates.size, dtype=bool)
            for word in dict.fromkeys(words):
                frequency = self._frequency(fieldname, word)
                if (fieldname, word) in self._positions or (
                    frequency <= candidates.size * POSTINGS_PER_BLOCK
                    and len(self._holding(fieldname, word)) <= candidates.size
                ):
                    table = self._with_positions(fieldname, word)
                    keep &= _holding_letters(table.ids, candidates)
                else:
                    present, values = self._positions_if_present(fieldname, word, candidates)
                    kept = np.flatnonzero(present)
                    table = TermPositions.from_values(
                        candidates[kept],
                        np.ones(kept.size, dtype=np.float32),
                        [values[i] for i in kept.tolist()],
                    )
                    keep &= present
                tables[word] = table
            candidates = candidates[keep]
        else:
            for word in words:
                tables[word] = self._with_positions(fieldname, word)
                candidates = candidates[_holding_letters(tables[word].ids, candidates)]
        hits = (
            phrase_hits([_gathered(tables[word], candidates) for word in words], candidates.size)
            if candidates.size
            else np.zeros(0, dtype=np.int64)
        )
        found = hits > 0
        result = (candidates[found], hits[found].astype(np.float32))
        self._keep_postings(key, result)
        return result

    def _few_phrase(
        self, fieldname: str, words: tuple[str, ...], candidates: Docnums, known: dict[str, Any]
    ) -> tuple[Docnums, npt.NDArray[np.float32]]:
        """``phrase`` in a few candidates (a reference's rarest part), counted in Python: NumPy
        calls on arrays of a few items were most of it. ``known``: ``_few_positions``."""
        where: dict[str, list[frozenset[int]]] = {}
        for word in dict.fromkeys(words):
            few = known.get(word) or self._few_positions(fieldname, word)
            if few is not None:
                where[word] = [few.get(d, frozenset()) for d in candidates.tolist()]
            elif (fieldname, word) in self._positions or (
                self._frequency(fieldname, word) <= candidates.size * POSTINGS_PER_BLOCK
                and len(self._holding(fieldname, word)) <= candidates.size
            ):
                where[word] = _by_letter(self._with_positions(fieldname, word), candidates)
            else:
                present, values = self._positions_if_present(fieldname, word, candidates)
                where[word] = [
                    frozenset(positions_in(value)) if held else frozenset()
                    for held, value in zip(present.tolist(), values, strict=True)
                ]
        hits = np.asarray(phrase_counts([where[word] for word in words]), dtype=np.int64)
        found = hits > 0
        return candidates[found], hits[found].astype(np.float32)

    def _few_positions(self, fieldname: str, word: str) -> dict[int, frozenset[int]] | None:
        """A word in at most ``FEW_FOR_SETS`` letters: its positions in each living one (see
        ``phrase.few_positions``); None for a commoner word or one read already."""
        if (fieldname, word) in self._positions or self._frequency(fieldname, word) > FEW_FOR_SETS:
            return None
        sources = self._extents(self._holding(fieldname, word))
        found = few_positions(sources) if sources is not None else None
        alive = self._alive_mask
        return None if found is None else {d: p for d, p in found.items() if alive[d]}

    def _positions_if_present(
        self, fieldname: str, word: str, docnums: Docnums
    ) -> tuple[npt.NDArray[np.bool_], list[bytes]]:
        """Which of ``docnums`` (sorted) hold the word, and its encoded positions in each
        (empty where it is missing), read segment by segment from the blocks holding them."""
        starts = [offset for _sub, offset in self._segments]
        holding = {index: info for index, _frequency, info in self._holding(fieldname, word)}
        by_segment: dict[int, list[int]] = {}
        for docnum in docnums.tolist():
            by_segment.setdefault(bisect.bisect_right(starts, docnum) - 1, []).append(docnum)
        found: list[bytes | None] = []
        for index, letters in by_segment.items():
            sub, offset = self._segments[index]
            local = [docnum - offset for docnum in letters]
            if index not in holding:
                found += [None] * len(local)
                continue
            info = holding[index]
            postfile = sub.reader()._terms._postfile
            kept = self._spans[index]
            if len(kept) > CACHED_EXTENTS:
                kept.clear()
            read = values_at(postfile, info, local, kept) if info is not None else None
            if read is None:  # not looked up directly, or laid out otherwise: Whoosh reads it
                read = _skipped_to(_matcher(sub.reader(), fieldname, word, info), local)
            found += read
        present = np.fromiter((value is not None for value in found), dtype=bool, count=len(found))
        return present, [value or b"" for value in found]

    def _with_positions(self, fieldname: str, word: str) -> TermPositions:
        """The word's living letters and its positions in each (kept a while)."""
        key = (fieldname, word)
        cached = _recalled(self._positions, key)
        if cached is not None:
            return cached
        table = self._read_positions(fieldname, word)
        if key not in self._cache:  # the same blocks hold its letters and frequencies
            self._keep_postings(key, (table.ids, table.weights))
        self._positions[key] = table
        self._positions_bytes += table.nbytes
        while self._positions_bytes > CACHED_POSITIONS_BYTES and len(self._positions) > 1:
            _key, dropped = self._positions.popitem(last=False)
            self._positions_bytes -= dropped.nbytes
        return table

    def _extents(self, holding: tuple[tuple[int, int, Any], ...]) -> list[Any] | None:
        """Where a word's postings are in each segment holding it (its postings file, its
        term info, the segment's first letter), or None if a segment's term info was not
        looked up by ``TermTable``."""
        sources = []
        for index, _frequency, info in holding:
            sub, offset = self._segments[index]
            if info is None:
                return None
            sources.append((sub.reader()._terms._postfile, info, offset))
        return sources

    def _read_positions(self, fieldname: str, word: str) -> TermPositions:
        holding = self._holding(fieldname, word)
        sources = self._extents(holding)
        table = term_positions(sources) if sources is not None else None
        if table is None:  # postings laid out otherwise: Whoosh's matcher reads them
            parts = []
            for index, _frequency, info in holding:
                sub, offset = self._segments[index]
                ids, weights, values = _postings(
                    sub.reader(), fieldname, word, with_values=True, info=info
                )
                parts.append(TermPositions.from_values(ids + offset, weights, values))
            table = TermPositions.joined(parts)
        alive = self._alive_mask[table.ids]
        if alive.all():
            return TermPositions(table.ids.astype(np.int32), *_rest(table))
        return TermPositions(
            table.ids[alive].astype(np.int32),
            table.weights[alive],
            table.counts[alive],
            table.flat[np.repeat(alive, table.counts)],
        )

    def scores(self, node: Node, matched: Docnums) -> npt.NDArray[np.float64] | None:
        """Relevance of each matched letter (see index.scoring), or None when the query is
        more than words, dates and fields (phrases, prefixes: Whoosh scores those)."""
        units = _scored_words(node)
        if units is None:
            return None
        total = np.zeros(matched.size, dtype=np.float64)
        letters = max(1, int(self.alive.size))
        expanded: list[str | tuple[str, ...]] = []
        read: dict[str, tuple[Docnums, npt.NDArray[np.float32]]] = {}
        for unit in units:
            if isinstance(unit, tuple) and unit[0] == _PREFIX:
                group = self.prefix_postings(unit[1])
                if group is None:
                    return None
                expanded += group.stems
                read.update(group.postings)
            else:
                expanded.append(unit)
        for unit in dict.fromkeys(expanded):
            if isinstance(unit, tuple):
                ids, weights = self.phrase("body", unit)
                idf = float(np.log(letters / (ids.size + 1)) + 1.0)
            else:
                ids, weights = read[unit] if unit in read else self.postings("body", unit)
                idf = self._idf("body", unit)
            if not ids.size or not matched.size:
                continue
            where = np.searchsorted(matched, ids)
            where[where == matched.size] = 0
            hit = matched[where] == ids
            # A word's letters are unique, so each total gets one addition: an indexed add
            # does it (``np.add.at``, for repeated indices, took ten times as long).
            total[where[hit]] += idf * saturate(weights[hit])
        return total

    def _idf(self, fieldname: str, word: str) -> float:
        """The searcher's idf of a word, from the frequency the matching looked up (Whoosh's
        own asks every segment's term file again, a query's last 26 lookups per word)."""
        weighting: Any = getattr(self.searcher, "weighting", None)
        if getattr(type(weighting), "idf", None) is not scoring.WeightingModel.idf:
            return float(self.searcher.idf(fieldname, word))
        documents = self.searcher.doc_count_all()
        return float(log(documents / (self._frequency(fieldname, word) + 1)) + 1)

    def _slow(self, term: Term) -> Docnums:
        notes: list[str] = []
        return self._slow_query(compile_query(term, self.tags, notes))

    def _resolved(self, node: Term | DateRange) -> Docnums:
        found = np.unique(np.asarray(self.tags(node), dtype=np.int32))
        return found[self._alive_mask[found]] if found.size else EMPTY

    def _slow_query(self, query: Any) -> Docnums:
        found = np.fromiter(self.searcher.docs_for_query(query), dtype=np.int32)
        found = np.unique(found)
        return found[self._alive_mask[found]] if found.size else EMPTY


_Key = TypeVar("_Key")
_Kept = TypeVar("_Kept")


def _recalled(cache: OrderedDict[_Key, _Kept], key: _Key) -> _Kept | None:
    """``key``'s value in a cache kept in order of use, now the most recent; None if not kept."""
    kept = cache.get(key)
    if kept is not None:
        cache.move_to_end(key)
    return kept


def _holding_letters(ids: Docnums, docnums: Docnums) -> npt.NDArray[np.bool_]:
    """Which of ``docnums`` are in ``ids`` (sorted): by a mask over the letters, which took
    half the time of ``np.intersect1d`` and a third of a binary search per letter."""
    if not ids.size:
        return np.zeros(docnums.size, dtype=bool)
    last = int(ids[-1])
    held = np.zeros(last + 1, dtype=bool)
    held[ids] = True
    found: npt.NDArray[np.bool_] = held[np.minimum(docnums, last)] & (docnums <= last)
    return found


def _gathered(
    table: TermPositions, docnums: Docnums
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """The word's positions in ``docnums`` (each one of its letters, sorted), flattened:
    for each position the index of its letter in ``docnums``, and the position."""
    if docnums.size == table.ids.size:  # all of its letters
        chosen = table.counts
        positions = table.flat
    else:
        # Both sorted, so the letters picked by a mask come in the order of ``docnums``.
        wanted = np.zeros(int(table.ids[-1]) + 1, dtype=bool)
        wanted[docnums] = True
        picked = wanted[table.ids]
        chosen = table.counts[picked]
        positions = table.flat[np.repeat(picked, table.counts)]
    return np.repeat(np.arange(docnums.size, dtype=np.int64), chosen), positions


def _by_letter(table: TermPositions, docnums: Docnums) -> list[frozenset[int]]:
    """The word's positions in each of ``docnums`` (sorted), empty where it is missing."""
    held = np.flatnonzero(_holding_letters(table.ids, docnums))
    owners, positions = _gathered(table, docnums[held])
    found: list[set[int]] = [set() for _docnum in range(docnums.size)]
    for owner, position in zip(held[owners].tolist(), positions.tolist(), strict=True):
        found[owner].add(position)
    return [frozenset(positions) for positions in found]


def _rest(table: TermPositions) -> tuple[Any, Any, Any]:
    return table.weights, table.counts, table.flat


@dataclass(frozen=True)
class _PrefixPostings:
    stems: list[str]
    postings: dict[str, tuple[Docnums, npt.NDArray[np.float32]]]
    matched: Docnums


def _left_out(node: Node) -> bool:
    """A free-text word with nothing to search for (a stop word such as "the")."""
    if not isinstance(node, Term) or node.prefix:
        return False
    field = node.field
    if field is not None and field.kind != "text":
        return False
    return not _tokens("body" if field is None else field.indexed_as[0], node.text)


def _scored_words(node: Node) -> list[str | tuple[str, ...]] | None:
    """The body words (and phrases) that score a query, or None if it has parts only
    Whoosh can score."""
    if isinstance(node, Everything | DateRange):
        return []
    if isinstance(node, Not):
        return []
    if isinstance(node, And | Or):
        words: list[str | tuple[str, ...]] = []
        for item in node.items:
            inner = _scored_words(item)
            if inner is None:
                return None
            words += inner
        return words
    if node.field is None and node.prefix:
        return [(_PREFIX, node.text.lower())]
    if node.prefix or node.fuzzy:
        return None
    if node.field is None:
        stems = _tokens("body", node.text)
        if len(stems) > 1:
            # A phrase, or a token the analyzer splits ("MIN/2021/5082"): matched as a phrase.
            return [tuple(stems)]
        if len(stems) == 1:
            return [stems[0]]
        return None
    return []  # a field (MP, date, reference...) narrows; it does not rank


def _prefix_query(fieldname: str, text: str) -> Any:
    from whoosh import query

    return query.Prefix(fieldname, text)


def _union(parts: list[Docnums]) -> Docnums:
    parts = [p for p in parts if p.size]
    if not parts:
        return EMPTY
    if len(parts) == 1:
        return parts[0]
    return np.unique(np.concatenate(parts))


def _matcher(reader: Any, fieldname: str, text: str, info: Any = None) -> Any:
    """Whoosh's matcher of a term's postings, deleted letters included; from its term info
    when it was looked up already (``TermTable``), else by Whoosh's own lookup."""
    if info is None:
        matcher = reader.postings(fieldname, text)
        return matcher.child if isinstance(matcher, wm.FilterMatcher) else matcher
    terms = reader._terms
    term = (fieldname, text.encode("utf-8"))
    return terms._codec.postings_reader(
        terms._postfile, info, reader.schema[fieldname].format, term=term
    )


def _skipped_to(matcher: Any, letters: list[int]) -> list[bytes | None]:
    """The matcher's value at each of ``letters`` (in order), None where it has none."""
    values: list[bytes | None] = []
    for letter in letters:
        if matcher.is_active() and matcher.id() < letter:
            matcher.skip_to(letter)
        held = matcher.is_active() and matcher.id() == letter
        values.append(matcher.value() if held else None)
    return values


def _postings(
    reader: Any, fieldname: str, text: str, with_values: bool = False, info: Any = None
) -> Any:
    """A term's document numbers and weights (frequencies), a block at a time.

    Reads Whoosh's posting blocks directly (its own matchers decode them a document at a
    time); anything that is not a plain posting list goes through the matcher API. Deleted
    letters are included: they are removed afterwards, for all terms at once.
    """
    matcher = _matcher(reader, fieldname, text, info)
    if not hasattr(matcher, "_nextoffset") or not hasattr(matcher, "_dataoffset"):
        ids, weights, all_values = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if with_values:
                all_values.append(matcher.value())
            matcher.next()
        arrays = np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float32)
        return (*arrays, all_values) if with_values else arrays
    id_chunks: list[npt.NDArray[np.int64]] = []
    weight_chunks: list[npt.NDArray[np.float32]] = []
    all_values = []
    batch = Blocks()
    while matcher.is_active():
        if matcher._data is None:
            data = matcher._postfile.get(
                matcher._dataoffset, matcher._nextoffset - matcher._dataoffset
            )
            if matcher._compression:
                data = inflate(data)
            parts = None if with_values or matcher._i else block_parts(data, matcher._blocklength)
            if parts is not None:
                batch.add(parts, matcher._blocklength)
                matcher._next_block()
                continue
            matcher._data = loads(data)
        batch.flush(id_chunks, weight_chunks)
        unpickled: Any = matcher._data
        deltas, block_weights = unpickled[:2]
        start = matcher._i
        id_chunks.append(np.cumsum(deltas, dtype=np.int64)[start:])
        count = len(deltas) - start
        if block_weights is None:  # every weight is 1.0
            weight_chunks.append(np.ones(count, dtype=np.float32))
        elif isinstance(block_weights, float):  # every weight is the same
            weight_chunks.append(np.full(count, block_weights, dtype=np.float32))
        else:
            weight_chunks.append(np.asarray(block_weights, dtype=np.float32)[start:])
        if with_values:
            block_values = unpickled[2]
            size = matcher._fixedsize
            if isinstance(block_values, bytes) and size:
                block_values = [
                    block_values[i : i + size] for i in range(0, len(block_values), size)
                ]
            all_values.extend(list(block_values)[start:])
        matcher._next_block()
    batch.flush(id_chunks, weight_chunks)
    if not id_chunks:
        empty = EMPTY, np.zeros(0, dtype=np.float32)
        return (*empty, []) if with_values else empty
    arrays = np.concatenate(id_chunks).astype(np.int32), np.concatenate(weight_chunks)
    return (*arrays, all_values) if with_values else arrays
