"""Whoosh's segment writer, with the index's own way of holding and writing postings.

Whoosh pools every posting of a segment as a ``(field, term, letter, weight, value)`` tuple,
sorts them all at commit, and writes them one call at a time. Here a segment's postings are
held by field and term, in letter order as they arrive, so a commit sorts only the terms and
writes each term's postings a block at a time. The files written are the same, byte for byte
(tests/test_segment_writer.py compares them with Whoosh's own writer): only the work to
produce them is less. The letters' text fields are analysed by ``FusedStemmingAnalyzer
.positions`` rather than through a Token per word.
"""

from __future__ import annotations

import gc
import pickle
import re
import struct
import sys
import zlib
from array import array
from collections import deque
from collections.abc import Iterator
from hashlib import md5
from itertools import chain, groupby, repeat
from operator import itemgetter, sub
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.externalsort import SortingPool
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.formats import Frequency, Positions
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from index.analysis import FusedStemmingAnalyzer
from index.phrase import ArrayPositions

#: A posting as held: (letter number, weight, encoded value).
Posting = tuple[int, float, bytes]
#: Roughly what a held posting costs in memory beyond its value, for ``limitmb``.
_POSTING_BYTES = 120


class TermPool(PostingPool):  # type: ignore[misc]
    """Postings by field and term, each term's in the order added (ascending letter numbers).

    Past ``limitmb`` the postings held are written out as one of Whoosh's sorted runs, and
    merged back at the end, as Whoosh's own pool does.
    """

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.terms: dict[str, dict[bytes, list[Posting]]] = {}
        # Letters are added in ascending order; postings merged in from another segment
        # (Whoosh's small-segment merge) come term by term, and then need sorting.
        self._last_docnum = -1
        self._in_order = True
        #: Set in a writer process that exits once its segment is written: its postings
        #: are then left for the exit to drop, not freed one by one (see ``_reset``).
        self.process_exits = False

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        self.fieldnames.add(fieldname)
        self.add_postings(fieldname, docnum, ((tbytes, 0, weight, vbytes),))

    def add_postings(self, fieldname: str, docnum: int, items: Any, boost: float = 1.0) -> None:
        """Add one letter's postings in a field, as ``field.index`` gives them: (term bytes,
        frequency, weight, value) each; each weight is multiplied by ``boost``."""
        if docnum < self._last_docnum:
            self._in_order = False
        self._last_docnum = docnum
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        if type(items) is TermPostings:
            self._add_term_postings(terms, docnum, items, boost)
            return
        size = 0
        for tbytes, _freq, weight, vbytes in items:
            posting = (docnum, weight * boost, vbytes)
            postings = terms.get(tbytes)
            if postings is None:
                terms[tbytes] = [posting]
                size += _POSTING_BYTES + 2 * len(tbytes)
            else:
                postings.append(posting)
            size += _POSTING_BYTES + (len(vbytes) if vbytes else 0)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def _add_term_postings(
        self, terms: dict[bytes, list[Posting]], docnum: int, items: TermPostings, boost: float
    ) -> None:
        """``add_postings`` for a whole letter's terms at once: the lists are found and
        appended to by C loops (``map``), with a Python step only for a term not yet held."""
        weights = items.weights if boost == 1.0 else [weight * boost for weight in items.weights]
        lists: list[Any] = list(map(terms.get, items.terms))
        size = len(lists) * _POSTING_BYTES + items.value_bytes
        if None in lists:
            for number, (tbytes, held) in enumerate(zip(items.terms, lists, strict=True)):
                if held is None:
                    lists[number] = terms[tbytes] = []
                    size += _POSTING_BYTES + 2 * len(tbytes)
        postings = zip(repeat(docnum), weights, items.values)
        deque(map(list.append, lists, postings), maxlen=0)
        self.currentsize += size
        if self.currentsize > self.limit:
            self.save()

    def grouped(self) -> Iterator[tuple[str, Iterator[tuple[bytes, list[Posting]]]]]:
        """Fields in order, each with its terms in order and their postings by letter."""
        for fieldname in sorted(self.terms):
            terms = self.terms[fieldname]
            if self._in_order:
                yield fieldname, ((tbytes, terms[tbytes]) for tbytes in sorted(terms))
            else:
                yield (
                    fieldname,
                    ((tbytes, sorted(terms[tbytes], key=_letter)) for tbytes in sorted(terms)),
                )

    def _sorted_items(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        for fieldname, terms in self.grouped():
            for tbytes, postings in terms:
                for docnum, weight, vbytes in postings:
                    yield fieldname, tbytes, docnum, weight, vbytes

    def _reset(self) -> None:
        self.terms = {}
        self._last_docnum = -1
        self._in_order = True

    def save(self) -> None:
        self.current = list(self._sorted_items())
        self._reset()
        SortingPool.save(self)
        self.currentsize = 0

    def iter_postings(self) -> Any:
        if not self.runs:
            return _Grouped(self)
        self.save()  # the rest as one more run, then all the runs merged
        return SortingPool.items(self)

    def cleanup(self) -> None:
        if self.process_exits:
            # A million postings freed one at a time took a tenth of a writer process's
            # time; the process ends with os._exit (multiprocessing), which frees nothing.
            _LEFT_FOR_EXIT.append(self.terms)
        self._reset()
        super().cleanup()


_LEFT_FOR_EXIT: list[Any] = []


def _letter(posting: Posting) -> int:
    return posting[0]


class _Grouped:
    """A pool's postings: a sorted stream of 5-tuples, or whole terms for ``write_grouped``."""

    def __init__(self, pool: TermPool) -> None:
        self.pool = pool

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        return self.pool._sorted_items()


#: Blocks of postings whose pickled data is smaller than this are written uncompressed: on a
#: rare word's one or two postings zlib saves nothing (a 56-byte block came out at 67
#: bytes) and costs about as much as writing the block. The reader reads each block's
#: compression from the block. None compresses every block, as Whoosh does.
COMPRESS_FROM: int | None = 256
#: The pickle protocol of a block's postings. Whoosh pickles them with protocol 2, which
#: has no opcode for bytes: each posting's encoded positions went in as a call to
#: ``_codecs.encode`` on a latin-1 string, which made the pickle 1.8 times the size and
#: four times slower to write and to read. Readers take either protocol (Whoosh's matcher
#: and ``index.matching`` call ``pickle.loads``; ``index.blocks`` knows both layouts), so an
#: index may hold blocks of both. 2 writes exactly what Whoosh writes.
BLOCK_PROTOCOL = 4


def write_grouped(
    fieldwriter: Any,
    schema: Any,
    postings: Any,
    *,
    compress_from: int | None = COMPRESS_FROM,
    protocol: int = BLOCK_PROTOCOL,
) -> None:
    """Write a segment's postings, a term at a time, as ``FieldWriter.add_postings`` would:
    a pool's (``_Grouped``) or a sorted stream of (field, term, letter, weight, value)."""
    if type(fieldwriter) is not W3FieldWriter:
        fieldwriter.add_postings(schema, None, iter(postings))
        return
    fields = postings.pool.grouped() if isinstance(postings, _Grouped) else _grouping(postings)
    for fieldname, terms in fields:
        fieldwriter.start_field(fieldname, schema[fieldname])
        whooshs = fieldwriter._postwriter
        if type(whooshs) is not W3PostingsWriter:
            raise TypeError(f"unexpected postings writer {type(whooshs).__name__}")
        writer = fieldwriter._postwriter = LetterPostingsWriter(
            whooshs._postfile,
            blocklimit=whooshs._blocklimit,
            compression=whooshs._compression,
            inlinelimit=whooshs._inlinelimit,
            compress_from=compress_from,
            protocol=protocol,
        )
        writer._format = fieldwriter._format
        if writer._inlinelimit <= 1 and _plain_term_file(fieldwriter._tindex):
            _write_terms(fieldwriter, writer, terms)
            fieldwriter.finish_field()
            continue
        for tbytes, term_postings in terms:
            fieldwriter._btext = tbytes
            if len(term_postings) < writer._inlinelimit:
                # Few enough to go inside the term's entry: Whoosh's own way.
                writer.start_postings(fieldwriter._format, W3TermInfo())
                for docnum, weight, value in term_postings:
                    writer.add_posting(docnum, weight, value or b"")
                fieldwriter.finish_term()
                continue
            terminfo = writer.write_term(term_postings)
            fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, terminfo.to_bytes())
        fieldwriter.finish_field()


#: Terms whose bytes are gathered before they are written (bounds what a field holds twice).
_TERMS_A_WRITE = 2048
#: A term file entry's key and value lengths (``whoosh.filedb.filetables._lengths``).
_ENTRY_LENGTHS = struct.Struct("!ii")
#: ``W3TermInfo.to_bytes`` for postings kept in the postings file: its stats, then the extent.
_TERM_INFO = struct.Struct("!BfIBBfIIqi")
_BLOCK_LENGTH = struct.Struct("!i")
#: A term info's length bytes when no field lengths are kept (``W3TermInfo``'s defaults).
_NO_MAX_LENGTH = length_to_byte(0)


def _plain_term_file(tindex: Any) -> bool:
    """Whether the term file is Whoosh's ordered hash file keyed by md5, as ``W3FieldWriter``
    makes it: the one whose ``add`` ``_write_terms`` does in bulk."""
    return type(tindex) is OrderedHashWriter and tindex.hashfn is md5_hash


def _write_terms(fieldwriter: Any, writer: LetterPostingsWriter, terms: Any) -> None:
    """Write a field's terms, their postings and their term file entries.

    Most of a segment's terms are in a few letters, so a term's fixed costs (a term info,
    two dozen calls into Whoosh's files) outweighed its postings. A term whose postings fit
    one block is encoded here in one step, and the bytes of many terms go to each file in
    one write; a longer term goes through ``write_term``. The bytes are exactly those
    ``write_term`` and the term file's ``add`` write (tests/test_segment_writer.py).
    """
    postfile = writer._postfile
    tindex = fieldwriter._tindex
    termfile = tindex.dbfile
    buckets = tindex.buckets
    offsets = tindex.index
    lastkey = tindex.lastkey
    limit = writer._blocklimit
    protocol = writer.protocol
    compressed = writer._compressed
    prefix = pack_ushort(fieldwriter._fieldid)
    fixed = writer._format.fixed_value_size()
    header = WHOOSH3_HEADER_MAGIC
    header_length = len(header) + _BLOCK_LENGTH.size
    block_parts: list[bytes] = []
    entry_parts: list[bytes] = []
    block_at = postfile.tell()
    entry_at = termfile.tell()
    held_terms = 0
    for tbytes, postings in terms:
        count = len(postings)
        if count > limit:
            # Several blocks: Whoosh's way, after what is gathered.
            postfile.write(b"".join(block_parts))
            termfile.write(b"".join(entry_parts))
            block_parts, entry_parts, held_terms = [], [], 0
            tindex.lastkey = lastkey
            terminfo = writer.write_term(postings)
            tindex.add(prefix + tbytes, terminfo.to_bytes())
            lastkey = tindex.lastkey
            block_at, entry_at = postfile.tell(), termfile.tell()
            continue
        # LetterPostingsWriter._write_postings for the one block, the last.
        docnums, weights, values = zip(*postings, strict=True)
        held = array("f", weights)
        heaviest = max(weights)
        heaviest = heaviest if heaviest > 0 else 0
        if fixed is None or fixed < 0:
            mini_values: Any = tuple(filter(None, values))
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = b"".join(filter(None, values))
        deltas = tuple(map(sub, docnums, chain((0,), docnums)))
        data = (deltas, _mini_weights(held), mini_values)
        databytes, level = compressed(pickle.dumps(data, protocol))
        infobytes = pickle.dumps((count, docnums[-1], heaviest, level, *_NO_LENGTHS), 2)
        blocklength = len(infobytes) + len(databytes)
        block_parts += (header, _BLOCK_LENGTH.pack(-blocklength), infobytes, databytes)
        extent = header_length + blocklength
        # W3TermInfo.to_bytes of the term info write_term would return (its sums start at 0).
        value = _TERM_INFO.pack(
            False,
            sum(held),
            count,
            0,
            _NO_MAX_LENGTH,
            max(0, heaviest),
            docnums[0],
            docnums[-1],
            block_at,
            extent,
        )
        block_at += extent
        # OrderedHashWriter.add, then HashWriter.add, at the term file's offset.
        key = prefix + tbytes
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        offsets.append(entry_at)
        entry_parts += (_ENTRY_LENGTHS.pack(len(key), len(value)), key, value)
        # md5_hash: the digest's last four bytes, as a big-endian number.
        hashed = int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
        buckets[hashed & 255].append((hashed, entry_at))
        entry_at += _ENTRY_LENGTHS.size + len(key) + len(value)
        lastkey = key
        held_terms += 1
        if held_terms == _TERMS_A_WRITE:
            postfile.write(b"".join(block_parts))
            termfile.write(b"".join(entry_parts))
            block_parts, entry_parts, held_terms = [], [], 0
    postfile.write(b"".join(block_parts))
    termfile.write(b"".join(entry_parts))
    tindex.lastkey = lastkey


def _grouping(items: Any) -> Iterator[tuple[str, Iterator[tuple[bytes, list[Posting]]]]]:
    """A sorted stream of postings (a pool's merged runs) by field, then term (without
    Whoosh's spelling-word entries, letter number -1, which are not postings)."""
    postings = (item for item in items if item[2] != -1)
    for fieldname, in_field in groupby(postings, key=itemgetter(0)):
        yield (
            fieldname,
            (
                (tbytes, [(docnum, weight, value) for _, _, docnum, weight, value in in_term])
                for tbytes, in_term in groupby(in_field, key=itemgetter(1))
            ),
        )


class LetterPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's postings writer, compressing a block only when it is worth it, with a zlib
    window no larger than the block (setting up zlib's full 32 KB window and hash tables
    cost more than compressing a few hundred bytes), its postings pickled with
    ``protocol`` (see ``BLOCK_PROTOCOL``)."""

    def __init__(
        self,
        postfile: Any,
        *,
        compress_from: int | None,
        protocol: int = BLOCK_PROTOCOL,
        **kwargs: Any,
    ) -> None:
        super().__init__(postfile, **kwargs)
        self.compress_from = compress_from
        self.protocol = protocol

    def _compressed(self, data: bytes) -> tuple[bytes, int]:
        level = self._compression
        if not level:
            return data, 0
        if self.compress_from is None:
            return zlib.compress(data, level), level
        if len(data) < self.compress_from:
            return data, 0
        window = min(15, max(9, (len(data) - 1).bit_length()))
        compressor = zlib.compressobj(level, zlib.DEFLATED, window, 6)
        return compressor.compress(data) + compressor.flush(), level

    def write_term(self, postings: list[Posting]) -> W3TermInfo:
        """Write one term's postings, a block at a time, and return its term info: what
        ``start_postings``, ``add_posting`` for each and ``finish_postings`` write, with
        each block's lists built by C loops rather than a Python step per posting."""
        terminfo = W3TermInfo()
        postfile = self._postfile
        startoffset = postfile.tell()
        limit = self._blocklimit
        count = len(postings)
        # Whoosh writes its header before a term's first block.
        postfile.write(WHOOSH3_HEADER_MAGIC)
        for start in range(0, count, limit):
            self._write_postings(postings[start : start + limit], terminfo, start + limit >= count)
        terminfo.set_extent(startoffset, postfile.tell() - startoffset)
        return terminfo

    def _write_postings(self, block: list[Posting], terminfo: W3TermInfo, last: bool) -> None:
        """W3PostingsWriter._write_block for ``block``, with the compression above and no
        field lengths (LetterCodec), so every block's lengths are Whoosh's "none"."""
        docnums, weights, values = zip(*block, strict=True)
        # Weights are held as 32-bit floats, as Whoosh's block holds them.
        held = array("f", weights)
        heaviest = max(weights)
        heaviest = heaviest if heaviest > 0 else 0
        # W3TermInfo.add_block, for a block without lengths.
        terminfo._weight += sum(held)
        terminfo._df += len(docnums)
        terminfo._maxweight = max(terminfo._maxweight, heaviest)
        if terminfo._minid is None:
            terminfo._minid = docnums[0]
        terminfo._maxid = docnums[-1]
        self._values = [value for value in values if value]
        data = (
            tuple(map(sub, docnums, chain((0,), docnums))),  # each id after the one before
            _mini_weights(held),
            self._mini_values(),
        )
        databytes, level = self._compressed(pickle.dumps(data, self.protocol))
        infobytes = pickle.dumps((len(docnums), docnums[-1], heaviest, level, *_NO_LENGTHS), 2)
        blocklength = len(infobytes) + len(databytes)
        postfile = self._postfile
        postfile.write_int(-blocklength if last else blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)


#: A block's shortest and longest field length, as Whoosh encodes them when it has none.
_NO_LENGTHS = (length_to_byte(None), length_to_byte(0))


def _mini_weights(weights: array[float]) -> Any:
    """W3PostingsWriter._mini_weights: None when all are 1, the one weight when all are
    the same, else all of them (counted in C, not by a generator a posting)."""
    count = len(weights)
    if weights.count(1.0) == count:
        return None
    if weights.count(weights[0]) == count:
        return weights[0]
    return tuple(weights)


class LetterSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A segment writer that pools postings by term (``TermPool``) and writes them whole."""

    #: See ``COMPRESS_FROM`` and ``BLOCK_PROTOCOL`` (None and 2 write the postings exactly
    #: as Whoosh's writer does).
    compress_from: int | None = COMPRESS_FROM
    block_protocol: int = BLOCK_PROTOCOL

    def __init__(self, ix: Any, *args: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, *args, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document``, with postings handed to the pool a field at a time."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    items = _field_items(field, value)
                    if field.scorable:
                        items = list(items.items() if type(items) is TermPostings else items)
                        length = sum(freq for _, freq, _, _ in items)
                    pool.add_postings(fieldname, docnum, items, boost)
                # Spelling words and term vectors as Whoosh's add_document writes them
                # (no field of the schema has them today).
                if field.separate_spelling():
                    spellfield = field.spelling_fieldname(fieldname)
                    for word in field.spellable_words(value):
                        pool.add((spellfield, word.encode("utf-8"), 0, 1, None))
                if field.vector:
                    vitems = field.vector.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(
                    fieldname, field, customval if field.stored else None, length
                )
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(
                        fieldname, column, field.to_column_value(customval)
                    )
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        if pdr is None:
            write_grouped(
                self.fieldwriter,
                self.schema,
                self.pool.iter_postings(),
                compress_from=self.compress_from,
                protocol=self.block_protocol,
            )
        else:
            self.fieldwriter.add_postings(self.schema, pdr, self.pool.iter_postings())
            pdr.close()
        self.fieldwriter.close()


def _field_items(field: Any, value: Any) -> Any:
    """``field.index(value)``: (term bytes, frequency, weight, value) for each term."""
    analyzer: Any = getattr(field, "analyzer", None)
    if type(analyzer) is FusedStemmingAnalyzer and isinstance(value, str):
        fmt = field.format
        # Only a format that encodes positions exactly as Positions.word_values does.
        if isinstance(fmt, Positions) and type(fmt).word_values is Positions.word_values:
            boost = fmt.field_boost
            # Arrays pay off over a letter's words; a subject line's few go word by word.
            if type(fmt).encode is _ARRAY_ENCODE and len(value) >= ARRAYS_FROM:
                grouped = analyzer.grouped_positions(value)
                if grouped is not None:
                    return _array_postings(*grouped, boost)
            encode = _array_positions if type(fmt).encode is _ARRAY_ENCODE else fmt.encode
            return [
                (word.encode("utf-8"), len(places), float(len(places)) * boost, encode(places))
                for word, places in analyzer.positions(value).items()
            ]
    if type(analyzer) is CompositeAnalyzer and isinstance(value, str):
        fmt = field.format
        steps = analyzer.items
        if (
            type(fmt) is Frequency
            and len(steps) == 2
            and type(steps[0]) is RegexTokenizer
            and not steps[0].gaps
            and type(steps[1]) is LowercaseFilter
        ):
            return _lowercase_words(steps[0].expression, value, fmt.field_boost)
    return field.index(value)


def _lowercase_words(expression: re.Pattern[str], value: str, boost: float) -> list[Any]:
    """``Frequency.word_values`` over regex tokens lower-cased (the names fields), term
    bytes first: each word once, in order of first use, with how often it occurs."""
    counts: dict[str, int] = {}
    for word in expression.findall(value):
        lowered = word.lower()
        counts[lowered] = counts.get(lowered, 0) + 1
    return [
        (word.encode("utf-8"), count, float(count) * boost, pack_uint(count))
        for word, count in counts.items()
    ]


_ARRAY_ENCODE = ArrayPositions.encode
#: Characters from which a text's positions are grouped and encoded as arrays.
ARRAYS_FROM = 200


class TermPostings(NamedTuple):
    """A letter's postings in one field, term by term (each term once)."""

    terms: list[bytes]
    frequencies: list[int]
    weights: list[float]
    values: list[bytes]
    #: The values' length together.
    value_bytes: int

    def items(self) -> Iterator[tuple[bytes, int, float, bytes]]:
        """As ``field.index`` gives them: (term, frequency, weight, value)."""
        return zip(self.terms, self.frequencies, self.weights, self.values, strict=True)


def _array_postings(
    terms: list[bytes], starts: npt.NDArray[np.int64], places: npt.NDArray[np.int64], boost: float
) -> Any:
    """(term, frequency, weight, ``ArrayPositions.encode``d positions) for each term, from
    ``FusedStemmingAnalyzer.grouped_positions``: every value cut from one buffer that holds
    them all, each a count (big-endian, as ``pack_uint``) then little-endian positions."""
    if not terms:
        return []
    counts = np.empty_like(starts)
    counts[:-1] = starts[1:] - starts[:-1]
    counts[-1] = places.size - starts[-1]
    # Term k's count goes before its positions: k places further on than its first one.
    headers = starts + np.arange(len(terms))
    shift = np.zeros(places.size, dtype=np.int64)
    shift[starts] = 1
    buffer = np.empty(len(terms) + places.size, dtype="<u4")
    buffer[np.arange(places.size) + shift.cumsum()] = places
    buffer[headers] = counts.astype(">u4").view("<u4")
    whole = buffer.tobytes()
    bounds = (headers * 4).tolist()
    ends = ((headers + counts + 1) * 4).tolist()
    values = [whole[start:end] for start, end in zip(bounds, ends, strict=True)]
    # float64 products, as ``float(len(places)) * boost`` gives.
    weights = (counts * boost).tolist()
    return TermPostings(terms, counts.tolist(), weights, values, len(whole))


def _array_positions(places: list[int]) -> bytes:
    """``ArrayPositions.encode``: the count, then the positions as little-endian 32-bit
    numbers (one C call, where ``struct.pack`` needs its format built for each list)."""
    positions = array("I", places)
    if _SWAP:
        positions.byteswap()
    return bytes(pack_uint(len(places))) + positions.tobytes()


_SWAP = sys.byteorder != "little"


class _LetterSubWriterTask(SubWriterTask):  # type: ignore[misc]
    """Whoosh's worker process, writing its segment with ``LetterSegmentWriter``."""

    def run(self) -> None:
        # This process only builds its segment and exits: the cyclic garbage collector's
        # passes over the postings it holds (millions of objects, none of them in a
        # cycle) are work for nothing; the exit returns all the memory.
        gc.disable()
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = LetterSegmentWriter(ix, _lk=False, **self.kwargs)
        writer.pool.process_exits = True
        while self.running:
            jobinfo = self.jobqueue.get()
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        # Only whole segments (multisegment): the parent adds them to the index as they are.
        fieldnames = writer.pool.fieldnames
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class LetterMpWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's multi-process writer (each process writes its own segment) with
    ``LetterSegmentWriter`` in each process."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        if not kwargs.get("multisegment"):
            raise ValueError("LetterMpWriter writes whole segments: pass multisegment=True")
        super().__init__(ix, **kwargs)

    def _new_task(self) -> Any:
        task = _LetterSubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task
