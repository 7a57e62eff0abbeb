"""The ``dispatchbox`` command: a thin layer over the archive and index libraries.

Only ``dispatchbox`` without a subcommand (and ``demo``) loads the Textual app; every other
subcommand stays light, so scripts pay only for what they use.

Exit codes:
  0  success
  1  nothing found (no letter, no hit)
  2  bad usage (an unknown option, a query that cannot be parsed)
  3  done, but some files could not be read (each is listed with the reason)
  4  no archive at the given folder, or the archive cannot be read
  5  the archive is being written by another process
  6  the archive is damaged (annotations, records or texts): run `dispatchbox doctor --repair`
  7  a reference names unrelated letters (they are listed: use an id)
  70 an unexpected error (a bug): one line here, the details in a log file
  130 interrupted by Ctrl-C (SIGINT); what was finished is kept
  129, 143 stopped by SIGHUP (the terminal closed) or SIGTERM: 128 + the signal's number, as
     a shell reports it; like Ctrl-C, what was finished is kept
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.words import counted

if TYPE_CHECKING:
    from archive.store import Store
    from index.pipeline import PipelineSummary, Step

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_NO_ARCHIVE = 4
EXIT_BUSY = 5
EXIT_DAMAGED = 6
EXIT_AMBIGUOUS = 7
EXIT_SOFTWARE = 70
EXIT_INTERRUPTED = 130

#: Import notes printed after the counts (``--json`` lists them all).
NOTICES_SHOWN = 50


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: unwound like Ctrl-C, so what was finished is written first."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


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


class CommandError(Exception):
    """A failure to report in one line, with the exit code to leave with."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


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
        _error(str(error))
        return error.code
    except Stopped as stopped:
        import signal

        with suppress(OSError):  # after SIGHUP the terminal may be gone
            _error(
                f"stopped by {signal.Signals(stopped.signum).name}; what was finished has been kept"
            )
        return 128 + stopped.signum
    except KeyboardInterrupt:
        _error("interrupted; what was finished has been kept")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last resort: one line, details in a file
        locking = sys.modules.get("archive.locking")
        if locking is not None and isinstance(error, locking.LockedError):
            # The annotations writer's lock, waited for and still held by another process.
            _error(str(error))
            return EXIT_BUSY
        annotations_file = sys.modules.get("archive.annotations_file")
        if annotations_file is not None and isinstance(error, annotations_file.AnnotationsDamaged):
            _error(str(error))
            return EXIT_DAMAGED
        storage = sys.modules.get("archive.storage")
        store_module = sys.modules.get("archive.store")
        if (storage is not None and isinstance(error, storage.RecordsDamaged)) or (
            store_module is not None and isinstance(error, store_module.TextMissing)
        ):
            # Damage the archive can mend: its message says how (doctor --repair).
            _error(str(error))
            return EXIT_DAMAGED
        if storage is not None and isinstance(error, storage.StorageError):
            # A damaged store file can surface in any command, whenever a record is first read.
            _error(str(error))
            return EXIT_NO_ARCHIVE
        writer = sys.modules.get("index.writer")
        if writer is not None and isinstance(error, writer.IndexDamaged):
            # Met wherever the index is read: the message names the file and says what to do.
            _error(str(error))
            return EXIT_DAMAGED
        log = _write_crash_log()
        _error(f"unexpected error: {type(error).__name__}: {error}. Details: {log}")
        return EXIT_SOFTWARE
    finally:
        os.umask(umask)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dispatchbox")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


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
    sub.add_argument("--sort", choices=["relevance", "date", "-date"], default="relevance")
    sub.add_argument("--facets", action="store_true", help="end with the facet counts")
    sub.add_argument("--json", action="store_true", help="JSON Lines: one hit a line")
    sub.epilog = QUERY_HELP + _query_bounds()
    sub.formatter_class = argparse.RawDescriptionHelpFormatter

    sub = command("export", cmd_export, "export a search's letters to CSV, JSON Lines or Markdown")
    sub.add_argument("query", nargs="*", metavar="QUERY", help="as for search (none: every letter)")
    sub.add_argument(
        "--output", "-o", required=True, metavar="FILE", help="ends in .csv, .jsonl or .md"
    )
    sub.add_argument("--sort", choices=["relevance", "date", "-date"], default="relevance")
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

    from tui.cli_pairs import add_commands

    add_commands(command)

    command("demo", cmd_demo, "open the app on the bundled sample archive (a throwaway copy)")
    sub = command("summary", cmd_summary, "print the archive's letters by MP, area, sender, tag")
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


# -- commands ------------------------------------------------------------------------------------


def cmd_paths(args: argparse.Namespace) -> int:
    from archive.paths import resolve_archive_dir, resolve_config_dir

    archive = resolve_archive_dir(getattr(args, "archive", None))
    config = resolve_config_dir()
    exists = (archive.path / "dispatchbox.json").exists()
    if args.json:
        found = {
            "archive": {"path": str(archive.path), "source": archive.source, "exists": exists},
            "config": {"path": str(config.path), "source": config.source},
        }
        _out(json.dumps(found, ensure_ascii=False))
        return EXIT_OK
    _out(f"archive  {archive.path}  ({archive.source}{'' if exists else ', not created yet'})")
    _out(f"config   {config.path}  ({config.source})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    store = _open_store(args, create=True)
    done = _run_import(store, [Path(p) for p in args.paths], workers=args.workers)
    summary, report = done.imports, done.index
    pairs = done.pairs.to_json() if done.pairs else None
    if args.json:
        data = summary.to_json()
        data["index"] = _sync_json(report)
        data["pairs"] = pairs
        _out(json.dumps(data, ensure_ascii=False))
    else:
        counts = (
            f"imported {summary.imported}, updated {summary.updated}, "
            f"unchanged {summary.unchanged}, duplicates {summary.duplicates}, "
            f"skipped {summary.skipped}, failed {len(summary.failed)}"
        )
        extra = [f"moved {summary.moved}"] if summary.moved else []
        extra += [f"removed {summary.removed}"] if summary.removed else []
        extra += [f"recovered {summary.recovered}"] if summary.recovered else []
        _out(counts + (", " + ", ".join(extra) if extra else ""))
        _print_skipped(summary.skipped_kinds)
        for duplicate, original in summary.duplicate_files:
            _out(f"duplicate: {_name(duplicate)} (same as {_name(original)})")
        for failure in summary.failed:
            _out(f"failed: {_name(failure.file)}: {failure.reason}")
        for notice in summary.notices[:NOTICES_SHOWN]:
            _out(f"note: {_name(notice.file)}: {notice.reason}")
        if len(summary.notices) > NOTICES_SHOWN:
            _out(f"... and {len(summary.notices) - NOTICES_SHOWN} more notes (all in --json)")
        _print_records_recovery(summary)
        if report is not None:
            _out(
                f"index: {report.added} added, {report.updated} updated, "
                f"{report.removed} removed in {report.seconds:.1f} s"
                + (" (built anew)" if report.rebuilt else "")
            )
        if pairs is not None:
            _out(
                f"pairs: {pairs['replies']} replies linked ({pairs['uncertain']} doubtful), "
                f"{counted(pairs['unpaired'], 'letter')} unpaired ({pairs['seconds']:.1f} s); "
                "review them: dispatchbox pairs --review, or R in the app"
            )
        _out(f"archive: {_name(store.root)} ({counted(store.count(), 'letter')})")
    found = (
        summary.imported,
        summary.updated,
        summary.unchanged,
        summary.duplicates,
        summary.recovered,
        summary.moved,
    )
    if not any(found) and not summary.failed and not summary.removed:
        if not args.json:
            _error(
                "no letters found in "
                + ", ".join(_name(p) for p in args.paths)
                + " (letters are .txt, .md, .pdf, .docx and .eml files)"
            )
        return EXIT_NOT_FOUND
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def _print_skipped(kinds: Sequence[tuple[str, int]]) -> None:
    """Files passed over, by kind: formats letters come in that are not read are named with
    what to do; anything else is "not letters"."""
    from archive.readers import UNSUPPORTED

    unsupported = [(kind, n) for kind, n in kinds if kind.lower() in UNSUPPORTED]
    other = [(kind, n) for kind, n in kinds if kind.lower() not in UNSUPPORTED]
    for kind, n in unsupported:
        _out(f"unsupported: {counted(n, f'{kind} file')} ({UNSUPPORTED[kind.lower()]})")
    if other:
        _out("skipped (not letters): " + ", ".join(f"{kind} {n}" for kind, n in other))


def _print_records_recovery(summary: Any) -> None:
    """What rebuilding a damaged records file found again, and what it could not."""
    if not summary.records_damage:
        return
    _out(f"records rebuilt from the imported files: {_safe(summary.records_damage)}")
    for path in summary.not_recovered:
        _out(f"not recovered: {_safe(path)} (its file is gone or was not imported)")
    if summary.not_recovered_unknown:
        _out(
            f"not recovered: {summary.not_recovered_unknown} more letters whose paths the "
            "damaged records no longer name (import their folders to bring them back)"
        )


def _run_import(
    store: Store, paths: Sequence[Path], *, workers: int | None = None
) -> PipelineSummary:
    """Import, index and pair (``index.pipeline``), with one progress bar on a terminal."""
    from archive.locking import LockedError
    from index.pipeline import run_import
    from index.writer import IndexBusy

    with _stage_progress(enabled=sys.stderr.isatty()) as progress:
        try:
            return run_import(store, paths, progress=progress, workers=workers)
        except (LockedError, IndexBusy) as error:
            raise CommandError(str(error), EXIT_BUSY) from None


def cmd_search(args: argparse.Namespace) -> int:
    from index.query import QueryError, error_excerpt

    query = " ".join(args.query)
    searcher = _searcher(args)
    if args.facets:
        searcher.threads.update()  # the reply-time facet needs the pairing (cached once made)
    try:
        result = searcher.search(
            query,
            sort=args.sort,
            limit=max(0, args.limit),
            offset=max(0, args.offset),
            facets=args.facets,
        )
    except QueryError as error:
        _error(f"query error: {error}")
        shown, caret = error_excerpt(query, error.position)
        _error(f"  {shown}")
        _error(f"  {caret}")
        return EXIT_USAGE
    for note in result.notes:
        _error(note)
    if args.json:
        for hit in result.hits:
            _out(json.dumps(hit.to_json(), ensure_ascii=False))
        if args.facets:
            facets = {k: {f.value: f.count for f in v} for k, v in result.facets.items()}
            tail = {"total": result.total, "facets": facets, "suggestion": result.suggestion}
            _out(json.dumps(tail, ensure_ascii=False))
    else:
        for hit in result.hits:
            meta = hit.letter.metadata
            refs = ", ".join(meta.references[:2])
            dept = meta.sender_org if meta.direction != "from_mp" else meta.recipient_org
            _out(
                _safe(
                    f"{hit.letter_id}  {meta.date or '----------'}  {refs:<18.18}  "
                    f"{meta.mp or '':<20.20}  {dept or '':<28.28}  {meta.direction}"
                )
            )
            _out("    " + _safe(hit.snippet.text))
        shown = (
            f"{len(result.hits)} of {counted(result.total, 'letter')}"
            if result.total
            else "no letters"
        )
        _out(f"{shown} ({result.elapsed_ms:.0f} ms)")
        if args.facets:
            for name, counts in result.facets.items():
                if not counts:
                    continue
                values = ", ".join(f"{_safe(f.value)} ({f.count})" for f in counts[:8])
                _out(f"{name + ':':7}{values}")
    if result.total == 0:
        if result.suggestion:
            _error(f"no letters match; did you mean: {result.suggestion}")
        return EXIT_NOT_FOUND
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from index.export import ExportError, ExportExists, export
    from index.query import QueryError

    searcher = _searcher(args)
    query = " ".join(args.query)
    try:
        count = export(searcher, Path(args.output), query, sort=args.sort, replace=args.force)
    except QueryError as error:
        raise CommandError(f"query error: {error}", EXIT_USAGE) from None
    except ExportExists as error:
        raise CommandError(f"{error}: add --force to replace it", EXIT_USAGE) from None
    except ExportError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    _out(f"{counted(count, 'letter')} written to {args.output}")
    return EXIT_OK if count else EXIT_NOT_FOUND


def cmd_similar(args: argparse.Namespace) -> int:
    searcher = _searcher(args)
    letter = _resolve(searcher.store, args.letter)
    result = searcher.similar(letter.id, limit=args.limit)
    for hit in result.hits:
        if args.json:
            _out(json.dumps(hit.to_json(), ensure_ascii=False))
        else:
            meta = hit.letter.metadata
            _out(
                _safe(
                    f"{hit.letter_id}  {meta.date or '----------'}  {hit.score:6.1f}  "
                    f"{meta.mp or ''}  {meta.subject or hit.snippet.text[:60]}"
                )
            )
    return EXIT_OK if result.hits else EXIT_NOT_FOUND


def cmd_reindex(args: argparse.Namespace) -> int:
    from archive.locking import LockedError

    store = _open_store(args)
    try:
        with store.writer("reindex"):
            report = _sync_index(store, rebuild=True)
    except LockedError as error:
        raise CommandError(str(error), EXIT_BUSY) from None
    _out(f"index rebuilt: {counted(report.added, 'letter')} in {report.seconds:.1f} s")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from archive.locking import LockedError
    from index.writer import RepairRefused, doctor, repair

    store = _open_store(args, damaged_ok=True)
    # Damaged annotations first (restored or set aside), without reading the records.
    annotations = None
    if store.annotations_damage is not None:
        annotations = _doctor_annotations(store, repair=args.repair)
        if store.annotations_damage is not None:
            _print_annotation_findings(annotations)
            _out("run: dispatchbox doctor --repair (the damaged file is kept aside)")
            return EXIT_DAMAGED
    # The records and texts next: the index is only compared with (and mended from) sound
    # records, and orphaned annotations are only looked for in them.
    store_code = _doctor_store(store, args)
    if store_code is not None:
        return store_code
    if annotations is None:
        annotations = _doctor_annotations(store, repair=args.repair)
    report = doctor(store)
    problems = Counter(d.problem for d in report.differences)
    if args.json:
        _out(
            json.dumps(
                {
                    "letters": report.letters,
                    "indexed": report.indexed,
                    "schema_current": report.schema_current,
                    "damage": [{"file": d.file, "reason": d.reason} for d in report.damage],
                    "differences": [
                        {"id": d.letter_id, "problem": d.problem} for d in report.differences
                    ],
                    "annotations": annotations,
                }
            )
        )
    else:
        _print_annotation_findings(annotations)
        stored = counted(report.letters, "letter")
        indexed = "damaged" if report.damage else counted(report.indexed, "letter")
        _out(f"store: {stored}; index: {indexed}")
        if not report.schema_current:
            _out("index: missing, or built by an older version (it will be rebuilt)")
        for damage in report.damage:
            _out(_safe(f"index damaged: {damage.file}: {damage.reason}"))
        for difference in report.differences[:50]:
            _out(f"  {difference.letter_id}: {difference.problem}")
        if len(report.differences) > 50:
            _out(f"  ... and {len(report.differences) - 50} more")
        if report.healthy and not annotations["problems"]:
            _out("all well")
        else:
            found = [f"{n} {p}" for p, n in problems.items()]
            found += ["a damaged index"] if report.damage else []
            _out("found: " + ", ".join(found))
    if report.healthy and not annotations["problems"]:
        return EXIT_OK
    if not args.repair:
        if not args.json:
            _out("run: dispatchbox doctor --repair")
        return EXIT_DAMAGED if report.damage else EXIT_NOT_FOUND
    try:
        with store.writer("doctor --repair"):
            fixed = repair(store, report)
    except LockedError as error:
        raise CommandError(str(error), EXIT_BUSY) from None
    except RepairRefused as error:
        raise CommandError(str(error), EXIT_NO_ARCHIVE) from None
    if not args.json:
        if fixed.rebuilt:
            _out(f"repaired: index rebuilt from the store ({counted(fixed.added, 'letter')})")
        else:
            _out(f"repaired: {fixed.added} added, {fixed.updated} updated, {fixed.removed} removed")
    return EXIT_OK if doctor(store).healthy else EXIT_NOT_FOUND


def _doctor_annotations(store: Store, *, repair: bool) -> dict[str, Any]:
    """The annotations' findings for doctor: damage, orphans, stale temporary files.

    Repairing removes stale temporary files and sets aside annotations damaged beyond every
    backup; orphaned annotations are only reported (their letter may come back).
    """
    problems: list[str] = []
    mended: list[str] = list(store.notices)
    if store.annotations_damage is not None:
        reset = store.reset_damaged_annotations() if repair else None
        if reset is None:
            problems.append(store.annotations_damage)
        else:
            mended.append(reset)
    orphans = [] if store.annotations_damage else store.orphaned_annotations()
    stale = store.remove_stale_temp_files() if repair else store.stale_temp_files()
    if stale and repair:
        mended.append("removed stale temporary files: " + ", ".join(p.name for p in stale))
    elif stale:
        problems.append(
            f"{len(stale)} stale temporary files (left by killed commands): "
            + ", ".join(p.name for p in stale)
        )
    return {
        "problems": problems,
        "mended": mended,
        "orphaned": [{"id": letter_id, "holds": held} for letter_id, held in orphans],
    }


def _print_annotation_findings(findings: dict[str, Any]) -> None:
    for line in findings["mended"]:
        _out(f"annotations: {_safe(line)}")
    for line in findings["problems"]:
        _out(f"annotations: {_safe(line)}")
    orphans = findings["orphaned"]
    if orphans:
        _out(
            f"annotations: {len(orphans)} letters' annotations name an id no letter has "
            "(kept; they return if the letter is imported again):"
        )
        for orphan in orphans[:50]:
            _out(f"  {_safe(orphan['id'])}: {_safe(orphan['holds'])}")


def _doctor_store(store: Store, args: argparse.Namespace) -> int | None:
    """Check (and with --repair, mend) the records, texts and packs; an exit code if the
    doctor must stop here (the records are damaged), else None."""
    from archive import integrity
    from archive.locking import LockedError

    found = integrity.check(store)
    if not args.json:
        _print_integrity(found)
    if found.healthy:
        return None
    if not args.repair:
        if args.json:
            _out(json.dumps({"store": _integrity_json(found)}))
        elif found.records_damage or found.damaged_texts:
            _out("run: dispatchbox doctor --repair")
        return EXIT_DAMAGED if found.records_damage or found.damaged_texts else None
    try:
        with _progress(enabled=sys.stderr.isatty()) as progress:
            mended = integrity.repair(store, found, progress=progress)
    except LockedError as error:
        raise CommandError(str(error), EXIT_BUSY) from None
    if args.json:
        _out(json.dumps({"store": _integrity_json(found), "store_repair": _mended_json(mended)}))
    else:
        _print_mended(mended)
    if mended.records_problem:
        if not args.json:
            _out(f"records not rebuilt: {_safe(mended.records_problem)}")
        return EXIT_DAMAGED
    return None


def _print_integrity(found: Any) -> None:
    if found.records_damage:
        _out(f"records: {_safe(found.records_damage)}")
        return
    for text in found.damaged_texts[:50]:
        _out(f"  {text.letter_id}: stored text damaged: {_safe(text.path)}")
    if len(found.damaged_texts) > 50:
        _out(f"  ... and {len(found.damaged_texts) - 50} more damaged texts")
    if found.damaged_texts:
        _out(f"texts: {len(found.damaged_texts)} damaged")
    if found.unreferenced_packs:
        _out(
            f"texts: {len(found.unreferenced_packs)} packs no letter uses "
            f"({found.unreferenced_bytes / 1e6:.1f} MB; doctor --repair removes them)"
        )
    if found.stale_files:
        _out(
            f"store: {len(found.stale_files)} temporary files left by interrupted writes "
            "(doctor --repair removes them)"
        )
    if not found.packs_checked:
        _out("texts: unused packs not checked (an import is running)")


def _print_mended(mended: Any) -> None:
    if mended.records is not None:
        read = counted(mended.records.imported, "letter")
        _out(f"records rebuilt: {read} read again from their files")
        _print_records_recovery(mended.records)
    if mended.texts_recovered:
        _out(f"texts: {mended.texts_recovered} read again from their files")
    for path in mended.texts_not_recovered:
        _out(f"text not recovered: {_safe(path)} (its file is gone: import it again)")
    if mended.packs_removed or mended.stale_removed:
        _out(
            f"removed {mended.packs_removed} unused packs ({mended.bytes_freed / 1e6:.1f} MB "
            f"freed) and {mended.stale_removed} temporary files"
        )


def _integrity_json(found: Any) -> dict[str, Any]:
    return {
        "records_damage": found.records_damage or None,
        "damaged_texts": [{"id": t.letter_id, "file": t.path} for t in found.damaged_texts],
        "unhashed_texts": found.unhashed_texts,
        "unreferenced_packs": [p.name for p in found.unreferenced_packs],
        "unreferenced_bytes": found.unreferenced_bytes,
        "stale_files": [p.name for p in found.stale_files],
        "packs_checked": found.packs_checked,
    }


def _mended_json(mended: Any) -> dict[str, Any]:
    return {
        "records": mended.records.to_json() if mended.records is not None else None,
        "records_problem": mended.records_problem or None,
        "texts_recovered": mended.texts_recovered,
        "texts_not_recovered": list(mended.texts_not_recovered),
        "packs_removed": mended.packs_removed,
        "bytes_freed": mended.bytes_freed,
        "stale_removed": mended.stale_removed,
    }


def cmd_extract(args: argparse.Namespace) -> int:
    from archive.extract import extract
    from archive.readers import ReadError, format_for, read_bytes

    failed = False
    for name in args.files:
        path = Path(name)
        line: dict[str, Any] = {"file": name}
        try:
            if path.exists() and not path.is_file() and not path.is_dir():
                raise ReadError("not a regular file")  # reading a FIFO would wait for a writer
            data = path.read_bytes()
            document = read_bytes(data, format_for(path) or "txt")
            line.update(_extract_json(extract(document.text, headers=document.headers).to_json()))
        except (OSError, ReadError) as error:
            line["error"] = _reason(error)
            failed = True
        _out(json.dumps(line, ensure_ascii=False))
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from archive.store import ArchiveError, TextMissing

    store = _open_store(args)
    try:
        letter = _resolve(store, args.letter)
        text = store.text(letter)
    except TextMissing as error:
        raise CommandError(str(error), EXIT_DAMAGED) from None
    except ArchiveError as error:
        raise CommandError(str(error), EXIT_NOT_FOUND) from None
    annotation = store.annotation(letter.id)
    corrections = store.corrections(letter.id)
    reply_time, reply_words, mark = _reply_time(store, letter.id)
    if args.json:
        record = letter.to_json()
        record["annotations"] = {
            "tags": list(annotation.tags),
            "note": annotation.note,
            "updated_at": annotation.updated_at or None,
        }
        record["corrections"] = {
            c.field: {"value": c.value, "extracted": c.extracted, "corrected_at": c.corrected_at}
            for c in corrections
        }
        record["reply_mark"] = mark
        record["reply_time"] = reply_time
        record["text"] = text
        _out(json.dumps(record, ensure_ascii=False))
        return EXIT_OK
    meta = letter.metadata
    rows = [
        ("id", letter.id),
        ("file", _name(letter.path)),
        ("text", letter.ocr_label() or None),
        ("date", meta.date.isoformat() if meta.date else None),
        ("references", ", ".join(meta.references)),
        ("from", " / ".join(v for v in (meta.sender_name, meta.sender_role, meta.sender_org) if v)),
        (
            "to",
            " / ".join(
                v for v in (meta.recipient_name, meta.recipient_role, meta.recipient_org) if v
            ),
        ),
        ("mp", meta.mp),
        ("area", meta.area),
        ("direction", meta.direction),
        ("in reply to", meta.in_reply_to_date.isoformat() if meta.in_reply_to_date else None),
        ("cc", ", ".join(meta.cc)),
        ("reply time", reply_words),
        ("marked", f"{mark} reply (by you)" if mark else None),
        ("tags", " ".join(annotation.tags)),
        ("note", annotation.note),
    ]
    for label, value in rows:
        if value:
            _out(f"{label:>12}  {_safe(str(value))}")
    for correction in corrections:
        _out(f"{'corrected':>12}  {_safe(_correction_line(correction))}")
    _out("")
    _out(_safe(text))
    return EXIT_OK


def _reply_time(store: Store, letter_id: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """(JSON, words, the letter's mark as a reply) for ``show``: which reply its reply time
    counts to and why. Only from a current pairing: ``show`` never waits to pair."""
    from archive.threads import Threads

    mark = store.reply_marks().get(letter_id)
    threads = Threads(store)
    if not threads.is_current():
        return None, "", mark
    choice = threads.counting_reply(letter_id)
    if choice is None:
        return None, "", mark
    return choice.to_json(), threads.reply_time_words(choice), mark


def cmd_tag(args: argparse.Namespace) -> int:
    items = _take_archive_option(args, list(args.items))
    # No tag starts with "-", so "--json" among the tag changes can only be the option.
    as_json = args.json or "--json" in items
    items = [item for item in items if item != "--json"]
    store = _open_store(args)
    names = [item for item in items if not item.startswith(("+", "-"))]
    add = [item[1:] for item in items if item.startswith("+")]
    remove = [item[1:] for item in items if item.startswith("-")]
    if not names:
        raise CommandError("name a letter: dispatchbox tag ID|REF +tag -tag", EXIT_USAGE)
    letters = _tagged_letters(store, names)
    if not add and not remove:
        annotations = [store.annotation(letter.id) for letter in letters]
    else:
        try:
            annotations = store.update_tags(
                [letter.id for letter in letters], add=add, remove=remove
            )
        except ValueError as error:
            raise CommandError(str(error), EXIT_USAGE) from None
    for annotation in annotations:
        if as_json:
            row = {"id": annotation.letter_id, "tags": list(annotation.tags)}
            _out(json.dumps(row, ensure_ascii=False))
        else:
            _out(f"{annotation.letter_id}  {' '.join(annotation.tags)}")
    return EXIT_OK


def _tagged_letters(store: Store, names: list[str]) -> list[Any]:
    """The letters ``tag`` names, each resolved once. A word after the first that names no
    letter is a tag written without its sign (``tag REF gp``), refused saying how to write it."""
    from archive.store import ArchiveError, LetterNotFound

    letters = [_resolve(store, names[0])]
    for name in names[1:]:
        try:
            letters.append(store.resolve(name))
        except LetterNotFound:
            raise CommandError(
                f"{name!r} is neither a letter nor a tag change: write +{name} to add the tag, "
                f"-{name} to remove it",
                EXIT_USAGE,
            ) from None
        except ArchiveError:
            letters.append(_resolve(store, name))  # says why, with its own exit code
    return letters


def cmd_note(args: argparse.Namespace) -> int:
    store = _open_store(args)
    letter = _resolve(store, args.letter)
    annotation = store.annotation(letter.id)
    if args.clear:
        annotation = store.set_note(letter.id, "")
    elif args.text is not None:
        text = sys.stdin.read() if args.text == "-" else args.text
        if args.append:
            # Read and extended inside the writer's lock: another process's append is kept.
            annotation = store.append_note(letter.id, text)
        else:
            annotation = store.set_note(letter.id, text)
    elif not args.json:
        if annotation.note:
            _out(_safe(annotation.note))
        return EXIT_OK
    if args.json:
        row = {
            "id": letter.id,
            "note": annotation.note,
            "updated_at": annotation.updated_at or None,
        }
        _out(json.dumps(row, ensure_ascii=False))
    return EXIT_OK


def cmd_annotations(args: argparse.Namespace) -> int:
    from archive.annotations_io import export_annotations, import_annotations
    from archive.storage import StorageError

    store = _open_store(args, damaged_ok=args.restore is not None or args.backups)
    if args.backups:
        backups = store.annotation_backups()
        if not backups:
            _out("no backups yet (one is kept at each change of the annotations)")
            return EXIT_NOT_FOUND
        for backup in backups:
            _out(f"{backup.number}  {backup.saved_at}  {backup.summary}")
        return EXIT_OK
    if args.restore is not None:
        try:
            restored = store.restore_annotations(args.restore)
        except StorageError as error:
            raise CommandError(str(error), EXIT_NOT_FOUND) from None
        _out(
            f"restored backup {restored.number} of {restored.saved_at} ({restored.summary}); "
            "the annotations it replaced are now backup 2"
        )
        return EXIT_OK
    if args.export is not None:
        if args.export == "-":
            count = export_annotations(store, sys.stdout.buffer)
        else:
            try:
                # Notes are sensitive: the export is readable by its owner only.
                fd = os.open(args.export, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as out:
                    count = export_annotations(store, out)
            except OSError as error:
                raise CommandError(f"{args.export}: {_reason(error)}", EXIT_USAGE) from None
        if args.export != "-":
            _out(f"exported {count} lines to {args.export}")
        return EXIT_OK
    try:
        report = import_annotations(store, Path(args.import_file))
    except ValueError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    _out(f"applied {report.applied} lines; {report.unchanged} already here")
    for number, reason in report.refused:
        _out(f"  line {number} refused: {_safe(reason)}")
    return EXIT_PARTIAL if report.refused else EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    from archive.corrections import check_field, parse_value

    values: dict[str, Any] = {}
    try:
        for token in args.assignments:
            name, equals, text = token.partition("=")
            if not equals:
                raise ValueError(f"{token!r}: write FIELD=VALUE (or --unset FIELD)")
            values[check_field(name.strip())] = parse_value(name.strip(), text)
        unset = [check_field(name) for name in args.unset]
    except ValueError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    if not values and not unset:
        raise CommandError(
            "name a field to correct: dispatchbox set ID FIELD=VALUE (or --unset FIELD)",
            EXIT_USAGE,
        )
    both = sorted(set(values) & set(unset))
    if both:
        raise CommandError(f"{', '.join(both)}: both set and unset; choose one", EXIT_USAGE)
    store = _open_store(args)
    letter = _resolve(store, args.letter)
    from index.corrections import correct_letter

    done = correct_letter(store, letter.id, values, unset)
    if done.index_problem:
        _error(f"correction saved, but the index is not updated: {done.index_problem}")
    for correction in done.corrections:
        _out(f"{letter.id}  {_safe(_correction_line(correction))}")
    return EXIT_OK


def cmd_corrections(args: argparse.Namespace) -> int:
    store = _open_store(args)
    corrections = store.corrections()
    for correction in corrections:
        record = store.extracted_record(correction.letter_id)
        path = str(record["path"]) if record else ""
        if args.json:
            _out(json.dumps({**correction.to_json(), "path": path}, ensure_ascii=False))
        else:
            _out(
                f"{correction.corrected_at}  {correction.letter_id}  "
                f"{_safe(_correction_line(correction))}  {_name(path)}"
            )
    return EXIT_OK if corrections else EXIT_NOT_FOUND


def _correction_line(correction: Any) -> str:
    from archive.corrections import format_value

    value = format_value(correction.value) or "(none)"
    extracted = format_value(correction.extracted) or "nothing"
    return f"{correction.field} = {value}  (extracted: {extracted})"


def cmd_members(args: argparse.Namespace) -> int:
    from archive.importer import rederive_areas
    from archive.locking import LockedError
    from archive.members import MembersFileError, parse_members_csv

    store = _open_store(args)
    if args.action == "show":
        for row in store.members():
            _out(json.dumps(row, ensure_ascii=False))
        return EXIT_OK
    if not args.file:
        raise CommandError("members import needs a FILE (CSV)", EXIT_USAGE)
    try:
        loaded = parse_members_csv(Path(args.file))
    except MembersFileError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    for problem in loaded.problems:
        _error(f"{args.file}: {problem}")
    try:
        store.replace_members(loaded.rows)
        with store.writer("members import") as writer:
            changed = rederive_areas(store, writer)
    except LockedError as error:
        raise CommandError(str(error), EXIT_BUSY) from None
    members, letters = counted(len(loaded.rows), "member"), counted(changed, "letter")
    _out(f"{members} loaded; area changed for {letters}")
    return EXIT_PARTIAL if loaded.problems else EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from archive.generator import generate_archive

    if args.count < 0:
        raise CommandError("N must be zero or more", EXIT_USAGE)
    try:
        report = generate_archive(args.count, Path(args.directory), seed=args.seed, hard=args.hard)
    except (ValueError, OSError) as error:
        raise CommandError(f"{args.directory}: {_reason(error)}", EXIT_USAGE) from None
    if args.truth:
        report.write_truth(Path(args.truth))
    _out(f"{counted(len(report.letters), 'file')} written to {report.directory}")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    store = _open_store(args)
    summary = _archive_summary(store)
    if args.json:
        _out(json.dumps(summary, ensure_ascii=False))
        return EXIT_OK
    _print_summary(store, summary)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from archive.sample import sample_letters
    from archive.store import Store

    workspace = Path(tempfile.mkdtemp(prefix="dispatchbox-demo-"))
    store = Store(workspace / "archive", create=True)
    with sample_letters() as letters:
        summary = _run_import(store, [letters])
    imported = counted(summary.imported, "letter")
    _error(f"sample archive: {imported} in {store.root} (deleted on exit)")
    try:
        return _launch(store)
    finally:
        import shutil

        shutil.rmtree(workspace, ignore_errors=True)


def run_app(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False, missing_ok=True)
    if store is None:
        from archive.paths import resolve_archive_dir

        where = resolve_archive_dir(getattr(args, "archive", None)).path
        _out(
            f"No archive at {where} yet.\n"
            f"  Import letters:      dispatchbox import FOLDER --archive {where}\n"
            "  Try the sample:      dispatchbox demo"
        )
        return EXIT_NO_ARCHIVE
    return _launch(store)


def _launch(store: Store) -> int:
    """Open the app (the only place Textual is loaded)."""
    from archive.paths import resolve_config_dir
    from tui.app import run

    if not sys.stdout.isatty() or not sys.stdin.isatty():
        _print_summary(store)
        _error("not a terminal: printed the summary instead of opening the app")
        return EXIT_OK
    run(store, resolve_config_dir().path)
    return EXIT_OK


# -- helpers -------------------------------------------------------------------------------------


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


def _sync_index(store: Store, *, rebuild: bool = False) -> Any:
    """Bring the index up to date (the caller holds the archive's writer lock)."""
    from index.writer import IndexBusy, sync

    with _progress(enabled=sys.stderr.isatty(), label="indexing") as progress:
        try:
            return sync(
                store,
                rebuild=rebuild,
                progress=(lambda done, total: progress(done, total, "")) if progress else None,
            )
        except IndexBusy as error:
            raise CommandError(str(error), EXIT_BUSY) from None


def _sync_json(report: Any) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "rebuilt": report.rebuilt,
        "seconds": round(report.seconds, 2),
    }


def _searcher(args: argparse.Namespace) -> Any:
    """A searcher on the archive, building the index first if it has none."""
    from archive.locking import LockedError
    from index.searcher import Searcher
    from index.writer import needs_rebuild

    store = _open_store(args)
    if needs_rebuild(store):
        _error("building the search index (once, or after an upgrade)...")
        try:
            with store.writer("index"):
                _sync_index(store)
        except LockedError as error:
            raise CommandError(str(error), EXIT_BUSY) from None
    return Searcher(store)


def _open_store(
    args: argparse.Namespace,
    *,
    create: bool = False,
    missing_ok: bool = False,
    damaged_ok: bool = False,
) -> Any:
    from archive.paths import resolve_archive_dir
    from archive.storage import RecordsDamaged, StorageError
    from archive.store import ArchiveError, ArchiveMissing, Store

    where = resolve_archive_dir(getattr(args, "archive", None)).path
    try:
        store = Store(where, create=create)
    except ArchiveMissing as error:
        if missing_ok:
            return None
        raise CommandError(str(error), EXIT_NO_ARCHIVE) from None
    except RecordsDamaged as error:
        raise CommandError(str(error), EXIT_DAMAGED) from None
    except (ArchiveError, StorageError, OSError) as error:
        raise CommandError(f"{where}: {_reason(error)}", EXIT_NO_ARCHIVE) from None
    for notice in store.notices:
        _error(notice)
    if store.annotations_damage is not None and not damaged_ok:
        raise CommandError(store.annotations_damage, EXIT_DAMAGED)
    return store


def _take_archive_option(args: argparse.Namespace, items: list[str]) -> list[str]:
    """Take ``--archive DIR`` out of arguments that argparse left unparsed (``tag ID +a -b``).

    No tag starts with ``-``, so ``--archive`` among them can only be the option.
    """
    rest: list[str] = []
    values = iter(items)
    for item in values:
        if item == "--archive":
            value = next(values, None)
            if value is None:
                raise CommandError("--archive needs a folder", EXIT_USAGE)
            args.archive = value
        elif item.startswith("--archive="):
            args.archive = item.partition("=")[2]
        else:
            rest.append(item)
    return rest


def _resolve(store: Store, name: str) -> Any:
    from archive.store import AmbiguousLetter, ArchiveError

    try:
        return store.resolve(name)
    except AmbiguousLetter as error:
        raise CommandError(str(error), EXIT_AMBIGUOUS) from None
    except ArchiveError as error:
        raise CommandError(str(error), EXIT_NOT_FOUND) from None


def _archive_summary(store: Store) -> dict[str, Any]:
    """What ``summary`` prints: the letters' span, and every MP, area, sender, direction
    and tag with its count (most letters first)."""
    letters = list(store.letters())
    dates = sorted(m.date for m in (letter.metadata for letter in letters) if m.date)

    def counts(values: Iterable[str | None]) -> dict[str, int]:
        found = Counter(value for value in values if value)
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))

    metas = [letter.metadata for letter in letters]
    return {
        "archive": str(store.root),
        "letters": len(letters),
        "first_date": dates[0].isoformat() if dates else None,
        "last_date": dates[-1].isoformat() if dates else None,
        "mps": counts(m.mp for m in metas),
        "areas": counts(m.area for m in metas),
        "senders": counts(m.sender_org for m in metas),
        "directions": counts(m.direction for m in metas),
        "tags": dict(store.tag_counts().most_common()),
    }


def _print_summary(store: Store, summary: dict[str, Any] | None = None) -> None:
    """The summary as a table: each MP, area, sender and tag on its own line, counts aligned."""
    summary = summary or _archive_summary(store)
    _out(f"archive  {summary['archive']}")
    _out(f"letters  {summary['letters']:,}")
    if summary["first_date"]:
        _out(f"dates    {summary['first_date']} to {summary['last_date']}")
    sections = (
        ("MP", "mps"),
        ("area", "areas"),
        ("sender", "senders"),
        ("direction", "directions"),
        ("tag", "tags"),
    )
    names = [name for _, key in sections for name in summary[key]]
    width = min(60, max([len("direction"), *(len(name) for name in names)]))
    for title, key in sections:
        rows: dict[str, int] = summary[key]
        if not rows:
            continue
        _out("")
        heading = f"{title}s ({len(rows)})" if title != "MP" else f"MPs ({len(rows)})"
        _out(f"{heading:<{width}}  {'letters':>7}")
        for name, count in rows.items():
            shown = name if len(name) <= width else name[: width - 1] + "…"
            _out(_safe(f"{shown:<{width}}  {count:>7,}"))


@contextmanager
def _progress(
    *, enabled: bool, label: str = "importing"
) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on a terminal (standard error); nothing when output is redirected."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, path: str) -> None:
            shown = _name(Path(path).name)[:40]
            bar.update(task, completed=done, total=total, description=shown)

        yield update


#: What the progress bar calls each stage of ``index.pipeline.run_import``.
_STAGE_LABELS = {"import": "importing", "index": "indexing", "pair": "pairing"}


@contextmanager
def _stage_progress(*, enabled: bool) -> Iterator[Callable[[Step], None] | None]:
    """A progress bar on a terminal (standard error) that names the stage it is in."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.fields[stage]}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None, stage="importing")
        shown_stage = [""]

        def update(step: Step) -> None:
            if step.stage != shown_stage[0]:
                bar.refresh()  # the stage that ends is drawn as it ended, its last file named
                shown_stage[0] = step.stage
            shown = _name(Path(step.current).name)[:40] if step.current else ""
            label = _STAGE_LABELS.get(step.stage, step.stage)
            total = step.total or None
            bar.update(task, completed=step.done, total=total, description=shown, stage=label)

        yield update


def _extract_json(metadata: dict[str, Any]) -> dict[str, Any]:
    """The fields in the model's order, then how sure of each, where each was read, warnings."""
    tail = ("confidence", "spans", "warnings")
    ordered = {key: value for key, value in metadata.items() if key not in tail}
    ordered.update({key: metadata.get(key) or ([] if key == "warnings" else {}) for key in tail})
    return ordered


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


def _reason(error: BaseException) -> str:
    if isinstance(error, FileNotFoundError):
        return "not found"
    if isinstance(error, IsADirectoryError):
        return "a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _safe(text: str) -> str:
    """Text for a terminal: control characters and escape sequences shown, never obeyed."""
    from tui.text import terminal_safe

    return terminal_safe(text)


def _name(path: str | Path) -> str:
    """A file name for one line of a terminal: newlines and tabs written out as well."""
    from tui.text import terminal_safe

    return terminal_safe(str(path), single_line=True)


def _out(text: str) -> None:
    """Every line on standard output passes here: made safe for a terminal (JSON stays JSON)."""
    print(_safe(text), flush=False)


def _error(text: str) -> None:
    print(f"dispatchbox: {_safe(text)}", file=sys.stderr)
