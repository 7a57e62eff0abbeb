"""The index writer reads letters from the store as frozen dataclasses, never raw records."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh.qparser import QueryParser

from archive.importer import import_paths
from archive.models import Letter
from archive.store import Store
from index.writer import document_for, open_index, sync, sync_ids

WriteLetter = Callable[..., Path]


def refuse_raw_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, reading a raw record dict from the store fails the test."""

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the index writer read a raw record dict from the store")

    monkeypatch.setattr(Store, "record", refused)
    monkeypatch.setattr(Store, "iter_records", refused)


def indexed_ids(store: Store) -> set[str]:
    ix = open_index(store)
    assert ix is not None
    with ix.searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}


def test_sync_builds_the_index_from_letters_not_records(
    store: Store, write_letter: WriteLetter, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_letter("a.txt", reference="M11111/16")
    write_letter("b.txt", kind="mp")
    import_paths(store, [letters_dir], workers=1)
    refuse_raw_records(monkeypatch)
    report = sync(store, procs=1)
    assert report.added == 2
    assert indexed_ids(store) == set(store.ids())


def test_a_correction_reaches_the_index_through_the_letter(
    store: Store, write_letter: WriteLetter, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_letter("a.txt", reference="M11111/16")
    import_paths(store, [letters_dir], workers=1)
    sync(store, procs=1)
    (letter_id,) = store.ids()
    store.set_corrections(letter_id, {"mp": "Imogen Testwell"})
    refuse_raw_records(monkeypatch)
    sync_ids(store, [letter_id])
    ix = open_index(store)
    assert ix is not None
    with ix.searcher() as searcher:
        hits = searcher.search(QueryParser("mp", ix.schema).parse("testwell"))
        assert [hit["id"] for hit in hits] == [letter_id]
    corrected = store.get(letter_id)
    assert isinstance(corrected, Letter)
    assert document_for(corrected, store.text(corrected))["mp"] == "Imogen Testwell"
