"""The index over its life: built, kept in step, checked, repaired, rebuilt, and locked.

Small archives of fictional letters in ``tmp_path``; each test builds its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from archive.importer import import_paths
from archive.store import Store
from index import fields, writer
from index.results import FACETS, NoIndex
from index.searcher import Searcher
from index.writer import (
    BUILDING_MARK,
    CURRENT,
    Difference,
    IndexBusy,
    current_location,
    doctor,
    index_root,
    needs_rebuild,
    repair,
    sync,
)
from tests.conftest import RunCli, WriteLetter, lock_holders

#: Invented places, one per letter: each is a word found in exactly one letter.
PLACES = [
    "Quellbrook",
    "Wexcombe",
    "Marrowdene",
    "Brindlequay",
    "Fettleby",
    "Corvelmoor",
    "Ashgrindle",
    "Pellowick",
    "Tansworth",
    "Ormsgate",
    "Kestlebury",
    "Duncarrow",
]
NEW_FINGERPRINT = "feedfacefeedface"


def write_letters(write_letter: WriteLetter, count: int, start: int = 0) -> list[Path]:
    """Replies (even numbers) and MPs' letters (odd), each about its own invented place."""
    paths = []
    for number in range(start, start + count):
        place = PLACES[number]
        if number % 2 == 0:
            path = write_letter(
                f"r{number:02}.txt",
                reference=f"M{11200 + number}/16",
                date=f"{number + 1} May 2016",
                topic=f"the {place} footbridge",
            )
        else:
            path = write_letter(
                f"r{number:02}.txt",
                kind="mp",
                our_ref=f"HV/{2200 + number}",
                date=f"{number + 1} March 201{number % 7}",
                topic=f"school funding in {place}",
            )
        paths.append(path)
    return paths


def ids_by_file(store: Store) -> dict[str, str]:
    return {Path(letter.path).name: letter.id for letter in store.letters()}


def found(store: Store, query: str) -> set[str]:
    searcher = Searcher(store)
    try:
        return {hit.letter_id for hit in searcher.search(query, limit=100, facets=False).hits}
    finally:
        searcher.close()


def index_folders(store: Store) -> list[Path]:
    return sorted(p for p in index_root(store).glob("v-*") if p.is_dir())


def live_folder(store: Store) -> Path:
    location = current_location(store)
    assert location is not None
    return location[0]


def doc_count(folder: Path) -> int:
    return int(whoosh_index.open_dir(str(folder)).doc_count())


@pytest.fixture
def archive(store: Store, write_letter: WriteLetter, letters_dir: Path) -> Store:
    """Six letters, imported and indexed."""
    write_letters(write_letter, 6)
    import_paths(store, [letters_dir], workers=1)
    sync(store)
    return store


def fail_after(monkeypatch: pytest.MonkeyPatch, calls: int) -> None:
    """Make the writer crash while preparing its ``calls + 1``-th document."""
    real = writer.document_for
    made = 0

    def document_for(record: Any, text: str) -> dict[str, Any]:
        nonlocal made
        made += 1
        if made > calls:
            raise RuntimeError("the machine lost power")
        return real(record, text)

    monkeypatch.setattr(writer, "document_for", document_for)


def new_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fields, "schema_fingerprint", lambda: NEW_FINGERPRINT)
    monkeypatch.setattr(writer, "schema_fingerprint", lambda: NEW_FINGERPRINT)


# --- keeping in step ----------------------------------------------------------------------------


def test_sync_after_import_indexes_every_letter(
    store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    write_letters(write_letter, 6)
    import_paths(store, [letters_dir], workers=1)

    report = sync(store)

    assert (report.added, report.updated, report.removed, report.rebuilt) == (6, 0, 0, True)
    by_file = ids_by_file(store)
    for number, place in enumerate(PLACES[:6]):
        assert found(store, place.lower()) == {by_file[f"r{number:02}.txt"]}
    checked = doctor(store)
    assert checked.healthy
    assert (checked.letters, checked.indexed, checked.differences) == (6, 6, [])
    assert not (live_folder(store) / BUILDING_MARK).exists()


def test_sync_with_nothing_to_do_changes_nothing(archive: Store) -> None:
    folder = live_folder(archive)
    report = sync(archive)
    assert (report.added, report.updated, report.removed, report.rebuilt) == (0, 0, 0, False)
    assert live_folder(archive) == folder


def _edit(write_letter: WriteLetter, letters_dir: Path) -> None:
    write_letter("r02.txt", reference="M11202/16", topic="the Zellingford footbridge")


def _delete(write_letter: WriteLetter, letters_dir: Path) -> None:
    (letters_dir / "r02.txt").unlink()


def _add(write_letter: WriteLetter, letters_dir: Path) -> None:
    write_letters(write_letter, 1, start=6)


CHANGES: list[tuple[str, Callable[[WriteLetter, Path], None], tuple[int, int, int], dict[str, str]]]
CHANGES = [
    # (change, how, sync's (added, updated, removed), query -> the file it should find or "")
    ("edit", _edit, (0, 1, 0), {"zellingford": "r02.txt", "marrowdene": ""}),
    ("delete", _delete, (0, 0, 1), {"marrowdene": "", "m11202/16": ""}),
    ("add", _add, (1, 0, 0), {"ashgrindle": "r06.txt", "marrowdene": "r02.txt"}),
]


@pytest.mark.parametrize(
    ("change", "expected_report", "queries"),
    [(name, report, queries) for name, _how, report, queries in CHANGES],
)
def test_reimport_and_sync_follow_the_files(
    archive: Store,
    write_letter: WriteLetter,
    letters_dir: Path,
    change: str,
    expected_report: tuple[int, int, int],
    queries: dict[str, str],
) -> None:
    before = ids_by_file(archive)
    how = next(how for name, how, _r, _q in CHANGES if name == change)
    how(write_letter, letters_dir)
    import_paths(archive, [letters_dir], workers=1)

    report = sync(archive)

    assert (report.added, report.updated, report.removed) == expected_report
    after = ids_by_file(archive)
    for query, file in queries.items():
        assert found(archive, query) == ({after[file]} if file else set()), query
    if change == "edit":
        assert after["r02.txt"] == before["r02.txt"]  # the same letter, updated
    assert doctor(archive).healthy


@pytest.mark.parametrize(
    ("change", "queries"), [(name, queries) for name, _how, _report, queries in CHANGES]
)
def test_an_open_searcher_follows_the_index_once_refreshed(
    archive: Store,
    write_letter: WriteLetter,
    letters_dir: Path,
    change: str,
    queries: dict[str, str],
) -> None:
    searcher = Searcher(archive)
    before = {query: searcher.search(query).total for query in queries}  # warm any caches
    how = next(how for name, how, _r, _q in CHANGES if name == change)
    how(write_letter, letters_dir)
    import_paths(archive, [letters_dir], workers=1)
    sync(archive)

    assert searcher.refresh() is True
    assert searcher.refresh() is False

    after = ids_by_file(archive)
    for query, file in queries.items():
        hits = {hit.letter_id for hit in searcher.search(query).hits}
        assert hits == ({after[file]} if file else set()), (query, before[query])
    assert searcher.letter_count == archive.count()
    searcher.close()


# --- crashes ------------------------------------------------------------------------------------


def test_crash_while_building_keeps_the_committed_chunks(
    store: Store, write_letter: WriteLetter, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_letters(write_letter, 10)
    import_paths(store, [letters_dir], workers=1)
    with monkeypatch.context() as patch:
        fail_after(patch, 4)
        with pytest.raises(RuntimeError, match="lost power"):
            sync(store, chunk=2)

    (building,) = index_folders(store)
    assert (building / BUILDING_MARK).exists()
    assert current_location(store) is None
    assert doc_count(building) == 4  # two chunks of two were committed
    with pytest.raises(NoIndex):
        Searcher(store).search("footbridge")

    report = sync(store, chunk=2)

    assert (report.added, report.rebuilt) == (6, True)
    assert live_folder(store) == building  # resumed, not started again
    assert not (building / BUILDING_MARK).exists()
    assert doctor(store).healthy


def test_crash_while_updating_keeps_the_committed_chunks(
    archive: Store, write_letter: WriteLetter, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_letters(write_letter, 6, start=6)
    import_paths(archive, [letters_dir], workers=1)
    with monkeypatch.context() as patch:
        fail_after(patch, 3)
        with pytest.raises(RuntimeError, match="lost power"):
            sync(archive, chunk=2)

    assert doc_count(live_folder(archive)) == 6 + 2
    searcher = Searcher(archive)
    assert searcher.letter_count == 8
    searcher.close()
    problems = [d.problem for d in doctor(archive).differences]
    assert problems == ["not indexed"] * 4

    report = sync(archive, chunk=2)

    assert (report.added, report.rebuilt) == (4, False)
    assert doctor(archive).healthy
    assert len(found(archive, "")) == 12


# --- doctor and repair --------------------------------------------------------------------------


def _not_indexed(store: Store, write_letter: WriteLetter, letters_dir: Path) -> str:
    write_letters(write_letter, 1, start=6)
    import_paths(store, [letters_dir], workers=1)
    return ids_by_file(store)["r06.txt"]


def _out_of_date(store: Store, write_letter: WriteLetter, letters_dir: Path) -> str:
    write_letter("r03.txt", kind="mp", topic="the Zellingford ferry")
    import_paths(store, [letters_dir], workers=1)
    return ids_by_file(store)["r03.txt"]


def _not_in_store(store: Store, write_letter: WriteLetter, letters_dir: Path) -> str:
    letter_id = ids_by_file(store)["r04.txt"]
    (letters_dir / "r04.txt").unlink()
    import_paths(store, [letters_dir], workers=1)
    return letter_id


def _indexed_twice(store: Store, write_letter: WriteLetter, letters_dir: Path) -> str:
    letter_id = ids_by_file(store)["r05.txt"]
    ix = whoosh_index.open_dir(str(live_folder(store)))
    with ix.writer() as index_writer:
        letter = store.get(letter_id)
        assert letter is not None
        index_writer.add_document(**writer.document_for(letter, store.text(letter)))
    return letter_id


DIFFERENCES: dict[str, Callable[[Store, WriteLetter, Path], str]] = {
    "not indexed": _not_indexed,
    "out of date": _out_of_date,
    "not in the store": _not_in_store,
    "indexed twice": _indexed_twice,
}


@pytest.mark.parametrize("problem", list(DIFFERENCES))
def test_doctor_finds_each_difference_and_repair_fixes_it(
    archive: Store, write_letter: WriteLetter, letters_dir: Path, problem: str
) -> None:
    letter_id = DIFFERENCES[problem](archive, write_letter, letters_dir)

    checked = doctor(archive)

    assert checked.differences == [Difference(letter_id, problem)]
    assert not checked.healthy
    repair(archive, checked)
    assert doctor(archive).healthy
    assert doctor(archive).indexed == archive.count()


@pytest.mark.parametrize("problem", list(DIFFERENCES))
def test_cli_doctor_lists_differences_and_repairs_them(
    archive: Store, write_letter: WriteLetter, letters_dir: Path, run_cli: RunCli, problem: str
) -> None:
    letter_id = DIFFERENCES[problem](archive, write_letter, letters_dir)
    root = archive.root

    code, out, _err = run_cli("doctor", "--archive", root)
    assert code == 1
    assert f"{letter_id}: {problem}" in out
    assert "dispatchbox doctor --repair" in out

    code, out, _err = run_cli("doctor", "--json", "--archive", root)
    assert code == 1
    assert json.loads(out)["differences"] == [{"id": letter_id, "problem": problem}]

    code, out, _err = run_cli("doctor", "--repair", "--archive", root)
    assert code == 0
    assert "repaired:" in out

    code, out, _err = run_cli("doctor", "--archive", root)
    assert code == 0
    assert "all well" in out


def test_cli_doctor_on_a_healthy_archive(archive: Store, run_cli: RunCli) -> None:
    code, out, _err = run_cli("doctor", "--archive", archive.root)
    assert code == 0
    assert "store: 6 letters; index: 6 letters" in out


# --- schema changes -----------------------------------------------------------------------------


def test_schema_change_rebuilds_into_a_new_folder(
    archive: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = live_folder(archive)
    searcher = Searcher(archive)
    assert searcher.search("quellbrook").total == 1
    new_schema(monkeypatch)
    assert needs_rebuild(archive)
    assert not doctor(archive).schema_current

    report = sync(archive)

    assert (report.rebuilt, report.added) == (True, 6)
    new = live_folder(archive)
    assert new != old
    assert new.name.startswith(f"v-{NEW_FINGERPRINT}-")
    assert json.loads((index_root(archive) / CURRENT).read_text())["folder"] == new.name
    assert not old.exists()
    assert index_folders(archive) == [new]
    assert not needs_rebuild(archive)
    assert doctor(archive).healthy
    assert searcher.refresh() is True  # an open searcher moves to the new folder
    assert searcher.search("quellbrook").total == 1
    searcher.close()


def test_half_built_new_folder_is_resumed(archive: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    old = live_folder(archive)
    new_schema(monkeypatch)
    with monkeypatch.context() as patch:
        fail_after(patch, 2)
        with pytest.raises(RuntimeError, match="lost power"):
            sync(archive, chunk=2)

    (building,) = [folder for folder in index_folders(archive) if folder != old]
    assert (building / BUILDING_MARK).exists()
    assert doc_count(building) == 2
    assert live_folder(archive) == old  # the old index still answers meanwhile
    assert len(found(archive, "")) == 6

    report = sync(archive, chunk=2)

    assert (report.rebuilt, report.added) == (True, 4)
    assert live_folder(archive) == building
    assert not (building / BUILDING_MARK).exists()
    assert not old.exists()
    assert len(found(archive, "")) == 6
    assert doctor(archive).healthy


# --- one writer at a time -----------------------------------------------------------------------

_HOLD_INDEX = """\
import sys
import time

from whoosh import index

writer = index.open_dir(sys.argv[1]).writer()
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def hold_index_lock(tmp_path: Path) -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """Start another process that holds a Whoosh index's write lock until the test ends."""
    with lock_holders(tmp_path / "index-holder" / "hold_index.py", _HOLD_INDEX) as hold:
        yield hold


@pytest.mark.parametrize("procs", [1, 2])
def test_sync_while_another_process_writes_the_index_is_busy(
    archive: Store,
    write_letter: WriteLetter,
    letters_dir: Path,
    hold_index_lock: Callable[[Path], subprocess.Popen[str]],
    monkeypatch: pytest.MonkeyPatch,
    procs: int,
) -> None:
    write_letters(write_letter, 1, start=6)
    import_paths(archive, [letters_dir], workers=1)
    holder = hold_index_lock(live_folder(archive))
    monkeypatch.setattr(writer, "LOCK_TIMEOUT", 0.3)
    monkeypatch.setattr(writer, "MULTIPROCESS_FROM", 1)  # procs=2 takes the multi-process path

    with pytest.raises(IndexBusy, match="another process is writing the index; try again"):
        sync(archive, procs=procs)

    holder.kill()
    holder.wait(timeout=10)
    assert sync(archive, procs=1).added == 1


def _lock_for_reindex(store: Store, write_letter: WriteLetter, letters_dir: Path) -> list[str]:
    return ["reindex"]


def _lock_for_first_search(store: Store, write_letter: WriteLetter, letters_dir: Path) -> list[str]:
    shutil.rmtree(index_root(store))
    return ["search", "footbridge"]


def _lock_for_repair(store: Store, write_letter: WriteLetter, letters_dir: Path) -> list[str]:
    _not_indexed(store, write_letter, letters_dir)
    return ["doctor", "--repair"]


LOCKED_COMMANDS = [_lock_for_reindex, _lock_for_first_search, _lock_for_repair]


@pytest.mark.parametrize("command", LOCKED_COMMANDS, ids=lambda f: f.__name__)
def test_cli_commands_that_write_the_index_while_the_archive_is_locked_exit_5(
    archive: Store,
    write_letter: WriteLetter,
    letters_dir: Path,
    run_cli: RunCli,
    hold_writer_lock: Callable[[Path], subprocess.Popen[str]],
    command: Callable[[Store, WriteLetter, Path], list[str]],
) -> None:
    argv = command(archive, write_letter, letters_dir)
    holder = hold_writer_lock(archive.root)

    code, out, err = run_cli(*argv, "--archive", archive.root)

    assert code == 5
    assert out == "" or argv[0] == "doctor"
    assert f"process {holder.pid}" in err


# --- the CLI ------------------------------------------------------------------------------------

HIT_KEYS = {"id", "references", "date", "mp", "area", "sender_org", "direction", "score", "snippet"}


def json_lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_cli_search_prints_json_lines(archive: Store, run_cli: RunCli) -> None:
    code, out, _err = run_cli("search", "footbridge", "--json", "--archive", archive.root)

    assert code == 0
    hits = json_lines(out)
    by_file = ids_by_file(archive)
    assert {hit["id"] for hit in hits} == {by_file[f"r{n:02}.txt"] for n in (0, 2, 4)}
    for hit in hits:
        assert HIT_KEYS <= set(hit)
        assert hit["direction"] == "to_mp"
        assert hit["references"] and hit["score"] > 0
        assert "footbridge" in hit["snippet"]


def test_cli_search_with_facets_ends_with_the_counts(archive: Store, run_cli: RunCli) -> None:
    code, out, _err = run_cli(
        "search", "footbridge OR school", "--json", "--facets", "--archive", archive.root
    )

    assert code == 0
    *hits, tail = json_lines(out)
    assert len(hits) == tail["total"] == 6
    assert set(tail["facets"]) == set(FACETS)
    assert tail["facets"]["dir"] == {"to_mp": 3, "from_mp": 3}
    assert tail["facets"]["mp"] == {"Harriet Vance": 6}
    assert sum(tail["facets"]["year"].values()) == 6


def test_cli_search_without_hits_exits_1(archive: Store, run_cli: RunCli) -> None:
    code, out, err = run_cli("search", "footbrige", "--json", "--archive", archive.root)
    assert code == 1
    assert out == ""
    assert "did you mean" in err

    code, out, err = run_cli("search", "qzxvjkw", "--archive", archive.root)
    assert code == 1
    assert "no letters" in out
    assert "did you mean" not in err


@pytest.mark.parametrize(
    ("query", "position", "token"),
    [
        ("mp:", 0, "mp:"),
        ('footbridge "open', 11, '"'),
        ("footbridge OR", 11, "OR"),
        ("date:2016-13", 5, "2016-13"),
        ("mpp:vance", 0, "mpp:"),
        ("(footbridge", 0, "("),
    ],
)
def test_cli_search_query_error_exits_2_and_points_at_the_token(
    archive: Store, run_cli: RunCli, query: str, position: int, token: str
) -> None:
    code, out, err = run_cli("search", query, "--archive", archive.root)

    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith("dispatchbox: query error:")
    assert token in lines[0] and f"position {position}" in lines[0]
    assert lines[-1] == "dispatchbox:   " + " " * position + "^"


@pytest.mark.parametrize(("sort", "descending"), [("date", False), ("-date", True)])
def test_cli_search_sorts_by_date(
    archive: Store, run_cli: RunCli, sort: str, descending: bool
) -> None:
    code, out, _err = run_cli("search", "", "--json", "--sort", sort, "--archive", archive.root)

    assert code == 0
    dates = [hit["date"] for hit in json_lines(out)]
    assert len(dates) == 6
    assert dates == sorted(dates, reverse=descending)
    assert dates[0] != dates[-1]


def test_cli_similar_prints_other_letters(archive: Store, run_cli: RunCli) -> None:
    letter_id = ids_by_file(archive)["r00.txt"]

    code, out, _err = run_cli("similar", letter_id, "--json", "--archive", archive.root)

    assert code == 0
    ids = [hit["id"] for hit in json_lines(out)]
    assert ids and letter_id not in ids
    assert ids[0] in {ids_by_file(archive)[f"r{n:02}.txt"] for n in (2, 4)}  # the other replies


def test_cli_reindex_rebuilds(archive: Store, run_cli: RunCli) -> None:
    old = live_folder(archive)

    code, out, _err = run_cli("reindex", "--archive", archive.root)

    assert code == 0
    assert out.startswith("index rebuilt: 6 letters")
    assert live_folder(archive) != old
    assert not old.exists()
    assert found(archive, "quellbrook") == {ids_by_file(archive)["r00.txt"]}


def test_cli_search_builds_a_missing_index_first(archive: Store, run_cli: RunCli) -> None:
    shutil.rmtree(index_root(archive))

    code, out, err = run_cli("search", "wexcombe", "--json", "--archive", archive.root)

    assert code == 0
    assert "building the search index" in err
    assert [hit["id"] for hit in json_lines(out)] == [ids_by_file(archive)["r01.txt"]]
    assert doctor(archive).healthy


def test_indexing_reports_a_real_count_from_the_start_and_within_a_chunk(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "PROGRESS_EVERY", 10)
    calls: list[tuple[int, int]] = []
    writer.sync(sample_store, rebuild=True, progress=lambda *call: calls.append(call))
    letters = sample_store.count()
    # The total is known before the first chunk is written, and counts move within it.
    assert calls[0] == (0, letters)
    assert calls[-1] == (letters, letters)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert {total for _, total in calls} == {letters}
    assert len(calls) >= 2 + (letters - 1) // 10


def test_a_prefixs_highlights_follow_the_index_once_refreshed(
    archive: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    """A bare prefix is highlighted by the words of the index searched: a word that a new
    letter brings is highlighted once the searcher has moved to the new index, though the
    old one answered the same prefix before (prefixes are expanded once per index)."""
    searcher = Searcher(archive)
    assert searcher.search("zellingf*").total == 0
    write_letter("r90.txt", reference="M11290/16", topic="the Zellingford footbridge")
    import_paths(archive, [letters_dir], workers=1)
    sync(archive)
    assert searcher.refresh() is True
    found = searcher.search("zellingf*")
    assert found.total == 1
    snippet = found.hits[0].snippet
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["Zellingford"]
