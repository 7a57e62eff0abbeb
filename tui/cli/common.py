"""What every subcommand shares: exit codes, errors, opening the archive, safe output.

That is: the exit codes, the errors a command raises, opening the archive and its searcher,
naming a letter, progress bars, and writing to the terminal safely.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.words import counted

if TYPE_CHECKING:
    from archive.models import Letter
    from archive.pairing.cache import Threads
    from archive.store import Store
    from index.pipeline import Step


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


class CommandError(Exception):
    """A failure to report in one line, with the exit code to leave with."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def sync_index(store: Store, *, rebuild: bool = False) -> Any:
    """Bring the index up to date (the caller holds the archive's writer lock)."""
    from index.writer import sync

    with progress_bar(enabled=sys.stderr.isatty(), label="indexing") as progress:
        return sync(
            store,
            rebuild=rebuild,
            progress=(lambda done, total: progress(done, total, "")) if progress else None,
        )


def open_searcher(args: argparse.Namespace) -> Any:
    """A searcher on the archive, building the index first if it has none."""
    from index.searcher import Searcher
    from index.writer import needs_rebuild

    store = open_store(args)
    if needs_rebuild(store):
        say_error("building the search index (once, or after an upgrade)...")
        with store.writer("index"):
            sync_index(store)
    return Searcher(store)


def open_store(
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
        raise CommandError(f"{where}: {reason_of(error)}", EXIT_NO_ARCHIVE) from None
    for notice in store.notices:
        say_error(notice)
    if store.annotations_damage is not None and not damaged_ok:
        raise CommandError(store.annotations_damage, EXIT_DAMAGED)
    return store


def take_archive_option(args: argparse.Namespace, items: list[str]) -> list[str]:
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


def resolve_letter(store: Store, name: str) -> Any:
    from archive.store import AmbiguousLetter, ArchiveError

    try:
        return store.resolve(name)
    except AmbiguousLetter as error:
        raise CommandError(str(error), EXIT_AMBIGUOUS) from None
    except ArchiveError as error:
        raise CommandError(str(error), EXIT_NOT_FOUND) from None


def reason_of(error: BaseException) -> str:
    if isinstance(error, FileNotFoundError):
        return "not found"
    if isinstance(error, IsADirectoryError):
        return "a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def printable(text: str) -> str:
    """Text for a terminal: control characters and escape sequences shown, never obeyed."""
    from tui.terminal import terminal_safe

    return terminal_safe(text)


def file_name(path: str | Path) -> str:
    """A file name for one line of a terminal: newlines and tabs written out as well."""
    from tui.terminal import terminal_safe

    return terminal_safe(str(path), single_line=True)


def say(text: str) -> None:
    """Every line on standard output passes here: made safe for a terminal (JSON stays JSON)."""
    print(printable(text), flush=False)


def say_error(text: str) -> None:
    print(f"dispatchbox: {printable(text)}", file=sys.stderr)


def open_threads(store: Store) -> Threads:
    from archive.pairing.cache import Threads

    threads = Threads(store)
    if not threads.is_current():
        started = time.perf_counter()
        threads.update()
        seconds = time.perf_counter() - started
        if seconds > 2:
            paired = counted(store.count(), "letter")
            # On stderr, so that --json output stays one JSON document.
            print(f"dispatchbox: paired {paired} in {seconds:.0f} s", file=sys.stderr, flush=True)
    return threads


def counterpart_of(store: Store, letter: Letter) -> tuple[Letter, Letter]:
    """(letter, reply): the letter's reply (the last, after any holding reply), else the
    letter it answers."""
    pair = open_threads(store).counterpart(letter.id)
    left, right = (store.get(pair[0]), store.get(pair[1])) if pair else (None, None)
    if left is None or right is None:
        raise CommandError(
            f"{letter.id} has no reply and answers no letter in the archive: "
            "name a second letter (dispatchbox compare A B)",
            EXIT_NOT_FOUND,
        )
    return left, right


@contextmanager
def progress_bar(
    *, enabled: bool, label: str = "importing"
) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on a terminal (standard error); nothing when output is redirected."""
    if not enabled:
        yield None
        return
    with _file_bar(label) as move:
        yield lambda done, total, path: move(label, done, total, path)


#: What the progress bar calls each stage of ``index.pipeline.run_import``.
_STAGE_LABELS = {"import": "importing", "index": "indexing", "pair": "pairing"}


@contextmanager
def stage_progress(*, enabled: bool) -> Iterator[Callable[[Step], None] | None]:
    """A progress bar on a terminal (standard error) that names the stage it is in."""
    if not enabled:
        yield None
        return
    with _file_bar(_STAGE_LABELS["import"]) as move:

        def update(step: Step) -> None:
            label = _STAGE_LABELS.get(step.stage, step.stage)
            move(label, step.done, step.total or None, step.current or "")

        yield update


@contextmanager
def _file_bar(stage: str) -> Iterator[Callable[[str, int, int | None, str], None]]:
    """A transient bar on standard error: the stage, the files done of all, the current
    file's name; ``move(stage, done, total, current)`` moves it."""
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
        task = bar.add_task("", total=None, stage=stage)
        shown_stage = [stage]

        def move(stage: str, done: int, total: int | None, current: str) -> None:
            if stage != shown_stage[0]:
                bar.refresh()  # the stage that ends is drawn as it ended, its last file named
                shown_stage[0] = stage
            shown = file_name(Path(current).name)[:40] if current else ""
            bar.update(task, completed=done, total=total, description=shown, stage=stage)

        yield move
