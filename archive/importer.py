"""Import folders of letters into a store: walk, read, extract, store; incremental and resumable.

Files are read and extracted in worker processes; the calling process is the only writer of
records. Unchanged files (same content hash at the same path) cost one read and a hash.
Records are written in batches, so an interrupted import keeps what it finished and the next
run carries on from there. An unchanged file whose stored text no longer matches its hash is
read again ("recovered"), and a damaged records file is rebuilt from the files still there.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import hashlib
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, ExitStack, closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.members import MemberDirectory
from archive.models import Failure, ImportSummary, Letter, Metadata
from archive.readerpool import reader_pool, result_of
from archive.readers import ReadError, format_for, read_bytes, scan
from archive.store import RecordsRecovery, Store, StoreWriter, now_iso
from archive.texts import (
    TextUnreadable,
    close_writers,
    digest,
    flush_writers,
    read_once,
    writer_for,
)

#: Larger files are not letters; reading them would only slow the import down.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Write records at least this often (count, seconds): a crash loses at most one batch.
BATCH_RECORDS = 20000
BATCH_SECONDS = 20.0
#: Below this many files, worker processes cost more than they save.
POOL_THRESHOLD = 48
#: Files sent to a worker process at a time: each round trip costs two pickled messages and
#: a wake-up on each side, so more files to a trip cost less a file (at 7 ms a letter, 32 are
#: a quarter of a second of work).
BATCH_FILES = 32
#: Formats read by OCR page by page (a PDF is known to be a scan only once read).
SCAN_FORMATS = frozenset({"png", "jpeg", "tiff"})
#: Batches queued per worker: a few seconds of work, so the workers keep reading while
#: this process writes a batch of records (which takes that long at 100k letters).
IN_FLIGHT = 16

#: (work done, work in all, file): a file is one unit of work, a scan one per page OCR'd
#: (the total grows as scans are found, since only reading a PDF tells whether it is one).
ProgressCallback = Callable[[int, int, str], None]
#: (file, page done, pages to OCR): sent from the readers while a scan is read.
PageCallback = Callable[[str, int, int], None]
#: Where this process sends page progress (set for the import, or in a reader process).
_page_sink: PageCallback | None = None


@dataclass(frozen=True, slots=True)
class _Task:
    fs_path: str  # as the file system names it (may hold undecodable bytes)
    path: str  # as shown and stored
    fmt: str
    known_sha: str | None
    texts_root: str
    #: The stored text of the known version, checked before calling the file unchanged.
    text_ref: str = ""
    text_sha256: str = ""


@dataclass(slots=True)
class _Result:
    path: str
    kind: str  # "unchanged" | "read" | "failed"
    sha256: str = ""
    reason: str = ""
    record: dict[str, Any] = field(default_factory=dict)
    #: Read again because its stored text was damaged or gone (the file itself is unchanged).
    recovered: bool = False
    #: How the reader read it, when that matters to a researcher (kept as warnings too).
    notices: list[str] = field(default_factory=list)
    #: Pages OCR'd (their units of progress), 0 when the file was not a scan.
    ocr_units: int = 0


@dataclass(slots=True)
class _Walk:
    files: list[tuple[str, str, str]] = field(default_factory=list)  # fs path, shown, format
    failed: list[Failure] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    roots: list[str] = field(default_factory=list)
    #: Folders passed over (a symbolic link loop), each with the reason.
    notices: list[Failure] = field(default_factory=list)


def import_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    on_batch: Callable[[StoreWriter], None] | None = None,
    finish: Callable[[], object] | None = None,
) -> ImportSummary:
    """Import files and folders into ``store``; bad files are reported, never fatal.

    ``finish`` runs once the records are written, still under the archive's writer lock
    (the index is brought up to date there, so no other writer slips in between).
    """
    walked = walk(paths, exclude=store.root)
    failed = list(walked.failed)
    notices = list(walked.notices)
    warnings: list[Failure] = []
    duplicates: list[tuple[str, str]] = []
    counts: Counter[str] = Counter()
    seen: set[str] = set()

    with store.writer("import", recover=True) as writer, _closing_packs(), ExitStack() as readers:
        recovery = store.recovery
        store.add_sources(os.path.abspath(os.fspath(p)) for p in paths if os.path.exists(p))
        texts_root = str(store.root / "texts")
        tasks = []
        for fs_path, path, fmt in walked.files:
            known_sha, text_ref, text_sha256 = _known(store, path)
            tasks.append(_Task(fs_path, path, fmt, known_sha, texts_root, text_ref, text_sha256))
        last_flush = time.monotonic()
        pages = _PageProgress(len(tasks), progress)
        # Closed as soon as anything stops the import, so the readers end before the flush.
        results = readers.enter_context(
            closing(_run(tasks, workers, pages.page if progress else None))
        )
        for result in results:
            pages.file_done(result)
            seen.add(result.path)
            if result.kind == "failed":
                failed.append(Failure(result.path, result.reason))
                continue
            if result.kind == "unchanged":
                counts["unchanged"] += 1
                continue
            outcome, letter_id = _place(store, writer, result, duplicates)
            counts["recovered" if result.recovered and outcome == "updated" else outcome] += 1
            if letter_id:
                warnings.extend(Failure(result.path, w) for w in result.record.get("warnings", ()))
                notices.extend(Failure(result.path, notice) for notice in result.notices)
            if writer.pending >= BATCH_RECORDS or time.monotonic() - last_flush > BATCH_SECONDS:
                writer.flush()
                if on_batch:
                    on_batch(writer)
                last_flush = time.monotonic()
        counts["removed"] = _remove_vanished(store, writer, walked.roots, seen)
        writer.flush()
        rederive_areas(store, writer)
        writer.flush()
        if on_batch:
            on_batch(writer)
        lost, lost_unknown = _not_recovered(store, recovery)
        if finish:
            finish()

    return ImportSummary(
        imported=counts["imported"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        duplicates=counts["duplicate"],
        skipped=sum(walked.skipped.values()),
        moved=counts["moved"],
        removed=counts["removed"],
        failed=tuple(failed),
        duplicate_files=tuple(duplicates),
        warnings=tuple(warnings),
        skipped_kinds=tuple(sorted(walked.skipped.items())),
        recovered=counts["recovered"],
        records_damage=recovery.reason if recovery else "",
        not_recovered=lost,
        not_recovered_unknown=lost_unknown,
        notices=tuple(notices),
    )


class _PageProgress:
    """Counts the import's work for its progress callback: a file is one unit, a scan one
    unit per page OCR'd, reported page by page while it is read."""

    def __init__(self, files: int, progress: ProgressCallback | None) -> None:
        self.progress = progress
        self.total = files
        self.files_done = 0
        self.pages: dict[str, tuple[int, int]] = {}  # scan -> (pages done, pages) as it is read
        self.pages_done = 0  # units of scans already read, beyond one each
        self.finished: set[str] = set()  # a reader process's last pages may arrive late

    def page(self, path: str, done: int, pages: int) -> None:
        if path in self.finished:
            return
        if path not in self.pages:
            if done > pages or pages < 1:
                return
            self.total += pages - 1
        elif pages != self.pages[path][1]:
            return
        self.pages[path] = (done, pages)
        self._report(path)

    def file_done(self, result: _Result) -> None:
        self.files_done += 1
        if result.ocr_units:
            self.finished.add(result.path)
        reading = self.pages.pop(result.path, None)
        if result.ocr_units:
            # The total counted the pages announced; settle it on the pages actually read.
            announced = reading[1] if reading else 1
            self.total += result.ocr_units - announced
            self.pages_done += result.ocr_units - 1
        self._report(result.path)

    def _report(self, path: str) -> None:
        if self.progress is None:
            return
        reading = sum(done for done, _pages in self.pages.values())
        self.progress(self.files_done + self.pages_done + reading, self.total, path)


def _not_recovered(store: Store, recovery: RecordsRecovery | None) -> tuple[tuple[str, ...], int]:
    """After rebuilding damaged records: the paths of the letters still missing, and how many
    more are missing whose paths nothing records (an emptied file names none)."""
    if recovery is None:
        return (), 0
    present = {letter.path for letter in store.letters()}
    lost = tuple(
        dict.fromkeys(
            line.path
            for line in recovery.damaged_lines
            if line.path is not None and line.path not in present
        )
    )
    expected = recovery.expected if recovery.expected is not None else 0
    return lost, max(0, expected - len(present) - len(lost))


@contextmanager
def _closing_packs() -> Iterator[None]:
    """This process's text packs are closed when the import ends, however it ends."""
    try:
        yield
    finally:
        close_writers()


def walk(paths: Iterable[Path], *, exclude: Path | None = None) -> _Walk:
    """Find letter files under ``paths``: follows symbolic links, never a loop."""
    walked = _Walk()
    visited: set[tuple[int, int]] = set()
    excluded = _real(exclude) if exclude else None
    for root in paths:
        shown = os.path.abspath(os.fspath(root))
        try:
            info = os.stat(shown)
        except OSError as error:
            walked.failed.append(Failure(_display(shown), _stat_reason(shown, error)))
            continue
        if stat.S_ISDIR(info.st_mode):
            walked.roots.append(_display(shown))
            _walk_dir(shown, info, walked, visited, excluded)
        else:
            _consider_file(shown, info, walked)
    walked.files.sort()
    return walked


def _walk_dir(
    top: str,
    info: os.stat_result,
    walked: _Walk,
    visited: set[tuple[int, int]],
    excluded: str | None,
) -> None:
    """Walk a folder tree depth first with a stack of its own: no depth is too deep for it."""
    # Each folder carries the identities of the folders above it, so a link back to one of
    # them is known for a loop (a second link to a folder walked elsewhere is not).
    stack: list[tuple[str, os.stat_result, tuple[tuple[int, int], ...]]] = [(top, info, ())]
    while stack:
        directory, dir_info, ancestors = stack.pop()
        key = (dir_info.st_dev, dir_info.st_ino)
        if key in visited:
            if key in ancestors:
                walked.notices.append(
                    Failure(_display(directory), "folder skipped: a symbolic link loop")
                )
            continue
        visited.add(key)
        if excluded and _real(directory) == excluded:
            continue
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            walked.failed.append(Failure(_display(directory), _stat_reason(directory, error)))
            continue
        below = (*ancestors, key)
        folders: list[tuple[str, os.stat_result, tuple[tuple[int, int], ...]]] = []
        for entry in entries:
            if entry.name.startswith("."):
                if not entry.is_dir(follow_symlinks=False):
                    walked.skipped["hidden"] += 1
                continue
            try:
                target = os.stat(entry.path)
            except OSError as error:
                walked.failed.append(Failure(_display(entry.path), _stat_reason(entry.path, error)))
                continue
            if stat.S_ISDIR(target.st_mode):
                folders.append((entry.path, target, below))
            else:
                _consider_file(entry.path, target, walked)
        stack.extend(reversed(folders))


def _consider_file(path: str, info: os.stat_result, walked: _Walk) -> None:
    fmt = format_for(path)
    if fmt is None:
        walked.skipped[Path(path).suffix.lower() or "(no extension)"] += 1
        return
    if not stat.S_ISREG(info.st_mode):
        walked.failed.append(Failure(_display(path), "not a regular file"))
        return
    walked.files.append((path, _display(path), fmt))


def _stat_reason(path: str, error: OSError) -> str:
    import errno

    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"broken symbolic link (its target {os.readlink(path)!r} does not exist)"
        return "not found"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENAMETOOLONG:
        return f"path too long for the file system ({len(os.fsencode(path))} bytes)"
    return error.strerror or str(error)


def _known(store: Store, path: str) -> tuple[str | None, str, str]:
    """The stored hash of the file at ``path`` with its text's reference and hash (the reader
    checks that text before calling the file unchanged); nothing if the file is new."""
    letter_id = store.id_for_path(path)
    if letter_id is None:
        return None, "", ""
    letter = store.get(letter_id)
    if letter is None:
        return None, "", ""
    return letter.sha256, letter.text_ref, letter.text_sha256


def _run(
    tasks: list[_Task], workers: int | None, on_page: PageCallback | None = None
) -> Generator[_Result, None, None]:
    """Results in task order; reading runs in worker processes when there is enough to do.

    A file that kills its reader process (a pathological PDF can exhaust memory or the
    stack) is retried alone, then reported as failed; the import goes on with a new pool.
    ``on_page`` hears of each page OCR'd, from whichever process read it.
    """
    global _page_sink
    workers = workers if workers is not None else (os.cpu_count() or 1)
    # A scan takes seconds to OCR: two of them already repay starting reader processes.
    scans = sum(task.fmt in SCAN_FORMATS for task in tasks)
    if workers <= 1 or (len(tasks) < POOL_THRESHOLD and scans < 2):
        previous, _page_sink = _page_sink, on_page
        try:
            yield from map(process_file, tasks)
        finally:
            _page_sink = previous
        return
    pages = multiprocessing.get_context("spawn").Queue() if on_page else None
    batches = deque(_batches(tasks))
    while batches:
        with _pool(workers, pages) as pool:
            in_flight: deque[tuple[list[_Task], concurrent.futures.Future[list[_Result]]]] = deque()
            try:
                while batches or in_flight:
                    while batches and len(in_flight) < workers * IN_FLIGHT:
                        batch = batches.popleft()
                        in_flight.append((batch, pool.submit(process_files, batch)))
                    batch, future = in_flight[0]
                    results = result_of(pool, future, _drainer(pages, on_page))
                    in_flight.popleft()
                    yield from results
            except BrokenProcessPool:
                yield from _one_at_a_time([task for batch, _future in in_flight for task in batch])
                continue
        break


def _batches(tasks: list[_Task]) -> Iterator[list[_Task]]:
    """Tasks in order, ``BATCH_FILES`` to a batch, but each scan in a batch of its own (it
    takes seconds: the other readers must not wait behind a batch of them)."""
    batch: list[_Task] = []
    for task in tasks:
        if task.fmt in SCAN_FORMATS:
            if batch:
                yield batch
                batch = []
            yield [task]
            continue
        batch.append(task)
        if len(batch) == BATCH_FILES:
            yield batch
            batch = []
    if batch:
        yield batch


def _drainer(pages: Any, on_page: PageCallback | None) -> Callable[[], None] | None:
    """What passes the pages the readers OCR on to ``on_page`` while the import waits."""
    if pages is None or on_page is None:
        return None
    return lambda: _drain(pages, on_page)


def _drain(pages: Any, on_page: PageCallback) -> None:
    import queue

    while True:
        try:
            path, done, total = pages.get_nowait()
        except (queue.Empty, OSError, ValueError):
            return
        on_page(path, done, total)


def _one_at_a_time(tasks: list[_Task]) -> Generator[_Result, None, None]:
    """Read files one at a time in a reader of their own: a file that kills it has failed.

    One reader serves file after file until one kills it, so a broken pool costs a new
    process per culprit, not per file (starting a process takes a good part of a second).
    """
    pending = deque(tasks)
    while pending:
        with _pool(1) as pool:
            try:
                while pending:
                    result = result_of(pool, pool.submit(process_file, pending[0]))
                    pending.popleft()
                    yield result
            except BrokenProcessPool:
                culprit = pending.popleft()
                yield _Result(
                    culprit.path,
                    "failed",
                    reason="reading this file crashed the reader (damaged file?)",
                )


def _pool(workers: int, pages: Any = None) -> AbstractContextManager[ProcessPoolExecutor]:
    """Reader processes that end with this one, however it ends.

    They are started with ``spawn``, so they are this process's own children (a forkserver
    and its children outlive a killed parent); each dies with its parent (see
    ``_reader_started``), and an import that stops early kills them at once instead of
    waiting for the files already queued (see ``archive.readerpool``).
    """
    return reader_pool(workers, _reader_started, (os.getpid(), pages))


#: ``prctl`` option (linux/prctl.h): the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1
#: How often a reader process checks that the import that started it is still there.
_PARENT_CHECK_SECONDS = 0.5


def _reader_started(parent: int, pages: Any = None) -> None:
    """Runs first in each reader process: tie its life to the import's, and send the pages
    it OCRs to the import (``pages``, a queue) for its progress."""
    global _page_sink
    if pages is not None:

        def send(path: str, done: int, total: int) -> None:
            with suppress(Exception):  # progress is never worth a letter
                pages.put_nowait((path, done, total))

        _page_sink = send
    # The import decides what Ctrl-C means (stop, keep what was read); a reader just waits
    # to be told. A terminal sends SIGINT to the whole process group.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The "parent" of PDEATHSIG is the thread that started this process: the one running the
    # import (in the app, a worker thread), which outlives its pool.
    if sys.platform == "linux":
        with suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)  # the import was gone before the line above took effect
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Where ``prctl`` does not exist (or its signal is lost): end when the parent has gone."""
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(1)


def process_files(tasks: list[_Task]) -> list[_Result]:
    """A batch of files (one round trip to a worker process); their texts reach the OS
    before their records leave (records are written after their texts are made durable)."""
    results = [_process_guarded(task) for task in tasks]
    flush_writers()
    return results


def process_file(task: _Task) -> _Result:
    """Read, hash and extract one file (runs in a worker process); never raises."""
    result = _process_guarded(task)
    flush_writers()
    return result


def _process_guarded(task: _Task) -> _Result:
    try:
        return _process(task)
    except Exception as error:  # noqa: BLE001 - one bad file must never stop an import
        return _Result(task.path, "failed", reason=f"unexpected error: {error!s}"[:300])


def _process(task: _Task) -> _Result:
    try:
        with open(task.fs_path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return _Result(
                    task.path,
                    "failed",
                    reason=f"too large ({size / 1e6:.1f} MB; letters are at most "
                    f"{MAX_FILE_BYTES // (1024 * 1024)} MB)",
                )
            # Asking for the size the file has (not the largest allowed) spares allocating
            # and releasing 64 MB for every file; one more read notices a file still growing.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as error:
        return _Result(task.path, "failed", reason=_stat_reason(task.fs_path, error))
    sha = hashlib.sha256(data).hexdigest()
    recovered = False
    if sha == task.known_sha:
        try:
            # Old records have no text hash: their text is only checked for being there.
            read_once(Path(task.texts_root), task.text_ref, task.text_sha256)
            return _Result(task.path, "unchanged", sha256=sha)
        except TextUnreadable:
            recovered = True
    ocr_units = [0]

    def page_read(done: int, pages: int) -> None:
        ocr_units[0] = pages
        if _page_sink is not None:
            _page_sink(task.path, done, pages)

    try:
        with scan.page_progress(page_read):
            document = read_bytes(data, task.fmt)
    except ReadError as error:
        return _Result(task.path, "failed", sha256=sha, reason=str(error), ocr_units=ocr_units[0])
    warnings = list(document.warnings)
    try:
        from archive.extract import extract

        metadata = extract(document.text, headers=document.headers)
    except Exception as error:  # noqa: BLE001 - keep the evidence even if extraction breaks
        metadata = Metadata()
        warnings.append(f"metadata could not be read ({type(error).__name__}: {error})")
    warnings.extend(metadata.warnings)
    text_ref = writer_for(task.texts_root).append(document.text, flush=False)
    text_sha256 = digest(document.text.encode("utf-8"))
    letter = Letter(
        id="",
        path=task.path,
        sha256=sha,
        format=document.format,
        size=len(data),
        imported_at="",
        metadata=metadata,
        encoding=document.encoding,
        pages=document.pages,
        headers=document.headers,
        warnings=tuple(warnings),
        text_chars=len(document.text),
        text_ref=text_ref,
        text_sha256=text_sha256,
        ocr_engine=document.ocr_engine,
        ocr_confidence=document.ocr_confidence,
        ocr_pages=document.ocr_pages,
    )
    return _Result(
        task.path,
        "read",
        sha256=sha,
        record=letter.to_record(),
        recovered=recovered,
        notices=list(document.warnings),
        ocr_units=ocr_units[0],
    )


def _place(
    store: Store,
    writer: StoreWriter,
    result: _Result,
    duplicates: list[tuple[str, str]],
) -> tuple[str, str | None]:
    """Decide what a freshly read file is (new, updated, moved, duplicate) and store it."""
    record = result.record
    record["path"] = result.path
    record["imported_at"] = _clock.now()
    same_path = store.id_for_path(result.path)
    if same_path is not None:
        record["id"] = same_path
        writer.put(record)
        return "updated", same_path
    same_content = store.id_for_sha(result.sha256)
    if same_content is not None:
        # The original may have been read earlier in this same run, so not be stored yet.
        pending = writer.pending_record(same_content)
        stored = store.get(same_content)
        original_path = pending["path"] if pending else stored.path if stored else None
        if original_path is not None and os.path.exists(original_path):
            duplicates.append((result.path, original_path))
            return "duplicate", None
        record["id"] = same_content
        writer.put(record)
        return "moved", same_content
    letter_id = (
        store.claim_annotated_id(result.sha256, result.path)
        or _damaged_record_id(store, result.path)
        or _new_id(store, writer, result.sha256)
    )
    record["id"] = letter_id
    writer.put(record)
    return "imported", letter_id


class _Clock:
    """``now_iso()`` worked out once a second: every letter placed asks for the time."""

    def __init__(self) -> None:
        self._second = -1
        self._text = ""

    def now(self) -> str:
        second = int(time.time())
        if second != self._second:
            self._second, self._text = second, now_iso()
        return self._text


_clock = _Clock()


def rederive_areas(store: Store, writer: StoreWriter) -> int:
    """Derive every letter's ``area`` again (after an import or a new members file)."""
    members = MemberDirectory.for_records(store.members(), store.iter_records())
    changed = 0
    # The extracted records: a researcher's corrections must never be written into them.
    for record in store.iter_extracted_records():
        metadata = dict(record.get("metadata") or {})
        before = metadata.get("area")
        members.apply(metadata)
        if metadata.get("area") != before:
            writer.put({**record, "metadata": metadata})
            changed += 1
            if writer.pending >= BATCH_RECORDS:
                writer.flush()
    return changed


def _damaged_record_id(store: Store, path: str) -> str | None:
    """The id a damaged record of this file had, so that the letter keeps it when rebuilt."""
    if store.recovery is None:
        return None
    for line in store.recovery.damaged_lines:
        if line.path == path and line.letter_id and store.get(line.letter_id) is None:
            return line.letter_id
    return None


def _new_id(store: Store, writer: StoreWriter, sha256: str) -> str:
    """A short id from the content hash: stable if the archive is ever rebuilt from scratch.

    Free means no stored letter, no letter placed earlier in this run and no annotation has
    it (the stored record as it is: building the letter with its corrections cost more than
    the rest of placing it).
    """
    for width in range(12, 65, 4):
        candidate = sha256[:width]
        if (
            store.extracted_record(candidate) is None
            and writer.pending_record(candidate) is None
            and not store.annotation(candidate).updated_at
        ):
            return candidate
    raise RuntimeError("no free id")  # pragma: no cover - a full sha256 collision


def _remove_vanished(store: Store, writer: StoreWriter, roots: list[str], seen: set[str]) -> int:
    """Drop records of files deleted from the imported folders (their annotations stay)."""
    if not roots:
        return 0
    prefixes = tuple(root.rstrip(os.sep) + os.sep for root in roots)
    removed = 0
    # The records as stored (a path and an id is all this needs: building each letter would
    # cost more than the rest of this pass at 100k letters).
    for record in store.iter_extracted_records():
        path, letter_id = record["path"], record["id"]
        if path in seen or not path.startswith(prefixes):
            continue
        if writer.pending_record(letter_id) is not None:
            continue  # moved: this run stored it again under its new path
        if not os.path.lexists(path):
            writer.remove(letter_id)
            removed += 1
    return removed


def _display(path: str) -> str:
    """A path as text that JSON and terminals accept (undecodable bytes shown as escapes)."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def _real(path: Path | str) -> str:
    return os.path.realpath(path)
