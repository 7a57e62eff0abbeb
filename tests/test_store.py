"""The store: opening archives, damaged and busy files, lookups, tags, notes and texts."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.importer import import_paths
from archive.locking import LockedError
from archive.models import Letter
from archive.storage import StorageError
from archive.store import (
    ANNOTATIONS_FILE,
    LETTERS_FILE,
    MANIFEST,
    AmbiguousLetter,
    ArchiveError,
    ArchiveMissing,
    LetterNotFound,
    Store,
    TextMissing,
    normalise_reference,
    validate_tag,
)
from tests.conftest import ministerial_reply, mp_letter

WriteLetter = Callable[..., Path]


def import_letters(store: Store, folder: Path) -> dict[str, Letter]:
    """Import ``folder`` and return its letters by file name."""
    summary = import_paths(store, [folder], workers=1)
    assert summary.failed == ()
    return {Path(letter.path).name: letter for letter in store.letters()}


@pytest.fixture
def four_letters(store: Store, write_letter: WriteLetter, letters_dir: Path) -> dict[str, Letter]:
    """Two letters share reference M20001/17; the others have references of their own."""
    write_letter("a.txt", reference="M11295/16")
    write_letter("b.txt", mp="Owen Treharne", reference="M20001/17", date="2 February 2017")
    write_letter(
        "c.txt",
        mp="Owen Treharne",
        reference="M20001/17",
        date="9 March 2017",
        topic="the closure of the ticket office at Wexcombe",
    )
    write_letter("d.txt", kind="mp", our_ref="HV/2231")
    return import_letters(store, letters_dir)


# --- opening --------------------------------------------------------------------------------


def test_create_writes_a_manifest_and_reopens(tmp_path: Path) -> None:
    root = tmp_path / "new" / "archive"
    created = Store(root, create=True)
    assert created.count() == 0
    assert json.loads((root / MANIFEST).read_text())["format"] == 1
    assert Store(root).count() == 0


@pytest.mark.parametrize(
    "prepare",
    [
        pytest.param(lambda root: None, id="no-folder"),
        pytest.param(lambda root: root.mkdir(), id="empty-folder"),
        pytest.param(
            lambda root: (root.mkdir(), (root / "notes.txt").write_text("Kelmscott\n")),
            id="folder-of-other-files",
        ),
    ],
)
def test_opening_a_folder_without_an_archive_raises_archive_missing(
    tmp_path: Path, prepare: Callable[[Path], object]
) -> None:
    root = tmp_path / "archive"
    prepare(root)
    before = sorted(p.name for p in root.iterdir()) if root.exists() else None
    with pytest.raises(ArchiveMissing, match=str(root)):
        Store(root)
    assert (sorted(p.name for p in root.iterdir()) if root.exists() else None) == before


def test_create_refuses_a_file_in_the_way(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.write_text("not a folder")
    with pytest.raises(ArchiveError, match="is a file"):
        Store(root, create=True)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ('{"format": 99}', "newer than this Dispatch Box"),
        ('{"format": ', "unreadable archive manifest"),
    ],
)
def test_a_bad_manifest_is_an_archive_error(tmp_path: Path, manifest: str, message: str) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    (root / MANIFEST).write_text(manifest)
    with pytest.raises(ArchiveError, match=message):
        Store(root)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b'{"id": "abc", "path": "/x', "damaged at line 1", id="truncated"),
        pytest.param(b"\x00\x17\x99 not json", "damaged at line 1", id="binary"),
        pytest.param(b'{"id": "a"}\n[1, 2, 3]', "damaged at line 2", id="a-list"),
    ],
)
def test_a_damaged_letters_file_raises_storage_error_and_is_left_untouched(
    store: Store, content: bytes, message: str
) -> None:
    letters_file = store.root / LETTERS_FILE
    letters_file.write_bytes(content)
    reopened = Store(store.root)
    with pytest.raises(StorageError, match=message) as caught:
        reopened.count()
    assert str(letters_file) in str(caught.value)
    with pytest.raises(StorageError, match=message), reopened.writer():
        pass
    assert letters_file.read_bytes() == content


def test_a_writer_that_meets_a_damaged_file_leaves_the_archive_unlocked(store: Store) -> None:
    letters_file = store.root / LETTERS_FILE
    letters_file.write_bytes(b'{"letters": ')
    reopened = Store(store.root)
    with pytest.raises(StorageError), reopened.writer():
        pass

    letters_file.write_bytes(b"")  # restored from a backup (of an empty archive)

    with reopened.writer() as writer:
        assert writer.pending == 0


# --- atomic writes --------------------------------------------------------------------------


def _fail_replacing(monkeypatch: pytest.MonkeyPatch, file_name: str) -> None:
    """Make the rename that installs ``file_name`` fail, as a full disk would."""
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).name == file_name:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_a_failed_letters_write_keeps_the_previous_file(
    store: Store,
    write_letter: WriteLetter,
    letters_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_letter("a.txt")
    import_letters(store, letters_dir)
    letters_file = store.root / LETTERS_FILE
    before = letters_file.read_bytes()
    write_letter("b.txt", mp="Owen Treharne", reference="M20001/17")
    _fail_replacing(monkeypatch, LETTERS_FILE)

    with pytest.raises(StorageError, match="No space left on device") as caught:
        import_paths(store, [letters_dir], workers=1)

    assert str(letters_file) in str(caught.value)
    assert letters_file.read_bytes() == before
    assert not [p.name for p in store.root.iterdir() if p.name.startswith(f".{LETTERS_FILE}.")]
    monkeypatch.undo()
    assert [Path(letter.path).name for letter in Store(store.root).letters()] == ["a.txt"]


def test_a_failed_annotations_write_keeps_the_previous_notes(
    four_letters: dict[str, Letter], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    letter_id = four_letters["a.txt"].id
    store.set_note(letter_id, "Ask the operator for the 2015 timetable.")
    _fail_replacing(monkeypatch, ANNOTATIONS_FILE)

    with pytest.raises(StorageError, match="No space left on device"):
        store.set_note(letter_id, "A replacement that never reaches the disk.")

    monkeypatch.undo()
    reopened = Store(store.root)
    assert reopened.annotation(letter_id).note == "Ask the operator for the 2015 timetable."


# --- one writer at a time -------------------------------------------------------------------


def test_a_second_writer_is_told_who_holds_the_lock(
    store: Store, hold_writer_lock: Callable[[Path], subprocess.Popen[str]]
) -> None:
    holder = hold_writer_lock(store.root)

    with pytest.raises(LockedError) as caught:
        with store.writer("import"):
            pass

    message = str(caught.value)
    assert f"process {holder.pid}" in message
    assert "hold_writer.py" in message
    assert message.startswith("import: the archive is being written by")

    holder.kill()
    holder.wait(timeout=10)
    with store.writer("import") as writer:  # the kernel dropped the dead holder's lock
        assert writer.pending == 0


# --- finding letters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("{a}", "a.txt"),
        ("  {a}  ", "a.txt"),
        ("{a6}", "a.txt"),
        ("M11295/16", "a.txt"),
        ("m11295/16", "a.txt"),
        (" m 11295/16 ", "a.txt"),
        ("M11295/16.", "a.txt"),
        ("hv/2231", "d.txt"),
        ("{b}", "b.txt"),
    ],
)
def test_resolve_by_id_prefix_or_reference(
    four_letters: dict[str, Letter], store: Store, name: str, expected: str
) -> None:
    ids = {"a": four_letters["a.txt"].id, "b": four_letters["b.txt"].id}
    wanted = name.format(a=ids["a"], a6=ids["a"][:6], b=ids["b"])
    assert store.resolve(wanted).id == four_letters[expected].id


def test_a_reference_one_case_carries_on_several_letters_names_the_earliest(
    four_letters: dict[str, Letter], store: Store
) -> None:
    # Two replies to one MP under one department reference: one exchange, not an ambiguity.
    assert store.resolve("m20001/17").id == four_letters["b.txt"].id


def _with_line(text: str, after: str, line: str) -> str:
    head, tail = text.split(after, 1)
    return f"{head}{after}{line}{tail}"


def test_a_shared_reference_names_the_letter_whose_own_reference_it_is(
    store: Store, letters_dir: Path
) -> None:
    (letters_dir / "1-mp.txt").write_text(mp_letter(our_ref="HV/7001", date="3 April 2017"))
    reply = ministerial_reply(mp="Harriet Vance", reference="M30001/17", date="2 May 2017")
    reply = _with_line(reply, "CTS Reference: M30001/17\n", "Your ref: HV/7001\n")
    (letters_dir / "2-reply.txt").write_text(reply)
    follow_up = mp_letter(our_ref="HV/7001", date="9 June 2017")
    follow_up = _with_line(follow_up, "Our ref: HV/7001\n", "Your ref: M30001/17\n")
    (letters_dir / "3-follow-up.txt").write_text(follow_up)
    letters = import_letters(store, letters_dir)

    # The MP's reference, quoted by the reply: the MP's letter (the earliest of the two that
    # give it as their own). The department's, quoted by the follow-up: the reply.
    assert store.resolve("hv/7001").id == letters["1-mp.txt"].id
    assert store.resolve("M30001/17").id == letters["2-reply.txt"].id


def test_a_reference_shared_by_unrelated_letters_lists_them_with_their_parties(
    store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    write_letter("a.txt", mp="Owen Treharne", reference="M40001/17", date="2 February 2017")
    write_letter("b.txt", mp="Idris Vane", reference="M40001/17", date="9 March 2017")
    import_letters(store, letters_dir)
    with pytest.raises(AmbiguousLetter) as caught:
        store.resolve("m40001/17")
    message = str(caught.value)
    assert "2 unrelated letters" in message
    assert "(2017-02-02, Tobias Wrenfield to Owen Treharne)" in message
    assert "(2017-03-09, Tobias Wrenfield to Idris Vane)" in message


@pytest.mark.parametrize(
    "name", ["M99999/99", "{a5}", "Kelmscott", "", "{a}0"], ids=lambda n: n or "empty"
)
def test_resolve_unknown_names_raises_letter_not_found(
    four_letters: dict[str, Letter], store: Store, name: str
) -> None:
    wanted = name.format(a=four_letters["a.txt"].id, a5=four_letters["a.txt"].id[:5])
    with pytest.raises(LetterNotFound, match="no letter has the id or reference"):
        store.resolve(wanted)


@pytest.mark.parametrize(
    ("reference", "key"),
    [("m11295/16", "m11295/16"), (" M 11295 / 16", "m11295/16"), ("HV/2231;", "hv/2231")],
)
def test_normalise_reference(reference: str, key: str) -> None:
    assert normalise_reference(reference) == key


# --- tags -----------------------------------------------------------------------------------


def test_tags_are_added_and_removed_on_several_letters_in_one_call(
    four_letters: dict[str, Letter], store: Store
) -> None:
    a, b, c = (four_letters[n].id for n in ("a.txt", "b.txt", "c.txt"))

    added = store.update_tags([a, b, c, a], add=["follow-up", "foi", "follow-up"])
    assert [(x.letter_id, x.tags) for x in added] == [
        (a, ("follow-up", "foi")),
        (b, ("follow-up", "foi")),
        (c, ("follow-up", "foi")),
    ]
    changed = store.update_tags([b, c], add=["urgent"], remove=["foi"])

    assert [x.tags for x in changed] == [("follow-up", "urgent"), ("follow-up", "urgent")]
    assert store.annotation(a).tags == ("follow-up", "foi")
    assert store.tag_counts() == Counter({"follow-up": 3, "urgent": 2, "foi": 1})
    assert Store(store.root).annotation(b).tags == ("follow-up", "urgent")


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("", "an empty tag"),
        ("   ", "an empty tag"),
        ("two words", "single words"),
        ("+urgent", "do not start with"),
        ("-urgent", "do not start with"),
        ("foi,urgent", "single words"),
        ('say"cheese"', "single words"),
        ("o'brien", "single words"),
    ],
)
def test_bad_tags_are_refused_and_nothing_is_written(
    four_letters: dict[str, Letter], store: Store, tag: str, message: str
) -> None:
    a, b = four_letters["a.txt"].id, four_letters["b.txt"].id
    store.update_tags([a], add=["foi"])
    before = (store.root / ANNOTATIONS_FILE).read_bytes()

    with pytest.raises(ValueError, match=message):
        store.update_tags([a, b], add=["urgent", tag])
    with pytest.raises(ValueError, match=message):
        store.update_tags([a], remove=[tag])

    assert (store.root / ANNOTATIONS_FILE).read_bytes() == before
    assert store.annotation(b).tags == ()


@pytest.mark.parametrize(("tag", "cleaned"), [(" foi ", "foi"), ("follow-up", "follow-up")])
def test_validate_tag_strips_good_tags(tag: str, cleaned: str) -> None:
    assert validate_tag(tag) == cleaned


# --- notes ----------------------------------------------------------------------------------


def test_notes_are_set_replaced_with_history_and_cleared(
    four_letters: dict[str, Letter], store: Store
) -> None:
    letter_id = four_letters["a.txt"].id
    first, second = "Operator replied in June.", "Operator replied in June; chase the council."

    assert store.set_note(letter_id, first).note == first
    assert store.note_history(letter_id) == []
    store.set_note(letter_id, first)  # the same text again: no new version
    assert store.note_history(letter_id) == []
    assert store.set_note(letter_id, second).note == second
    assert [note for _at, note in store.note_history(letter_id)] == [first]
    assert store.set_note(letter_id, "").note == ""

    history = store.note_history(letter_id)
    assert [note for _at, note in history] == [first, second]
    assert all(at for at, _note in history)
    assert Store(store.root).note_history(letter_id) == history


_OTHER_PROCESS = """\
import sys
from pathlib import Path

from archive.store import Store

store = Store(Path(sys.argv[1]))
store.update_tags([sys.argv[2]], add=["seen-elsewhere"])
store.set_note(sys.argv[2], "Written by a colleague's session.")
"""


def test_another_process_annotations_are_seen_without_reopening(
    four_letters: dict[str, Letter], store: Store
) -> None:
    letter_id = four_letters["a.txt"].id
    assert store.annotation(letter_id).tags == ()

    subprocess.run(
        [sys.executable, "-c", _OTHER_PROCESS, str(store.root), letter_id], check=True, timeout=60
    )

    seen = store.annotation(letter_id)
    assert seen.tags == ("seen-elsewhere",)
    assert seen.note == "Written by a colleague's session."
    assert store.tag_counts() == Counter({"seen-elsewhere": 1})
    # Writing here starts from the other process's version, not from a stale copy.
    assert store.update_tags([letter_id], add=["mine"])[0].tags == ("seen-elsewhere", "mine")
    assert Store(store.root).annotation(letter_id).note == "Written by a colleague's session."


# --- texts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_text_is_returned_exactly_as_read(
    store: Store, write_letter: WriteLetter, letters_dir: Path, newline: str
) -> None:
    path = write_letter("a.txt", newline=newline)
    letter = import_letters(store, letters_dir)["a.txt"]

    expected = path.read_bytes().decode("utf-8")
    assert store.text(letter) == expected
    assert store.text(letter.id) == expected
    assert ("\r\n" in store.text(letter)) is (newline == "\r\n")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda pack: pack.unlink(), "cannot be opened"),
        (lambda pack: pack.write_bytes(pack.read_bytes()[:40]), "shorter than expected"),
        (lambda pack: pack.write_bytes(b"\xff\xfe\x00broken" * 200), "no longer holds"),
    ],
    ids=["deleted", "truncated", "not-utf-8"],
)
def test_a_missing_or_damaged_text_raises_text_missing(
    store: Store,
    write_letter: WriteLetter,
    letters_dir: Path,
    damage: Callable[[Path], object],
    message: str,
) -> None:
    path = write_letter("a.txt")
    letter = import_letters(store, letters_dir)["a.txt"]
    damage(store.text_file(letter))

    with pytest.raises(TextMissing, match=message) as caught:
        store.text(letter)
    assert letter.id in str(caught.value)
    assert str(path) in str(caught.value)
    assert "is damaged" in str(caught.value)
    assert "dispatchbox doctor --repair" in str(caught.value)


def test_importing_again_restores_a_deleted_text(
    store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    path = write_letter("a.txt")
    letter = import_letters(store, letters_dir)["a.txt"]
    store.text_file(letter).unlink()

    import_paths(store, [letters_dir], workers=1)

    assert store.text(letter.id) == path.read_text()


def test_text_of_an_unknown_id_raises_letter_not_found(store: Store) -> None:
    with pytest.raises(LetterNotFound):
        store.text("0123456789ab")
