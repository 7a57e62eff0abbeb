"""The store's own health: its records file, its stored texts and its unreferenced packs.

``check`` finds damage without changing anything; ``repair`` mends what the source files
still allow (re-importing them) and removes what nothing refers to. Both return plain
results for the CLI and the app to print. The index has a doctor of its own
(``index.writer.doctor``); it must only run once the records are sound, so that it never
deletes index entries on the word of a damaged records file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archive.locking import LockedError, ProcessLock
from archive.models import ImportSummary
from archive.storage import RecordLinesStorage, RecordsDamaged
from archive.store import (
    LETTERS_FILE,
    LETTERS_TABLE,
    MANIFEST,
    MEMBERS_FILE,
    TEXTS_DIR,
    WRITER_LOCK,
    Store,
    TextMissing,
)
from archive.texts import SUFFIX as PACK_SUFFIX
from archive.texts import TextUnreadable, parse_reference

#: Temporary files the store's writers leave behind when killed mid-write (each written
#: under the writer lock). The annotations' own temporary files belong to their lock.
_STALE_PREFIXES = tuple(f".{name}." for name in (LETTERS_FILE, MANIFEST, MEMBERS_FILE))

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class DamagedText:
    letter_id: str
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class IntegrityReport:
    """What ``check`` found; empty tuples and "" mean sound."""

    #: Why the records file is damaged ("" when it is sound); texts and packs are then
    #: not checked, since the records that name them cannot be trusted.
    records_damage: str = ""
    damaged_texts: tuple[DamagedText, ...] = ()
    #: Texts of old records that carry no content hash (only checked for being there).
    unhashed_texts: int = 0
    unreferenced_packs: tuple[Path, ...] = ()
    unreferenced_bytes: int = 0
    stale_files: tuple[Path, ...] = ()
    #: False when an import was running, so packs it is writing could not be told apart.
    packs_checked: bool = True

    @property
    def healthy(self) -> bool:
        return not (
            self.records_damage or self.damaged_texts or self.unreferenced_packs or self.stale_files
        )


@dataclass(frozen=True, slots=True)
class IntegrityRepair:
    """What ``repair`` did."""

    #: The re-import that rebuilt a damaged records file (None if it was sound).
    records: ImportSummary | None = None
    texts_recovered: int = 0
    #: Letters whose damaged text could not be read again, by path (their file is gone).
    texts_not_recovered: tuple[str, ...] = ()
    packs_removed: int = 0
    bytes_freed: int = 0
    stale_removed: int = 0
    #: Set when the records could not be rebuilt at all (nothing to import from).
    records_problem: str = ""


def check(store: Store) -> IntegrityReport:
    """Read every record and every stored text (checked against its hash); list packs and
    temporary files that nothing refers to."""
    damaged: list[DamagedText] = []
    unhashed = 0
    referenced: set[str] = set()
    try:
        for row in store.iter_extracted_records():
            letter_id, text_ref = str(row["id"]), str(row.get("text_ref") or "")
            try:
                referenced.add(parse_reference(text_ref)[0])
            except TextUnreadable:
                pass
            if not row.get("text_sha256"):
                unhashed += 1
            try:
                store.text(letter_id)
            except TextMissing as error:
                damaged.append(DamagedText(letter_id, str(row.get("path", "")), str(error)))
    except RecordsDamaged as error:
        return IntegrityReport(records_damage=str(error))
    try:
        with ProcessLock(store.root / WRITER_LOCK, "doctor"):
            packs, stale = _unreferenced(store)
    except LockedError:
        packs, stale, checked = [], [], False
    else:
        checked = True
    return IntegrityReport(
        damaged_texts=tuple(damaged),
        unhashed_texts=unhashed,
        unreferenced_packs=tuple(packs),
        unreferenced_bytes=sum(_size(p) for p in packs),
        stale_files=tuple(stale),
        packs_checked=checked,
    )


def repair(
    store: Store,
    report: IntegrityReport,
    *,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> IntegrityRepair:
    """Mend what ``check`` found: rebuild damaged records and texts from the files they
    were imported from (those still there), then remove unreferenced packs.

    Takes the archive's writer lock itself (raises ``LockedError`` if another writer holds it).
    """
    from archive.importer import import_paths

    records: ImportSummary | None = None
    if report.records_damage:
        targets = _sources(store)
        if not targets:
            return IntegrityRepair(
                records_problem="no imported files or folders are left to rebuild the "
                "records from: import the letters' folders again"
            )
        records = import_paths(store, targets, progress=progress, workers=workers)
        report = check(store)
        if report.records_damage:
            return IntegrityRepair(records=records, records_problem=report.records_damage)
    recovered, not_recovered = 0, []
    if report.damaged_texts:
        existing = [Path(t.path) for t in report.damaged_texts if os.path.isfile(t.path)]
        if existing:
            import_paths(store, existing, progress=progress, workers=workers)
        for text in report.damaged_texts:
            try:
                store.text(store.id_for_path(text.path) or text.letter_id)
                recovered += 1
            except TextMissing:
                not_recovered.append(text.path)
    removed = freed = stale_removed = 0
    with store.writer("doctor --repair"):
        packs, stale = _unreferenced(store)
        for pack in packs:
            size = _size(pack)
            if _unlink(pack):
                removed += 1
                freed += size
        stale_removed = sum(1 for path in stale if _unlink(path))
    return IntegrityRepair(
        records=records,
        texts_recovered=recovered,
        texts_not_recovered=tuple(not_recovered),
        packs_removed=removed,
        bytes_freed=freed,
        stale_removed=stale_removed,
    )


def _unreferenced(store: Store) -> tuple[list[Path], list[Path]]:
    """Packs no record refers to, and the writers' stale temporary files (the caller holds
    the writer lock: an import in progress writes packs its records do not name yet)."""
    referenced: set[str] = set()
    for row in store.iter_extracted_records():
        try:
            referenced.add(parse_reference(str(row.get("text_ref") or ""))[0])
        except TextUnreadable:
            continue
    folder = store.root / TEXTS_DIR
    packs = sorted(
        path
        for path in (folder.glob(f"*{PACK_SUFFIX}") if folder.is_dir() else ())
        if path.name.removesuffix(PACK_SUFFIX) not in referenced
    )
    stale = sorted(
        path
        for path in store.root.iterdir()
        if path.name.startswith(_STALE_PREFIXES) and path.is_file()
    )
    return packs, stale


def _sources(store: Store) -> list[Path]:
    """What to import to rebuild the records: the imported folders and files that are still
    there, and the files the records (intact or damaged lines) name outside them."""
    sources = [Path(p) for p in store.sources() if os.path.exists(p)]
    prefixes = tuple(str(p).rstrip(os.sep) + os.sep for p in sources)
    named = RecordLinesStorage(store.root / LETTERS_FILE, LETTERS_TABLE)
    named.tolerant = True
    paths = [str(row.get("path", "")) for row in named.records.stream()]
    paths += [line.path for line in named.damaged if line.path]
    for path in dict.fromkeys(paths):
        if path and not path.startswith(prefixes) and os.path.isfile(path):
            sources.append(Path(path))
    return sources


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
