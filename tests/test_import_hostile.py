"""Hostile imports: deep and looping folders, huge PDFs, killed importers, hostile names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fpdf import FPDF

import archive.readers.pdf
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


def _pdf_of_pages(count: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(1, count + 1):
        pdf.add_page()
        pdf.cell(text=f"Dear Minister, this is page {number} of the letter.")
    return bytes(pdf.output())


def test_a_pdf_past_the_page_cap_keeps_its_first_pages_and_says_so(
    store: Store, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive.readers.pdf, "MAX_PAGES", 3)
    (letters_dir / "long.pdf").write_bytes(_pdf_of_pages(5))

    summary = import_paths(store, [letters_dir], workers=1)

    [letter] = store.letters()
    text = store.text(letter)
    assert "page 3 of" in text and "page 4 of" not in text
    assert len(letter.pages) == 3
    expected = "only the first 3 of its 5 pages were read (at most 3 pages of a PDF are read)"
    assert [(n.file, n.reason) for n in summary.notices] == [
        (str(letters_dir / "long.pdf"), expected)
    ]
    assert expected in letter.warnings
