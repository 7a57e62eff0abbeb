"""Whoosh's posting blocks and term files, read directly, without Whoosh's readers.

A block's letter numbers and weights are read without unpickling the positions beside them,
and a word's term info with one read per probe of a segment's hash table. ``index.matching``
falls back to Whoosh's own readers wherever these do not apply.
"""

from __future__ import annotations

import io
import os
import struct
from hashlib import md5
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import fields
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb import filetables

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
    if kind == _NONE:
        return first, pairs, None
    if kind == _BINFLOAT:
        weight = float(np.frombuffer(data, dtype=">f8", count=1, offset=position + 1)[0])
        return first, pairs, weight
    end = position + 1 + 9 * count
    if (
        kind != _MARK
        or data[position + 1 : end : 9] != _FLOAT_OPCODES[count]
        or data[end : end + 1] != b"t"
    ):
        return None
    return first, pairs, data[position + 1 : end]


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
_LENGTHS = struct.Struct("!ii")


class TermTable:
    """One segment's term file, looked up with one read per probe of its hash table.

    Whoosh's own lookup (``(field, word) in reader``) goes through five layers of Python
    and a seek and a read per probe: a word is looked up in every segment (26 at 100k
    letters), so a reference typed as text (its forms and its parts, five words) cost
    130 lookups, two thirds of the query. Same table, same answers, read here with
    ``os.pread``; where that is not possible (no ``os.pread``, a file not on disk) the
    segment is asked through Whoosh as before.
    """

    def __init__(self, reader: Any, fd: int) -> None:
        terms = reader._terms
        self._fieldmap: dict[str, int] = terms._fieldmap
        self._tables: list[tuple[int, int]] = terms._tindex.tables
        self._schema = reader.schema
        self._fd = fd
        self._direct: dict[str, bool] = {}

    @classmethod
    def of(cls, reader: Any) -> TermTable | None:
        pread = getattr(os, "pread", None)
        terms = getattr(reader, "_terms", None)
        tindex = getattr(terms, "_tindex", None)
        handle = getattr(getattr(tindex, "dbfile", None), "file", None)
        if pread is None or not isinstance(handle, io.BufferedReader | io.FileIO):
            return None
        if getattr(tindex, "hashfn", None) is not filetables.md5_hash:
            return None
        return cls(reader, handle.fileno())

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

    def info(self, fieldname: str, word: str) -> Any:
        """The word's term info in this segment (its letters, where its postings are), or
        None if the segment does not have it."""
        number = self._fieldmap.get(fieldname)
        if number is None:
            return None
        key = number.to_bytes(2, "big") + word.encode("utf-8")
        found = self._find(key)
        if found is None:
            return None
        position, length = found
        return W3TermInfo.from_bytes(os.pread(self._fd, length, position))

    def _find(self, key: bytes) -> tuple[int, int] | None:
        """Where the value of ``key`` is and its length (``HashReader.ranges_for_key``)."""
        keyhash = int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        end = start + slots * _SLOT.size
        slot = start + ((keyhash >> 8) % slots) * _SLOT.size
        for _probe in range(slots):
            slot_hash, entry = _SLOT.unpack(os.pread(self._fd, _SLOT.size, slot))
            if not entry:
                return None
            if slot_hash == keyhash:
                head = os.pread(self._fd, _LENGTHS.size + len(key), entry)
                key_length, value_length = _LENGTHS.unpack_from(head)
                if key_length == len(key) and head[_LENGTHS.size :] == key:
                    return entry + _LENGTHS.size + key_length, value_length
            slot += _SLOT.size
            if slot == end:
                slot = start
        return None
