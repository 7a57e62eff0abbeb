"""The archive folder: its file layout, its manifest and the open TinyDB handles.

The manifest holds the format, the letter count and the sources; every part of the store
reads through these handles, reloaded when another process replaced a file.

The store's other parts build on this: ``annotation_tables.AnnotationTables`` (the
researcher's annotations), ``store.Store`` (reading letters) and ``store_writer.StoreWriter``
(writing them). ``storage`` owns the file format and atomic writes; ``texts`` the packs.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import orjson
from tinydb import TinyDB

from archive.annotations_file import AnnotationsDamaged, AnnotationsStorage
from archive.errors import ArchiveError, ArchiveMissing
from archive.members import MemberDirectory
from archive.storage import (
    REPAIR_HINT,
    AtomicJSONStorage,
    DamagedLine,
    LazyRecords,
    RecordsDamaged,
    clear_caches,
    db_over,
    open_db,
    open_records,
    replace_file,
)
from archive.texts import PackReader

FORMAT_VERSION = 1
MANIFEST = "dispatchbox.json"
LETTERS_FILE = "letters.jsonl"
ANNOTATIONS_FILE = "annotations.json"
MEMBERS_FILE = "members.json"
TEXTS_DIR = "texts"
WRITER_LOCK = ".writer.lock"
ANNOTATIONS_LOCK = ".annotations.lock"

LETTERS_TABLE = "letters"
ANNOTATIONS_TABLE = "annotations"
SAVED_SEARCHES_TABLE = "saved_searches"
LINKS_TABLE = "links"
#: A researcher's corrected metadata fields, by letter id (they outrank the extractor).
CORRECTIONS_TABLE = "corrections"
#: A researcher's verdict on "this reply answers that letter".
LINK_VERDICTS = ("confirmed", "rejected", "manual")
#: A researcher's word on a reply: "holding" (a full answer is to follow) or "full".
REPLY_MARKS_TABLE = "reply_marks"
REPLY_MARKS = ("holding", "full")
NOTE_HISTORY_KEPT = 20

#: Modes of what an archive creates: readable by its owner only.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class RecordsRecovery:
    """What a writer found when it opened a damaged records file to rebuild it."""

    #: Letters the manifest says the archive held (None: an archive from before the count).
    expected: int | None
    #: Records still intact.
    intact: int
    damaged_lines: tuple[DamagedLine, ...]
    reason: str


class ArchiveFolder:
    """The open files of one archive folder, behind one lock (TinyDB is not thread-safe)."""

    def __init__(self, root: Path, *, create: bool = False) -> None:
        self.root = root
        manifest = root / MANIFEST
        if not manifest.exists():
            if not create:
                raise ArchiveMissing(
                    f"no archive at {root}: import letters first "
                    f"(dispatchbox import FOLDER --archive {root})"
                )
            if root.exists() and not root.is_dir():
                raise ArchiveError(f"{root} is a file, not an archive folder")
            # Letters and notes are private: the archive is its owner's alone (0700, 0600).
            root.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
            os.chmod(root, PRIVATE_FOLDER)
            manifest_fd = os.open(manifest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
            with os.fdopen(manifest_fd, "w", encoding="utf-8") as handle:
                handle.write(
                    orjson.dumps(
                        {"format": FORMAT_VERSION, "created": now_iso(), "letters": 0}
                    ).decode()
                    + "\n"
                )
        self._check_manifest(manifest)
        self._lock = threading.RLock()
        self._letters_db, self._letters = open_records(root / LETTERS_FILE, LETTERS_TABLE)
        self._notes = AnnotationsStorage(root / ANNOTATIONS_FILE, root / ANNOTATIONS_LOCK)
        self._notes_db = db_over(self._notes)
        #: Why the annotations file is damaged beyond its backups (reading them raises).
        self.annotations_damage: str | None = None
        try:
            # Damage is found (and mended from a backup) now, not at the first tag.
            self._notes.read()
        except AnnotationsDamaged as error:
            self.annotations_damage = str(error)
        self._members_db, self._members = open_db(root / MEMBERS_FILE)
        self._packs = PackReader(root / TEXTS_DIR)
        self._by_path: dict[str, str] | None = None
        self._by_sha: dict[str, str] | None = None
        self._by_ref: dict[str, list[str]] | None = None
        self._directory: MemberDirectory | None = None
        self._by_ref_for = ""
        #: Set while a writer rebuilds a damaged records file (the count is not checked then).
        self.recovery: RecordsRecovery | None = None

    # -- the manifest ----------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        """The archive's manifest (format, letter count, imported folders)."""
        manifest = self.root / MANIFEST
        try:
            info = orjson.loads(manifest.read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise ArchiveError(f"{manifest}: unreadable archive manifest ({error})") from error
        if not isinstance(info, dict):
            raise ArchiveError(f"{manifest}: unreadable archive manifest (not an object)")
        return info

    def expected_count(self) -> int | None:
        """How many letters the records file should hold (None: an archive without a count)."""
        counts = _allowed_counts(self.manifest())
        return None if counts is None else max(counts)

    def sources(self) -> list[str]:
        """The files and folders imported into this archive (absolute paths)."""
        return [str(p) for p in self.manifest().get("sources", []) if isinstance(p, str)]

    def add_sources(self, paths: Iterable[str]) -> None:
        """Remember imported files and folders (the caller holds the writer lock)."""
        info = self.manifest()
        known = [str(p) for p in info.get("sources", [])]
        added = [p for p in paths if p not in known]
        if added:
            self._write_manifest({**info, "sources": known + added})

    def _write_manifest(self, info: Mapping[str, Any]) -> None:
        replace_file(self.root / MANIFEST, orjson.dumps(info) + b"\n")

    def _check_count(self, actual: int, *allowed: set[int] | None) -> None:
        """Raise ``RecordsDamaged`` when the records file holds a count the manifest denies."""
        if self.recovery is not None or any(counts is None for counts in allowed):
            return
        if any(actual in counts for counts in allowed if counts is not None):
            return
        expected = max(max(counts) for counts in allowed if counts is not None)
        path = self.root / LETTERS_FILE
        state = (
            "is missing"
            if not path.exists()
            else "is empty"
            if actual == 0
            else f"holds {actual} letters"
        )
        raise RecordsDamaged(
            f"{path}: damaged: the archive holds {expected} letters but its records file "
            f"{state}; " + REPAIR_HINT
        )

    # -- internals -------------------------------------------------------------------------

    def _check_manifest(self, manifest: Path) -> None:
        try:
            info = orjson.loads(manifest.read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise ArchiveError(f"{manifest}: unreadable archive manifest ({error})") from error
        version = info.get("format") if isinstance(info, dict) else None
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ArchiveError(
                f"{manifest}: archive format {version!r} is newer than this Dispatch Box "
                f"understands ({FORMAT_VERSION}); upgrade Dispatch Box"
            )

    def _letter_rows(self) -> LazyRecords:
        storage = self._letters
        if storage.loaded and (storage.dirty or not storage.changed_on_disk()):
            return storage.records
        # The count before and after reading the records: a writer may commit in between.
        before = _allowed_counts(self.manifest())
        if self._refresh(storage, self._letters_db):
            self._by_path = self._by_sha = self._by_ref = None
        rows = storage.records
        if before is not None and len(rows) not in before:
            self._check_count(len(rows), before, _allowed_counts(self.manifest()))
        return rows

    def _annotation_rows(self) -> dict[str, dict[str, Any]]:
        self._refresh(self._notes, self._notes_db)
        data = self._notes.read() or {}
        return data.setdefault(ANNOTATIONS_TABLE, {})

    @staticmethod
    def _refresh(storage: AtomicJSONStorage, db: TinyDB) -> bool:
        """Reload a file another process replaced (unless this process has unsaved writes)."""
        if storage.dirty or not storage.changed_on_disk():
            return False
        storage.reload()
        clear_caches(db)
        return True

    def _path_map(self) -> dict[str, str]:
        if self._by_path is None:
            self._by_path = {row["path"]: row["id"] for row in self._letter_rows().stream()}
        return self._by_path

    def _sha_map(self) -> dict[str, str]:
        if self._by_sha is None:
            self._by_sha = {row["sha256"]: row["id"] for row in self._letter_rows().stream()}
        return self._by_sha

    def _has_letter(self, letter_id: str) -> bool:
        with self._lock:
            return letter_id in self._letter_rows()


def _allowed_counts(info: Mapping[str, Any]) -> set[int] | None:
    """The letter counts the manifest allows (two while a writer replaces the records)."""
    counts = {info.get("letters"), info.get("pending")} - {None}
    if info.get("letters") is None or not all(isinstance(n, int) for n in counts):
        return None
    return cast(set[int], counts)
