"""Whoosh's posting blocks and term files, read directly, without Whoosh's readers.

A block's letter numbers and weights are read without unpickling the positions beside them,
and a word's term info from a segment's hash table mapped into memory. ``index.matching``
falls back to Whoosh's own readers wherever these do not apply.
"""

from __future__ import annotations

import io
import itertools
import mmap
import pickle
import struct
import zlib
from functools import lru_cache
from hashlib import md5
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import fields
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb import filetables

try:
    from isal import isal_zlib as _inflater
except ImportError:  # pragma: no cover - isal is a dependency; zlib gives the same bytes
    _inflater = None  # type: ignore[assignment]
#: What inflating a damaged block raises (ISA-L's own error, or zlib's).
_DAMAGED_BLOCK: tuple[type[Exception], ...] = (zlib.error, getattr(_inflater, "error", zlib.error))
_decompress: Any = zlib.decompress if _inflater is None else _inflater.decompress


def inflate(data: bytes) -> bytes:
    """A posting block inflated: ISA-L's inflate reads the same zlib streams as zlib in
    under half the time (a phrase of two common words at 100k letters inflates about 5 MB).
    A damaged block raises ``zlib.error``, as zlib would (``index.integrity`` reports it)."""
    try:
        inflated: bytes = _decompress(data)
        return inflated
    except _DAMAGED_BLOCK as error:
        raise zlib.error(str(error)) from error


#: Pickle opcodes of the small integers a block's letter numbers are written with
#: (BININT1, BININT2, BININT: one, two or four bytes), and the number of bytes of each.
_INT_WIDTHS = {0x4B: 1, 0x4D: 2, 0x4A: 4}
_BININT1, _BINFLOAT, _NONE, _MARK = 0x4B, 0x47, 0x4E, 0x28
#: How a block's pickle begins, and what follows its tuple of letter numbers, by protocol:
#: Whoosh's protocol 2 (PROTO 2, the tuple's MARK; after it TUPLE, then BINPUT 0) and the
#: protocol 4 that index/segment_writer.py writes (PROTO 4, FRAME and its 8-byte length,
#: MARK; after it TUPLE, then MEMOIZE). A block's frame always holds its letter numbers
#: and weights: a pickle is cut into frames only past 64 KiB.
_LAYOUTS = {2: (b"\x80\x02(", 3, b"tq\x00"), 4: (b"\x80\x04\x95", 12, b"t\x94")}


def ids_and_weights(
    data: bytes, count: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32] | float | None] | None:
    """A posting block's letter-number deltas and weights (None: every weight 1; a float:
    every weight that), read from its pickle without unpickling the positions beside them;
    None when the block is not laid out as ``block_parts`` expects."""
    parts = block_parts(data, count)
    if parts is None:
        return None
    batch = Blocks()
    batch.add(parts, count)
    ids, weights = batch.arrays()
    block_weights = parts[2]
    if block_weights is None or isinstance(block_weights, float):
        return np.diff(ids, prepend=0), block_weights
    return np.diff(ids, prepend=0), weights


def block_parts(data: bytes, count: int) -> tuple[int, bytes, float | bytes | None] | None:
    """A posting block's first letter number, the bytes holding its other deltas (an
    opcode and a byte each) and its weights (None: all 1; one float; or the bytes of one
    BINFLOAT each), read from its pickle; None when the block is not laid out so (the
    caller then unpickles it whole).

    Whoosh pickles a block as ``(deltas, weights, positions)`` with protocol 2 (our segment
    writer with protocol 4: see ``_LAYOUTS``). Unpickling
    builds every position value (a ``_codecs.encode`` call each): four fifths of the time
    of a query that only needs which letters hold a word. The deltas after the first are
    almost always under 256 (one BININT1 opcode and byte each) and the weights are ``None``
    (all 1), one float or one BINFLOAT each, so ``Blocks`` reads them as strided NumPy
    views, for all of a word's blocks at once.
    """
    layout = _block_layout(data, count)
    return None if layout is None else layout[0]


def _block_layout(
    data: bytes, count: int
) -> tuple[tuple[int, bytes, float | bytes | None], int | None] | None:
    """``block_parts``, and where the block's tuple of position values starts (its MARK)
    when the pickle is protocol 4's (None for protocol 2, whose values are not plain bytes)."""
    if count < 4:
        return None  # a tuple of up to three is written without a mark
    layout = _LAYOUTS.get(data[1]) if data[:1] == b"\x80" else None
    if layout is None:
        return None
    start, mark, ids_end = layout
    if data[:3] != start or data[mark - 1] != _MARK:
        return None
    width = _INT_WIDTHS.get(data[mark])
    if width is None:
        return None
    position = mark + 1 + width
    rest = count - 1
    end = position + 2 * rest
    after = end + len(ids_end)
    if data[position:end:2] != _ONE_BYTE_OPCODES[rest] or data[end:after] != ids_end:
        return None
    first = int.from_bytes(data[mark + 1 : position], "little", signed=width == 4)
    pairs = data[position:end]
    position = after
    kind = data[position]
    # After the weights, protocol 4 (and only it) has the values' MARK next (a tuple of
    # floats is followed by TUPLE and its MEMOIZE).
    protocol4 = data[1] == 4
    if kind == _NONE:
        return (first, pairs, None), position + 1 if protocol4 else None
    if kind == _BINFLOAT:
        weight = float(np.frombuffer(data, dtype=">f8", count=1, offset=position + 1)[0])
        return (first, pairs, weight), position + 9 if protocol4 else None
    end = position + 1 + 9 * count
    if (
        kind != _MARK
        or data[position + 1 : end : 9] != _FLOAT_OPCODES[count]
        or data[end : end + 1] != b"t"
    ):
        return None
    return (first, pairs, data[position + 1 : end]), end + 2 if protocol4 else None


class Blocks:
    """Consecutive posting blocks read by ``block_parts``, made into arrays at once (a few
    NumPy calls per word, not per block of 128 letters)."""

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.firsts: list[int] = []
        self.sizes: list[int] = []
        self.pairs: list[bytes] = []
        #: Per block: its one weight (1.0 when None), or NaN when it has one per letter.
        self.scalars: list[float] = []
        self.binfloats: list[bytes] = []

    def add(self, parts: tuple[int, bytes, float | bytes | None], count: int) -> None:
        first, pairs, weights = parts
        self.firsts.append(first)
        self.sizes.append(count)
        self.pairs.append(_FIRST_SLOT)  # the first letter's place, filled in ``arrays``
        self.pairs.append(pairs)
        if isinstance(weights, bytes):
            self.scalars.append(np.nan)
            self.binfloats.append(weights)
        else:
            self.scalars.append(1.0 if weights is None else weights)

    def arrays(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """The blocks' letter numbers and weights, in order."""
        sizes = np.asarray(self.sizes, dtype=np.int64)
        firsts = np.asarray(self.firsts, dtype=np.int64)
        starts = np.cumsum(sizes) - sizes
        steps = np.frombuffer(b"".join(self.pairs), dtype=np.uint8)[1::2].astype(np.int64)
        # Each block counts from its own first letter number: count on through all of
        # them at once, then take off what the blocks before each one added.
        steps[starts] = firsts
        running = np.cumsum(steps)
        ids = running - np.repeat(running[starts] - firsts, sizes)
        if not self.binfloats and all(scalar == 1.0 for scalar in self.scalars):
            return ids, np.ones(ids.size, dtype=np.float32)
        scalars = np.asarray(self.scalars, dtype=np.float32)
        weights = np.repeat(scalars, sizes)
        if self.binfloats:
            floats = b"".join(self.binfloats)
            each = np.ndarray(
                (len(floats) // 9,), dtype=">f8", buffer=floats, offset=1, strides=(9,)
            )
            weights[np.repeat(np.isnan(scalars), sizes)] = each
        return ids, weights

    def flush(
        self, id_chunks: list[npt.NDArray[np.int64]], weight_chunks: list[npt.NDArray[np.float32]]
    ) -> None:
        """Add the blocks held to the chunks read so far, and start again."""
        if self.sizes:
            ids, weights = self.arrays()
            id_chunks.append(ids)
            weight_chunks.append(weights)
            self._clear()


class _FewPostings:
    """Letters and weights of consecutive small posting lists (kept in a term info, or a
    block of under four letters that ``block_parts`` does not read), gathered as Python
    lists and made into arrays at once: a rare word is a few letters in each of 20-odd
    segments, and arrays made per segment cost more than reading them."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.weights: list[float] = []

    def add(self, letters: list[int], weights: Any) -> None:
        """``letters`` with their weights as Whoosh writes them (None: every weight 1; one
        float: every weight that; else one a letter)."""
        self.ids += letters
        if weights is None:
            self.weights += [1.0] * len(letters)
        elif isinstance(weights, float):
            self.weights += [weights] * len(letters)
        else:
            self.weights += weights

    def flush(
        self, id_chunks: list[npt.NDArray[np.int64]], weight_chunks: list[npt.NDArray[np.float32]]
    ) -> None:
        """Add the letters held to the chunks read so far, and start again."""
        if self.ids:
            id_chunks.append(np.asarray(self.ids, dtype=np.int64))
            weight_chunks.append(np.asarray(self.weights, dtype=np.float32))
            self.ids, self.weights = [], []


class _Opcodes(dict[int, bytes]):
    """``opcode * n`` for any n, made once per n (a block holds at most a few hundred)."""

    def __init__(self, opcode: int) -> None:
        super().__init__()
        self.opcode = opcode

    def __missing__(self, n: int) -> bytes:
        made = self[n] = bytes([self.opcode]) * n
        return made


_ONE_BYTE_OPCODES = _Opcodes(_BININT1)
_FIRST_SLOT = b"K\x00"
_FLOAT_OPCODES = _Opcodes(_BINFLOAT)


#: The layout of Whoosh's on-disk hash of terms (``whoosh.filedb.filetables``): a slot is
#: the key's hash and where its entry is; an entry starts with its key's and value's lengths.
_SLOT = struct.Struct("!Iq")
_SLOT_ARRAY = np.dtype([("hash", ">u4"), ("entry", ">i8")])
_LENGTHS = struct.Struct("!ii")


class TermTable:
    """One segment's term file, looked up in memory-mapped bytes, without a system call.

    Whoosh's own lookup (``(field, word) in reader``) goes through five layers of Python
    and a seek and a read per probe: a word is looked up in every segment (26 at 100k
    letters), so a reference typed as text (its forms and its parts, five words) cost
    130 lookups, two thirds of the query. Same table, same answers, read here from the file
    mapped into memory: a probe is a slice, where a read (``os.pread``) was a system call,
    and most words a query looks up are missing from most segments, so the probes are most
    of a rare word's or a reference's time. Only the pages probed are read from disk. Where
    the file cannot be mapped (not a file on disk) the segment is asked through Whoosh.
    """

    def __init__(self, reader: Any, mapped: mmap.mmap) -> None:
        terms = reader._terms
        self._fieldmap: dict[str, int] = terms._fieldmap
        self._tables: list[tuple[int, int]] = terms._tindex.tables
        self._schema = reader.schema
        self._bytes = mapped
        self._direct: dict[str, bool] = {}

    @classmethod
    def of(cls, reader: Any) -> TermTable | None:
        terms = getattr(reader, "_terms", None)
        tindex = getattr(terms, "_tindex", None)
        handle = getattr(getattr(tindex, "dbfile", None), "file", None)
        if not isinstance(handle, io.BufferedReader | io.FileIO):
            return None
        if getattr(tindex, "hashfn", None) is not filetables.md5_hash:
            return None
        try:
            # The map holds its own handle: it outlives Whoosh closing the file.
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # not a mappable file, or an empty one
            return None
        return cls(reader, mapped)

    def direct(self, fieldname: str) -> bool:
        """True if the field's words are stored as their UTF-8 bytes, as Whoosh's text, name
        and keyword fields store them (not numbers or dates), so this table can look them up."""
        known = self._direct.get(fieldname)
        if known is None:
            field = self._schema[fieldname] if fieldname in self._schema else None
            known = self._direct[fieldname] = (
                field is not None and type(field).to_bytes is fields.FieldType.to_bytes
            )
        return known

    def numbers(self) -> dict[str, int]:
        """The number of each field in this term file (the first two bytes of its keys)."""
        return dict(self._fieldmap)

    def key_hashes(self) -> npt.NDArray[np.uint32]:
        """The hash of every key in the file, read from its hash tables' filled slots."""
        parts = [
            np.frombuffer(self._bytes, dtype=_SLOT_ARRAY, count=slots, offset=start)
            for start, slots in self._tables
            if slots
        ]
        if not parts:
            return np.zeros(0, dtype=np.uint32)
        slots_read = np.concatenate(parts)
        hashes: npt.NDArray[np.uint32] = slots_read["hash"][slots_read["entry"] != 0]
        return hashes.astype(np.uint32)

    def info(self, fieldname: str, word: str) -> Any:
        """The word's term info in this segment (its letters, where its postings are), or
        None if the segment does not have it."""
        number = self._fieldmap.get(fieldname)
        if number is None:
            return None
        return self.info_of_key(*_hashed_key(number, word))

    def info_of_key(self, key: bytes, keyhash: int) -> Any:
        """``info`` of a key made and hashed by ``_hashed_key``."""
        found = self._find(key, keyhash)
        if found is None:
            return None
        position, length = found
        return W3TermInfo.from_bytes(self._bytes[position : position + length])

    def _find(self, key: bytes, keyhash: int) -> tuple[int, int] | None:
        """Where the value of ``key`` is and its length (``HashReader.ranges_for_key``)."""
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        end = start + slots * _SLOT.size
        slot = start + ((keyhash >> 8) % slots) * _SLOT.size
        mapped = self._bytes
        for _probe in range(slots):
            slot_hash, entry = _SLOT.unpack_from(mapped, slot)
            if not entry:
                return None
            if slot_hash == keyhash:
                key_length, value_length = _LENGTHS.unpack_from(mapped, entry)
                at = entry + _LENGTHS.size
                if key_length == len(key) and mapped[at : at + key_length] == key:
                    return at + key_length, value_length
            slot += _SLOT.size
            if slot == end:
                slot = start
        return None


@lru_cache(maxsize=1024)
def _hashed_key(number: int, word: str) -> tuple[bytes, int]:
    """A word's key in a term file (its field's number, then the word) and the key's hash.

    Kept: a word is looked up in every segment under the same key, and hashing it was half
    the cost of a lookup in a segment that lacks it."""
    key = number.to_bytes(2, "big") + word.encode("utf-8")
    return key, int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")


class TermTables:
    """Every segment's ``TermTable``, and which segments may hold a word, known before
    probing any: the hash of every key of every segment, sorted together (a word's hash
    and its segment's number in one 64-bit number).

    A word is looked up in every segment (26 at 100k letters) and is missing from most:
    probing each one's table was a reference's or a rare word's largest cost. One binary
    search over the hashes names the few segments to probe (a hash shared by chance is
    probed and not found). Built on the first lookup, from the hash tables alone (about
    4 bytes a word a segment); None from ``of`` where the segments number their fields
    differently or a table cannot be read directly (the caller probes each segment then).
    """

    def __init__(self, tables: list[TermTable], numbers: dict[str, int]) -> None:
        self.tables = tables
        self._numbers = numbers
        self._sorted: npt.NDArray[np.uint64] | None = None

    @classmethod
    def of(cls, tables: list[TermTable | None]) -> TermTables | None:
        present = [table for table in tables if table is not None]
        if not present or len(present) != len(tables) or len(tables) >= 1 << 16:
            return None
        numbers = present[0].numbers()
        if any(table.numbers() != numbers for table in present[1:]):
            return None
        return cls(present, numbers)

    def _keys(self) -> npt.NDArray[np.uint64]:
        if self._sorted is None:
            keys = [
                (table.key_hashes().astype(np.uint64) << np.uint64(16)) | np.uint64(index)
                for index, table in enumerate(self.tables)
            ]
            self._sorted = np.sort(np.concatenate(keys))
        return self._sorted

    def holding(self, fieldname: str, word: str) -> list[tuple[int, Any]] | None:
        """The segments (by index) holding ``word`` in field ``fieldname`` and its term info
        in each; None if the field is not stored so that the tables can look it up."""
        number = self._numbers.get(fieldname)
        if number is None or not self.tables[0].direct(fieldname):
            return None if number is not None else []
        key, keyhash = _hashed_key(number, word)
        keys = self._keys()
        # The bounds as the keys' own type: other numbers would have the keys converted.
        bounds = np.asarray([keyhash << 16, (keyhash + 1) << 16], dtype=np.uint64)
        low, high = np.searchsorted(keys, bounds).tolist()
        found = []
        for index in (k & 0xFFFF for k in keys[low:high].tolist()):
            info = self.tables[index].info_of_key(key, keyhash)
            if info is not None:
                found.append((index, info))
        return found


#: Opcodes of a position value in a protocol 4 block: SHORT_BINBYTES (a 1-byte length),
#: BINBYTES (a 4-byte length), each followed by MEMOIZE; a tuple's end.
_SHORT_BINBYTES, _BINBYTES, _MEMOIZE, _TUPLE = 0x43, 0x42, 0x94, 0x74


class TermPositions:
    """A word's postings with their positions, as flat arrays: for each letter its number,
    its weight and how many positions it has; and every position, letter after letter.

    Built from a word's posting blocks (``term_positions``) without a ``bytes`` object per
    letter: a common word is in tens of thousands of letters.
    """

    __slots__ = ("counts", "flat", "ids", "weights")

    def __init__(
        self,
        ids: npt.NDArray[Any],  # int64 as read; index.matching keeps them as int32
        weights: npt.NDArray[np.float32],
        counts: npt.NDArray[np.int64],
        flat: npt.NDArray[np.int32],
    ) -> None:
        self.ids, self.weights, self.counts, self.flat = ids, weights, counts, flat

    @classmethod
    def from_values(
        cls, ids: npt.NDArray[Any], weights: npt.NDArray[np.float32], values: list[bytes]
    ) -> TermPositions:
        """From each letter's encoded positions (``index.phrase.ArrayPositions``)."""
        from index.phrase import positions_of

        owner, flat = positions_of(values)
        counts = np.bincount(owner, minlength=len(values)).astype(np.int64)
        return cls(ids, weights, counts, flat.astype(np.int32))

    @classmethod
    def joined(cls, parts: list[TermPositions]) -> TermPositions:
        if len(parts) == 1:
            return parts[0]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, np.zeros(0, dtype=np.float32), empty, np.zeros(0, dtype=np.int32))
        return cls(
            np.concatenate([p.ids for p in parts]),
            np.concatenate([p.weights for p in parts]),
            np.concatenate([p.counts for p in parts]),
            np.concatenate([p.flat for p in parts]),
        )

    @property
    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.weights.nbytes + self.counts.nbytes + self.flat.nbytes)


def term_positions(sources: list[tuple[Any, Any, int]]) -> TermPositions | None:
    """A word's postings and positions in every segment holding it, in letter order.

    ``sources`` are, segment by segment, its postings file, the word's term info there and
    the number of the segment's first letter. Each extent is read whole and then a block
    at a time; None if one is not laid out as Whoosh's W3 codec writes it (the caller then
    asks Whoosh's matcher). Blocks written with protocol 4 (``index.segment_writer``) have
    their position values read straight from the pickle's bytes, for all the word's blocks
    at once (``_PositionBlocks``); any other block is unpickled.
    """
    read = _sources_read(sources)
    if read is None:
        return None
    batch = _PositionBlocks()
    parts: list[TermPositions] = []
    for info, first_letter, blocks in read:
        if not blocks:
            batch.flush(parts)
            parts.append(_inlined(info, first_letter))
        for count, data in blocks:
            layout = _block_layout(data, count)
            if layout is not None and layout[1] is not None:
                first, pairs, weights = layout[0]
                batch.add(data, (first + first_letter, pairs, weights), layout[1], count, first)
            else:
                batch.flush(parts)
                parts.append(_unpickled(data, first_letter))
    batch.flush(parts)
    return TermPositions.joined(parts)


def term_postings(
    sources: list[tuple[Any, Any, int]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]] | None:
    """A word's letters and weights in every segment holding it, in letter order (deleted
    letters included); ``sources`` and None as for ``term_positions``.

    Whoosh's matcher reads a word's blocks with a seek and several reads each, and setting
    one up costs more than reading a rare word's one block: a word is read from each of the
    segments holding it (26 at 100k letters), so that set-up was most of a rare word's time.
    """
    read = _sources_read(sources)
    if read is None:
        return None
    batch = Blocks()
    few = _FewPostings()
    ids: list[npt.NDArray[np.int64]] = []
    weights: list[npt.NDArray[np.float32]] = []
    for info, first_letter, blocks in read:
        if not blocks:  # kept in the term info: its letters and weights, not its positions
            batch.flush(ids, weights)
            inlined_ids, inlined_weights, _values = info.inlined_postings()
            few.add([letter + first_letter for letter in inlined_ids], inlined_weights)
        for count, data in blocks:
            parts = block_parts(data, count)
            if parts is not None:
                few.flush(ids, weights)
                first, pairs, block_weights = parts
                batch.add((first + first_letter, pairs, block_weights), count)
                continue
            batch.flush(ids, weights)
            deltas, block_weights = pickle.loads(data)[:2]
            few.add([delta + first_letter for delta in itertools.accumulate(deltas)], block_weights)
    batch.flush(ids, weights)
    few.flush(ids, weights)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _sources_read(
    sources: list[tuple[Any, Any, int]],
) -> list[tuple[Any, int, list[tuple[int, bytes]]]] | None:
    """For each segment of ``sources``: the word's term info, the segment's first letter and
    its posting blocks (none where Whoosh keeps the postings inside the term info); None if
    an extent is not laid out as Whoosh's W3 codec writes it."""
    read = []
    for postfile, info, first_letter in sources:
        blocks = [] if info.is_inlined() else posting_blocks(postfile, info)
        if blocks is None:
            return None
        read.append((info, first_letter, blocks))
    return read


def posting_blocks(postfile: Any, info: Any) -> list[tuple[int, bytes]] | None:
    """The posting blocks of a word's extent in one segment, each as its number of letters
    and its (inflated) pickle, read with one read of the whole extent; None if the extent
    is not laid out as Whoosh's W3 codec writes it."""
    found = _block_spans(postfile, info)
    if found is None:
        return None
    extent, spans = found
    return [(span[0], _block_data(extent, span)) for span in spans]


def values_at(
    postfile: Any, info: Any, letters: list[int], kept: dict[int, Any] | None = None
) -> list[bytes | None] | None:
    """The word's encoded positions in each of ``letters`` (numbered in its segment, in
    order), None where it is missing; None if the extent is not laid out as W3 writes it.

    Only the blocks that may hold those letters are inflated and unpickled (a block's last
    letter is in its header): a phrase whose rarest word has a few letters asks a common
    word only about those, and Whoosh's matcher read each block it skipped with several
    reads and set up a matcher per segment. ``kept`` (one segment's, by extent) keeps the
    headers: reading a common part of references' ("2013") whole extent and every header,
    query after query, was most of a reference's phrase, more so as the archive grows.
    """
    if info.is_inlined():
        ids, _weights, inlined_values = info.inlined_postings()
        inlined = dict(zip(ids, inlined_values, strict=True))
        return [inlined.get(letter) for letter in letters]
    start, extent = info.extent()[0], b""
    spans = kept.get(start) if kept is not None else None
    if spans is None:
        found = _block_spans(postfile, info)
        if found is None:
            return None
        extent, spans = found
        if kept is not None:
            kept[start] = spans
    answers: list[bytes | None] = []
    block, opened = 0, -1
    held: dict[int, bytes] = {}
    for letter in letters:
        while block < len(spans) and spans[block][1] < letter:
            block += 1
        if block == len(spans):
            answers.append(None)
            continue
        if block != opened:
            _count, _last, compressed, begin, end = spans[block]
            data = extent[begin:end] if extent else postfile.get(start + begin, end - begin)
            deltas, _weights, block_values = pickle.loads(inflate(data) if compressed else data)
            if not isinstance(block_values, tuple | list):
                return None  # values of a fixed size, packed together: not a word's positions
            held = dict(zip(itertools.accumulate(deltas), block_values, strict=True))
            opened = block
        answers.append(held.get(letter))
    return answers


def _block_data(extent: bytes, span: tuple[int, int, Any, int, int]) -> bytes:
    """A block's pickle (inflated), from its span in ``_block_spans``."""
    _count, _last, compressed, start, end = span
    data = extent[start:end]
    return inflate(data) if compressed else data


def _block_spans(
    postfile: Any, info: Any
) -> tuple[bytes, list[tuple[int, int, Any, int, int]]] | None:
    """A word's extent in one segment, read with one read, and each of its posting blocks:
    its number of letters, its last letter, whether it is compressed, where its pickle
    starts and ends; None if the extent is not laid out as Whoosh's W3 codec writes it."""
    offset, length = info.extent()
    # A term info read from disk has its length as a 1-tuple (``W3TermInfo.from_bytes``).
    length = length[0] if isinstance(length, tuple) else length
    if not isinstance(offset, int) or not isinstance(length, int):
        return None
    extent = postfile.get(offset, length)
    if extent[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    stream = io.BytesIO(extent)
    position = 4
    spans = []
    while True:
        if position + 4 > len(extent):
            return None
        size = int.from_bytes(extent[position : position + 4], "big", signed=True)
        stream.seek(position + 4)
        block_info = pickle.load(stream)
        end = position + 4 + abs(size)
        spans.append((block_info[0], block_info[1], block_info[3], stream.tell(), end))
        if size < 0 or end >= len(extent):
            return extent, spans
        position = end


def _arrays(
    ids: npt.NDArray[np.int64], weights: Any
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Letter numbers with their weights as an array (Whoosh writes None when every weight
    is 1, and one float when every weight is that)."""
    if weights is None:
        return ids, np.ones(ids.size, dtype=np.float32)
    if isinstance(weights, float):
        return ids, np.full(ids.size, weights, dtype=np.float32)
    return ids, np.asarray(weights, dtype=np.float32)


def _unpickled(data: bytes, first_letter: int) -> TermPositions:
    deltas, weights, values = pickle.loads(data)
    ids = np.cumsum(np.asarray(deltas, dtype=np.int64)) + first_letter
    return TermPositions.from_values(*_arrays(ids, weights), list(values))


def _inlined(info: Any, first_letter: int) -> TermPositions:
    """The postings Whoosh keeps inside a rare word's term info (its letters hold no block)."""
    ids, weights, values = info.inlined_postings()
    letters = np.asarray(ids, dtype=np.int64) + first_letter
    return TermPositions.from_values(*_arrays(letters, weights), list(values))


class _PositionBlocks:
    """Consecutive protocol 4 blocks (``_block_layout``), their letters, weights and
    positions made into arrays at once.

    A block's values are a tuple of ``bytes``, each pickled as SHORT_BINBYTES (or BINBYTES
    past 255 bytes), the value, MEMOIZE; a value is a 4-byte count and 4 bytes a position.
    A letter's weight is its number of positions (the body's boost is 1), so where every
    value starts follows from the weights; each is then checked (its opcode, its length,
    its count, the MEMOIZE after it and the TUPLE after the last), and a batch that fails
    any check is unpickled block by block instead: the same answer either way.
    """

    def __init__(self) -> None:
        self._clear()

    def _clear(self) -> None:
        self.blocks = Blocks()
        self.datas: list[bytes] = []
        self.marks: list[int] = []
        #: Each block's first letter as numbered in its segment.
        self.locals: list[int] = []

    def add(
        self,
        data: bytes,
        parts: tuple[int, bytes, float | bytes | None],
        mark: int,
        count: int,
        local: int,
    ) -> None:
        self.blocks.add(parts, count)
        self.datas.append(data)
        self.marks.append(mark)
        self.locals.append(local)

    def flush(self, parts: list[TermPositions]) -> None:
        if not self.datas:
            return
        ids, weights = self.blocks.arrays()
        found = _read_values(self.datas, self.marks, self.blocks.sizes, weights)
        if found is None:
            parts.extend(
                _unpickled(data, first - local)
                for data, first, local in zip(
                    self.datas, self.blocks.firsts, self.locals, strict=True
                )
            )
        else:
            counts, flat = found
            parts.append(TermPositions(ids, weights, counts, flat))
        self._clear()


def _read_values(
    datas: list[bytes], marks: list[int], sizes: list[int], weights: npt.NDArray[np.float32]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]] | None:
    """Each letter's number of positions and all the positions, read from the blocks'
    bytes (see ``_PositionBlocks``); None if any check fails."""
    counts = weights.astype(np.int64)
    if not np.array_equal(counts, weights) or (counts.size and counts.min() < 1):
        return None
    whole = np.frombuffer(b"".join(datas), dtype=np.uint8)
    lengths = np.fromiter(map(len, datas), dtype=np.int64, count=len(datas))
    block_sizes = np.asarray(sizes, dtype=np.int64)
    # Where each block's values begin in the joined bytes: after its MARK.
    firsts = np.cumsum(lengths) - lengths + np.asarray(marks, dtype=np.int64) + 1
    if not (whole[firsts - 1] == _MARK).all():
        return None
    value_length = 4 + 4 * counts
    short = value_length < 256
    head = np.where(short, 2, 5)
    record = head + value_length + 1
    before = np.cumsum(record) - record
    block_start = np.cumsum(block_sizes) - block_sizes
    starts = np.repeat(firsts - before[block_start], block_sizes) + before
    ends = starts + record
    last = ends[np.cumsum(block_sizes) - 1]
    if int(ends.max()) >= whole.size:  # the values' tuple ends after them
        return None
    opcodes = np.where(short, _SHORT_BINBYTES, _BINBYTES)
    if not (
        (whole[starts] == opcodes).all()
        and (whole[ends - 1] == _MEMOIZE).all()
        and (whole[last] == _TUPLE).all()
    ):
        return None
    if short.all():
        written = whole[starts + 1].astype(np.int64)
    else:
        written = np.where(short, whole[starts + 1], _uint32(whole, starts + 1, "<u4"))
    if not np.array_equal(written, value_length):
        return None
    # Each value's own count (4 bytes, big-endian) agrees with its length: its last byte.
    if not (whole[starts + head + 3] == (counts & 0xFF)).all():
        return None
    # Every position's bytes, in order: from each value's first position to its end,
    # picked by a mask made of runs (bytes left out, then bytes kept, value after value).
    kept_from = starts + head + 4
    kept_to = ends - 1
    runs = np.empty(2 * counts.size + 1, dtype=np.int64)
    runs[0:-1:2] = kept_from - np.concatenate(([0], kept_to[:-1]))
    runs[1::2] = kept_to - kept_from
    runs[-1] = whole.size - kept_to[-1]
    mask = np.repeat(np.arange(runs.size) % 2 == 1, runs)
    # Positions are written as little-endian 32-bit numbers: read in place, not copied.
    flat: npt.NDArray[np.int32] = whole[mask].view("<i4")
    return counts, flat


def _uint32(whole: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64], dtype: str) -> Any:
    """The 4-byte numbers at ``offsets`` (not aligned) of ``whole``, as int64."""
    big = dtype.startswith(">")
    number = np.zeros(offsets.size, dtype=np.int64)
    for byte in range(4):
        number |= whole[offsets + byte].astype(np.int64) << (8 * (3 - byte if big else byte))
    return number
