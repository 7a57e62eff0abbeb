"""Damaged index files: search answers rightly or says the index is damaged, never wrongly;
``doctor`` finds every such damage and ``doctor --repair`` mends it.

A small archive is built once; each case damages one kind of index file in a copy of it.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archive.importer import import_paths
from archive.store import Store
from index import columns as columns_module
from index.searcher import Searcher
from index.writer import (
    IndexDamaged,
    RepairRefused,
    current_location,
    doctor,
    open_index,
    repair,
    sync,
    sync_ids,
)
from tests.conftest import RunCli, WriteLetter, ministerial_reply, mp_letter
from tests.tui_support import Messages, settle, started, type_query
from tui.app import DispatchBoxApp

#: Queries whose answers depend on every file searching reads: columns (ids, dates, facets),
#: postings and terms, and the word list (prefixes and spelling suggestions).
QUERIES = (
    *("", "year:2016", "school", "quell*", "foot*", "funding OR footbridge", "mp:vance"),
    *("wexcoombe", "fetleby"),  # misspelt: no letters, and a suggestion
)
PLACES = ("Quellbrook", "Wexcombe", "Marrowdene", "Brindlequay", "Fettleby", "Corvelmoor")
MPS = ("Harriet Vance", "Owen Pritchard", "Nadia Farrow")

#: Each kind of file the index is made of, by its name's ending.
KINDS = (
    ".toc",
    "._stored.col",
    ".id.col",
    ".c_date.col",
    ".c_mp.col",
    ".c_area.col",
    ".c_dept.col",
    ".c_dir.col",
    ".pst",
    ".trm",
    "words.txt",
    "CHECKSUMS.json",
)


def delete(path: Path) -> None:
    path.unlink()


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zero(path: Path) -> None:
    path.write_bytes(bytes(path.stat().st_size))


def garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    start = len(data) // 3
    for position in range(start, min(len(data), start + 16)):
        data[position] ^= 0x5A
    path.write_bytes(bytes(data))


DAMAGES: dict[str, Callable[[Path], None]] = {
    "delete": delete,
    "truncate": truncate,
    "zero": zero,
    "garble": garble,
}


def answers(store: Store) -> list[Any]:
    """Everything a researcher sees for QUERIES: counts, ids in both orders, facets, hints."""
    searcher = Searcher(store)
    try:
        seen: list[Any] = []
        for query in QUERIES:
            for sort in ("-date", "relevance"):
                result = searcher.search(query, sort=sort, limit=100)
                facets = {n: [(f.value, f.count) for f in v] for n, v in result.facets.items()}
                hits = [hit.letter_id for hit in result.hits]
                seen.append((query, sort, result.total, hits, facets, result.suggestion))
        return seen
    finally:
        searcher.close()


@pytest.fixture(scope="module")
def undamaged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """Twelve letters (MPs' letters and replies, three MPs, 2014-16), indexed; their answers."""
    folder = tmp_path_factory.mktemp("letters")
    for number, place in enumerate(PLACES):
        mp = MPS[number % 3]
        (folder / f"mp{number}.txt").write_text(
            mp_letter(
                mp=mp,
                constituency=f"{place} and Rye",
                our_ref=f"HV/{2200 + number}",
                date=f"{number + 1} March {2014 + number % 3}",
                topic=f"school funding in {place}",
            )
        )
        (folder / f"reply{number}.txt").write_text(
            ministerial_reply(
                mp=mp,
                reference=f"M{11200 + number}/16",
                date=f"{number + 10} May {2015 + number % 2}",
                topic=f"the {place} footbridge",
            )
        )
    root = tmp_path_factory.mktemp("undamaged") / "archive"
    store = Store(root, create=True)
    import_paths(store, [folder], workers=1)
    sync(store)
    assert doctor(store).healthy  # no false alarm on an index as written
    expected = answers(store)
    assert [total for query, _sort, total, *_rest in expected if query == "year:2016"] == [5, 5]
    return root, expected


def damaged_copy(undamaged: Path, into: Path, kind: str, damage: str) -> Store:
    shutil.copytree(undamaged, into)
    store = Store(into)
    location = current_location(store)
    assert location is not None
    files = [p for p in location[0].iterdir() if p.name.endswith(kind)]
    assert files, f"no {kind} file in the index"
    for path in files:
        DAMAGES[damage](path)
    return store


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize("kind", KINDS)
def test_damage_is_never_a_wrong_answer_and_repair_mends_it(
    undamaged: tuple[Path, list[Any]], tmp_path: Path, kind: str, damage: str
) -> None:
    root, expected = undamaged
    store = damaged_copy(root, tmp_path / "archive", kind, damage)

    try:
        search_right = answers(store) == expected
        search_failed = False
    except IndexDamaged as error:
        assert "dispatchbox doctor --repair" in str(error)
        search_right, search_failed = False, True
    assert search_right or search_failed, "a damaged index answered wrongly"

    report = doctor(store)
    if search_failed:
        assert not report.healthy, "search found the index damaged and doctor did not"
    if report.healthy:
        return
    repair(store, report)
    assert doctor(store).healthy
    assert answers(store) == expected


def test_cli_search_on_a_damaged_index_exits_6_and_doctor_repair_mends_it(
    undamaged: tuple[Path, list[Any]], tmp_path: Path, run_cli: RunCli
) -> None:
    """The testers' case: a zeroed date column found no letter of 2016, without a word."""
    store = damaged_copy(undamaged[0], tmp_path / "archive", ".c_date.col", "zero")
    where = ("--archive", store.root)

    code, out, err = run_cli("search", "year:2016", *where)
    assert code == 6 and out == ""
    assert "the index is damaged (" in err and ".c_date.col: " in err
    assert "run `dispatchbox doctor --repair`" in err

    code, out, _err = run_cli("doctor", *where)
    assert code == 6
    assert "index damaged: " in out and ".c_date.col" in out and "all well" not in out

    code, out, _err = run_cli("doctor", "--repair", *where)
    assert code == 0 and "index rebuilt from the store (12 letters)" in out

    code, out, _err = run_cli("search", "year:2016", *where)
    assert code == 0 and "5 of 5 letters" in out


def test_a_deleted_id_column_is_damage_not_an_empty_archive(
    undamaged: tuple[Path, list[Any]], tmp_path: Path
) -> None:
    store = damaged_copy(undamaged[0], tmp_path / "archive", ".id.col", "delete")

    with pytest.raises(IndexDamaged, match=r"\.id\.col: missing"):
        Searcher(store).search("dear")
    (damage,) = doctor(store).damage
    assert damage.file.endswith(".id.col") and damage.reason == "missing"


def test_a_garbled_column_is_found_by_its_checksum_beyond_the_letters_sampled(
    undamaged: tuple[Path, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a large archive the searcher compares only a sample with the store; a garbled
    value elsewhere is caught by the column's checksum, and a later commit does not bless it."""
    monkeypatch.setattr(columns_module, "SEARCH_SAMPLE", 1)
    store = damaged_copy(undamaged[0], tmp_path / "archive", ".c_mp.col", "garble")
    sync_ids(store, [store.ids()[0]])  # a commit after the damage (a tag, a correction)

    with pytest.raises(IndexDamaged, match=r"\.c_mp\.col: changed since it was written"):
        Searcher(store).search("school")
    assert not doctor(store).healthy


def test_a_read_error_while_searching_is_reported_as_damage(
    undamaged: tuple[Path, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh's own errors from a file it reads mid-query become ``IndexDamaged``."""
    shutil.copytree(undamaged[0], tmp_path / "archive")
    searcher = Searcher(Store(tmp_path / "archive"))
    searcher.search("school")
    _searcher, columns = searcher._ready()
    assert columns.matcher is not None

    def unreadable(*_args: Any) -> Any:
        raise struct.error("bad char in struct format")

    monkeypatch.setattr(columns.matcher, "docnums", unreadable)
    with pytest.raises(IndexDamaged, match="bad char in struct format"):
        searcher.search("funding")


async def test_the_app_says_the_index_is_damaged_and_what_to_do(
    undamaged: tuple[Path, list[Any]], tmp_path: Path
) -> None:
    store = damaged_copy(undamaged[0], tmp_path / "archive", ".c_mp.col", "garble")
    seen = Messages()
    app = DispatchBoxApp(store, build_index=False)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await settle(pilot, lambda: any("damaged" in note for note in seen.notes))
    (note,) = [note for note in seen.notes if "damaged" in note]
    assert note.startswith("the index is damaged (") and ".c_mp.col: " in note
    assert note.endswith("run `dispatchbox doctor --repair`")


async def test_a_search_in_the_app_that_meets_damage_says_so(
    undamaged: tuple[Path, list[Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search worker's failure reaches the researcher as the same one-line message."""
    shutil.copytree(undamaged[0], tmp_path / "archive")
    seen = Messages()
    app = DispatchBoxApp(Store(tmp_path / "archive"), build_index=False)
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        await started(pilot)
        _searcher, columns = app.searcher._ready()

        def unreadable(*_args: Any) -> Any:
            raise struct.error("bad char in struct format")

        assert columns.matcher is not None
        monkeypatch.setattr(columns.matcher, "docnums", unreadable)
        await type_query(pilot, "school")
        await pilot.press("enter")
        await settle(pilot, lambda: any("damaged" in note for note in seen.notes))
    (note,) = {note for note in seen.notes if "damaged" in note}  # one per keystroke's search
    assert note.startswith("the index is damaged (") and "bad char in struct format" in note
    assert note.endswith("run `dispatchbox doctor --repair`")


def test_repair_never_empties_the_index_on_the_word_of_a_store_that_lost_letters(
    store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    for number in range(6):
        write_letter(f"r{number}.txt", reference=f"M{11200 + number}/16", topic=f"bridge {number}")
    import_paths(store, [letters_dir], workers=1)
    sync(store)
    for number in range(4):
        (letters_dir / f"r{number}.txt").unlink()
    import_paths(store, [letters_dir], workers=1)

    report = doctor(store)
    assert (report.letters, report.indexed) == (2, 6)
    with pytest.raises(RepairRefused, match="store holds 2 letters but the index 6 letters"):
        repair(store, report)
    ix = open_index(store)
    assert ix is not None and ix.doc_count() == 6


def test_repair_of_a_damaged_index_never_rebuilds_it_from_an_empty_store(
    undamaged: tuple[Path, list[Any]], tmp_path: Path
) -> None:
    store = damaged_copy(undamaged[0], tmp_path / "archive", ".c_date.col", "zero")
    report = doctor(store)
    assert report.damage
    report.letters = 0  # what an emptied records file reports

    with pytest.raises(RepairRefused, match="store holds 0 letters but the index 12 letters"):
        repair(store, report)
    assert current_location(store) is not None
    assert doctor(store).damage  # left as it was, for the store to be mended first
