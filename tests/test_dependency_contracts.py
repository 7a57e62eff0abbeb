"""What the index and the store read from inside Whoosh and TinyDB, checked against their
public behaviour, so an upgrade that changes an internal fails here, naming it, instead of
giving wrong hits or lost writes (pyproject pins both to the versions these tests passed on).
"""

from __future__ import annotations

import importlib
import inspect
import pickle
import zlib
from pathlib import Path

import numpy as np
import pytest
from tinydb import TinyDB
from tinydb.table import Table
from whoosh import fields, matching
from whoosh.filedb.filestore import FileStorage

from archive.storage import KeyedTable, clear_caches
from index.matching import _postings

#: The matcher attributes ``index.matching._postings`` reads to decode a block at once.
MATCHER_INTERNALS = (
    "_data",
    "_postfile",
    "_dataoffset",
    "_nextoffset",
    "_compression",
    "_i",
    "_fixedsize",
    "_next_block",
    "_blocklength",
)
#: What ``index.blocks.TermTable`` reads to look words up in a segment's term file
#: itself, and to make a word's matcher from the term info it found.
TERM_FILE_INTERNALS = (
    ("SegmentReader", "_terms"),
    ("W3TermsReader", "_fieldmap"),
    ("W3TermsReader", "_tindex"),
    ("W3TermsReader", "_codec"),
    ("W3TermsReader", "_postfile"),
    ("HashReader", "tables"),
    ("HashReader", "dbfile"),
    ("HashReader", "hashfn"),
    ("StructFile", "file"),
)


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("whoosh-contract")
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(phrase=False))
    index = FileStorage(str(folder)).create_index(schema)
    writer = index.writer(compound=False)  # as index/writer.py writes: files TermTable reads
    # Enough documents for several posting blocks, with varied term frequencies.
    for number in range(700):
        words = ["flood"] * (number % 4) + ["other"] * (number % 3) + [f"w{number}"]
        writer.add_document(id=str(number), body=" ".join(words))
    writer.commit()
    with index.searcher() as searcher:
        yield searcher.reader()


def test_the_posting_internals_the_index_reads_are_still_there(reader) -> None:  # type: ignore[no-untyped-def]
    matcher = reader.postings("body", "flood")
    if isinstance(matcher, matching.FilterMatcher):
        matcher = matcher.child
    missing = [name for name in MATCHER_INTERNALS if not hasattr(matcher, name)]
    assert not missing, f"Whoosh's posting matcher no longer has {missing}: see index/matching.py"
    assert hasattr(matching, "FilterMatcher"), "whoosh.matching.FilterMatcher is gone"


def test_the_term_file_internals_the_matcher_reads_are_still_there(reader) -> None:  # type: ignore[no-untyped-def]
    from whoosh.codec.whoosh3 import W3TermInfo
    from whoosh.filedb import filetables

    from index.blocks import TermTable

    terms = reader._terms
    owners = {
        "SegmentReader": reader,
        "W3TermsReader": terms,
        "HashReader": terms._tindex,
        "StructFile": terms._tindex.dbfile,
    }
    missing = [
        f"{owner}.{name}" for owner, name in TERM_FILE_INTERNALS if not hasattr(owners[owner], name)
    ]
    assert not missing, f"Whoosh no longer has {missing}: see index/blocks.py TermTable"
    assert terms._tindex.hashfn is filetables.md5_hash, "Whoosh's term hash is no longer md5_hash"
    assert hasattr(W3TermInfo, "from_bytes") and hasattr(terms._codec, "postings_reader")
    table = TermTable.of(reader)
    assert table is not None, "a segment's term file is no longer a file TermTable can read"
    found = table.info("body", "flood")
    assert found is not None and found.doc_frequency() == reader.doc_frequency("body", "flood")
    assert table.info("body", "absentword") is None


def test_a_posting_block_still_unpickles_to_ids_and_weights(reader) -> None:  # type: ignore[no-untyped-def]
    matcher = reader.postings("body", "flood")
    if matcher._data is None:
        raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        matcher._data = pickle.loads(zlib.decompress(raw) if matcher._compression else raw)
    block = matcher._data
    assert isinstance(block, tuple | list) and len(block) >= 2, (
        f"a Whoosh posting block is no longer (deltas, weights, ...): {type(block)}"
    )


@pytest.mark.parametrize("term", ["flood", "other", "w7"])
def test_reading_blocks_directly_gives_what_the_matcher_api_gives(reader, term: str) -> None:  # type: ignore[no-untyped-def]
    ids, weights = _postings(reader, "body", term)
    matcher = reader.postings("body", term)
    expected_ids, expected_weights = [], []
    while matcher.is_active():
        expected_ids.append(matcher.id())
        expected_weights.append(matcher.weight())
        matcher.next()
    assert ids.tolist() == expected_ids, f"decoded ids of {term!r} differ from Whoosh's"
    assert np.allclose(weights, expected_weights), f"decoded weights of {term!r} differ"


#: What ``index/segment_writer.py`` overrides or sets inside Whoosh's writers, by the class
#: whose source must still name it.
SEGMENT_WRITER_INTERNALS = {
    "whoosh.codec.whoosh3.W3PostingsWriter": (
        "_write_block", "_postfile", "_blockcount", "_blocklimit", "_inlinelimit", "_format",
        "_mini_values", "_compression",
    ),
    # write_grouped writes a term's entry as finish_term does, with the term info it fills.
    "whoosh.codec.whoosh3.W3FieldWriter": ("_tindex", "_fieldid", "_btext", "_format"),
    "whoosh.reading.TermInfo": ("_weight", "_df", "_maxweight", "_minid", "_maxid"),
    # _write_terms does the term file's add in bulk: its file, buckets, offsets, last key,
    # and the term info's bytes (stats struct, then offset and length).
    "whoosh.filedb.filetables.HashWriter": ("dbfile", "buckets", "hashfn", "_lengths.pack"),
    "whoosh.filedb.filetables.OrderedHashWriter": ("index", "lastkey"),
    "whoosh.codec.whoosh3.W3TermInfo": ("!BfIBBfII", "pack_long(self._offset)"),
    "whoosh.writing.SegmentWriter": ("_flush_segment", "_tempstorage", "_added", "pool"),
    "whoosh.writing.PostingPool": ("add_postings", "iter_postings", "save"),
    "whoosh.externalsort.SortingPool": ("cleanup",),
    "whoosh.multiproc.MpWriter": ("_new_task",),
    "whoosh.multiproc.SubWriterTask": ("run",),
}  # fmt: skip


@pytest.mark.parametrize("owner", sorted(SEGMENT_WRITER_INTERNALS))
def test_the_writer_internals_the_segment_writer_overrides_are_still_there(owner: str) -> None:
    module_name, class_name = owner.rsplit(".", 1)
    source = inspect.getsource(getattr(importlib.import_module(module_name), class_name))
    missing = [name for name in SEGMENT_WRITER_INTERNALS[owner] if name not in source]
    assert not missing, f"{owner} no longer names {missing}: see index/segment_writer.py"


def test_the_tinydb_internals_the_store_uses_are_still_there(tmp_path: Path) -> None:
    db = TinyDB(tmp_path / "db.json")
    db.table("t").insert({"a": 1})
    assert hasattr(db, "_tables"), "TinyDB._tables is gone: see archive/storage.clear_caches"
    assert all(hasattr(t, "clear_cache") for t in db._tables.values())
    assert callable(getattr(Table, "_update_table", None)), (
        "tinydb.table.Table._update_table is gone: see archive/store.py (annotations writes)"
    )
    assert callable(getattr(Table, "_get_next_id", None)), (
        "tinydb.table.Table._get_next_id is gone: archive/storage.KeyedTable overrides it"
    )
    clear_caches(db)  # runs on the internals it names


def test_update_table_still_applies_a_change_to_the_stored_documents(tmp_path: Path) -> None:
    db = TinyDB(tmp_path / "db.json")
    table = db.table("t")
    table.insert({"a": 1})

    def change(documents: dict[str, dict[str, int]]) -> None:
        for document in documents.values():
            document["a"] = 2

    table._update_table(change)  # type: ignore[arg-type]
    assert TinyDB(tmp_path / "db.json").table("t").all() == [{"a": 2}], (
        "Table._update_table no longer writes the change through to storage"
    )


def test_a_keyed_table_keeps_string_ids(tmp_path: Path) -> None:
    db = TinyDB(tmp_path / "db.json")
    db.table_class = KeyedTable  # type: ignore[misc]
    table = db.table("letters")
    from tinydb.table import Document

    table.insert(Document({"x": 1}, doc_id="abc123"))
    assert [doc.doc_id for doc in table.all()] == ["abc123"], (
        "TinyDB's document_id_class no longer keeps the archive's string ids"
    )


def test_columns_read_in_one_piece_are_whoosh_s_own_values(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from whoosh.columns import NumericColumn, VarBytesColumn

    from index.columns import column_values

    folder = tmp_path_factory.mktemp("whoosh-columns")
    schema = fields.Schema(
        mp=fields.ID(sortable=True), day=fields.NUMERIC(int, bits=32, signed=False, sortable=True)
    )
    index = FileStorage(str(folder)).create_index(schema)
    names = ["Ann Jones", "", "Zoë Ó Briain", "Bob Smith", "Ann Jones"]
    # Several segments, read as one column as Whoosh reads them: text with and without
    # letters beyond ASCII (decoded two ways), and days missing from the last documents.
    for segment, written in enumerate((names, names * 2, names * 3, ["Bob Smith", "Cy"] * 3)):
        writer = index.writer(compound=False)
        for number, name in enumerate(written):
            day = 20100101 + number + 100 * segment if number < 4 else None
            writer.add_document(mp=name, **({"day": day} if day else {}))
        writer.commit(merge=False)
    with index.searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) == 4
        leaf = next(iter(reader.leaf_readers()))[0]
        raw = leaf.column_reader("mp", translate=False)
        assert type(raw) is VarBytesColumn.Reader, "Whoosh's ID column is no longer VarBytes"
        missing = [n for n in ("_dbfile", "_basepos", "_lengths") if not hasattr(raw, n)]
        assert not missing, f"VarBytesColumn.Reader no longer has {missing}: see index/columns.py"
        days = leaf.column_reader("day", translate=False)
        assert type(days) is NumericColumn.Reader, "Whoosh's NUMERIC column is no longer Numeric"
        wanted = ("_dbfile", "_basepos", "_count", "_doccount", "_typecode", "_default")
        missing = [n for n in wanted if not hasattr(days, n)]
        assert not missing, f"NumericColumn.Reader no longer has {missing}: see index/columns.py"
        for name in ("mp", "day"):
            assert column_values(reader, name) == list(reader.column_reader(name))
        assert column_values(reader, "mp")[:5] == names
        assert column_values(reader, "day")[4] == days._default  # not given
