"""Hostile imports: deep and looping folders, huge PDFs, killed importers, hostile names."""

from __future__ import annotations

import os
from pathlib import Path

from archive.importer import import_paths
from archive.store import Store
from tests.conftest import WriteLetter


def test_a_folder_nested_past_the_recursion_limit_imports_with_the_other_paths(
    store: Store, write_letter: WriteLetter, tmp_path: Path
) -> None:
    deep = tmp_path / "deep"
    bottom = deep
    for _level in range(1100):  # deeper than Python's recursion limit of 1000
        bottom.mkdir()
        bottom = bottom / "d"
    write_letter(bottom.parent / "bottom.txt")
    other = write_letter(tmp_path / "other" / "b.txt", kind="mp")

    summary = import_paths(store, [deep, other.parent], workers=1)

    assert (summary.imported, summary.failed) == (2, ())
    assert sorted(Path(letter.path).name for letter in store.letters()) == ["b.txt", "bottom.txt"]


def test_a_path_too_long_for_the_file_system_is_a_failure_naming_it(
    store: Store, write_letter: WriteLetter, tmp_path: Path
) -> None:
    good = write_letter("good.txt")
    long_name = "n" * 250
    folder_fd = os.open(good.parent, os.O_RDONLY)
    try:
        for _level in range(20):  # 5,000 bytes: past PATH_MAX (4,096)
            os.mkdir(long_name, dir_fd=folder_fd)
            below = os.open(long_name, os.O_RDONLY, dir_fd=folder_fd)
            os.close(folder_fd)
            folder_fd = below
    finally:
        os.close(folder_fd)

    summary = import_paths(store, [good.parent], workers=1)

    assert summary.imported == 1
    [failure] = summary.failed
    assert failure.file.startswith(str(good.parent / long_name))
    assert failure.reason.startswith("path too long for the file system")


def test_a_symbolic_link_loop_is_named_in_the_summary(
    store: Store, write_letter: WriteLetter, letters_dir: Path
) -> None:
    write_letter("a.txt")
    write_letter("sub/b.txt", kind="mp")
    (letters_dir / "sub" / "up").symlink_to(letters_dir)
    (letters_dir / "also-sub").symlink_to(letters_dir / "sub")  # a second way in: no loop

    summary = import_paths(store, [letters_dir], workers=1)

    assert (summary.imported, summary.failed) == (2, ())
    assert [(n.file, n.reason) for n in summary.notices] == [
        (str(letters_dir / "also-sub" / "up"), "folder skipped: a symbolic link loop")
    ]
