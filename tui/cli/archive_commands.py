"""The subcommands that build, check and open the archive.

They are ``paths``, ``import``, ``extract``, ``reindex``, ``doctor``, ``members``,
``generate``, ``summary``, ``demo``, and opening the app.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.words import counted

if TYPE_CHECKING:
    from archive.store import Store
    from index.pipeline import PipelineSummary

from tui.cli.common import (
    EXIT_DAMAGED,
    EXIT_NO_ARCHIVE,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    NOTICES_SHOWN,
    CommandError,
    file_name,
    open_store,
    printable,
    progress_bar,
    reason_of,
    say,
    say_error,
    stage_progress,
    sync_index,
)
from tui.cli.render import (
    archive_summary,
    extract_json,
    integrity_json,
    mended_json,
    print_annotation_findings,
    print_integrity,
    print_mended,
    print_records_recovery,
    print_skipped,
    print_summary,
    sync_json,
)


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
        say(json.dumps(found, ensure_ascii=False))
        return EXIT_OK
    say(f"archive  {archive.path}  ({archive.source}{'' if exists else ', not created yet'})")
    say(f"config   {config.path}  ({config.source})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args, create=True)
    done = _run_import(store, [Path(p) for p in args.paths], workers=args.workers)
    summary, report = done.imports, done.index
    pairs = done.pairs.to_json() if done.pairs else None
    if args.json:
        data = summary.to_json()
        data["index"] = sync_json(report)
        data["pairs"] = pairs
        say(json.dumps(data, ensure_ascii=False))
    else:
        counts = (
            f"imported {summary.imported}, updated {summary.updated}, "
            f"unchanged {summary.unchanged}, duplicates {summary.duplicates}, "
            f"skipped {summary.skipped}, failed {len(summary.failed)}"
        )
        extra = [f"moved {summary.moved}"] if summary.moved else []
        extra += [f"removed {summary.removed}"] if summary.removed else []
        extra += [f"recovered {summary.recovered}"] if summary.recovered else []
        say(counts + (", " + ", ".join(extra) if extra else ""))
        print_skipped(summary.skipped_kinds)
        for duplicate, original in summary.duplicate_files:
            say(f"duplicate: {file_name(duplicate)} (same as {file_name(original)})")
        for failure in summary.failed:
            say(f"failed: {file_name(failure.file)}: {failure.reason}")
        for notice in summary.notices[:NOTICES_SHOWN]:
            say(f"note: {file_name(notice.file)}: {notice.reason}")
        if len(summary.notices) > NOTICES_SHOWN:
            say(f"... and {len(summary.notices) - NOTICES_SHOWN} more notes (all in --json)")
        print_records_recovery(summary)
        if report is not None:
            say(
                f"index: {report.added} added, {report.updated} updated, "
                f"{report.removed} removed in {report.seconds:.1f} s"
                + (" (built anew)" if report.rebuilt else "")
            )
        if pairs is not None:
            say(
                f"pairs: {pairs['replies']} replies linked ({pairs['uncertain']} doubtful), "
                f"{counted(pairs['unpaired'], 'letter')} unpaired ({pairs['seconds']:.1f} s); "
                "review them: dispatchbox pairs --review, or R in the app"
            )
        say(f"archive: {file_name(store.root)} ({counted(store.count(), 'letter')})")
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
            say_error(
                "no letters found in "
                + ", ".join(file_name(p) for p in args.paths)
                + " (letters are .txt, .md, .pdf, .docx and .eml files)"
            )
        return EXIT_NOT_FOUND
    return EXIT_PARTIAL if summary.failed else EXIT_OK


def _run_import(
    store: Store, paths: Sequence[Path], *, workers: int | None = None
) -> PipelineSummary:
    """Import, index and pair (``index.pipeline``), with one progress bar on a terminal."""
    from index.pipeline import run_import

    with stage_progress(enabled=sys.stderr.isatty()) as progress:
        return run_import(store, paths, progress=progress, workers=workers)


def cmd_reindex(args: argparse.Namespace) -> int:
    store = open_store(args)
    with store.writer("reindex"):
        report = sync_index(store, rebuild=True)
    say(f"index rebuilt: {counted(report.added, 'letter')} in {report.seconds:.1f} s")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from index.writer import RepairRefused, doctor, repair

    store = open_store(args, damaged_ok=True)
    # Damaged annotations first (restored or set aside), without reading the records.
    annotations = None
    if store.annotations_damage is not None:
        annotations = _doctor_annotations(store, repair=args.repair)
        if store.annotations_damage is not None:
            print_annotation_findings(annotations)
            say("run: dispatchbox doctor --repair (the damaged file is kept aside)")
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
        say(
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
        print_annotation_findings(annotations)
        stored = counted(report.letters, "letter")
        indexed = "damaged" if report.damage else counted(report.indexed, "letter")
        say(f"store: {stored}; index: {indexed}")
        if not report.schema_current:
            say("index: missing, or built by an older version (it will be rebuilt)")
        for damage in report.damage:
            say(printable(f"index damaged: {damage.file}: {damage.reason}"))
        for difference in report.differences[:50]:
            say(f"  {difference.letter_id}: {difference.problem}")
        if len(report.differences) > 50:
            say(f"  ... and {len(report.differences) - 50} more")
        if report.healthy and not annotations["problems"]:
            say("all well")
        else:
            found = [f"{n} {p}" for p, n in problems.items()]
            found += ["a damaged index"] if report.damage else []
            say("found: " + ", ".join(found))
    if report.healthy and not annotations["problems"]:
        return EXIT_OK
    if not args.repair:
        if not args.json:
            say("run: dispatchbox doctor --repair")
        return EXIT_DAMAGED if report.damage else EXIT_NOT_FOUND
    try:
        with store.writer("doctor --repair"):
            fixed = repair(store, report)
    except RepairRefused as error:
        raise CommandError(str(error), EXIT_NO_ARCHIVE) from None
    if not args.json:
        if fixed.rebuilt:
            say(f"repaired: index rebuilt from the store ({counted(fixed.added, 'letter')})")
        else:
            say(f"repaired: {fixed.added} added, {fixed.updated} updated, {fixed.removed} removed")
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


def _doctor_store(store: Store, args: argparse.Namespace) -> int | None:
    """Check (and with --repair, mend) the records, texts and packs; an exit code if the
    doctor must stop here (the records are damaged), else None."""
    from archive import integrity

    found = integrity.check(store)
    if not args.json:
        print_integrity(found)
    if found.healthy:
        return None
    if not args.repair:
        if args.json:
            say(json.dumps({"store": integrity_json(found)}))
        elif found.records_damage or found.damaged_texts:
            say("run: dispatchbox doctor --repair")
        return EXIT_DAMAGED if found.records_damage or found.damaged_texts else None
    with progress_bar(enabled=sys.stderr.isatty()) as progress:
        mended = integrity.repair(store, found, progress=progress)
    if args.json:
        say(json.dumps({"store": integrity_json(found), "store_repair": mended_json(mended)}))
    else:
        print_mended(mended)
    if mended.records_problem:
        if not args.json:
            say(f"records not rebuilt: {printable(mended.records_problem)}")
        return EXIT_DAMAGED
    return None


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
            line.update(extract_json(extract(document.text, headers=document.headers).to_json()))
        except (OSError, ReadError) as error:
            line["error"] = reason_of(error)
            failed = True
        say(json.dumps(line, ensure_ascii=False))
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_members(args: argparse.Namespace) -> int:
    from archive.importer import rederive_areas
    from archive.members import MembersFileError, parse_members_csv

    store = open_store(args)
    if args.action == "show":
        for row in store.members():
            say(json.dumps(row, ensure_ascii=False))
        return EXIT_OK
    if not args.file:
        raise CommandError("members import needs a FILE (CSV)", EXIT_USAGE)
    try:
        loaded = parse_members_csv(Path(args.file))
    except MembersFileError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    for problem in loaded.problems:
        say_error(f"{args.file}: {problem}")
    store.replace_members(loaded.rows)
    with store.writer("members import") as writer:
        changed = rederive_areas(store, writer)
    members, letters = counted(len(loaded.rows), "member"), counted(changed, "letter")
    say(f"{members} loaded; area changed for {letters}")
    return EXIT_PARTIAL if loaded.problems else EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from archive.generator import generate_archive

    if args.count < 0:
        raise CommandError("N must be zero or more", EXIT_USAGE)
    try:
        report = generate_archive(args.count, Path(args.directory), seed=args.seed, hard=args.hard)
    except (ValueError, OSError) as error:
        raise CommandError(f"{args.directory}: {reason_of(error)}", EXIT_USAGE) from None
    if args.truth:
        report.write_truth(Path(args.truth))
    say(f"{counted(len(report.letters), 'file')} written to {report.directory}")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    store = open_store(args)
    summary = archive_summary(store)
    if args.json:
        say(json.dumps(summary, ensure_ascii=False))
        return EXIT_OK
    print_summary(store, summary)
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
    say_error(f"sample archive: {imported} in {store.root} (deleted on exit)")
    try:
        return _launch(store)
    finally:
        import shutil

        shutil.rmtree(workspace, ignore_errors=True)


def run_app(args: argparse.Namespace) -> int:
    store = open_store(args, create=False, missing_ok=True)
    if store is None:
        from archive.paths import resolve_archive_dir

        where = resolve_archive_dir(getattr(args, "archive", None)).path
        say(
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
        print_summary(store)
        say_error("not a terminal: printed the summary instead of opening the app")
        return EXIT_OK
    return run(store, resolve_config_dir().path)
