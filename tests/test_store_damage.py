"""The store's own damage: its records file and its stored texts are checked, reported
(exit 6) and rebuilt from the source files still there; unused packs are removed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archive import integrity, texts
from archive.importer import import_paths
from archive.locking import LockedError
from archive.storage import RecordsDamaged
from archive.store import LETTERS_FILE, MANIFEST, Store, TextDamaged
from index.searcher import Searcher
from index.writer import current_location, load_pack_states, sync
from tests.conftest import RunCli, WriteLetter

EXIT_DAMAGED = 6


@pytest.fixture
def archive(store: Store, write_letter: WriteLetter, letters_dir: Path) -> dict[str, str]:
    """Three letters imported and tagged (plus a note on one): their ids by file name."""
    write_letter("a.txt", reference="M11295/16")
    write_letter("b.txt", kind="mp", our_ref="HV/1")
    write_letter("c.txt", reference="M20001/17", date="2 February 2017")
    summary = import_paths(store, [letters_dir], workers=1)
    assert summary.imported == 3
    ids = {Path(letter.path).name: letter.id for letter in store.letters()}
    for name, letter_id in ids.items():
        store.update_tags([letter_id], add=[f"kept-{name[0]}"])
    store.set_note(ids["b.txt"], "ask the council")
    return ids


def _records(store: Store) -> Path:
    return store.root / LETTERS_FILE


def _line_of(store: Store, letter_id: str) -> int:
    lines = _records(store).read_bytes().split(b"\n")
    return next(n for n, line in enumerate(lines) if letter_id.encode() in line)


def _cut_inside_last_line(store: Store) -> None:
    data = _records(store).read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    # The last record keeps its id and path, and loses the rest.
    _records(store).write_bytes(data[: data.index(b'"sha256":', last) + 20])


RECORD_DAMAGE: dict[str, Callable[[Store], object]] = {
    "emptied": lambda store: _records(store).write_bytes(b""),
    "deleted": lambda store: _records(store).unlink(),
    "truncated-between-lines": lambda store: _records(store).write_bytes(
        _records(store).read_bytes().split(b"\n")[0] + b"\n"
    ),
    "truncated-inside-a-line": _cut_inside_last_line,
    "garbled": lambda store: _records(store).write_bytes(
        _records(store).read_bytes().replace(b'"sha256":"', b'"sha256":\x00\xff', 1)
    ),
}


@pytest.mark.parametrize("damage", RECORD_DAMAGE.values(), ids=RECORD_DAMAGE.keys())
def test_damaged_records_are_reported_as_damage_not_an_empty_archive(
    store: Store, archive: dict[str, str], run_cli: RunCli, damage: Callable[[Store], object]
) -> None:
    damage(store)

    code, out, err = run_cli("search", "--archive", store.root, "Dear")
    assert code == EXIT_DAMAGED
    assert str(_records(store)) in err
    assert "dispatchbox doctor --repair" in err
    code, out, _err = run_cli("doctor", "--archive", store.root)
    assert code == EXIT_DAMAGED
    assert "records:" in out and "damaged" in out
    assert "all well" not in out


@pytest.mark.parametrize("command", ["import", "doctor --repair"])
@pytest.mark.parametrize("damage", RECORD_DAMAGE.values(), ids=RECORD_DAMAGE.keys())
def test_import_or_doctor_repair_rebuilds_damaged_records_with_annotations_attached(
    store: Store,
    archive: dict[str, str],
    letters_dir: Path,
    run_cli: RunCli,
    damage: Callable[[Store], object],
    command: str,
) -> None:
    code, _out, _err = run_cli("search", "--archive", store.root, "Dear")  # builds the index
    assert code == 0
    damage(store)

    if command == "import":
        code, out, _err = run_cli("import", "--archive", store.root, letters_dir)
    else:
        code, out, _err = run_cli("doctor", "--repair", "--archive", store.root)
    assert code == 0, out
    assert "records rebuilt" in out

    rebuilt = Store(store.root)
    assert {Path(letter.path).name: letter.id for letter in rebuilt.letters()} == archive
    for name, letter_id in archive.items():
        assert rebuilt.annotation(letter_id).tags == (f"kept-{name[0]}",)
    assert rebuilt.annotation(archive["b.txt"]).note == "ask the council"
    # The index kept (or got back) every letter: nothing was deleted on a damaged store's word.
    code, out, _err = run_cli("search", "--archive", store.root, "--json", "Dear")
    assert code == 0
    assert {json.loads(line)["id"] for line in out.splitlines()} == set(archive.values())
    assert run_cli("doctor", "--archive", store.root)[0] == 0


def test_letters_whose_files_are_gone_are_listed_as_not_recovered(
    store: Store, archive: dict[str, str], letters_dir: Path, run_cli: RunCli
) -> None:
    last = max(archive, key=lambda name: _line_of(store, archive[name]))
    _cut_inside_last_line(store)
    (letters_dir / last).unlink()

    code, out, _err = run_cli("import", "--archive", store.root, letters_dir)

    assert code == 0
    assert f"not recovered: {letters_dir / last}" in out
    assert len(Store(store.root).ids()) == 2


def test_an_emptied_records_file_names_how_many_letters_it_lost(
    store: Store, archive: dict[str, str], letters_dir: Path, run_cli: RunCli
) -> None:
    _records(store).write_bytes(b"")
    (letters_dir / "a.txt").unlink()

    code, out, _err = run_cli("import", "--archive", store.root, letters_dir)

    assert code == 0
    assert "not recovered: 1 more letters" in out


def test_the_count_allows_a_writer_caught_between_manifest_and_records(
    store: Store, archive: dict[str, str]
) -> None:
    """A crash after the manifest announced the new count but before the records were
    replaced leaves the old records, which are sound."""
    manifest = store.root / MANIFEST
    info = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**info, "letters": 3, "pending": 4}))
    assert Store(store.root).count() == 3
    manifest.write_text(json.dumps({**info, "letters": 4}))
    with pytest.raises(RecordsDamaged, match="holds 3 letters"):
        Store(store.root).count()


# -- stored texts ----------------------------------------------------------------------------


def _zero(pack: Path) -> None:
    pack.write_bytes(bytes(pack.stat().st_size))


def test_a_zeroed_text_raises_text_damaged_naming_the_letter(
    store: Store, archive: dict[str, str], letters_dir: Path
) -> None:
    letter = store.get(archive["a.txt"])
    assert letter is not None and letter.text_sha256
    _zero(store.text_file(letter))

    with pytest.raises(TextDamaged) as caught:
        Store(store.root).text(letter.id)
    assert (caught.value.letter_id, caught.value.path) == (letter.id, str(letters_dir / "a.txt"))
    assert "dispatchbox doctor --repair" in str(caught.value)


def _later(pack: Path) -> None:
    """Move the pack's modification time on a second (a clock coarser than the test's writes)."""
    info = pack.stat()
    os.utime(pack, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_a_page_of_texts_is_what_text_gives_and_a_zeroed_pack_its_error(
    store: Store, archive: dict[str, str]
) -> None:
    ids = sorted(archive.values())
    records = [r for r in store.records(ids) if r is not None]
    assert store.texts(ids, records) == [store.text(i) for i in ids]
    letter = store.get(archive["a.txt"])
    assert letter is not None
    _zero(store.text_file(letter))
    _later(store.text_file(letter))

    damaged = store.texts(ids, records)

    assert all(isinstance(text, TextDamaged) for text in damaged)
    assert [str(error) for error in damaged] == [
        str(pytest.raises(TextDamaged, store.text, i).value) for i in ids
    ]


def test_a_page_of_texts_is_hashed_again_only_once_its_pack_changed(
    store: Store, archive: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[bytes] = []
    digest = texts.digest
    monkeypatch.setattr(texts, "digest", lambda data: hashed.append(data) or digest(data))
    ids = sorted(archive.values())
    records = [r for r in store.records(ids) if r is not None]
    letter = store.get(archive["a.txt"])
    assert letter is not None

    first = store.texts(ids, records)
    assert len(hashed) == 3
    assert store.texts(ids, records) == first
    assert len(hashed) == 3
    _later(store.text_file(letter))
    assert store.texts(ids, records) == first
    assert len(hashed) == 6


def test_searches_hash_no_text_of_a_fresh_index_until_its_pack_changes(
    store: Store, archive: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sync(store)
    hashed: list[bytes] = []
    digest = texts.digest
    monkeypatch.setattr(texts, "digest", lambda data: hashed.append(data) or digest(data))
    searcher = Searcher(store)

    found = searcher.search("", sort="date")
    assert len(found.hits) == 3 and all(hit.snippet.text for hit in found.hits)
    assert hashed == []
    letter = store.get(archive["a.txt"])
    assert letter is not None
    _zero(store.text_file(letter))
    _later(store.text_file(letter))

    damaged = searcher.search("", sort="date")
    assert len(damaged.hits) == 3
    assert not any(hit.snippet.text.strip("…") for hit in damaged.hits)  # no text to show
    assert len(hashed) == 3


def test_only_an_index_that_checked_every_text_keeps_the_packs_states(
    store: Store, archive: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sync(store)
    location = current_location(store)
    assert location is not None
    assert load_pack_states(location[0]) == store.text_pack_states() != {}
    read = store.text

    def text_of_a_damaged(letter: Any, record: Any = None) -> str:
        if getattr(letter, "id", letter) == archive["a.txt"]:
            raise TextDamaged(archive["a.txt"], "a.txt", "zeroed")
        return read(letter, record)

    monkeypatch.setattr(store, "text", text_of_a_damaged)

    report = sync(store, rebuild=True)

    assert report.missing_text == (archive["a.txt"],)
    location = current_location(store)
    assert location is not None and load_pack_states(location[0]) == {}


def test_show_of_a_zeroed_text_exits_6_and_prints_no_nuls(
    store: Store, archive: dict[str, str], letters_dir: Path, run_cli: RunCli
) -> None:
    letter = store.get(archive["a.txt"])
    assert letter is not None
    _zero(store.text_file(letter))

    code, out, err = run_cli("show", "--archive", store.root, letter.id)

    assert code == EXIT_DAMAGED
    assert "\x00" not in out
    assert f"the stored text of {letters_dir / 'a.txt'}" in err
    assert "is damaged" in err and "dispatchbox doctor --repair" in err


def test_importing_again_recovers_a_zeroed_text_byte_identical(
    store: Store, archive: dict[str, str], letters_dir: Path, run_cli: RunCli
) -> None:
    letter = store.get(archive["a.txt"])
    assert letter is not None
    _zero(store.text_file(letter))

    code, out, _err = run_cli("import", "--archive", store.root, letters_dir)

    assert code == 0
    assert "recovered 3" in out  # the three letters shared the pack
    reopened = Store(store.root)
    for name, letter_id in archive.items():
        assert reopened.text(letter_id).encode() == (letters_dir / name).read_bytes()
    assert reopened.annotation(letter.id).tags == ("kept-a",)


def test_doctor_reports_damaged_texts_and_repair_reads_them_again(
    store: Store, archive: dict[str, str], letters_dir: Path, run_cli: RunCli
) -> None:
    letter = store.get(archive["a.txt"])
    assert letter is not None
    _zero(store.text_file(letter))
    (letters_dir / "c.txt").unlink()

    code, out, _err = run_cli("doctor", "--archive", store.root)
    assert code == EXIT_DAMAGED
    assert "texts: 3 damaged" in out
    code, out, _err = run_cli("doctor", "--repair", "--archive", store.root)

    assert "texts: 2 read again from their files" in out
    assert f"text not recovered: {letters_dir / 'c.txt'}" in out
    reopened = Store(store.root)
    assert reopened.text(archive["a.txt"]).encode() == (letters_dir / "a.txt").read_bytes()
    with pytest.raises(TextDamaged):
        reopened.text(archive["c.txt"])


# -- housekeeping ----------------------------------------------------------------------------


def test_doctor_repair_removes_unreferenced_packs_and_keeps_used_ones(
    store: Store, archive: dict[str, str], letters_dir: Path, run_cli: RunCli
) -> None:
    used = {p.name for p in (store.root / "texts").iterdir()}
    orphan = store.root / "texts" / "1700000000-99999-abcdef.pack"
    orphan.write_bytes(b"x" * 5000)  # what a killed import leaves
    stale = store.root / f".{LETTERS_FILE}.k3j2h1"
    stale.write_bytes(b"{}")

    found = integrity.check(Store(store.root))
    assert found.unreferenced_packs == (orphan,)
    assert found.unreferenced_bytes == 5000
    assert found.stale_files == (stale,)
    code, out, _err = run_cli("doctor", "--archive", store.root)
    assert "texts: 1 packs no letter uses" in out
    assert orphan.exists()
    code, out, _err = run_cli("doctor", "--repair", "--archive", store.root)

    assert code == 0
    assert "removed 1 unused packs" in out
    assert not orphan.exists() and not stale.exists()
    assert {p.name for p in (store.root / "texts").iterdir()} == used
    assert Store(store.root).text(archive["a.txt"]).encode() == (letters_dir / "a.txt").read_bytes()


def test_unreferenced_packs_are_left_alone_while_an_import_writes(
    store: Store,
    archive: dict[str, str],
    hold_writer_lock: Callable[[Path], object],
) -> None:
    orphan = store.root / "texts" / "1700000000-99999-abcdef.pack"
    orphan.write_bytes(b"being written")
    hold_writer_lock(store.root)

    found = integrity.check(Store(store.root))

    assert not found.packs_checked and found.unreferenced_packs == ()
    with pytest.raises(LockedError):
        integrity.repair(Store(store.root), found)
    assert orphan.exists()


@pytest.mark.parametrize("screen", ["reader", "compare"])
async def test_the_reader_and_compare_report_a_damaged_text_instead_of_showing_it(
    store: Store, archive: dict[str, str], screen: str
) -> None:
    from index.writer import sync
    from tests.tui_support import settle
    from tui.app import DispatchBoxApp
    from tui.screens.compare import CompareScreen
    from tui.screens.reader import ReaderScreen
    from tui.widgets.reader import LetterText

    sync(store)
    letter = store.get(archive["a.txt"])
    assert letter is not None
    _zero(store.text_file(letter))
    app = DispatchBoxApp(Store(store.root))
    async with app.run_test(size=(120, 40)) as pilot:
        if screen == "reader":
            app.push_screen(ReaderScreen(letter.id))
        else:
            app.push_screen(CompareScreen(archive["b.txt"], letter.id))
        await settle(pilot, lambda: isinstance(app.screen, (ReaderScreen, CompareScreen)))
        await settle(
            pilot,
            lambda: any("stored text of" in n.message for n in app._notifications),
        )
        assert any("doctor --repair" in n.message for n in app._notifications)
        if screen == "reader":
            assert "\x00" not in str(app.screen.query_one(LetterText).render())


class _Killed(BaseException):
    """The writer's process dying at a chosen write (every later write fails too)."""


@pytest.mark.parametrize(
    ("module", "nth", "left"),
    [
        ("archive.folder", 1, 3),  # before the manifest announced the new count
        ("archive.storage", 1, 3),  # while the records file was being replaced
        ("archive.folder", 2, 4),  # after the records, before the manifest's final count
    ],
    ids=["before-manifest", "during-records", "before-final-count"],
)
def test_a_writer_killed_around_the_records_replace_leaves_a_sound_archive(
    store: Store,
    archive: dict[str, str],
    write_letter: WriteLetter,
    letters_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    nth: int,
    left: int,
) -> None:
    import importlib

    target = importlib.import_module(module)
    real = target.replace_file
    calls: list[str] = []

    def dying(path: Path, payload: bytes) -> None:
        calls.append(path.name)
        if len(calls) >= nth:
            raise _Killed
        real(path, payload)

    write_letter("d.txt", reference="M40001/16")
    monkeypatch.setattr(target, "replace_file", dying)
    with pytest.raises(_Killed):
        import_paths(Store(store.root), [letters_dir], workers=1)
    monkeypatch.undo()

    assert Store(store.root).count() == left
    summary = import_paths(Store(store.root), [letters_dir], workers=1)
    assert summary.records_damage == ""
    reopened = Store(store.root)
    assert reopened.count() == 4
    assert reopened.annotation(archive["a.txt"]).tags == ("kept-a",)


def test_an_import_gives_an_archive_without_a_count_its_count(
    store: Store, archive: dict[str, str], letters_dir: Path
) -> None:
    manifest = store.root / MANIFEST
    manifest.write_text(json.dumps({"format": 1}))  # an archive from before the count
    assert Store(store.root).count() == 3

    summary = import_paths(Store(store.root), [letters_dir], workers=1)

    assert summary.unchanged == 3
    assert json.loads(manifest.read_text())["letters"] == 3
    _records(store).write_bytes(b"")
    with pytest.raises(RecordsDamaged, match="is empty"):
        Store(store.root).count()
