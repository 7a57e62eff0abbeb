"""The ``dispatchbox`` command line: the parser with every subcommand, and ``main``.

``main`` runs one subcommand and turns every failure into a message and an exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from tui.cli.annotation_commands import (
    cmd_annotations,
    cmd_corrections,
    cmd_note,
    cmd_set,
    cmd_show,
    cmd_tag,
)
from tui.cli.archive_commands import (
    cmd_demo,
    cmd_doctor,
    cmd_extract,
    cmd_generate,
    cmd_import,
    cmd_members,
    cmd_paths,
    cmd_reindex,
    cmd_summary,
    run_app,
)
from tui.cli.common import (
    EXIT_BUSY,
    EXIT_DAMAGED,
    EXIT_INTERRUPTED,
    EXIT_NO_ARCHIVE,
    EXIT_OK,
    EXIT_SOFTWARE,
    CommandError,
    Stopped,
    say_error,
)
from tui.cli.pairs_commands import (
    cmd_compare,
    cmd_link,
    cmd_pairs,
    cmd_reply,
    cmd_stats,
    cmd_thread,
)
from tui.cli.search_commands import cmd_export, cmd_search, cmd_similar


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP end a command the way Ctrl-C does (Python's default is to die)."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        # A second signal must not cut short the writing of what was finished.
        for other in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(other, signal.SIG_IGN)
        raise Stopped(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, stop)


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """The command line, with a command's options anywhere among its words
    (``note REF --append "text"``): argparse alone gives up on an optional word after an
    option, and cannot intermix a parser that has commands, so the command parses its own."""
    commands = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    # ``--archive DIR`` may come before the command (every command takes it too).
    position = 0
    while position < len(argv) and argv[position].startswith("--archive"):
        position += 1 if "=" in argv[position] else 2
    if commands is not None and position < len(argv) and argv[position] in commands.choices:
        try:
            command: argparse.ArgumentParser = commands.choices[argv[position]]
            return command.parse_intermixed_args([*argv[:position], *argv[position + 1 :]])
        except TypeError:  # a command whose arguments cannot be intermixed
            pass
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dispatchbox`` console script."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = _parse(parser, _glue_sort_value(list(sys.argv[1:] if argv is None else argv)))
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", run_app)
    if handler not in (run_app, cmd_demo):  # the app handles its own signals
        _stop_on_signals()
    # Letters, notes and their index are sensitive: whatever is created (the index's files
    # too, which Whoosh creates) is readable by its owner only.
    umask = os.umask(0o077)
    os.umask(umask | 0o077)
    try:
        return handler(args)
    except CommandError as error:
        say_error(str(error))
        return error.code
    except Stopped as stopped:
        import signal

        with suppress(OSError):  # after SIGHUP the terminal may be gone
            say_error(
                f"stopped by {signal.Signals(stopped.signum).name}; what was finished has been kept"
            )
        return 128 + stopped.signum
    except KeyboardInterrupt:
        say_error("interrupted; what was finished has been kept")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last resort: one line, details in a file
        code = _known_error_code(error)
        if code is not None:
            say_error(str(error))
            return code
        log = _write_crash_log()
        say_error(f"unexpected error: {type(error).__name__}: {error}. Details: {log}")
        return EXIT_SOFTWARE
    finally:
        os.umask(umask)


#: Errors any command can meet, by their full names, and the exit code each means; the first
#: that matches counts (a damaged records file is a ``StorageError`` too). Each message already
#: names the file and says what to do. Only modules already imported are asked: none is
#: imported to check.
_KNOWN_ERRORS = {
    # The annotations writer's lock, waited for and still held by another process.
    "archive.locking.LockedError": EXIT_BUSY,
    "archive.annotations_file.AnnotationsDamaged": EXIT_DAMAGED,
    # Damage the archive can mend: the message says how (doctor --repair).
    "archive.storage.RecordsDamaged": EXIT_DAMAGED,
    "archive.errors.TextMissing": EXIT_DAMAGED,
    # A damaged store file can surface in any command, whenever a record is first read.
    "archive.storage.StorageError": EXIT_NO_ARCHIVE,
    # Met wherever the index is read.
    "index.writer.IndexDamaged": EXIT_DAMAGED,
    # Another process writes the index.
    "index.writer.IndexBusy": EXIT_BUSY,
}


def _known_error_code(error: Exception) -> int | None:
    """The exit code of a known error (see ``_KNOWN_ERRORS``), or None for a bug."""
    for name, code in _KNOWN_ERRORS.items():
        module_name, _, class_name = name.rpartition(".")
        module = sys.modules.get(module_name)
        if module is not None and isinstance(error, getattr(module, class_name)):
            return code
    return None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dispatchbox")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


#: The orders ``search`` and ``export`` take (``index.results.SORTS``) and the periods
#: ``stats --by`` counts in (``archive.replystats.PERIODS``), written here so that parsing
#: imports neither library; tests/test_cli.py holds them to the libraries' lists.
SORT_CHOICES = ("relevance", "date", "-date")
PERIOD_CHOICES = ("year", "quarter")


def build_parser() -> argparse.ArgumentParser:
    from archive.corrections import FIELDS as CORRECTABLE_FIELDS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--archive",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="archive folder (default: $DISPATCHBOX_ARCHIVE, else the per-user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="dispatchbox",
        description="Search, read, pair and annotate archives of MPs' correspondence.",
        epilog="Without a command, opens the app on the archive. "
        "Exit codes: 0 ok, 1 nothing found, 2 bad usage or query, 3 some files failed, "
        "4 no archive, 5 archive busy, 6 archive damaged, 7 ambiguous reference, "
        "70 internal error, 130 interrupted (129, 143: stopped by SIGHUP, SIGTERM).",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], text: str) -> Any:
        sub = commands.add_parser(name, help=text, description=text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    sub = command("paths", cmd_paths, "print where the archive and the settings live")
    sub.add_argument("--json", action="store_true", help="print one JSON object")

    sub = command("import", cmd_import, "import files and folders of letters (incremental)")
    sub.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    sub.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    sub.add_argument("--workers", type=int, default=None, help="reader processes (default: CPUs)")

    sub = command("extract", cmd_extract, "print the metadata read from files, one JSON line each")
    sub.add_argument("files", nargs="+", metavar="FILE")

    sub = command("show", cmd_show, "show a letter (by id or reference) with its annotations")
    sub.add_argument("letter", metavar="ID|REF")
    sub.add_argument("--json", action="store_true", help="print one JSON object")

    sub = command("tag", cmd_tag, "add (+tag) or remove (-tag) tags: dispatchbox tag ID +a -b")
    sub.add_argument(
        "items",
        nargs=argparse.REMAINDER,
        metavar="ID|REF... +TAG|-TAG...",
        help="letters (ids or references), then +tag to add and -tag to remove",
    )
    sub.add_argument("--json", action="store_true", help="JSON Lines: each letter's tags")

    sub = command("note", cmd_note, "show, set or append to a letter's note")
    sub.add_argument("letter", metavar="ID|REF")
    sub.add_argument("text", nargs="?", help="the note; '-' reads it from standard input")
    sub.add_argument("--append", action="store_true", help="add to the note instead of replacing")
    sub.add_argument("--clear", action="store_true", help="remove the note (kept in history)")
    sub.add_argument("--json", action="store_true", help="the note (after any change) as JSON")

    sub = command(
        "set",
        cmd_set,
        'correct a letter\'s metadata: dispatchbox set ID mp="Lucy Allan" date=2016-10-24',
    )
    sub.add_argument("letter", metavar="ID|REF")
    sub.add_argument(
        "assignments",
        nargs="*",
        metavar="FIELD=VALUE",
        help="the corrected value of a field (empty: the letter has none); lists are "
        "separated by commas, or by ';' when a name holds a comma",
    )
    sub.add_argument(
        "--unset",
        action="append",
        default=[],
        metavar="FIELD",
        help="withdraw the correction of FIELD: the extracted value counts again (repeatable)",
    )
    sub.epilog = (
        "Fields: "
        + ", ".join(CORRECTABLE_FIELDS)
        + ". Dates are YYYY-MM-DD; direction is to_mp, from_mp or other. Corrections are "
        "annotations: they outrank the extractor in search, facets, pairing and export, and "
        "survive re-imports and rebuilds."
    )

    sub = command(
        "corrections", cmd_corrections, "list every corrected field, beside its extracted value"
    )
    sub.add_argument("--json", action="store_true", help="JSON Lines: one correction a line")

    sub = command("members", cmd_members, "load a members file (CSV: name, constituency, ...)")
    sub.add_argument("action", choices=["import", "show"])
    sub.add_argument("file", nargs="?", metavar="FILE")

    sub = command("generate", cmd_generate, "write a synthetic archive of N letters to DIR")
    sub.add_argument("count", type=int, metavar="N")
    sub.add_argument("directory", metavar="DIR")
    sub.add_argument("--seed", type=int, default=0)
    sub.add_argument("--truth", metavar="FILE", help="also write the ground truth (JSON Lines)")
    sub.add_argument(
        "--hard",
        type=float,
        default=0.1,
        metavar="SHARE",
        help="share of letters in the hard cases: transfers, replies to several letters, "
        "replies citing nothing, holding then full replies (default 0.1; 0 for none)",
    )

    sub = command("search", cmd_search, "search the archive (see QUERY LANGUAGE below)")
    sub.add_argument("query", nargs="+", metavar="QUERY", help="words, phrases and fields")
    sub.add_argument("--limit", type=int, default=20, help="hits to print (default 20)")
    sub.add_argument("--offset", type=int, default=0, help="skip this many hits first")
    sub.add_argument("--sort", choices=SORT_CHOICES, default="relevance")
    sub.add_argument("--facets", action="store_true", help="end with the facet counts")
    sub.add_argument("--json", action="store_true", help="JSON Lines: one hit a line")
    sub.epilog = QUERY_HELP + _query_bounds()
    sub.formatter_class = argparse.RawDescriptionHelpFormatter

    sub = command("export", cmd_export, "export a search's letters to CSV, JSON Lines or Markdown")
    sub.add_argument("query", nargs="*", metavar="QUERY", help="as for search (none: every letter)")
    sub.add_argument(
        "--output", "-o", required=True, metavar="FILE", help="ends in .csv, .jsonl or .md"
    )
    sub.add_argument("--sort", choices=SORT_CHOICES, default="relevance")
    sub.add_argument("--force", action="store_true", help="replace FILE if it exists")

    sub = command("similar", cmd_similar, "letters like this one (campaign and stock letters)")
    sub.add_argument("letter", metavar="ID|REF")
    sub.add_argument("--limit", type=int, default=10)
    sub.add_argument("--json", action="store_true")

    sub = command(
        "annotations",
        cmd_annotations,
        "list or restore the kept versions of the annotations; export or import them",
    )
    action = sub.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--backups", action="store_true", help="list the kept versions (newest is 1)"
    )
    action.add_argument(
        "--restore", type=int, metavar="N", help="put version N back (the current one is kept)"
    )
    action.add_argument(
        "--export", metavar="FILE", help="write every annotation as JSON Lines ('-': stdout)"
    )
    action.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        help="merge annotations from JSON Lines (letters matched by id, else content hash)",
    )

    command("reindex", cmd_reindex, "rebuild the search index from the store")
    sub = command(
        "doctor",
        cmd_doctor,
        "check the records, the stored texts and the index, and fix them "
        "(damaged records and texts are read again from their files)",
    )
    sub.add_argument("--repair", action="store_true", help="fix every difference found")
    sub.add_argument("--json", action="store_true")

    add_commands(command)

    command("demo", cmd_demo, "open the app on the bundled sample archive (a throwaway copy)")
    sub = command("summary", cmd_summary, "print the archive's letters by MP, area, sender, tag")
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _glue_sort_value(argv: Sequence[str]) -> list[str]:
    """``--sort -date`` as ``--sort=-date``: argparse would take ``-date`` for an option."""
    glued: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--":
            glued += [item, *items]
            break
        following = next(items, None) if item == "--sort" else None
        glued.append(f"--sort={following}" if following is not None else item)
    return glued


QUERY_HELP = """query language:
  child exploitation          both words (stemmed: exploit* forms match too)
  "public review"             a phrase;  "public review"~2 within two words
  telford OR wrekin           either;  NOT draft  or  -draft  without
  (a OR b) c                  grouping;  exploit*  prefix;  rudd~  fuzzy
  M11295/16  m11295  11295/16 a reference, however typed (also ref:...)
  mp:allan  mp:"Lucy Allan"   fields: ref mp area dept from to signatory cc subject
                              dir:to_mp|from_mp|other  tag:follow-up  year:2016
  date:2016  date:2016-10  date:2016-10-24  date:2016-01..2016-06  date:..2016  date:>2016-06
  has:reply  is:unpaired      pairing: has:reply has:note has:tag, is:reply|unpaired|
                              unanswered|uncertain;  days:>20  working days to the reply
  has:ocr  format:png         read from a scan by OCR;  format:pdf|docx|eml|png|jpeg|tiff|...
"""


def _query_bounds() -> str:
    """The query language's bounds, as the parser holds them."""
    from index import query as q

    return (
        f"  at most {q.MAX_QUERY_LENGTH:,} characters, {q.MAX_TERMS} terms, {q.MAX_DEPTH} levels "
        f"of ( ) and NOT, {q.MAX_EXPANDING_TERMS} word~ or word* (~1 to ~{q.MAX_FUZZY_DISTANCE})\n"
    )


def _write_crash_log() -> str:
    """Save the current exception's traceback where a bug report can pick it up."""
    import tempfile
    import traceback

    try:
        from archive.paths import resolve_config_dir

        folder = resolve_config_dir().path
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / "crash.log"
    try:
        # The arguments may hold surrogates (bytes that were not UTF-8): kept as escapes.
        with log.open("a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(f"--- dispatchbox {' '.join(sys.argv[1:])}\n")
            handle.write(traceback.format_exc())
    except OSError:
        return "(could not be saved)"
    return str(log)


Command = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def add_commands(command: Command) -> None:
    """Register the pairing subcommands on the main parser."""
    sub = command("pairs", cmd_pairs, "list each reply with the letter it answers, and why")
    sub.add_argument("--json", action="store_true", help="JSON Lines: one link a line")
    show = sub.add_mutually_exclusive_group()
    show.add_argument("--uncertain", action="store_true", help="only links in doubt")
    show.add_argument("--unpaired", action="store_true", help="letters with no link either way")
    show.add_argument(
        "--review", action="store_true", help="doubtful links and unpaired letters, with candidates"
    )

    sub = command("link", cmd_link, "confirm, reject or make a link: REPLY answers LETTER")
    sub.add_argument("reply", metavar="REPLY", help="the reply (id or reference)")
    sub.add_argument("letter", metavar="LETTER", help="the letter it answers (id or reference)")
    verdict = sub.add_mutually_exclusive_group()
    verdict.add_argument("--reject", action="store_true", help="it does not answer that letter")
    verdict.add_argument("--undo", action="store_true", help="withdraw your earlier decision")

    sub = command(
        "reply",
        cmd_reply,
        "mark a reply as a holding reply or the full answer (reply times count the full one)",
    )
    sub.add_argument("reply", metavar="ID|REF", help="the reply (id or reference)")
    mark = sub.add_mutually_exclusive_group()
    mark.add_argument(
        "--holding", action="store_true", help="a holding reply: a full answer is to follow"
    )
    mark.add_argument("--full", action="store_true", help="the full answer")
    mark.add_argument("--unset", action="store_true", help="withdraw the mark: the guess counts")
    sub.add_argument("--json", action="store_true", help="the mark and the reply time, as JSON")
    sub.epilog = (
        "Without an option, shows the mark and which reply counts. Marks are annotations: they "
        "outrank the guess from the reply's words and survive re-imports and rebuilds."
    )

    sub = command("thread", cmd_thread, "a letter's whole exchange in date order")
    sub.add_argument("letter", metavar="ID|REF")
    sub.add_argument("--json", action="store_true")

    sub = command("stats", cmd_stats, "reply times per department and per MP (working days)")
    sub.add_argument(
        "query", nargs="*", metavar="QUERY", help="as for search: the letters it finds (none: all)"
    )
    sub.add_argument(
        "--by",
        choices=PERIOD_CHOICES,
        help="also the median and the share within the target per year or quarter",
    )
    sub.add_argument("--json", action="store_true", help="one JSON object")
    sub.epilog = "The app's statistics screen (T) draws the same figures for the current search."

    sub = command("compare", cmd_compare, "two letters side by side (one: with its reply)")
    sub.add_argument("first", metavar="A", help="a letter (id or reference)")
    sub.add_argument("second", metavar="B", nargs="?", help="another (default: A's reply)")
    sub.add_argument("--words", action="store_true", help="word by word (same-template letters)")
    sub.add_argument("--width", type=int, default=0, help="columns (default: the terminal's)")
    sub.add_argument("--json", action="store_true", help="the aligned rows as one JSON object")
