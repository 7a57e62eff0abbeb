"""The ``dispatchbox`` command, run in-process: exit codes, JSON output, and hostile input."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.store import Store
from tests.conftest import TRACEBACK, RunCli
from tui.cli import build_parser, main

WriteLetter = Callable[..., Path]
SUBCOMMANDS = [
    "paths",
    "import",
    "extract",
    "show",
    "tag",
    "note",
    "set",
    "corrections",
    "annotations",
    "members",
    "generate",
    "demo",
    "summary",
    "search",
    "export",
    "similar",
    "reindex",
    "doctor",
    "pairs",
    "link",
    "reply",
    "thread",
    "stats",
    "compare",
]
EXTRACT_KEYS = {
    "file",
    "date",
    "references",
    "sender_org",
    "sender_name",
    "sender_role",
    "recipient_name",
    "mp",
    "direction",
    "in_reply_to_date",
    "cc",
    "places",
}
SUMMARY_KEYS = {"imported", "updated", "unchanged", "duplicates", "skipped", "failed"}


@pytest.fixture
def cli(run_cli: RunCli) -> RunCli:
    """Run ``dispatchbox ARGS`` in-process; returns (exit code, stdout, stderr)."""
    return run_cli


Cli = RunCli


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    """The archive that ``$DISPATCHBOX_ARCHIVE`` points at (set by the autouse fixture)."""
    return Path(os.environ["DISPATCHBOX_ARCHIVE"])


@pytest.fixture
def imported(cli: Cli, write_letter: WriteLetter, letters_dir: Path) -> dict[str, Path]:
    """An archive holding a ministerial reply and an MP's letter."""
    files = {
        "reply": write_letter("reply.txt"),
        "mp": write_letter("mp-letter.txt", kind="mp"),
    }
    code, _out, _err = cli("import", letters_dir)
    assert code == 0
    return files


def show_json(cli: Cli, name: str) -> dict[str, Any]:
    code, out, _err = cli("show", name, "--json")
    assert code == 0
    record: dict[str, Any] = json.loads(out)
    return record


# --- help -----------------------------------------------------------------------------------


def test_every_subcommand_is_in_the_help_table() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(subparsers.choices) == sorted(SUBCOMMANDS)


def test_program_help_lists_the_commands_and_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert out.startswith("usage: dispatchbox ")
    assert all(name in out for name in SUBCOMMANDS)
    assert "5 archive busy" in " ".join(out.split())


def test_the_parser_offers_the_sorts_and_periods_the_libraries_know() -> None:
    """The parser writes them out so as not to import the libraries; a sort added to the
    searcher, or a period to the reply statistics, is offered on the command line too."""
    from archive.replystats import PERIODS
    from index.results import SORTS

    subparsers = next(
        a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    offered = {
        (name, action.dest): set(action.choices)
        for name, command in subparsers.choices.items()
        for action in command._actions
        if action.dest in ("sort", "by") and action.choices is not None
    }
    assert offered == {
        ("search", "sort"): set(SORTS),
        ("export", "sort"): set(SORTS),
        ("stats", "by"): set(PERIODS),
    }


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_subcommand_help(capsys: pytest.CaptureFixture[str], name: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    assert out.startswith(f"usage: dispatchbox {name} ")
    assert "--archive DIR" in out


def test_an_unknown_option_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["import", "--no-such-option", "letters"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


# --- paths ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "env", "expected", "source"),
    [
        (["paths", "--archive", "{tmp}/chosen"], True, "{tmp}/chosen", "--archive"),
        (["--archive", "{tmp}/chosen", "paths"], True, "{tmp}/chosen", "--archive"),
        (["paths"], True, "{tmp}/env-archive", "DISPATCHBOX_ARCHIVE"),
        (["paths"], False, "{tmp}/home/.local/share/dispatchbox/archive", "default"),
    ],
)
def test_paths_honours_archive_option_then_environment(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    env: bool,
    expected: str,
    source: str,
) -> None:
    if not env:
        monkeypatch.delenv("DISPATCHBOX_ARCHIVE")
    code, out, _err = cli(*(arg.format(tmp=tmp_path) for arg in argv))
    assert code == 0
    archive_line, config_line = out.splitlines()
    assert archive_line == (
        f"archive  {expected.format(tmp=tmp_path)}  ({source}, not created yet)"
    )
    assert config_line == f"config   {tmp_path}/env-config  (DISPATCHBOX_CONFIG)"


def test_paths_says_when_the_archive_exists(
    cli: Cli, imported: dict[str, Path], archive_dir: Path
) -> None:
    code, out, _err = cli("paths")
    assert code == 0
    assert out.splitlines()[0] == f"archive  {archive_dir}  (DISPATCHBOX_ARCHIVE)"


# --- import ---------------------------------------------------------------------------------


def test_import_json_prints_one_object_and_exits_0(
    cli: Cli, write_letter: WriteLetter, letters_dir: Path, archive_dir: Path
) -> None:
    write_letter("reply.txt")
    write_letter("2016/mp-letter.txt", kind="mp")
    (letters_dir / "photo.gif").write_bytes(b"GIF89a")

    code, out, err = cli("import", letters_dir, "--json", "--workers", "1")

    assert code == 0
    assert len(out.splitlines()) == 1
    summary = json.loads(out)
    assert SUMMARY_KEYS <= set(summary)
    assert (summary["imported"], summary["skipped"], summary["failed"]) == (2, 1, [])
    assert (archive_dir / "letters.jsonl").is_file()
    assert err == ""

    code, out, _err = cli("import", letters_dir, "--json")
    assert code == 0
    assert (json.loads(out)["unchanged"], json.loads(out)["imported"]) == (2, 0)


def test_import_exits_3_and_lists_each_failure(
    cli: Cli, write_letter: WriteLetter, letters_dir: Path
) -> None:
    write_letter("reply.txt")
    junk = letters_dir / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    empty = letters_dir / "empty.txt"
    empty.write_bytes(b"")

    code, out, _err = cli("import", letters_dir, "--json")

    assert code == 3
    summary = json.loads(out)
    assert summary["imported"] == 1
    assert summary["failed"] == [
        {"file": str(empty), "reason": "empty file"},
        {"file": str(junk), "reason": "binary data, not text"},
    ]

    code, out, _err = cli("import", letters_dir)
    assert code == 3
    lines = out.splitlines()
    assert lines[0] == ("imported 0, updated 0, unchanged 1, duplicates 0, skipped 0, failed 2")
    assert f"failed: {junk}: binary data, not text" in lines
    assert lines[-1].endswith("(1 letter)")


def _hostile_folder(folder: Path) -> None:
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "up").symlink_to(folder)
    os.mkfifo(folder / "pipe.txt")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<\n")
    (folder / "bad.docx").write_bytes(b"not a zip")
    (folder / "evil\x1b[31mred.txt").write_bytes(b"\x1b]0;owned\x07" + bytes(range(32)) * 40)


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_import_of_hostile_files_reports_them_without_a_traceback(
    cli: Cli, write_letter: WriteLetter, letters_dir: Path, as_json: bool
) -> None:
    write_letter("reply.txt")
    _hostile_folder(letters_dir)

    code, out, _err = cli("import", letters_dir, *(["--json"] if as_json else []))

    assert code == 3
    assert "\x1b" not in out and "\x07" not in out
    if as_json:
        failed = {Path(f["file"]).name: f["reason"] for f in json.loads(out)["failed"]}
        assert set(failed) == {
            "junk.txt",
            "dangling.txt",
            "loop-a.txt",
            "loop-b.txt",
            "pipe.txt",
            "bad.pdf",
            "bad.docx",
            "evil\x1b[31mred.txt",
        }
        assert failed["pipe.txt"] == "not a regular file"
        assert json.loads(out)["imported"] == 1
    else:
        assert "failed: " + str(letters_dir / "evil\\u001b[31mred.txt") in out
        assert "imported 1," in out


def test_import_into_a_busy_archive_exits_5_naming_the_holder(
    cli: Cli,
    imported: dict[str, Path],
    archive_dir: Path,
    letters_dir: Path,
    hold_writer_lock: Callable[[Path], subprocess.Popen[str]],
) -> None:
    holder = hold_writer_lock(archive_dir)

    code, out, err = cli("import", letters_dir)

    assert code == 5
    assert out == ""
    assert f"process {holder.pid}" in err
    assert "hold_writer.py" in err


# --- extract --------------------------------------------------------------------------------


def test_extract_prints_one_json_line_per_file(
    cli: Cli, write_letter: WriteLetter, tmp_path: Path
) -> None:
    reply = write_letter("reply.txt", reference="M11295/16")
    mp = write_letter("mp-letter.txt", kind="mp")
    missing = tmp_path / "missing.txt"

    code, out, _err = cli("extract", reply, mp, missing)

    assert code == 3
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3
    assert all(EXTRACT_KEYS <= set(line) for line in lines[:2])
    assert {key: lines[0][key] for key in ("file", "references", "mp", "direction", "date")} == {
        "file": str(reply),
        "references": ["M11295/16"],
        "mp": "Harriet Vance",
        "direction": "to_mp",
        "date": "2016-05-12",
    }
    assert lines[0]["in_reply_to_date"] == "2016-04-03"
    assert (lines[1]["direction"], lines[1]["sender_role"]) == (
        "from_mp",
        "Member of Parliament for Kelmscott and Rye",
    )
    assert lines[2] == {"file": str(missing), "error": "not found"}


def test_extract_of_good_files_exits_0(cli: Cli, write_letter: WriteLetter) -> None:
    code, out, _err = cli("extract", write_letter("reply.txt"))
    assert code == 0
    assert json.loads(out)["sender_name"] == "Tobias Wrenfield"


@pytest.fixture
def fifo(letters_dir: Path) -> Iterator[Path]:
    """A FIFO named .txt. Should anything open it to read, a writer ends the wait with EOF."""
    path = letters_dir / "pipe.txt"
    os.mkfifo(path)
    done = threading.Event()

    def release_readers() -> None:
        while not done.is_set():
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass  # no reader yet
            time.sleep(0.05)

    thread = threading.Thread(target=release_readers, daemon=True)
    thread.start()
    yield path
    done.set()
    thread.join(timeout=5)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda folder: folder / "pipe.txt", "not a regular file"),
        (lambda folder: folder, "a folder, not a file"),
        (lambda folder: folder / "absent.txt", "not found"),
        (
            lambda folder: (
                (folder / "junk.txt").write_bytes(bytes(range(256)) * 4) and folder / "junk.txt"
            ),
            "binary data, not text",
        ),
        (
            lambda folder: (folder / "bad.pdf").write_bytes(b"%PDF-1.4\n") and folder / "bad.pdf",
            "damaged PDF",
        ),
    ],
    ids=["fifo", "folder", "missing", "binary", "bad-pdf"],
)
def test_extract_reports_unreadable_files_as_error_lines(
    cli: Cli, fifo: Path, letters_dir: Path, make: Callable[[Path], Path], error: str
) -> None:
    path = make(letters_dir)

    code, out, _err = cli("extract", path)

    assert code == 3
    line = json.loads(out)
    assert line["file"] == str(path)
    assert line["error"].startswith(error)


# --- show, tag, note ------------------------------------------------------------------------


def test_show_json_includes_annotations_and_text(cli: Cli, imported: dict[str, Path]) -> None:
    record = show_json(cli, "m12345/16")

    assert record["path"] == str(imported["reply"])
    assert record["text"] == imported["reply"].read_text()
    assert record["annotations"] == {"tags": [], "note": "", "updated_at": None}
    assert record["metadata"]["mp"] == "Harriet Vance"
    assert show_json(cli, record["id"][:8])["id"] == record["id"]


def test_show_prints_fields_then_the_text(cli: Cli, imported: dict[str, Path]) -> None:
    code, out, _err = cli("show", "HV/2231")
    assert code == 0
    assert "  references  HV/2231" in out
    assert "   direction  from_mp" in out
    assert out.rstrip().endswith("Member of Parliament for Kelmscott and Rye")


@pytest.mark.parametrize("name", ["M99999/99", "Kelmscott", "abcdef"])
def test_show_of_an_unknown_letter_exits_1(cli: Cli, imported: dict[str, Path], name: str) -> None:
    code, out, err = cli("show", name)
    assert code == 1
    assert out == ""
    assert err == f"dispatchbox: no letter has the id or reference {name!r}\n"


def test_tags_round_trip(cli: Cli, imported: dict[str, Path]) -> None:
    letter_id = show_json(cli, "M12345/16")["id"]

    code, out, _err = cli("tag", letter_id, "+follow-up", "+draft")
    assert (code, out) == (0, f"{letter_id}  follow-up draft\n")
    code, out, _err = cli("tag", "m12345/16", "-draft", "+foi")
    assert (code, out) == (0, f"{letter_id}  follow-up foi\n")
    code, out, _err = cli("tag", letter_id)
    assert (code, out) == (0, f"{letter_id}  follow-up foi\n")

    assert show_json(cli, letter_id)["annotations"]["tags"] == ["follow-up", "foi"]


def test_tag_accepts_archive_after_the_tags(
    cli: Cli, imported: dict[str, Path], archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPATCHBOX_ARCHIVE", str(archive_dir.parent / "elsewhere"))

    code, out, _err = cli("tag", "HV/2231", "+schools", "--archive", archive_dir)

    assert code == 0
    assert out.endswith("  schools\n")
    code, out, _err = cli("show", "HV/2231", "--json", "--archive", archive_dir)
    assert json.loads(out)["annotations"]["tags"] == ["schools"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["tag", "M12345/16", "+two words"], 2, "tags are single words"),
        (["tag", "M12345/16", "+"], 2, "an empty tag"),
        (["tag", "+urgent"], 2, "name a letter"),
        (["tag", "M99999/99", "+urgent"], 1, "no letter has the id or reference 'M99999/99'"),
        (["note", "M99999/99", "text"], 1, "no letter has the id or reference 'M99999/99'"),
        (["members", "import"], 2, "members import needs a FILE"),
    ],
)
def test_bad_annotation_commands_exit_with_a_message(
    cli: Cli, imported: dict[str, Path], argv: list[str], code: int, message: str
) -> None:
    exit_code, out, err = cli(*argv)
    assert exit_code == code
    assert out == ""
    assert err.startswith("dispatchbox: ")
    assert message in err
    assert show_json(cli, "M12345/16")["annotations"]["tags"] == []


def test_notes_round_trip(
    cli: Cli, imported: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("note", "M12345/16", "Chase the operator in June.")[0] == 0
    assert cli("note", "M12345/16") == (0, "Chase the operator in June.\n", "")

    monkeypatch.setattr(sys, "stdin", io.StringIO("From the clipboard:\nrang the depot.\n"))
    assert cli("note", "M12345/16", "-")[0] == 0
    assert show_json(cli, "M12345/16")["annotations"]["note"] == (
        "From the clipboard:\nrang the depot.\n"
    )

    assert cli("note", "--append", "M12345/16", "Reply due 1 July.")[0] == 0
    assert show_json(cli, "M12345/16")["annotations"]["note"] == (
        "From the clipboard:\nrang the depot.\nReply due 1 July."
    )

    assert cli("note", "M12345/16", "--clear")[0] == 0
    annotations = show_json(cli, "M12345/16")["annotations"]
    assert annotations["note"] == ""
    assert annotations["updated_at"]


def test_note_append_between_the_letter_and_the_text(cli: Cli, imported: dict[str, Path]) -> None:
    assert cli("note", "M12345/16", "First line.")[0] == 0
    assert cli("note", "M12345/16", "--append", "Second line.")[0] == 0
    assert show_json(cli, "M12345/16")["annotations"]["note"] == "First line.\nSecond line."


def test_json_on_paths_summary_tag_and_note(
    cli: Cli, imported: dict[str, Path], archive_dir: Path
) -> None:
    """Scripts read what ``paths``, ``summary``, ``tag`` and ``note`` say as JSON."""
    code, out, _ = cli("paths", "--json")
    assert code == 0
    assert json.loads(out)["archive"] == {
        "path": str(archive_dir),
        "source": "DISPATCHBOX_ARCHIVE",
        "exists": True,
    }

    code, out, _ = cli("summary", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["letters"] == 2
    assert summary["mps"] == {"Harriet Vance": 2}
    assert summary["directions"] == {"from_mp": 1, "to_mp": 1}

    code, out, _ = cli("tag", "M12345/16", "+urgent", "+gp", "--json")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and row["tags"] == ["urgent", "gp"] and len(row["id"]) == 12
    code, out, _ = cli("tag", "--json", "M12345/16")
    assert json.loads(out)["tags"] == ["urgent", "gp"]

    code, out, _ = cli("note", "M12345/16", "First.", "--json")
    assert code == 0 and json.loads(out)["note"] == "First."
    code, out, _ = cli("note", "--json", "M12345/16", "--append", "Second.")
    assert json.loads(out)["note"] == "First.\nSecond."
    code, out, _ = cli("note", "M12345/16", "--json")
    shown = json.loads(out)
    assert shown["note"] == "First.\nSecond." and shown["updated_at"]


NAMES = ("Ada", "Bram", "Cleo", "Dov", "Esme", "Finn", "Gus", "Hal", "Ines")


def test_summary_lines_up_and_lists_every_mp(
    cli: Cli, write_letter: WriteLetter, letters_dir: Path
) -> None:
    """Nine MPs: every one is listed (no top six), each count in one column."""
    for number in range(9):
        mp = f"{NAMES[number]} {'Fairweather-Longbottom' if number == 4 else 'Oakes'}"
        write_letter(f"mp-{number}.txt", kind="mp", mp=mp, our_ref=f"MP/{number}")
    assert cli("import", letters_dir)[0] == 0
    code, out, _ = cli("summary")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith(NAMES)]
    assert len(rows) == 9
    assert len({len(line) for line in rows}) == 1  # the counts end in one column
    assert all(line.endswith(" 1") for line in rows)


def test_export_refuses_to_replace_a_file_without_force(
    cli: Cli, imported: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("kept\n", encoding="utf-8")
    code, _out, err = cli("export", "Kelmscott", "--output", target)
    assert code == 2 and f"{target} exists already: add --force to replace it" in err
    assert target.read_text(encoding="utf-8") == "kept\n"
    assert cli("export", "Kelmscott", "--output", target, "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("id,date,references")


def test_markdown_export_shows_the_query_as_typed_and_keeps_multi_line_notes(
    cli: Cli, imported: dict[str, Path], tmp_path: Path
) -> None:
    note = "Rang the depot:\n- no reply yet\n\n*chase* in June"
    assert cli("note", "M12345/16", note)[0] == 0
    target = tmp_path / "out.md"
    query = "Kelm* OR `bus` route_41"
    assert cli("export", *query.split(), "--output", target)[0] == 0
    text = target.read_text(encoding="utf-8")
    assert f"Search: ``{query}``\n" in text  # exactly as typed, no escapes inside the span
    # Every line of the note in one quote block, its blank line too, its breaks kept.
    assert "> Rang the depot:  \n> - no reply yet  \n>\n> \\*chase\\* in June  \n" in text


def test_json_lines_export_gives_references_and_tags_as_lists(
    cli: Cli, imported: dict[str, Path], tmp_path: Path
) -> None:
    assert cli("tag", "M12345/16", "+gp", "+urgent")[0] == 0
    target = tmp_path / "out.jsonl"
    assert cli("export", "--output", target)[0] == 0
    rows = {row["id"]: row for row in map(json.loads, target.read_text().splitlines())}
    tagged = [row for row in rows.values() if row["tags"]]
    assert [row["tags"] for row in tagged] == [["gp", "urgent"]]
    assert tagged[0]["references"] == ["M12345/16"]


def test_options_go_anywhere_after_archive_given_first(
    cli: Cli, imported: dict[str, Path], archive_dir: Path
) -> None:
    """``--archive DIR`` before the command used to send the line to the top parser, which
    lost the note's text after ``--append`` ("unrecognized arguments")."""
    assert cli("--archive", archive_dir, "note", "M12345/16", "First line.")[0] == 0
    assert cli("--archive", archive_dir, "note", "M12345/16", "--append", "Second.")[0] == 0
    assert cli(f"--archive={archive_dir}", "note", "--append", "M12345/16", "Third.")[0] == 0
    assert show_json(cli, "M12345/16")["annotations"]["note"] == "First line.\nSecond.\nThird."
    code, out, _err = cli("--archive", archive_dir, "search", "Kelmscott", "--sort", "-date")
    assert code == 0 and "M12345/16" in out


def test_search_counts_one_letter_as_one_letter(cli: Cli, imported: dict[str, Path]) -> None:
    """The count line said "1 of 1 letters"."""
    code, out, _err = cli("search", "M12345/16")
    last = out.strip().splitlines()[-1]
    assert code == 0 and last.startswith("1 of 1 letter ("), last
    code, out, _err = cli("search", "nowordlikethisanywhere")
    assert out.strip().splitlines()[-1].startswith("no letters ("), out


def test_listings_mark_a_cut_reference_or_name_instead_of_cutting_it_silently(
    cli: Cli, letters_dir: Path
) -> None:
    """Search results and the pairs review had room for 18 characters of references and 28
    of a name, and cut the rest silently: "TO2016/0012345/ABCD" showed as a shorter reference
    that might be another letter's."""
    (letters_dir / "long.txt").write_text(
        "Our ref: TO2016/0012345/ABCD-EF\n\n3 March 2016\n\n"
        "Dear Ms Halloran-Westbury-Fairweather,\n\n"
        "Thank you for your letter about the Wrexley bypass.\n\n"
        "Yours sincerely,\n\nAir Commodore Bartholomew Ashcombe-Pennington\n"
        "Parliamentary Under-Secretary of State\n",
        encoding="utf-8",
    )
    assert cli("import", letters_dir)[0] == 0

    _code, out, _err = cli("search", "Wrexley")
    line = out.splitlines()[0]
    assert "TO2016/0012345/AB…" in line, line
    _code, out, _err = cli("pairs", "--unpaired")
    line = next(row for row in out.splitlines() if "TO2016" in row)
    writer = line.split("→")[0].rstrip()
    assert "TO2016/0012345/AB…" in line and writer.endswith("…") and "Bartholomew" in writer, line


# --- missing, damaged and busy archives -----------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "M12345/16"],
        ["tag", "M12345/16", "+urgent"],
        ["note", "M12345/16", "text"],
        ["summary"],
        ["members", "show"],
    ],
    ids=lambda argv: argv[0],
)
def test_a_missing_archive_exits_4_naming_the_folder(
    cli: Cli, tmp_path: Path, argv: list[str]
) -> None:
    nowhere = tmp_path / "nowhere"

    code, out, err = cli(*argv, "--archive", nowhere)

    assert code == 4
    assert out == ""
    assert f"no archive at {nowhere}" in err
    assert not nowhere.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "M12345/16"],
        ["tag", "M12345/16", "+urgent"],
        ["note", "M12345/16", "text"],
        ["summary"],
    ],
    ids=lambda argv: argv[0],
)
def test_a_damaged_records_file_exits_6_naming_the_file(
    cli: Cli, imported: dict[str, Path], archive_dir: Path, letters_dir: Path, argv: list[str]
) -> None:
    """(``import`` rebuilds it instead: see test_store_damage.py.)"""
    letters_file = archive_dir / "letters.jsonl"
    letters_file.write_bytes(b'{"letters": {"3004c9')

    code, _out, err = cli(*(arg.format(letters=letters_dir) for arg in argv))

    assert code == 6
    assert f"{letters_file}: damaged" in err
    assert "dispatchbox doctor --repair" in err
    assert letters_file.read_bytes() == b'{"letters": {"3004c9'


def _known_errors() -> list[tuple[Exception, int]]:
    from archive.annotations_file import AnnotationsDamaged
    from archive.errors import TextMissing
    from archive.locking import LockedError
    from archive.storage import RecordsDamaged, StorageError
    from index.writer import IndexBusy, IndexDamaged

    return [
        (LockedError("held by process 4242"), 5),
        (AnnotationsDamaged("annotations.json: damaged"), 6),
        # A StorageError too: its own code wins over the storage errors' 4.
        (RecordsDamaged("letters.jsonl: damaged"), 6),
        (TextMissing("texts/ab.txt: missing"), 6),
        (StorageError("store.json: could not be read"), 4),
        (IndexDamaged("_MAIN_1.toc", "unreadable"), 6),
        (IndexBusy("the index is being written by process 4242"), 5),
    ]


@pytest.mark.parametrize(
    ("error", "code"), [pytest.param(*case, id=type(case[0]).__name__) for case in _known_errors()]
)
def test_an_archive_error_met_in_any_command_exits_with_its_code_and_message(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, error: Exception, code: int
) -> None:
    def fails(_args: argparse.Namespace) -> int:
        raise error

    monkeypatch.setattr("tui.cli.parser.cmd_paths", fails)

    assert run_cli("paths") == (code, "", f"dispatchbox: {error}\n")


# --- members --------------------------------------------------------------------------------


def test_members_import_fills_in_the_area(
    cli: Cli, write_letter: WriteLetter, letters_dir: Path, tmp_path: Path
) -> None:
    write_letter(
        "reply.txt",
        mp="Owen Treharne",
        reference="M31337/17",
        date="2 February 2017",
        topic="the delay in deciding a constituent's pension credit claim",
    )
    assert cli("import", letters_dir)[0] == 0
    assert show_json(cli, "M31337/17")["metadata"]["area"] is None
    members = tmp_path / "members.csv"
    members.write_text(
        "Display name,Constituency,Party,Start date,End date\n"
        "Owen Treharne MP,Wexcombe and Stoke Ferrers,Independent,07/05/2015,\n"
        "Harriet Vance MP,Kelmscott and Rye,Independent,06/05/2010,06/11/2019\n"
    )

    code, out, _err = cli("members", "import", members)

    assert code == 0
    assert out == "2 members loaded; area changed for 1 letter\n"
    assert show_json(cli, "M31337/17")["metadata"]["area"] == "Wexcombe and Stoke Ferrers"
    code, out, _err = cli("members", "show")
    assert [json.loads(line)["constituency"] for line in out.splitlines()] == [
        "Wexcombe and Stoke Ferrers",
        "Kelmscott and Rye",
    ]


@pytest.mark.parametrize(
    ("csv_text", "code", "message"),
    [
        ("name,party\nOwen Treharne,Independent\n", 2, "no constituency column"),
        ("first,second\nOwen Treharne,Wexcombe\n", 2, "found: first, second"),
        ("", 2, "empty file"),
        (
            "name,constituency,from\nOwen Treharne,Wexcombe and Stoke Ferrers,31/02/2015\n",
            3,
            "line 2: from date '31/02/2015' not understood",
        ),
    ],
)
def test_members_import_reports_a_file_it_cannot_use(
    cli: Cli, imported: dict[str, Path], tmp_path: Path, csv_text: str, code: int, message: str
) -> None:
    members = tmp_path / "members.csv"
    members.write_text(csv_text)

    exit_code, _out, err = cli("members", "import", members)

    assert exit_code == code
    assert message in err
    assert str(members) in err


# --- the installed console script -----------------------------------------------------------


def test_console_script_imports_and_shows(
    write_letter: WriteLetter, letters_dir: Path, tmp_path: Path
) -> None:
    script = Path(sys.executable).parent / "dispatchbox"
    write_letter("reply.txt")
    archive_dir = tmp_path / "script-archive"

    imported = subprocess.run(
        [script, "import", letters_dir, "--json", "--archive", archive_dir],
        capture_output=True,
        text=True,
        timeout=120,
    )
    shown = subprocess.run(
        [script, "show", "M99999/99", "--archive", archive_dir],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (imported.returncode, json.loads(imported.stdout)["imported"]) == (0, 1)
    assert shown.returncode == 1
    assert shown.stderr == "dispatchbox: no letter has the id or reference 'M99999/99'\n"
    assert TRACEBACK not in imported.stderr + shown.stderr


@pytest.mark.parametrize(
    ("command", "wanted"),
    [
        # The README's own examples on the sample archive: each reference is quoted by
        # another letter of its exchange, and each names the letter whose reference it is.
        (("show", "SK/FLOOD/0224"), "2020-02-24_kearney_to_defra_flooding.txt"),
        (("show", "M10562/16"), "2016-09-27_home-office_holding_reply_vance.txt"),
        (("thread", "HV/CSE/16/041"), "Harriet Vance"),
        (("compare", "NF/EDU/0320", "--width", "100"), "NF/EDU/0320"),
    ],
)
def test_a_reference_quoted_across_an_exchange_names_one_letter(
    sample_store: Store, run_cli: RunCli, command: tuple[str, ...], wanted: str
) -> None:
    code, out, err = run_cli(*command, "--archive", sample_store.root)
    assert (code, err) == (0, "")
    assert wanted in out


def test_a_reference_of_unrelated_letters_exits_7_listing_them(
    run_cli: RunCli, write_letter: Callable[..., Path], letters_dir: Path, tmp_path: Path
) -> None:
    write_letter("a.txt", mp="Owen Treharne", reference="M40001/17", date="2 February 2017")
    write_letter("b.txt", mp="Idris Vane", reference="M40001/17", date="9 March 2017")
    archive = tmp_path / "archive"
    assert run_cli("import", letters_dir, "--archive", archive)[0] == 0
    code, out, err = run_cli("show", "M40001/17", "--archive", archive)
    assert code == 7 and out == ""
    assert "Tobias Wrenfield to Owen Treharne" in err and "Tobias Wrenfield to Idris Vane" in err


def test_a_tag_written_without_its_sign_is_refused_saying_how(
    cli: Cli, imported: dict[str, Path]
) -> None:
    code, out, err = cli("tag", "M12345/16", "gp")
    assert code == 2 and out == ""
    assert "write +gp to add the tag, -gp to remove it" in err


def test_version_and_the_app_on_a_missing_archive(cli: Cli, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["--version"])
    assert done.value.code == 0
    nowhere = tmp_path / "nowhere"
    code, out, _err = cli("--archive", nowhere)
    assert code == 4  # as documented: no archive
    assert f"No archive at {nowhere} yet." in out and not nowhere.exists()


@pytest.mark.parametrize(
    ("count", "words"),
    [(0, "0 letters"), (1, "1 letter"), (2, "2 letters"), (1204, "1,204 letters")],
)
def test_counts_are_written_in_words(count: int, words: str) -> None:
    from tui.words import counted

    assert counted(count, "letter") == words


def test_an_import_that_finds_no_letters_says_so_and_names_unsupported_formats(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "reply.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    (folder / "budget.xlsx").write_bytes(b"PK not a letter")
    code, out, err = cli("import", folder, "--archive", tmp_path / "archive")
    assert code == 1  # nothing found
    assert "unsupported: 1 .doc file (Word 97-2003: save as .docx)" in out
    assert "skipped (not letters): .xlsx 1" in out
    assert f"no letters found in {folder}" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("import", empty, "--archive", tmp_path / "archive")[0] == 1


def test_generate_writes_the_hard_cases_it_is_asked_for(cli: Cli, tmp_path: Path) -> None:
    """`--hard` sets the share of transfers, replies to several letters and the like."""
    from archive.generator import read_truth

    code, out, _err = cli(
        "generate", "120", tmp_path / "none", "--hard", "0", "--truth", tmp_path / "t0"
    )
    assert code == 0 and out.startswith("120 files written")
    assert not any(letter.also_replies_to for letter in read_truth(tmp_path / "t0"))
    code, _out, _err = cli(
        "generate", "120", tmp_path / "many", "--hard", "0.4", "--truth", tmp_path / "t1"
    )
    assert code == 0
    assert any(letter.also_replies_to for letter in read_truth(tmp_path / "t1"))
    code, _out, err = cli("generate", "10", tmp_path / "bad", "--hard", "2")
    assert code == 2 and "hard must be between 0 and 1" in err
