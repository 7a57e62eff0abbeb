"""The importer: incremental counts, symbolic links, hostile files, and annotations that survive."""

from __future__ import annotations

import builtins
import concurrent.futures
import errno
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

import archive.importer
from archive.importer import import_paths
from archive.models import ImportSummary, Letter
from archive.store import LETTERS_FILE, TEXTS_DIR, Store

WriteLetter = Callable[..., Path]


def run_import(store: Store, *paths: Path, workers: int = 1) -> ImportSummary:
    return import_paths(store, list(paths), workers=workers)


def by_name(store: Store) -> dict[str, Letter]:
    return {Path(letter.path).name: letter for letter in store.letters()}


def failures(summary: ImportSummary) -> dict[str, str]:
    return {Path(failure.file).name: failure.reason for failure in summary.failed}


@pytest.fixture
def two_good_letters(write_letter: WriteLetter) -> list[Path]:
    """The good files that sit beside each hostile one."""
    return [
        write_letter("good-reply.txt"),
        write_letter("good-mp-letter.txt", kind="mp"),
    ]


def assert_good_letters_imported(store: Store, good: list[Path]) -> None:
    stored = by_name(store)
    for path in good:
        assert stored[path.name].path == str(path)
        assert store.text(stored[path.name]) == path.read_text()


# --- counts ---------------------------------------------------------------------------------


def test_counts_across_runs(store: Store, write_letter: WriteLetter, letters_dir: Path) -> None:
    write_letter("a.txt")
    write_letter("b.txt", kind="mp")
    (letters_dir / "photo.gif").write_bytes(b"GIF89a not really a photo")
    (letters_dir / "figures.xlsx").write_bytes(b"PK\x03\x04")
    (letters_dir / "scan.GIF").write_bytes(b"GIF89a")
    (letters_dir / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")

    first = run_import(store, letters_dir)
    assert (first.imported, first.updated, first.unchanged, first.duplicates) == (2, 0, 0, 0)
    assert first.skipped == 4
    assert dict(first.skipped_kinds) == {".gif": 2, ".xlsx": 1, "hidden": 1}
    assert first.failed == ()
    ids = {name: letter.id for name, letter in by_name(store).items()}

    second = run_import(store, letters_dir)
    assert (second.imported, second.updated, second.unchanged) == (0, 0, 2)

    write_letter("a.txt", date="19 May 2016", reference="M12999/16")
    third = run_import(store, letters_dir)
    assert (third.imported, third.updated, third.unchanged) == (0, 1, 1)
    edited = by_name(store)["a.txt"]
    assert edited.id == ids["a.txt"]
    assert str(edited.metadata.date) == "2016-05-19"
    assert edited.metadata.references == ("M12999/16",)

    shutil.copy(letters_dir / "b.txt", letters_dir / "b (copy).txt")
    fourth = run_import(store, letters_dir)
    assert (fourth.imported, fourth.duplicates, fourth.unchanged) == (0, 1, 2)
    assert fourth.duplicate_files == (
        (str(letters_dir / "b (copy).txt"), str(letters_dir / "b.txt")),
    )
    assert store.count() == 2


def test_identical_new_files_in_one_run_are_one_letter_and_a_duplicate(
    store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    original = write_letter("2016/a.txt")
    copy = write_letter("2016/a-copy.txt")  # sorts first, so it is read first

    summary = run_import(store, letters_dir)

    assert (summary.imported, summary.duplicates, summary.moved) == (1, 1, 0)
    assert summary.duplicate_files == ((str(original), str(copy)),)
    assert [letter.path for letter in store.letters()] == [str(copy)]


def test_subfolders_are_imported(
    store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    paths = [
        write_letter("top.txt"),
        write_letter("2016/May/deep.txt", reference="M20001/16"),
        write_letter("2017/mp.txt", kind="mp"),
    ]

    summary = run_import(store, letters_dir)

    assert summary.imported == 3
    assert sorted(letter.path for letter in store.letters()) == sorted(map(str, paths))


def test_a_single_file_can_be_imported(store: Store, write_letter: WriteLetter) -> None:
    path = write_letter("a.txt")
    summary = run_import(store, path)
    assert summary.imported == 1
    assert [letter.path for letter in store.letters()] == [str(path)]


def test_a_missing_path_is_a_failure(store: Store, tmp_path: Path) -> None:
    summary = run_import(store, tmp_path / "no-such-folder")
    assert failures(summary) == {"no-such-folder": "not found"}


def test_a_symlinked_folder_is_followed_once(
    store: Store, write_letter: WriteLetter, letters_dir: Path, tmp_path: Path
) -> None:
    write_letter("real/a.txt")
    (letters_dir / "also-real").symlink_to(letters_dir / "real")
    outside = write_letter(tmp_path / "elsewhere" / "b.txt", kind="mp")
    (letters_dir / "linked-from-elsewhere").symlink_to(outside.parent)

    summary = run_import(store, letters_dir)

    assert (summary.imported, summary.duplicates, summary.failed) == (2, 0, ())
    assert sorted(Path(letter.path).name for letter in store.letters()) == ["a.txt", "b.txt"]


def test_a_symlink_loop_neither_hangs_nor_fails(
    store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    write_letter("a.txt")
    write_letter("sub/b.txt", kind="mp")
    (letters_dir / "sub" / "up").symlink_to(letters_dir)
    (letters_dir / "sub" / "self").symlink_to(".")

    summary = run_import(store, letters_dir)

    assert (summary.imported, summary.failed, summary.duplicates) == (2, (), 0)


def test_a_dangling_symlink_is_a_failure_naming_the_broken_link(
    store: Store, two_good_letters: list[Path], letters_dir: Path
) -> None:
    (letters_dir / "gone.txt").symlink_to(letters_dir / "deleted-long-ago.txt")

    summary = run_import(store, letters_dir)

    reason = failures(summary)["gone.txt"]
    assert reason.startswith("broken symbolic link")
    assert "deleted-long-ago.txt" in reason
    assert_good_letters_imported(store, two_good_letters)


def test_a_symlink_loop_file_is_a_failure(
    store: Store, two_good_letters: list[Path], letters_dir: Path
) -> None:
    (letters_dir / "a.txt").symlink_to(letters_dir / "b.txt")
    (letters_dir / "b.txt").symlink_to(letters_dir / "a.txt")

    summary = run_import(store, letters_dir)

    assert failures(summary) == {"a.txt": "symbolic link loop", "b.txt": "symbolic link loop"}
    assert_good_letters_imported(store, two_good_letters)


def test_the_archive_inside_the_imported_folder_is_not_imported(
    write_letter: WriteLetter, letters_dir: Path
) -> None:
    store = Store(letters_dir / "archive", create=True)
    write_letter("a.txt")
    write_letter("b.txt", kind="mp")
    assert run_import(store, letters_dir).imported == 2

    again = run_import(store, letters_dir)  # now texts/*.txt exist inside the archive

    assert (again.imported, again.unchanged, again.failed) == (0, 2, ())
    assert (store.root / TEXTS_DIR).is_dir()
    assert sorted(Path(letter.path).name for letter in store.letters()) == ["a.txt", "b.txt"]


def test_a_process_pool_imports_the_same_letters(
    tmp_path: Path, write_letter: WriteLetter, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []

    class CountedPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, workers: int, **kwargs: Any) -> None:
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountedPool)
    for number in range(64):
        kind = "mp" if number % 3 == 0 else "reply"
        fields = {"our_ref": f"HV/{number}"} if kind == "mp" else {"reference": f"M{number}/16"}
        write_letter(f"{number // 16}/letter-{number:02}.txt", kind=kind, **fields)
    serial = Store(tmp_path / "serial", create=True)
    pooled = Store(tmp_path / "pooled", create=True)

    serial_summary = run_import(serial, letters_dir, workers=1)
    pooled_summary = run_import(pooled, letters_dir, workers=2)

    assert pools == [2]
    assert pooled_summary.imported == serial_summary.imported == 64
    assert pooled_summary.failed == ()
    # Where each text is kept (pack and offset) depends on which process read it.
    unplaced = {"imported_at": "", "text_ref": ""}
    serial_records = {r["id"]: {**r, **unplaced} for r in serial.iter_records()}
    pooled_records = {r["id"]: {**r, **unplaced} for r in pooled.iter_records()}
    assert pooled_records == serial_records
    assert {i: pooled.text(i) for i in pooled.ids()} == {i: serial.text(i) for i in serial.ids()}
    letter = pooled.resolve("M17/16")
    assert pooled.text(letter) == (letters_dir / "1" / "letter-17.txt").read_text()


# --- hostile files --------------------------------------------------------------------------


def _pdf(text: str) -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.multi_cell(0, 8, text)
    return bytes(document.output())


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf("Dear Harriet,\nKelmscott."))))
    writer.encrypt(user_password="kelmscott", owner_password="rye")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _corrupt_pdf() -> bytes:
    data = _pdf("Dear Harriet,\nThank you for your letter about Kelmscott.")
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "build", "reason"),
    [
        pytest.param(
            "junk.txt",
            lambda: bytes(range(256)) * 64,
            "binary data, not text",
            id="binary-named-txt",
        ),
        pytest.param("empty.txt", lambda: b"", "empty file", id="empty"),
        pytest.param(
            "blank.txt", lambda: b"  \r\n\t\n   \n", "no text (whitespace only)", id="whitespace"
        ),
        pytest.param("damaged.pdf", _corrupt_pdf, "damaged PDF: truncated file", id="corrupt-pdf"),
        pytest.param(
            "renamed.pdf", lambda: b"Dear Harriet,\nplain text", "not a PDF file", id="not-a-pdf"
        ),
        pytest.param(
            "locked.pdf", _encrypted_pdf, "encrypted PDF (password required)", id="encrypted-pdf"
        ),
        pytest.param(
            "letter.docx",
            lambda: b"Dear Harriet,\nthis was saved as text",
            "not a Word .docx file (not a zip archive)",
            id="docx-not-zip",
        ),
        pytest.param(
            "cut.docx",
            lambda: b"PK\x03\x04\x14\x00\x06\x00 and then nothing",
            "damaged Word file",
            id="docx-truncated-zip",
        ),
    ],
)
def test_a_hostile_file_fails_with_its_reason_and_the_rest_is_imported(
    store: Store,
    two_good_letters: list[Path],
    letters_dir: Path,
    name: str,
    build: Callable[[], bytes],
    reason: str,
) -> None:
    (letters_dir / name).write_bytes(build())

    summary = run_import(store, letters_dir)

    assert list(failures(summary)) == [name]
    assert failures(summary)[name].startswith(reason)
    assert summary.imported == 2
    assert_good_letters_imported(store, two_good_letters)


def test_invalid_utf8_is_imported_as_windows_1252_with_a_warning(
    store: Store, two_good_letters: list[Path], letters_dir: Path
) -> None:
    text = "Dear Harriet,\r\nThe caf\xe9 on Rye High Street \u2013 closed since March.\r\n"
    (letters_dir / "cp1252.txt").write_bytes(text.encode("cp1252"))

    summary = run_import(store, letters_dir)

    assert (summary.imported, summary.failed) == (3, ())
    warned = {Path(w.file).name: w.reason for w in summary.warnings}
    first_bad = text.index("\xe9")
    assert warned["cp1252.txt"].startswith(f"not valid UTF-8 (first bad byte at offset {first_bad}")
    assert "read as Windows-1252" in warned["cp1252.txt"]
    letter = by_name(store)["cp1252.txt"]
    assert letter.encoding == "cp1252"
    assert store.text(letter) == text
    assert_good_letters_imported(store, two_good_letters)


def test_a_15_mb_text_is_imported(
    store: Store, two_good_letters: list[Path], letters_dir: Path
) -> None:
    paragraph = (
        "Residents of Kelmscott and Rye wrote again about the 41 bus route on 4 March 2016, "
        "and about the surgery on Mill Lane.\n"
    )
    head = "CTS Reference: M40404/16\n\n12 May 2016\n\nDear Harriet,\n\n"
    text = head + paragraph * (15_000_000 // len(paragraph))
    (letters_dir / "bundle.txt").write_text(text)

    summary = run_import(store, letters_dir)

    assert (summary.imported, summary.failed) == (3, ())
    letter = store.resolve("M40404/16")
    assert letter.size == len(text) > 15_000_000
    assert letter.text_chars == len(text)
    assert store.text(letter) == text
    assert_good_letters_imported(store, two_good_letters)


def test_a_2_mb_single_line_is_imported(
    store: Store, two_good_letters: list[Path], letters_dir: Path
) -> None:
    text = "CTS Reference: M50505/16 " + "Kelmscott bus route, " * 100_000
    (letters_dir / "one-line.txt").write_text(text)

    summary = run_import(store, letters_dir)

    assert (summary.imported, summary.failed) == (3, ())
    letter = store.resolve("M50505/16")
    assert store.text(letter) == text
    assert_good_letters_imported(store, two_good_letters)


def test_an_unreadable_file_is_a_permission_failure(
    store: Store, two_good_letters: list[Path], letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = letters_dir / "secret.txt"
    secret.write_text("Dear Harriet,\nNot for you.\n")
    real_open = builtins.open

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if os.fspath(file) == str(secret):  # type: ignore[call-overload]
            raise PermissionError(errno.EACCES, "Permission denied", str(secret))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(archive.importer, "open", guarded_open, raising=False)

    summary = run_import(store, letters_dir)

    assert failures(summary) == {"secret.txt": "permission denied"}
    assert_good_letters_imported(store, two_good_letters)


def test_a_file_without_read_permission_is_a_permission_failure(
    store: Store, two_good_letters: list[Path], letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = letters_dir / "secret.txt"
    secret.write_text("Dear Harriet,\nNot for you.\n")
    secret.chmod(0)
    if os.geteuid() == 0:
        # Root reads files whatever their mode (and CI runs as root): the refusal the
        # file system gives anyone else is given here by the import's own open().
        real_open = open

        def refusing_open(file: object, *args: object, **kwargs: object) -> object:
            if str(file) == str(secret):
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr("archive.importer.open", refusing_open, raising=False)
    try:
        summary = run_import(store, letters_dir)
    finally:
        secret.chmod(0o644)

    assert failures(summary) == {"secret.txt": "permission denied"}
    assert_good_letters_imported(store, two_good_letters)


@pytest.mark.parametrize(
    "name",
    ["[draft] lettre été (copy).txt", "Ymateb i’r AS – Cymraeg.txt", "100% *final* $1.txt"],
)
def test_file_names_with_brackets_and_non_ascii_characters(
    store: Store, two_good_letters: list[Path], write_letter: WriteLetter, name: str
) -> None:
    path = write_letter(name, reference="M60606/16")

    summary = run_import(store, path.parent)

    assert (summary.imported, summary.failed) == (3, ())
    letter = store.resolve("M60606/16")
    assert letter.path == str(path)
    assert store.text(letter) == path.read_text()
    assert run_import(store, path.parent).unchanged == 3
    assert_good_letters_imported(store, two_good_letters)


def test_a_fifo_named_txt_is_not_a_regular_file(
    store: Store, two_good_letters: list[Path], letters_dir: Path
) -> None:
    os.mkfifo(letters_dir / "pipe.txt")

    summary = run_import(store, letters_dir)

    assert failures(summary) == {"pipe.txt": "not a regular file"}
    assert_good_letters_imported(store, two_good_letters)


def test_a_stored_letter_whose_file_becomes_corrupt_is_kept(
    store: Store, two_good_letters: list[Path], write_letter: WriteLetter, letters_dir: Path
) -> None:
    path = write_letter("a.txt", reference="M70707/16")
    run_import(store, letters_dir)
    before = store.resolve("M70707/16")
    text = store.text(before)
    store.update_tags([before.id], add=["foi"])
    path.write_bytes(bytes(range(256)) * 16)

    summary = run_import(store, letters_dir)

    assert failures(summary) == {"a.txt": "binary data, not text"}
    assert (summary.removed, summary.unchanged) == (0, 2)
    assert store.get(before.id) == before
    assert store.text(before) == text
    assert store.annotation(before.id).tags == ("foi",)


# --- annotations survive --------------------------------------------------------------------


@pytest.fixture
def annotated(store: Store, write_letter: WriteLetter, letters_dir: Path) -> dict[str, str]:
    """Two imported letters with tags and a note; returns their ids by file name."""
    write_letter("a.txt", reference="M11295/16")
    write_letter("b.txt", kind="mp", our_ref="HV/2231")
    run_import(store, letters_dir)
    ids = {name: letter.id for name, letter in by_name(store).items()}
    store.update_tags([ids["a.txt"]], add=["follow-up", "foi"])
    store.update_tags([ids["b.txt"]], add=["schools"])
    store.set_note(ids["a.txt"], "Chase the operator in June.")
    return ids


def assert_annotations_on(store: Store, ids: dict[str, str]) -> None:
    assert store.annotation(ids["a.txt"]).tags == ("follow-up", "foi")
    assert store.annotation(ids["a.txt"]).note == "Chase the operator in June."
    assert store.annotation(ids["b.txt"]).tags == ("schools",)


def test_annotations_survive_importing_the_same_folder_again(
    store: Store, annotated: dict[str, str], letters_dir: Path
) -> None:
    summary = run_import(store, letters_dir)
    assert summary.unchanged == 2
    assert {name: letter.id for name, letter in by_name(store).items()} == annotated
    assert_annotations_on(store, annotated)


def test_annotations_survive_a_changed_file_at_the_same_path(
    store: Store, annotated: dict[str, str], write_letter: WriteLetter, letters_dir: Path
) -> None:
    write_letter("a.txt", reference="M11296/16", date="20 May 2016")

    summary = run_import(store, letters_dir)

    assert (summary.updated, summary.imported) == (1, 0)
    letter = store.resolve("M11296/16")
    assert letter.id == annotated["a.txt"]
    assert str(letter.metadata.date) == "2016-05-20"
    assert_annotations_on(store, annotated)


def test_a_moved_file_keeps_its_id_and_annotations(
    store: Store, annotated: dict[str, str], letters_dir: Path
) -> None:
    (letters_dir / "2016").mkdir()
    (letters_dir / "a.txt").rename(letters_dir / "2016" / "a-renamed.txt")

    summary = run_import(store, letters_dir)

    assert (summary.moved, summary.removed, summary.imported) == (1, 0, 0)
    moved = store.get(annotated["a.txt"])
    assert moved is not None
    assert moved.path == str(letters_dir / "2016" / "a-renamed.txt")
    assert store.count() == 2
    assert_annotations_on(store, annotated)
    assert run_import(store, letters_dir).unchanged == 2


@pytest.mark.parametrize("edited", [False, True], ids=["same-files", "a-file-edited"])
def test_annotations_come_back_when_the_archive_is_rebuilt(
    store: Store,
    annotated: dict[str, str],
    write_letter: WriteLetter,
    letters_dir: Path,
    edited: bool,
) -> None:
    if edited:
        write_letter("a.txt", reference="M11295/16", date="13 May 2016")
    (store.root / LETTERS_FILE).unlink()
    shutil.rmtree(store.root / TEXTS_DIR)
    rebuilt = Store(store.root)

    summary = run_import(rebuilt, letters_dir)

    assert summary.imported == 2
    assert {name: letter.id for name, letter in by_name(rebuilt).items()} == annotated
    assert_annotations_on(rebuilt, annotated)


def test_a_deleted_file_is_removed_and_its_annotations_return_with_it(
    store: Store, annotated: dict[str, str], letters_dir: Path, tmp_path: Path
) -> None:
    (letters_dir / "a.txt").rename(tmp_path / "a.txt")

    summary = run_import(store, letters_dir)

    assert (summary.removed, summary.unchanged) == (1, 1)
    assert store.get(annotated["a.txt"]) is None
    assert store.annotation(annotated["a.txt"]).tags == ("follow-up", "foi")

    (tmp_path / "a.txt").rename(letters_dir / "a.txt")
    back = run_import(store, letters_dir)

    assert (back.imported, back.unchanged) == (1, 1)
    assert store.resolve("M11295/16").id == annotated["a.txt"]
    assert_annotations_on(store, annotated)


def test_a_letter_tagged_after_an_import_looked_for_anchors_still_gets_its_tags_back(
    store: Store, write_letter: WriteLetter, letters_dir: Path, tmp_path: Path
) -> None:
    """The import looks files up in an index of the annotations' anchors, kept while the
    annotations stay as they are: a tag written after it was built must be seen."""
    write_letter("a.txt", reference="M11295/16")
    run_import(store, letters_dir)  # a new letter: the anchors are looked up (none yet)
    letter_id = store.resolve("M11295/16").id
    store.update_tags([letter_id], add=["foi"])
    (letters_dir / "a.txt").rename(tmp_path / "a.txt")
    assert run_import(store, letters_dir).removed == 1
    write_letter("b.txt", reference="M20000/16")
    run_import(store, letters_dir)  # looked up again, with a's anchors in the annotations
    (tmp_path / "a.txt").rename(letters_dir / "a.txt")

    back = run_import(store, letters_dir)

    assert back.imported == 1
    assert store.resolve("M11295/16").id == letter_id
    assert store.annotation(letter_id).tags == ("foi",)


def test_a_file_is_claimed_by_its_content_first_then_by_its_path(
    store: Store, annotated: dict[str, str], letters_dir: Path
) -> None:
    """Rebuilt, with a's text now at b's path and b's at a new path: each file goes back
    to the annotation its content anchors, not the one its path does."""
    (letters_dir / "b.txt").rename(letters_dir / "c.txt")
    (letters_dir / "a.txt").rename(letters_dir / "b.txt")
    (store.root / LETTERS_FILE).unlink()
    shutil.rmtree(store.root / TEXTS_DIR)
    rebuilt = Store(store.root)

    assert run_import(rebuilt, letters_dir).imported == 2

    assert {name: letter.id for name, letter in by_name(rebuilt).items()} == {
        "b.txt": annotated["a.txt"],
        "c.txt": annotated["b.txt"],
    }
    assert rebuilt.annotation(annotated["a.txt"]).tags == ("follow-up", "foi")


def test_a_batch_s_texts_reach_their_pack_before_its_records_leave_the_worker(
    write_letter: WriteLetter, tmp_path: Path
) -> None:
    """Texts are appended unflushed while a batch is read; the batch hands them to the OS
    before its records go back (the records are written once the texts are durable)."""
    from archive.importer import _Task, process_files
    from archive.texts import close_writers, read_once

    files = [write_letter(f"letter-{n}.txt", reference=f"M{n}0001/16") for n in range(3)]
    texts = tmp_path / "texts"
    tasks = [_Task(str(path), str(path), "txt", None, str(texts)) for path in files]
    try:
        results = process_files(tasks)
        # Read while this process's pack is still open, as the import reads a batch's texts.
        stored = [read_once(texts, r.record["text_ref"], r.record["text_sha256"]) for r in results]
    finally:
        close_writers()

    assert [result.kind for result in results] == ["read"] * 3
    assert stored == [path.read_text() for path in files]


def test_a_file_is_read_whole_whatever_its_size(letters_dir: Path, store: Store) -> None:
    """The importer asks the OS for the size the file has: every byte still arrives."""
    body = "Dear Harriet Vance MP,\n" + "Kelmscott and Rye need flood defences. " * 4000
    for name, text in (("small.txt", body[:40]), ("large.txt", body)):
        (letters_dir / name).write_text(text, encoding="utf-8")

    summary = run_import(store, letters_dir)

    assert summary.imported == 2
    for letter in store.letters():
        assert store.text(letter) == (letters_dir / Path(letter.path).name).read_text()
        assert letter.size == (letters_dir / Path(letter.path).name).stat().st_size


def test_a_flush_makes_the_archive_s_packs_durable_not_the_whole_machine(
    store: Store, two_good_letters: list[Path], letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Texts are made durable before their records are written, by syncing the packs that
    hold them (``os.sync`` waits for every file on a shared machine)."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def whole_machine() -> None:
        raise AssertionError("os.sync called")

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "sync", whole_machine)

    summary = run_import(store, letters_dir)

    assert summary.imported == 2
    texts = store.root / TEXTS_DIR
    packs = {Path(letter.text_ref.rsplit(":", 2)[0] + ".pack") for letter in store.letters()}
    assert {texts / pack for pack in packs} <= {Path(path) for path in synced}
    assert str(texts) in synced
    assert all(store.text(letter) for letter in store.letters())


def test_a_pack_that_cannot_be_opened_leaves_durability_to_os_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive.texts import sync_packs

    calls: list[str] = []
    monkeypatch.setattr(os, "sync", lambda: calls.append("sync"))

    sync_packs(tmp_path / "texts", [{"text_ref": "gone-123:0:40"}, {"path": "no text"}])

    assert calls == ["sync"]


def test_new_files_whose_hashes_share_the_short_id_in_one_run_are_two_letters(
    store: Store, write_letter: WriteLetter, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letter's id is its hash's first 12 characters unless taken; one placed earlier in
    the same run (not yet written) takes it too, so the second gets a longer id."""
    first = write_letter("a.txt", reference="M10001/16")
    second = write_letter("b.txt", reference="M20002/16")
    real_sha256 = archive.importer.hashlib.sha256

    class SharedPrefix:
        def __init__(self, data: bytes) -> None:
            self._digest = real_sha256(data).hexdigest()

        def hexdigest(self) -> str:
            return "abcdef012345" + self._digest[12:]

    monkeypatch.setattr(archive.importer, "hashlib", SimpleNamespace(sha256=SharedPrefix))

    summary = run_import(store, letters_dir)

    assert summary.imported == 2
    letters = by_name(store)
    assert sorted(letters) == [first.name, second.name]
    assert len({letter.id for letter in letters.values()}) == 2
    assert all(letter.id.startswith("abcdef012345") for letter in letters.values())
