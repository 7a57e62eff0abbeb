"""Per-letter columns read once per index generation, and orderings by date and score."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from archive.store import Store
from index.integrity import (
    SEARCH_SAMPLE,
    check_against_store,
    check_columns_present,
    column_file,
    spread,
)
from index.matching import Matcher
from index.writer import IndexDamaged


def sorted_places(texts: list[str]) -> npt.NDArray[np.int64]:
    """Each text's place (from 0) in the sorted order of ``texts``."""
    places = np.empty(len(texts), dtype=np.int64)
    places[np.argsort(np.array(texts, dtype=str), kind="stable")] = np.arange(len(texts))
    return places


@dataclass
class Column:
    """One facet's value per document, as codes into a table of distinct values."""

    codes: npt.NDArray[np.int32]
    values: list[str]  # code -> value; code 0 is "no value"
    _value_ranks: npt.NDArray[np.int64] | None = None

    def value(self, docnum: int) -> str:
        return self.values[int(self.codes[docnum])]

    def value_ranks(self) -> npt.NDArray[np.int64]:
        """Each code's place in the order of the values: facet values with the same count
        go in it (codes are given in the order the index met the values, which a rebuild
        changes)."""
        if self._value_ranks is None:
            self._value_ranks = sorted_places(self.values)
        return self._value_ranks


@dataclass
class Columns:
    """Per-document values, read once per index generation (arrays: counts at C speed)."""

    ids: list[str]
    dates: npt.NDArray[np.int32]
    facets: dict[str, Column]  # mp, area, dept, dir
    docnum: dict[str, int]
    alive: npt.NDArray[np.int32]  # every undeleted document number
    matcher: Matcher | None = None
    _id_ranks: npt.NDArray[np.int64] | None = None

    def id_ranks(self) -> npt.NDArray[np.int64]:
        """Each document's place in the order of the letters' ids, worked out on first use.

        Letters that tie in a ranking (same score, same date) go in this order: a letter's
        id comes from its content, whereas its document number depends on which writer
        process indexed it, so ordering ties by number gave another order after each rebuild.
        """
        if self._id_ranks is None:
            self._id_ranks = sorted_places(self.ids)
        return self._id_ranks


FIRST_YEAR = 1900
FACET_COLUMNS = {"mp": "c_mp", "area": "c_area", "dept": "c_dept", "dir": "c_dir"}


def by_date(
    docnums: npt.NDArray[np.int32], columns: Columns, newest_first: bool, wanted: int
) -> npt.NDArray[np.int32]:
    """The first ``wanted`` documents by date (undated last either way), ties in the order
    of the letters' ids (``Columns.id_ranks``)."""
    ranks = columns.id_ranks()
    keys = columns.dates[docnums].astype(np.int64)
    if newest_first:
        keys = -keys
    else:
        keys = np.where(keys == 0, _UNDATED_LAST, keys)
    # One key a document, none equal: the date, then the rank below it.
    keys = keys * (ranks.size + 1) + ranks[docnums]
    if wanted < docnums.size:
        cut = np.argpartition(keys, wanted - 1)[:wanted]
        order = cut[np.argsort(keys[cut])]
    else:
        order = np.argsort(keys)
    return docnums[order]


def by_score(
    docnums: npt.NDArray[np.int32],
    scores: npt.NDArray[np.float64],
    columns: Columns,
    wanted: int,
) -> list[tuple[int, float]]:
    """The ``wanted`` best-scoring documents; ties go to the newer letter, then in the order
    of the letters' ids (``Columns.id_ranks``), so the same letters come first whichever tie
    a page ends in."""
    ranks = columns.id_ranks()

    def ties(at: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
        """Newest first, then by rank: one key a document, none equal (worked out only for
        the few documents a page may hold, not for every letter a common word finds)."""
        found = docnums[at]
        return -columns.dates[found].astype(np.int64) * (ranks.size + 1) + ranks[found]

    if wanted < docnums.size:
        cut = np.argpartition(-scores, wanted - 1)[:wanted]
        edge = scores[cut].min()
        better = np.flatnonzero(scores > edge)
        tied = np.flatnonzero(scores == edge)
        need = wanted - better.size
        if need < tied.size:
            tied = tied[np.argpartition(ties(tied), need - 1)[:need]]
        cut = np.concatenate((better, tied))
    else:
        cut = np.arange(docnums.size)
    order = cut[np.lexsort((ties(cut), -scores[cut]))]
    return [(int(docnums[i]), float(scores[i])) for i in order]


#: Where an undated letter sorts in oldest-first order: after every date (YYYYMMDD).
_UNDATED_LAST = 99_999_999


def column_values(reader: Any, name: str) -> list[Any]:
    """Every document's value in column ``name``, as ``list(reader.column_reader(name))``
    gives them, faster: each segment's column is read in one piece and cut up here, where
    Whoosh seeks, reads and translates its file once a value (0.5 s of CPU at 100k letters,
    before the first results show). Text (an ``ID`` field) is decoded a segment at a time
    and numbers (an unsigned ``NUMERIC`` int) unpacked by NumPy.

    Whoosh internals used (whoosh-reloaded is pinned; tests/test_dependency_contracts.py
    checks them): ``VarBytesColumn.Reader``'s ``_dbfile``, ``_basepos`` and ``_lengths``;
    ``NumericColumn.Reader``'s ``_dbfile``, ``_basepos``, ``_count``, ``_doccount``,
    ``_typecode`` and ``_default``; any other kind of column or field is read through Whoosh.
    """
    from whoosh.columns import NumericColumn, VarBytesColumn

    values: list[Any] = []
    for leaf, _base in reader.leaf_readers():
        raw: Any = leaf.has_column(name) and leaf.column_reader(name, translate=False)
        field: Any = leaf.schema[name] if raw else None
        if type(raw) is VarBytesColumn.Reader:
            data = bytes(raw._dbfile.get(raw._basepos, sum(raw._lengths)))
            if _plain_text(field):
                values += _texts(data, raw._lengths)
            else:
                values += map(field.from_column_value, _pieces(data, raw._lengths))
        elif type(raw) is NumericColumn.Reader and _plain_count(field, raw):
            values += _numbers(raw)
        else:
            return list(reader.column_reader(name))
    return values


#: Whoosh's struct type codes for unsigned numbers (standard sizes, "!" big-endian) as
#: NumPy types: NumPy's own "L" is 8 bytes on Linux, struct's "!L" is 4.
_UNSIGNED = {"B": ">u1", "H": ">u2", "I": ">u4", "L": ">u4", "Q": ">u8"}


def _plain_text(field: Any) -> bool:
    """A field whose column values are its text in UTF-8 (Whoosh's ``ID`` and ``TEXT``)."""
    from whoosh.fields import FieldType

    kind = type(field)
    return (
        kind.from_column_value is FieldType.from_column_value
        and kind.from_bytes is FieldType.from_bytes
    )


def _plain_count(field: Any, raw: Any) -> bool:
    """An unsigned whole-number field without decimals: its column holds the numbers as
    they are (Whoosh's ``from_sortable`` and ``unprepare_number`` leave them unchanged)."""
    from whoosh.fields import NUMERIC

    return (
        type(field) is NUMERIC
        and field.numtype is int
        and not field.signed
        and not field.decimal_places
        and raw._typecode in _UNSIGNED
        and isinstance(raw._default, int)
    )


def _pieces(data: bytes, lengths: Any) -> list[bytes]:
    """Values laid end to end, cut at ``lengths``."""
    return [data[a:b] for a, b in _bounds(lengths)]


def _texts(data: bytes, lengths: Any) -> list[str]:
    """UTF-8 values laid end to end, cut at ``lengths`` (bytes)."""
    text = data.decode("utf-8")
    if len(text) == len(data):  # ASCII: a character a byte, cut the text where the bytes are
        return [text[a:b] for a, b in _bounds(lengths)]
    return [piece.decode("utf-8") for piece in _pieces(data, lengths)]


def _bounds(lengths: Any) -> zip[tuple[int, int]]:
    """Where each of the values laid end to end starts and ends, from their lengths."""
    ends: list[int] = np.cumsum(np.asarray(lengths, dtype=np.int64)).tolist()
    return zip([0, *ends[:-1]], ends, strict=True)


def _numbers(raw: Any) -> list[int]:
    """A ``NumericColumn``'s numbers, unpacked in one piece (big-endian, as Whoosh packs
    them); documents past the end written hold the column's default."""
    kind = np.dtype(_UNSIGNED[raw._typecode])
    stored = raw._dbfile.get(raw._basepos, raw._count * kind.itemsize)
    numbers: list[int] = np.frombuffer(stored, dtype=kind).tolist()
    return numbers + [raw._default] * (raw._doccount - raw._count)


def read_columns(searcher: Any, store: Store) -> Columns:
    """Every letter's column values, checked: whole, and a sample agreeing with the store."""
    reader = searcher.reader()
    total = reader.doc_count_all()
    check_columns_present(reader)

    def column(name: str) -> list[Any]:
        if total == 0:
            return []
        values = column_values(reader, name)
        if len(values) != total:
            raise IndexDamaged(
                column_file(reader, 0, name), f"{len(values)} values for {total} letters"
            )
        return values

    # One column read at a time, kept as codes before the next is read: the six read at once
    # were 600k short-lived strings at 100k letters, which left 35 MB of freed memory
    # the process kept.
    # Interned: the same strings as the store's keys and the pairing's (one copy of each id).
    ids = [sys.intern(v) if v else "" for v in column("id")]
    deleted = {d for d in range(total) if reader.is_deleted(d)} if reader.has_deletions() else set()
    nameless = [d for d in range(total) if d not in deleted and not ids[d]]
    if nameless:
        raise IndexDamaged(
            column_file(reader, nameless[0], "id"), f"{len(nameless)} letters have no id"
        )
    alive = np.asarray([d for d in range(total) if d not in deleted and ids[d]], dtype=np.int32)
    sample = spread([int(d) for d in alive], SEARCH_SAMPLE)
    #: The sampled letters' values, compared with the store once every column is read.
    sampled: dict[str, dict[int, Any]] = {"id": {d: ids[d] for d in sample}}
    facets: dict[str, Column] = {}
    for facet, name in FACET_COLUMNS.items():
        read = column(name)
        sampled[name] = {d: read[d] for d in sample}
        # Codes in the order the values are met, 0 for "no value".
        code_of: dict[str, int] = {"": 0}
        codes = np.asarray(
            [code_of.setdefault(value or "", len(code_of)) for value in read], dtype=np.int32
        )
        facets[facet] = Column(codes, list(code_of))
    read = column("c_date")
    sampled["c_date"] = {d: read[d] for d in sample}
    dates = np.asarray([v or 0 for v in read], dtype=np.int32)
    del read
    check_against_store(reader, store, sample, sampled, department=False)
    docnum = {ids[d]: int(d) for d in alive}
    return Columns(ids=ids, dates=dates, facets=facets, docnum=docnum, alive=alive)
