"""The subcommands that read and write a researcher's annotations.

They are ``show``, ``tag``, ``note``, ``annotations``, ``set`` (corrections) and
``corrections``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive.store import Store

from tui.cli.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    CommandError,
    file_name,
    open_store,
    printable,
    reason_of,
    resolve_letter,
    say,
    say_error,
    take_archive_option,
)
from tui.cli.render import correction_line


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    letter = resolve_letter(store, args.letter)
    text = store.text(letter)  # missing or damaged: exit 6 with its message, as in any command
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
        say(json.dumps(record, ensure_ascii=False))
        return EXIT_OK
    meta = letter.metadata
    rows = [
        ("id", letter.id),
        ("file", file_name(letter.path)),
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
            say(f"{label:>12}  {printable(str(value))}")
    for correction in corrections:
        say(f"{'corrected':>12}  {printable(correction_line(correction))}")
    say("")
    say(printable(text))
    return EXIT_OK


def _reply_time(store: Store, letter_id: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """(JSON, words, the letter's mark as a reply) for ``show``: which reply its reply time
    counts to and why. Only from a current pairing: ``show`` never waits to pair."""
    from archive.pairing.cache import Threads

    mark = store.reply_marks().get(letter_id)
    threads = Threads(store)
    if not threads.is_current():
        return None, "", mark
    choice = threads.counting_reply(letter_id)
    if choice is None:
        return None, "", mark
    return choice.to_json(), threads.reply_time_words(choice), mark


def cmd_tag(args: argparse.Namespace) -> int:
    items = take_archive_option(args, list(args.items))
    # No tag starts with "-", so "--json" among the tag changes can only be the option.
    as_json = args.json or "--json" in items
    items = [item for item in items if item != "--json"]
    store = open_store(args)
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
            say(json.dumps(row, ensure_ascii=False))
        else:
            say(f"{annotation.letter_id}  {' '.join(annotation.tags)}")
    return EXIT_OK


def _tagged_letters(store: Store, names: list[str]) -> list[Any]:
    """The letters ``tag`` names, each resolved once. A word after the first that names no
    letter is a tag written without its sign (``tag REF gp``), refused saying how to write it."""
    from archive.store import ArchiveError, LetterNotFound

    letters = [resolve_letter(store, names[0])]
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
            letters.append(resolve_letter(store, name))  # says why, with its own exit code
    return letters


def cmd_note(args: argparse.Namespace) -> int:
    store = open_store(args)
    letter = resolve_letter(store, args.letter)
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
            say(printable(annotation.note))
        return EXIT_OK
    if args.json:
        row = {
            "id": letter.id,
            "note": annotation.note,
            "updated_at": annotation.updated_at or None,
        }
        say(json.dumps(row, ensure_ascii=False))
    return EXIT_OK


def cmd_annotations(args: argparse.Namespace) -> int:
    from archive.annotations_io import export_annotations, import_annotations
    from archive.storage import StorageError

    store = open_store(args, damaged_ok=args.restore is not None or args.backups)
    if args.backups:
        backups = store.annotation_backups()
        if not backups:
            say("no backups yet (one is kept at each change of the annotations)")
            return EXIT_NOT_FOUND
        for backup in backups:
            say(f"{backup.number}  {backup.saved_at}  {backup.summary}")
        return EXIT_OK
    if args.restore is not None:
        try:
            restored = store.restore_annotations(args.restore)
        except StorageError as error:
            raise CommandError(str(error), EXIT_NOT_FOUND) from None
        say(
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
                raise CommandError(f"{args.export}: {reason_of(error)}", EXIT_USAGE) from None
        if args.export != "-":
            say(f"exported {count} lines to {args.export}")
        return EXIT_OK
    try:
        report = import_annotations(store, Path(args.import_file))
    except ValueError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    say(f"applied {report.applied} lines; {report.unchanged} already here")
    for number, reason in report.refused:
        say(f"  line {number} refused: {printable(reason)}")
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
    store = open_store(args)
    letter = resolve_letter(store, args.letter)
    from index.corrections import correct_letter

    done = correct_letter(store, letter.id, values, unset)
    if done.index_problem:
        say_error(f"correction saved, but the index is not updated: {done.index_problem}")
    for correction in done.corrections:
        say(f"{letter.id}  {printable(correction_line(correction))}")
    return EXIT_OK


def cmd_corrections(args: argparse.Namespace) -> int:
    store = open_store(args)
    corrections = store.corrections()
    for correction in corrections:
        record = store.extracted_record(correction.letter_id)
        path = str(record["path"]) if record else ""
        if args.json:
            say(json.dumps({**correction.to_json(), "path": path}, ensure_ascii=False))
        else:
            say(
                f"{correction.corrected_at}  {correction.letter_id}  "
                f"{printable(correction_line(correction))}  {file_name(path)}"
            )
    return EXIT_OK if corrections else EXIT_NOT_FOUND
